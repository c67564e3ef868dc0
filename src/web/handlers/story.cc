// Stories as readers see them: the full coverage of one story (its articles
// by publisher, a timeline, its languages) and the list of top stories.
#include <algorithm>
#include <cstdlib>
#include <set>

#include "web/handlers/handlers.h"

namespace herald::web {
namespace {

constexpr int kStoriesPerPage = 30;

// When an article came out: its published time, else when it was fetched.
// In UTC, so that a site without a zone shows the whole timeline in one
// (GMT) rather than in each publisher's own.
Timestamp ShownTime(const store::ArticleSummary& a) {
  return Timestamp{a.published ? a.published->utc_seconds : a.sort_utc, 0, true};
}

std::string JoinLanguages(const Strings& s, const std::vector<std::string>& codes) {
  std::string out;
  for (const std::string& code : codes) out += (out.empty() ? "" : ", ") + s.LanguageName(code);
  return out;
}

List Timeline(const HandlerContext& ctx, std::vector<store::ArticleSummary> articles) {
  std::stable_sort(articles.begin(), articles.end(),
                   [](const auto& a, const auto& b) { return ShownTime(a).utc_seconds < ShownTime(b).utc_seconds; });
  List entries;
  for (const auto& a : articles) {
    Timestamp t = ShownTime(a);
    entries.push_back(Object{{"href", "/article/" + std::to_string(a.id)},
                             {"title", a.title},
                             {"publisher", a.source_name},
                             {"time_human", ctx.times.Human(t)},
                             {"time_iso", ctx.times.Iso(t)}});
  }
  return entries;
}

// "?before=LASTUTC_ID" of the stories list; false when malformed.
bool ParseStoriesCursor(const std::string& text, int64_t* last_utc, int64_t* id) {
  size_t sep = text.find('_');
  if (sep == std::string::npos || sep == 0 || sep + 1 == text.size() || text.size() > 40) return false;
  if (text.find_first_not_of("0123456789_") != std::string::npos || text.find('_', sep + 1) != std::string::npos)
    return false;
  *last_utc = std::strtoll(text.c_str(), nullptr, 10);
  *id = std::strtoll(text.c_str() + sep + 1, nullptr, 10);
  return *id > 0;
}

}  // namespace

StoryLookup LookUpStory(store::Store& store, int64_t story_id) {
  StoryLookup out;
  auto survivor = store.ResolveStory(story_id);
  if (!survivor.ok()) {
    if (survivor.error().kind == ErrorKind::kNotFound) out.kind = StoryLookup::kMissing;
    return out;
  }
  if (*survivor != story_id) {
    out.kind = StoryLookup::kMoved;
    out.survivor = *survivor;
    return out;
  }
  auto story = store.GetStory(story_id);
  if (!story.ok()) return out;
  if (!story->has_value()) {
    out.kind = StoryLookup::kMissing;
    return out;
  }
  auto articles = store.StoryArticles(story_id);
  if (!articles.ok()) return out;
  out.kind = StoryLookup::kFound;
  out.story = std::move(**story);
  out.articles = std::move(*articles);
  return out;
}

std::vector<PublisherCoverage> GroupByPublisher(const std::vector<store::ArticleSummary>& articles) {
  std::vector<PublisherCoverage> groups;
  std::set<int64_t> listed;
  for (const auto& a : articles) {
    if (!listed.insert(a.id).second) continue;
    auto group = std::find_if(groups.begin(), groups.end(),
                              [&](const PublisherCoverage& g) { return g.source_id == a.source_id; });
    if (group == groups.end()) group = groups.insert(groups.end(), {a.source_id, a.source_name, {}});
    group->articles.push_back(a);
  }
  return groups;
}

Page StoryPage(const HandlerContext& ctx, const httpd::Request&, int64_t story_id) {
  StoryLookup found = LookUpStory(ctx.store, story_id);
  if (found.kind == StoryLookup::kFailed) return MessagePage(ctx, 500, ctx.strings.error_title, ctx.strings.error_text);
  if (found.kind == StoryLookup::kMissing)
    return MessagePage(ctx, 404, ctx.strings.not_found_title, ctx.strings.not_found_text);
  if (found.kind == StoryLookup::kMoved) {
    Page moved;
    moved.redirect = "/stories/" + std::to_string(found.survivor);
    return moved;
  }
  const store::StorySummary& story = found.story;
  List groups;
  for (const PublisherCoverage& g : GroupByPublisher(found.articles))
    groups.push_back(Object{{"source_id", g.source_id},
                            {"source_href", "/source/" + std::to_string(g.source_id)},
                            {"publisher", g.name},
                            {"teasers", RenderTeasers(ctx, g.articles, nullptr, /*heading_level=*/4)}});
  std::string counts = ctx.strings.StoryCounts(story.articles, story.sources);
  Object data = StringFields(ctx.strings);
  data["headline"] = story.headline;
  data["counts"] = counts;
  data["languages"] = JoinLanguages(ctx.strings, story.languages);
  data["groups"] = std::move(groups);
  data["timeline"] = Timeline(ctx, found.articles);

  Page out;
  out.title = story.headline;
  out.body = ctx.templates.story.Render(data);
  out.head["description"] = story.headline + " · " + counts;
  return out;
}

Page StoriesPage(const HandlerContext& ctx, const httpd::Request& request) {
  int64_t before_utc = 0, before_id = 0;
  if (auto it = request.query.find("before"); it != request.query.end())
    ParseStoriesCursor(it->second, &before_utc, &before_id);  // malformed: the first page
  auto stories = ctx.store.LatestStories(2, before_utc, before_id, kStoriesPerPage + 1);
  if (!stories.ok()) return MessagePage(ctx, 500, ctx.strings.error_title, ctx.strings.error_text);
  bool has_older = static_cast<int>(stories->size()) > kStoriesPerPage;
  if (has_older) stories->pop_back();
  List items;
  for (const store::StorySummary& s : *stories) {
    Timestamp last{s.last_utc, 0, true};
    items.push_back(Object{{"href", "/stories/" + std::to_string(s.id)},
                           {"headline", s.headline},
                           {"counts", ctx.strings.StoryCounts(s.articles, s.sources)},
                           {"languages", JoinLanguages(ctx.strings, s.languages)},
                           {"time_human", ctx.times.Human(last)},
                           {"time_iso", ctx.times.Iso(last)}});
  }
  Object data = StringFields(ctx.strings);
  data["stories"] = std::move(items);
  data["has_stories"] = !stories->empty();
  if (has_older)
    data["next_href"] = "/stories?before=" + std::to_string(stories->back().last_utc) + "_" +
                        std::to_string(stories->back().id);
  Page out;
  out.title = ctx.strings.top_stories;
  out.body = ctx.templates.stories.Render(data);
  return out;
}

}  // namespace herald::web
