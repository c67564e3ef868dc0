// JSON API under /api/v1: articles (cursor pagination, filters), one
// article, stories, sources, topics, search. Same republishing rules as the
// pages: excerpt-only articles carry no full text. Image URLs go through the
// image proxy when it is on.
#include <nlohmann/json.hpp>

#include <cstdlib>

#include "common/strings.h"
#include "web/handlers/handlers.h"

namespace herald::web {
namespace {

using nlohmann::json;

httpd::Response Json(int status, const json& body) {
  return {status, "application/json; charset=utf-8", {{"Access-Control-Allow-Origin", "*"}},
          HtmlSafeJson(body.dump(-1, ' ', false, json::error_handler_t::replace)) + "\n"};
}

httpd::Response JsonError(int status, const std::string& message) { return Json(status, {{"error", message}}); }

json Time(const std::optional<Timestamp>& t) { return t ? json(FormatIso8601(*t)) : json(nullptr); }

json StoryId(int64_t id) { return id > 0 ? json(id) : json(nullptr); }

// Answers to one request: images are named on the base the client used.
struct Api {
  const HandlerContext& ctx;
  std::string base;

  std::string Image(const std::string& url) const { return PublicImageUrl(ctx, base, url); }
};

json SummaryJson(const Api& api, const store::ArticleSummary& a) {
  json j = {{"id", a.id},
            {"url", "/article/" + std::to_string(a.id)},
            {"original_url", a.url},
            {"title", a.title},
            {"source", {{"id", a.source_id}, {"name", a.source_name}}},
            {"published", Time(a.published)},
            {"excerpt", a.excerpt},
            {"lead_image_url", api.Image(a.lead_image_url)},
            {"language", a.language},
            {"paywalled", a.paywalled},
            {"story_id", StoryId(a.story_id)}};
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

httpd::Response ListArticles(const Api& api, const httpd::Request& r) {
  const HandlerContext& ctx = api.ctx;
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
  for (const auto& a : *rows) list.push_back(SummaryJson(api, a));
  json next = more ? json(std::to_string(rows->back().sort_utc) + "_" + std::to_string(rows->back().id)) : json(nullptr);
  return Json(200, {{"articles", list}, {"next_cursor", next}});
}

// The other publishers of the same text (Store::CopiesOf).
json AlsoPublishedBy(const HandlerContext& ctx, int64_t id) {
  json out = json::array();
  auto copies = ctx.store.CopiesOf(id);
  if (!copies.ok()) return out;
  for (const auto& c : *copies)
    out.push_back({{"id", c.id},
                   {"url", "/article/" + std::to_string(c.id)},
                   {"original_url", c.url},
                   {"source", {{"id", c.source_id}, {"name", c.source_name}}}});
  return out;
}

httpd::Response OneArticle(const Api& api, int64_t id) {
  const HandlerContext& ctx = api.ctx;
  auto found = ctx.store.GetArticle(id);
  if (!found.ok()) return JsonError(500, "the article could not be loaded; try again shortly");
  if (!found->has_value() || !(*found)->shown()) return JsonError(404, "no article " + std::to_string(id));
  const store::Article& a = **found;
  auto source = ctx.store.GetSource(a.source_id);
  bool excerpt_only = a.paywalled || (source.ok() && *source && (*source)->display == "excerpt");
  std::string image = api.Image(a.lead_image_url);
  json j = {{"id", a.id},
            {"url", "/article/" + std::to_string(a.id)},
            {"original_url", a.url},
            {"title", a.title},
            {"byline", a.byline},
            {"source", {{"id", a.source_id}, {"name", source.ok() && *source ? (*source)->name : a.site_name}}},
            {"published", Time(a.published)},
            {"modified", Time(a.modified)},
            {"lead_image", image.empty() ? json(nullptr)
                                         : json{{"url", image}, {"caption", a.lead_image_caption},
                                                {"credit", a.lead_image_credit}}},
            {"excerpt", a.excerpt},
            {"language", a.language},
            {"paywalled", a.paywalled},
            {"word_count", a.word_count},
            {"full_text", !excerpt_only},
            {"story_id", StoryId(a.story_id)},
            {"also_published_by", AlsoPublishedBy(ctx, a.id)}};
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

httpd::Response SearchApi(const Api& api, const httpd::Request& r) {
  const HandlerContext& ctx = api.ctx;
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
  for (const auto& a : *hits) out.push_back(SummaryJson(api, a));
  return Json(200, {{"results", out}});
}

json StorySummaryJson(const store::StorySummary& s) {
  return {{"id", s.id},
          {"url", "/stories/" + std::to_string(s.id)},
          {"headline", s.headline},
          {"headline_article_id", s.headline_article_id},
          {"first_published", Time(Timestamp{s.first_utc, 0, true})},
          {"last_published", Time(Timestamp{s.last_utc, 0, true})},
          {"articles", s.articles},
          {"sources", s.sources},
          {"languages", s.languages}};
}

// Stories, most recently updated first; cursor "LASTUTC_ID" like the articles'.
httpd::Response ListStories(const Api& api, const httpd::Request& r) {
  store::ArticleFilter cursor;
  if (std::string text = Param(r, "cursor"); !text.empty() && !ParseCursor(text, &cursor))
    return JsonError(400, "cursor is malformed; pass back the next_cursor of the previous page");
  int min_sources = 2;
  if (std::string text = Param(r, "min_sources"); !text.empty()) {
    min_sources = std::atoi(text.c_str());
    if (min_sources < 1 || min_sources > 1000 || text.find_first_not_of("0123456789") != std::string::npos)
      return JsonError(400, "min_sources must be a whole number from 1 to 1000");
  }
  int limit = Limit(r);
  auto rows = api.ctx.store.LatestStories(min_sources, cursor.before_sort_utc, cursor.before_id, limit + 1);
  if (!rows.ok()) return JsonError(500, "the stories could not be loaded; try again shortly");
  bool more = static_cast<int>(rows->size()) > limit;
  if (more) rows->pop_back();
  json list = json::array();
  for (const auto& s : *rows) list.push_back(StorySummaryJson(s));
  json next = more ? json(std::to_string(rows->back().last_utc) + "_" + std::to_string(rows->back().id)) : json(nullptr);
  return Json(200, {{"stories", list}, {"next_cursor", next}});
}

// One story with its articles grouped by publisher; a story merged away
// answers 301 to its survivor.
httpd::Response OneStory(const Api& api, int64_t id) {
  StoryLookup found = LookUpStory(api.ctx.store, id);
  switch (found.kind) {
    case StoryLookup::kFailed:
      return JsonError(500, "the story could not be loaded; try again shortly");
    case StoryLookup::kMissing:
      return JsonError(404, "no story " + std::to_string(id));
    case StoryLookup::kMoved: {
      std::string to = "/api/v1/stories/" + std::to_string(found.survivor);
      httpd::Response moved = Json(301, {{"error", "story " + std::to_string(id) + " was merged; see " + to},
                                         {"moved_to", found.survivor}});
      moved.headers.push_back({"Location", to});
      return moved;
    }
    case StoryLookup::kFound:
      break;
  }
  json publishers = json::array();
  for (const PublisherCoverage& g : GroupByPublisher(found.articles)) {
    json articles = json::array();
    for (const auto& a : g.articles) articles.push_back(SummaryJson(api, a));
    publishers.push_back({{"source", {{"id", g.source_id}, {"name", g.name}}}, {"articles", articles}});
  }
  json j = StorySummaryJson(found.story);
  j["publishers"] = publishers;
  return Json(200, j);
}

// The id after `prefix` in `path`; 0 when the rest is not a positive decimal.
int64_t IdAfter(const std::string& path, const std::string& prefix) {
  if (path.rfind(prefix, 0) != 0) return 0;
  std::string rest = path.substr(prefix.size());
  if (rest.empty() || rest.size() > 18 || rest.find_first_not_of("0123456789") != std::string::npos) return 0;
  return std::strtoll(rest.c_str(), nullptr, 10);
}

}  // namespace

httpd::Response ApiResponse(const HandlerContext& ctx, const httpd::Request& request) {
  const std::string& path = request.path;
  Api api{ctx, BaseUrl(ctx, request)};
  if (path == "/api/v1/articles") return ListArticles(api, request);
  if (path == "/api/v1/stories") return ListStories(api, request);
  if (path == "/api/v1/sources") return Sources(ctx);
  if (path == "/api/v1/topics") return Topics(ctx);
  if (path == "/api/v1/search") return SearchApi(api, request);
  if (int64_t id = IdAfter(path, "/api/v1/articles/"); id > 0) return OneArticle(api, id);
  if (int64_t id = IdAfter(path, "/api/v1/stories/"); id > 0) return OneStory(api, id);
  return JsonError(404, "no such API endpoint; see docs/api.md");
}

}  // namespace herald::web
