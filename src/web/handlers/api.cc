// JSON API under /api/v1: articles (cursor pagination, filters), one
// article, sources, topics, search. Same republishing rules as the pages: excerpt-only
// articles carry no full text.
#include <nlohmann/json.hpp>

#include <cstdlib>

#include "common/strings.h"
#include "web/handlers/handlers.h"

namespace herald::web {
namespace {

using nlohmann::json;

httpd::Response Json(int status, const json& body) {
  return {status, "application/json; charset=utf-8", {{"Access-Control-Allow-Origin", "*"}},
          body.dump(-1, ' ', false, json::error_handler_t::replace) + "\n"};
}

httpd::Response JsonError(int status, const std::string& message) { return Json(status, {{"error", message}}); }

json Time(const std::optional<Timestamp>& t) { return t ? json(FormatIso8601(*t)) : json(nullptr); }

json SummaryJson(const store::ArticleSummary& a) {
  json j = {{"id", a.id},
            {"url", "/article/" + std::to_string(a.id)},
            {"original_url", a.url},
            {"title", a.title},
            {"source", {{"id", a.source_id}, {"name", a.source_name}}},
            {"published", Time(a.published)},
            {"excerpt", a.excerpt},
            {"lead_image_url", a.lead_image_url},
            {"language", a.language},
            {"paywalled", a.paywalled}};
  if (!a.snippet.empty()) j["snippet"] = a.snippet;
  return j;
}

std::string Param(const httpd::Request& r, const char* name) {
  auto it = r.query.find(name);
  return it == r.query.end() ? "" : std::string(Trim(it->second));
}

int Limit(const httpd::Request& r) {
  int n = std::atoi(Param(r, "limit").c_str());
  return n <= 0 ? 30 : std::min(n, 100);
}

// Cursor "SORT_ID" (both decimal); false when malformed.
bool ParseCursor(const std::string& text, store::ArticleFilter* filter) {
  size_t sep = text.find('_');
  if (sep == std::string::npos) return false;
  char* end = nullptr;
  filter->before_sort_utc = std::strtoll(text.c_str(), &end, 10);
  if (end != text.c_str() + sep) return false;
  filter->before_id = std::strtoll(text.c_str() + sep + 1, &end, 10);
  return *end == '\0' && filter->before_id > 0;
}

httpd::Response ListArticles(const HandlerContext& ctx, const httpd::Request& r) {
  store::ArticleFilter filter;
  filter.source_id = std::atoll(Param(r, "source").c_str());
  filter.language = Param(r, "lang");
  filter.topic = Param(r, "topic");
  if (std::string cursor = Param(r, "cursor"); !cursor.empty() && !ParseCursor(cursor, &filter))
    return JsonError(400, "cursor is malformed; pass back the next_cursor of the previous page");
  int limit = Limit(r);
  auto rows = ctx.store.ListArticles(filter, limit + 1);
  if (!rows.ok()) return JsonError(500, "the articles could not be loaded; try again shortly");
  bool more = static_cast<int>(rows->size()) > limit;
  if (more) rows->pop_back();
  json list = json::array();
  for (const auto& a : *rows) list.push_back(SummaryJson(a));
  json next = more ? json(std::to_string(rows->back().sort_utc) + "_" + std::to_string(rows->back().id)) : json(nullptr);
  return Json(200, {{"articles", list}, {"next_cursor", next}});
}

httpd::Response OneArticle(const HandlerContext& ctx, int64_t id) {
  auto found = ctx.store.GetArticle(id);
  if (!found.ok()) return JsonError(500, "the article could not be loaded; try again shortly");
  if (!found->has_value() || (*found)->hidden) return JsonError(404, "no article " + std::to_string(id));
  const store::Article& a = **found;
  auto source = ctx.store.GetSource(a.source_id);
  bool excerpt_only = a.paywalled || (source.ok() && *source && (*source)->display == "excerpt");
  json j = {{"id", a.id},
            {"url", "/article/" + std::to_string(a.id)},
            {"original_url", a.url},
            {"title", a.title},
            {"byline", a.byline},
            {"source", {{"id", a.source_id}, {"name", source.ok() && *source ? (*source)->name : a.site_name}}},
            {"published", Time(a.published)},
            {"modified", Time(a.modified)},
            {"lead_image", a.lead_image_url.empty() ? json(nullptr)
                                                    : json{{"url", a.lead_image_url},
                                                           {"caption", a.lead_image_caption},
                                                           {"credit", a.lead_image_credit}}},
            {"excerpt", a.excerpt},
            {"language", a.language},
            {"paywalled", a.paywalled},
            {"word_count", a.word_count},
            {"full_text", !excerpt_only}};
  if (auto topics = ctx.store.TopicsOfArticle(a.id); topics.ok()) j["topics"] = *topics;
  if (!excerpt_only) {
    j["text"] = a.text;
    j["html"] = a.html;
  }
  return Json(200, j);
}

httpd::Response Sources(const HandlerContext& ctx) {
  auto list = ctx.store.ListSources();
  if (!list.ok()) return JsonError(500, "the sources could not be loaded; try again shortly");
  json out = json::array();
  for (const auto& s : *list)
    out.push_back({{"id", s.id}, {"name", s.name}, {"feed_url", s.feed_url}, {"site_url", s.site_url},
                   {"display", s.display}, {"status", s.last_error.empty() ? "ok" : "error"}});
  return Json(200, {{"sources", out}});
}

// Every configured topic, in config order, with its visible article count.
httpd::Response Topics(const HandlerContext& ctx) {
  auto counts = ctx.store.TopicCounts();
  if (!counts.ok()) return JsonError(500, "the topics could not be loaded; try again shortly");
  json out = json::array();
  for (const TopicLink& topic : ctx.options.topics) {
    int64_t articles = 0;
    for (const store::TopicCount& c : *counts)
      if (c.topic == topic.name) articles = c.articles;
    out.push_back({{"name", topic.name}, {"title", topic.title}, {"url", "/topic/" + topic.name},
                   {"articles", articles}});
  }
  return Json(200, {{"topics", out}});
}

httpd::Response SearchApi(const HandlerContext& ctx, const httpd::Request& r) {
  store::SearchQuery q;
  q.text = Param(r, "q").substr(0, 200);
  q.source_id = std::atoll(Param(r, "source").c_str());
  q.language = Param(r, "lang");
  q.topic = Param(r, "topic");
  q.limit = Limit(r);
  q.offset = std::max(0, std::atoi(Param(r, "offset").c_str()));
  if (q.text.empty()) return JsonError(400, "q is required: the words to search for");
  auto hits = ctx.store.Search(q);
  if (!hits.ok()) return JsonError(500, "the search failed; try again shortly");
  json out = json::array();
  for (const auto& a : *hits) out.push_back(SummaryJson(a));
  return Json(200, {{"results", out}});
}

}  // namespace

httpd::Response ApiResponse(const HandlerContext& ctx, const httpd::Request& request) {
  const std::string& path = request.path;
  if (path == "/api/v1/articles") return ListArticles(ctx, request);
  if (path == "/api/v1/sources") return Sources(ctx);
  if (path == "/api/v1/topics") return Topics(ctx);
  if (path == "/api/v1/search") return SearchApi(ctx, request);
  static const std::string kArticle = "/api/v1/articles/";
  if (path.rfind(kArticle, 0) == 0) {
    std::string rest = path.substr(kArticle.size());
    if (!rest.empty() && rest.size() < 19 && rest.find_first_not_of("0123456789") == std::string::npos)
      return OneArticle(ctx, std::strtoll(rest.c_str(), nullptr, 10));
  }
  return JsonError(404, "no such API endpoint; see docs/api.md");
}

}  // namespace herald::web
