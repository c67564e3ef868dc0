// The list pages: home, one source, one topic, search results.
#include <date/date.h>

#include <set>
#include <sstream>

#include "common/segment.h"
#include "common/strings.h"
#include "web/handlers/handlers.h"

namespace herald::web {
namespace {

// A heading, teasers (pre-rendered) and newer/older links.
struct ListPage {
  std::string heading;
  bool heading_hidden = false;
  std::string teasers;
  bool has_articles = false;
  std::string empty_text;
  std::string base_href;  // "/?" or "/search?q=x&" : page links append page=N
  int page = 1;
  bool has_older = false;
  List topic_links;       // the topic list above the heading (home, topic pages)
  bool links_stories = false;  // the home page's "Top stories" link
};

std::string RenderList(const HandlerContext& ctx, const ListPage& list) {
  Object data = StringFields(ctx.strings);
  data["heading"] = list.heading;
  data["heading_hidden"] = list.heading_hidden;
  data["teasers"] = list.teasers;
  data["has_articles"] = list.has_articles;
  data["empty_text"] = list.empty_text;
  data["has_topics"] = !list.topic_links.empty();
  data["topics"] = list.topic_links;
  if (list.links_stories) data["stories_href"] = "/stories";
  if (list.page > 1) data["prev_href"] = list.base_href + "page=" + std::to_string(list.page - 1);
  if (list.has_older) data["next_href"] = list.base_href + "page=" + std::to_string(list.page + 1);
  return ctx.templates.home.Render(data);
}

// Fetches one page (+1 row to learn whether an older page exists).
template <typename Fetch>
Result<std::pair<std::vector<store::ArticleSummary>, bool>> FetchPage(int per_page, int page, Fetch fetch) {
  auto rows = fetch(per_page + 1, (page - 1) * per_page);
  if (!rows.ok()) return rows.error();
  bool has_older = static_cast<int>(rows->size()) > per_page;
  if (has_older) rows->pop_back();
  return std::make_pair(std::move(*rows), has_older);
}

std::string UrlEncode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// "2025-10-02" -> seconds at 00:00 UTC that day; 0 when malformed.
int64_t DayStart(const std::string& text) {
  std::istringstream in(text);
  date::sys_days day;
  in >> date::parse("%Y-%m-%d", day);
  if (in.fail()) return 0;
  return std::chrono::duration_cast<std::chrono::seconds>(day.time_since_epoch()).count();
}

// Links to every configured topic; `current` is marked.
List TopicLinks(const HandlerContext& ctx, const std::string& current = "") {
  List links;
  for (const TopicLink& topic : ctx.options.topics)
    links.push_back(Object{{"href", "/topic/" + topic.name}, {"title", topic.title}, {"current", topic.name == current}});
  return links;
}

constexpr int kMaxFeatured = 10;

// Page 1 opens with the featured articles, each then left out of the latest
// list below them so it appears once.
Result<std::vector<store::ArticleSummary>> FeaturedFirst(const HandlerContext& ctx,
                                                         std::vector<store::ArticleSummary> latest) {
  auto featured = ctx.store.FeaturedArticles(kMaxFeatured);
  if (!featured.ok()) return featured.error();
  std::vector<store::ArticleSummary> out = std::move(*featured);
  std::set<int64_t> shown;
  for (const auto& a : out) shown.insert(a.id);
  for (auto& a : latest)
    if (!shown.count(a.id)) out.push_back(std::move(a));
  return out;
}

}  // namespace

Page HomePage(const HandlerContext& ctx, const httpd::Request& request) {
  int page = PageNumber(request);
  auto rows = FetchPage(ctx.options.articles_per_page, page,
                        [&](int limit, int offset) { return ctx.store.LatestArticles(limit, offset); });
  if (!rows.ok()) return MessagePage(ctx, 500, ctx.strings.error_title, ctx.strings.error_text);
  if (page == 1) {
    auto ordered = FeaturedFirst(ctx, std::move(rows->first));
    if (!ordered.ok()) return MessagePage(ctx, 500, ctx.strings.error_title, ctx.strings.error_text);
    rows->first = std::move(*ordered);
  }
  // "Top stories" once some story has two sources to show.
  bool has_stories = false;
  if (page == 1) {
    auto top = ctx.store.LatestStories(2, 0, 0, 1);
    has_stories = top.ok() && !top->empty();
  }
  ListPage list{ctx.strings.latest, true, RenderTeasers(ctx, rows->first), !rows->first.empty(),
                ctx.strings.empty_site, "/?", page, rows->second, TopicLinks(ctx), has_stories};
  Page out;
  out.title = page == 1 ? "" : std::to_string(page);
  out.body = RenderList(ctx, list);
  out.head["description"] = ctx.options.tagline;
  return out;
}

Page SourcePage(const HandlerContext& ctx, const httpd::Request& request, int64_t source_id) {
  auto source = ctx.store.GetSource(source_id);
  if (!source.ok()) return MessagePage(ctx, 500, ctx.strings.error_title, ctx.strings.error_text);
  if (!source->has_value()) return MessagePage(ctx, 404, ctx.strings.not_found_title, ctx.strings.not_found_text);
  int page = PageNumber(request);
  auto rows = FetchPage(ctx.options.articles_per_page, page, [&](int limit, int offset) {
    return ctx.store.SourceArticles(source_id, limit, offset);
  });
  if (!rows.ok()) return MessagePage(ctx, 500, ctx.strings.error_title, ctx.strings.error_text);
  std::string name = (*source)->name;
  ListPage list{ctx.strings.from_publisher + name, false, RenderTeasers(ctx, rows->first), !rows->first.empty(),
                ctx.strings.empty_site, "/source/" + std::to_string(source_id) + "?", page, rows->second};
  Page out;
  out.title = name;
  out.body = RenderList(ctx, list);
  return out;
}

Page TopicPage(const HandlerContext& ctx, const httpd::Request& request, const std::string& name) {
  const TopicLink* topic = FindTopic(ctx.options, name);
  if (topic == nullptr) return MessagePage(ctx, 404, ctx.strings.not_found_title, ctx.strings.not_found_text);
  int page = PageNumber(request);
  auto rows = FetchPage(ctx.options.articles_per_page, page, [&](int limit, int offset) {
    store::ArticleFilter filter;
    filter.topic = name;
    filter.offset = offset;
    return ctx.store.ListArticles(filter, limit);
  });
  if (!rows.ok()) return MessagePage(ctx, 500, ctx.strings.error_title, ctx.strings.error_text);
  std::string href = "/topic/" + name;
  ListPage list{topic->title, false, RenderTeasers(ctx, rows->first), !rows->first.empty(), ctx.strings.empty_topic,
                href + "?", page, rows->second, TopicLinks(ctx, name)};
  Page out;
  out.title = topic->title;
  out.body = RenderList(ctx, list);
  out.head["feed_href"] = href + "/feed.xml";
  out.head["feed_title"] = topic->title;
  return out;
}

Page SearchPage(const HandlerContext& ctx, const httpd::Request& request) {
  auto param = [&](const char* name) {
    auto it = request.query.find(name);
    return it == request.query.end() ? std::string() : std::string(Trim(it->second));
  };
  store::SearchQuery query;
  query.text = param("q").substr(0, 200);
  query.source_id = std::atoll(param("source").c_str());
  query.language = param("lang").substr(0, 12);
  query.topic = param("topic").substr(0, 64);
  query.from_utc = DayStart(param("from"));
  if (int64_t to = DayStart(param("to")); to) query.to_utc = to + 86400;  // "to" includes that day
  int page = PageNumber(request);
  query.limit = ctx.options.articles_per_page + 1;
  query.offset = (page - 1) * ctx.options.articles_per_page;
  auto hits = ctx.store.Search(query);
  if (!hits.ok()) return MessagePage(ctx, 500, ctx.strings.error_title, ctx.strings.error_text);
  bool has_older = static_cast<int>(hits->size()) > ctx.options.articles_per_page;
  if (has_older) hits->pop_back();

  // Teasers show the matching passage, words highlighted, instead of the excerpt.
  std::vector<std::string> words = WordTokens(query.text);
  std::string teasers = RenderTeasers(ctx, *hits, &words);
  std::string base = "/search?q=" + UrlEncode(query.text) + "&";
  for (const char* name : {"source", "lang", "topic", "from", "to"})
    if (!param(name).empty()) base += std::string(name) + "=" + UrlEncode(param(name)) + "&";
  ListPage list{ctx.strings.results_for + query.text, false, teasers, !hits->empty(), ctx.strings.no_results,
                base, page, has_older};
  Page out;
  out.title = ctx.strings.search + std::string(": ") + query.text;
  out.body = RenderList(ctx, list);
  out.head["query"] = query.text;
  return out;
}

}  // namespace herald::web
