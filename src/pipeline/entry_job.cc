#include "pipeline/entry_job.h"

#include <nlohmann/json.hpp>

namespace herald::pipeline {
namespace {

using Json = nlohmann::json;

Json EncodeTime(const std::optional<Timestamp>& t) {
  if (!t) return nullptr;
  return Json{{"utc", t->utc_seconds}, {"offset", t->offset_minutes}, {"offset_known", t->offset_known}};
}

std::optional<Timestamp> DecodeTime(const Json& j) {
  if (!j.is_object()) return std::nullopt;
  return Timestamp{j.at("utc").get<int64_t>(), j.at("offset").get<int>(), j.at("offset_known").get<bool>()};
}

}  // namespace

std::string EncodeEntry(const feed::Entry& e) {
  Json j = {{"id", e.id},           {"link", e.link},
            {"title", e.title},     {"summary", e.summary},
            {"content", e.content}, {"authors", e.authors},
            {"categories", e.categories}, {"published", EncodeTime(e.published)},
            {"updated", EncodeTime(e.updated)}, {"image_url", e.image_url},
            {"language", e.language}};
  // Invalid UTF-8 cannot reach here (feed/ guarantees it), but a payload
  // must never fail to encode: replace rather than throw.
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<feed::Entry> DecodeEntry(const std::string& payload) {
  try {
    Json j = Json::parse(payload);
    feed::Entry e;
    e.id = j.at("id").get<std::string>();
    e.link = j.at("link").get<std::string>();
    e.title = j.at("title").get<std::string>();
    e.summary = j.at("summary").get<std::string>();
    e.content = j.at("content").get<std::string>();
    e.authors = j.at("authors").get<std::vector<std::string>>();
    e.categories = j.at("categories").get<std::vector<std::string>>();
    e.published = DecodeTime(j.at("published"));
    e.updated = DecodeTime(j.at("updated"));
    e.image_url = j.at("image_url").get<std::string>();
    e.language = j.at("language").get<std::string>();
    return e;
  } catch (const Json::exception& ex) {
    return MakeError(ErrorKind::kInvalidInput, std::string("unreadable article job: ") + ex.what());
  }
}

store::Job RefetchJob(const store::Article& article) {
  feed::Entry entry;
  entry.id = article.canonical_url;
  entry.link = article.url.empty() ? article.canonical_url : article.url;
  entry.title = article.title;
  entry.content = article.html;
  entry.authors = article.byline;
  entry.published = article.published;
  entry.updated = article.modified;
  entry.image_url = article.lead_image_url;
  entry.language = article.language;
  return store::Job{0, kArticleJob, article.source_id, article.canonical_url, EncodeEntry(entry), 0, ""};
}

}  // namespace herald::pipeline
