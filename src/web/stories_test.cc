// Stories on the site over real HTTP with a real SQLite store: the full
// coverage page, "Also published by" and "N sources cover this story" on
// article pages, the stories API, redirects for merged stories, and the
// cache following RecordStories. Stories are written straight to the store
// (computing them is story/'s job, tested there).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "web/site_test_support.h"

namespace herald::web {
namespace {

using herald::testing::CountOccurrences;
using nlohmann::json;

// The part of `html` from `from` up to the next `to` ("" when absent).
std::string Between(const std::string& html, const std::string& from, const std::string& to) {
  size_t start = html.find(from);
  if (start == std::string::npos) return "";
  size_t end = html.find(to, start);
  return html.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// A wire story: Pacific Wire's original, word-for-word copies by Harbour
// Times and Lotus Daily, and Harbour Times' own follow-up, all in story 7;
// plus Pacific Wire's unrelated story 8 with one source.
class StoriesTest : public testing::SiteFixture {
 protected:
  void SetUp() override {
    SiteFixture::SetUp();
    wire_ = AddSource("Pacific Wire", "wire.example");
    harbour_ = AddSource("Harbour <Times>", "harbour.example");
    lotus_ = AddSource("Lotus Daily", "lotus.example");
    original_ = Put({wire_, "wire.example", "rare-earth", "Rare earth export curbs", 0});
    harbour_copy_ = Put({harbour_, "harbour.example", "wire-rare-earth", "Rare earth export curbs", 30});
    lotus_copy_ = Put({lotus_, "lotus.example", "rare-earth-copy", "Rare earth export curbs", 45, "zh"});
    follow_up_ = Put({harbour_, "harbour.example", "rare-earth-analysis", "What the curbs mean for magnets", 90});
    lone_ = Put({wire_, "wire.example", "ferry", "Ferry timetable changes", 5});
    ASSERT_TRUE(store_
                    ->RecordStories({{original_, kStory, 0},
                                     {harbour_copy_, kStory, original_},
                                     {lotus_copy_, kStory, original_},
                                     {follow_up_, kStory, 0},
                                     {lone_, kLoneStory, 0}},
                                    {})
                    .ok());
  }

  static constexpr int64_t kStory = 7, kLoneStory = 8;
  int64_t wire_ = 0, harbour_ = 0, lotus_ = 0;
  int64_t original_ = 0, harbour_copy_ = 0, lotus_copy_ = 0, follow_up_ = 0, lone_ = 0;
};

TEST_F(StoriesTest, CoveragePageGroupsByPublisherAndListsEachArticleOnce) {
  Start();
  auto page = Get("/stories/7");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(CountOccurrences(page.body, "<h1>Rare earth export curbs</h1>"), 1u);
  EXPECT_NE(page.body.find("4 articles from 3 sources"), std::string::npos);
  EXPECT_NE(page.body.find("Languages: English, Chinese"), std::string::npos);

  std::string coverage = Between(page.body, "class=\"coverage\"", "id=\"timeline-heading\"");
  ASSERT_FALSE(coverage.empty());
  EXPECT_EQ(CountOccurrences(coverage, "class=\"publisher-coverage\""), 3u);
  EXPECT_EQ(CountOccurrences(coverage, "class=\"teaser\""), 4u);
  for (int64_t id : {original_, harbour_copy_, lotus_copy_, follow_up_})
    EXPECT_EQ(CountOccurrences(coverage, "class=\"teaser-title\"><a href=\"/article/" + std::to_string(id) + "\""), 1u)
        << id;
  EXPECT_EQ(coverage.find("/article/" + std::to_string(lone_) + "\""), std::string::npos);
  // Publishers in the order they covered it; Harbour's two articles together.
  size_t wire = coverage.find(">Pacific Wire</a></h3>");
  size_t harbour = coverage.find(">Harbour &lt;Times&gt;</a></h3>");
  size_t lotus = coverage.find(">Lotus Daily</a></h3>");
  ASSERT_NE(wire, std::string::npos);
  ASSERT_NE(harbour, std::string::npos);
  ASSERT_NE(lotus, std::string::npos);
  EXPECT_LT(wire, harbour);
  EXPECT_LT(harbour, lotus);
  EXPECT_GT(coverage.find("/article/" + std::to_string(follow_up_) + "\""), harbour);
  EXPECT_LT(coverage.find("/article/" + std::to_string(follow_up_) + "\""), lotus);
}

TEST_F(StoriesTest, TimelineListsTheArticlesInTimeOrderInTheSitesZone) {
  Start({.time_zone = "Asia/Shanghai"});
  auto page = Get("/stories/7");
  ASSERT_EQ(page.status, 200);
  std::string timeline = Between(page.body, "<ol class=\"timeline\">", "</ol>");
  EXPECT_EQ(CountOccurrences(timeline, "<li>"), 4u);
  size_t at = 0;
  for (const char* when : {"2025-10-02T11:53:00+08:00\">Oct. 2, 2025 11:53 a.m. GMT+8",
                           "2025-10-02T12:23:00+08:00\">Oct. 2, 2025 12:23 p.m. GMT+8",
                           "2025-10-02T12:38:00+08:00", "2025-10-02T13:23:00+08:00"}) {
    size_t next = timeline.find(when, at);
    ASSERT_NE(next, std::string::npos) << when << "\n" << timeline;
    at = next;
  }
}

TEST_F(StoriesTest, TimelineWithoutASiteZoneIsInOneZoneNotEachPublishers) {
  Start();
  std::string timeline = Between(Get("/stories/7").body, "<ol class=\"timeline\">", "</ol>");
  EXPECT_NE(timeline.find("<time datetime=\"2025-10-02T03:53:00Z\">Oct. 2, 2025 3:53 a.m. GMT</time>"),
            std::string::npos)
      << timeline;
  EXPECT_EQ(timeline.find("GMT+8"), std::string::npos);
}

TEST_F(StoriesTest, ChineseInterfaceNamesEverythingInChinese) {
  Start({.language = "zh", .time_zone = "Asia/Shanghai"});
  auto page = Get("/stories/7");
  ASSERT_EQ(page.status, 200);
  for (const char* text : {"全面报道", "各媒体的报道", "时间线", "3 家媒体的 4 篇报道", "语言：英文, 中文", "2025年10月2日 11:53 GMT+8"})
    EXPECT_NE(page.body.find(text), std::string::npos) << text;
  auto article = Get("/article/" + std::to_string(original_));
  EXPECT_NE(article.body.find("3 家媒体报道了此事"), std::string::npos);
  EXPECT_NE(article.body.find("另见于"), std::string::npos);
}

TEST_F(StoriesTest, MergedStoryAnswersPermanentRedirectToTheSurvivor) {
  int64_t late = Put({lotus_, "lotus.example", "late", "Late take on rare earths", 120});
  ASSERT_TRUE(store_->RecordStories({{late, 9, 0}}, {}).ok());
  ASSERT_TRUE(store_->RecordStories({}, {{9, kStory}}).ok());
  Start();
  auto page = Get("/stories/9");
  EXPECT_EQ(page.status, 301);
  EXPECT_EQ(page.headers["location"], "/stories/7");
  auto api = Get("/api/v1/stories/9");
  EXPECT_EQ(api.status, 301);
  EXPECT_EQ(api.headers["location"], "/api/v1/stories/7");
  EXPECT_EQ(json::parse(api.body)["moved_to"], kStory);
  // The survivor now has the moved article.
  EXPECT_NE(Get("/stories/7").body.find("/article/" + std::to_string(late) + "\""), std::string::npos);
}

TEST_F(StoriesTest, UnknownStoryIsTheFriendlyNotFoundPage) {
  Start();
  for (const char* path : {"/stories/999", "/stories/0", "/stories/abc", "/stories/7x", "/stories/-7",
                           "/stories/99999999999999999999"}) {
    auto page = Get(path);
    EXPECT_EQ(page.status, 404) << path;
    EXPECT_NE(page.body.find("Page not found"), std::string::npos) << path;
  }
  auto api = Get("/api/v1/stories/999");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(json::parse(api.body)["error"], "no story 999");
}

TEST_F(StoriesTest, ArticlePageListsTheOtherCopiesAsAlsoPublishedBy) {
  Start();
  auto page = Get("/article/" + std::to_string(original_));
  ASSERT_EQ(page.status, 200);
  std::string also = Between(page.body, "<section class=\"also-published\"", "</section>");
  ASSERT_FALSE(also.empty()) << page.body;
  EXPECT_NE(also.find("Also published by"), std::string::npos);
  EXPECT_NE(also.find("<a href=\"/article/" + std::to_string(harbour_copy_) + "\">Harbour &lt;Times&gt;</a>"),
            std::string::npos)
      << also;
  EXPECT_NE(also.find("<a href=\"/article/" + std::to_string(lotus_copy_) + "\">Lotus Daily</a>"), std::string::npos);
  EXPECT_NE(also.find("href=\"https://harbour.example/wire-rare-earth\" rel=\"noopener\">harbour.example</a>"),
            std::string::npos);
  EXPECT_EQ(also.find("/article/" + std::to_string(original_) + "\""), std::string::npos);
  EXPECT_EQ(also.find("Pacific Wire"), std::string::npos);
  EXPECT_EQ(also.find("/article/" + std::to_string(follow_up_) + "\""), std::string::npos);  // same story, not a copy

  // A copy's page names the original and the other copy, never itself.
  auto copy = Get("/article/" + std::to_string(lotus_copy_));
  std::string copy_also = Between(copy.body, "<section class=\"also-published\"", "</section>");
  EXPECT_NE(copy_also.find("/article/" + std::to_string(original_) + "\">Pacific Wire</a>"), std::string::npos);
  EXPECT_NE(copy_also.find("/article/" + std::to_string(harbour_copy_) + "\""), std::string::npos);
  EXPECT_EQ(copy_also.find("/article/" + std::to_string(lotus_copy_) + "\""), std::string::npos);

  // An article without copies has no such section.
  EXPECT_EQ(Get("/article/" + std::to_string(follow_up_)).body.find("also-published"), std::string::npos);
}

TEST_F(StoriesTest, SourcesCoverThisStoryOnlyWithTwoOrMoreSources) {
  Start();
  for (int64_t id : {original_, lotus_copy_, follow_up_}) {
    auto page = Get("/article/" + std::to_string(id));
    EXPECT_NE(page.body.find("<p class=\"story-line\"><a href=\"/stories/7\">3 sources cover this story</a></p>"),
              std::string::npos)
        << id;
  }
  auto lone = Get("/article/" + std::to_string(lone_));
  ASSERT_EQ(lone.status, 200);
  EXPECT_EQ(lone.body.find("cover this story"), std::string::npos);
  EXPECT_EQ(lone.body.find("/stories/"), std::string::npos);
  int64_t unassigned = Put({wire_, "wire.example", "new", "Not seen by the story layer yet", 200});
  EXPECT_EQ(Get("/article/" + std::to_string(unassigned)).body.find("cover this story"), std::string::npos);
}

TEST_F(StoriesTest, PagesFollowRecordStoriesAtOnce) {
  Start();
  auto before = Get("/stories/7");
  ASSERT_EQ(before.status, 200);
  EXPECT_NE(before.body.find("4 articles from 3 sources"), std::string::npos);
  auto article_before = Get("/article/" + std::to_string(lone_));
  EXPECT_EQ(article_before.body.find("cover this story"), std::string::npos);

  // The lone ferry story joins story 7 (a story layer's correction).
  ASSERT_TRUE(store_->RecordStories({{lone_, kStory, 0}}, {}).ok());
  auto after = Get("/stories/7");
  EXPECT_NE(after.body.find("5 articles from 3 sources"), std::string::npos) << after.body;
  EXPECT_NE(after.body.find("Ferry timetable changes"), std::string::npos);
  EXPECT_NE(Get("/article/" + std::to_string(lone_)).body.find("3 sources cover this story"), std::string::npos);
  EXPECT_EQ(Get("/stories/8").status, 404);
}

TEST_F(StoriesTest, HostileHeadlineIsEscapedOnThePageAndInJson) {
  const std::string hostile = "Curbs <script>alert(\"x\")</script> & <img src=x onerror=alert(1)>";
  int64_t a = Put({wire_, "wire.example", "hostile", hostile, 300});
  int64_t b = Put({lotus_, "lotus.example", "hostile", hostile, 301});
  ASSERT_TRUE(store_->RecordStories({{a, 20, 0}, {b, 20, a}}, {}).ok());
  Start();
  auto page = Get("/stories/20");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("<script"), std::string::npos);
  EXPECT_EQ(page.body.find("<img src=x"), std::string::npos);
  EXPECT_NE(page.body.find("<h1>Curbs &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img"),
            std::string::npos);
  for (const char* path : {"/api/v1/stories/20", "/api/v1/stories"}) {
    auto api = Get(path);
    ASSERT_EQ(api.status, 200) << path;
    EXPECT_EQ(api.body.find('<'), std::string::npos) << path;
    EXPECT_EQ(api.body.find('>'), std::string::npos) << path;
    EXPECT_NE(api.body.find("\\u003cscript\\u003e"), std::string::npos) << path;
  }
  json story = json::parse(Get("/api/v1/stories/20").body);
  EXPECT_EQ(story["headline"], hostile);  // escaped on the wire, the same text once parsed
  auto stories = Get("/stories");
  EXPECT_EQ(stories.body.find("<script"), std::string::npos);
  EXPECT_NE(stories.body.find("Curbs &lt;script&gt;"), std::string::npos);
}

TEST_F(StoriesTest, ApiArticlesCarryStoryIdAndAlsoPublishedBy) {
  Start();
  json list = json::parse(Get("/api/v1/articles").body);
  ASSERT_TRUE(list["articles"].is_array());
  for (const json& a : list["articles"]) {
    ASSERT_TRUE(a.contains("story_id")) << a.dump();
    if (a["id"] == original_ || a["id"] == follow_up_) {
      EXPECT_EQ(a["story_id"], kStory);
    }
    if (a["id"] == lone_) {
      EXPECT_EQ(a["story_id"], kLoneStory);
    }
  }
  json one = json::parse(Get("/api/v1/articles/" + std::to_string(original_)).body);
  EXPECT_EQ(one["story_id"], kStory);
  ASSERT_EQ(one["also_published_by"].size(), 2u) << one.dump();
  std::set<int64_t> copies;
  for (const json& c : one["also_published_by"]) {
    copies.insert(c["id"].get<int64_t>());
    EXPECT_EQ(c["url"], "/article/" + std::to_string(c["id"].get<int64_t>()));
    EXPECT_TRUE(c["source"].contains("name"));
    EXPECT_TRUE(c["original_url"].get<std::string>().rfind("https://", 0) == 0);
  }
  EXPECT_EQ(copies, (std::set<int64_t>{harbour_copy_, lotus_copy_}));
  json alone = json::parse(Get("/api/v1/articles/" + std::to_string(follow_up_)).body);
  EXPECT_TRUE(alone["also_published_by"].empty());

  int64_t unassigned = Put({wire_, "wire.example", "new", "Not seen by the story layer yet", 200});
  EXPECT_TRUE(json::parse(Get("/api/v1/articles/" + std::to_string(unassigned)).body)["story_id"].is_null());
}

TEST_F(StoriesTest, ApiStoryGroupsArticlesByPublisher) {
  Start();
  auto res = Get("/api/v1/stories/7");
  ASSERT_EQ(res.status, 200);
  EXPECT_NE(res.content_type.find("application/json"), std::string::npos);
  json story = json::parse(res.body);
  EXPECT_EQ(story["id"], kStory);
  EXPECT_EQ(story["url"], "/stories/7");
  EXPECT_EQ(story["headline"], "Rare earth export curbs");
  EXPECT_EQ(story["articles"], 4);
  EXPECT_EQ(story["sources"], 3);
  EXPECT_EQ(story["languages"], json({"en", "zh"}));
  ASSERT_EQ(story["publishers"].size(), 3u);
  EXPECT_EQ(story["publishers"][0]["source"]["name"], "Pacific Wire");
  EXPECT_EQ(story["publishers"][1]["source"]["name"], "Harbour <Times>");
  EXPECT_EQ(story["publishers"][1]["articles"].size(), 2u);
  std::set<int64_t> listed;
  size_t total = 0;
  for (const json& p : story["publishers"])
    for (const json& a : p["articles"]) {
      listed.insert(a["id"].get<int64_t>());
      ++total;
      EXPECT_EQ(a["story_id"], kStory);
    }
  EXPECT_EQ(total, 4u);
  EXPECT_EQ(listed, (std::set<int64_t>{original_, harbour_copy_, lotus_copy_, follow_up_}));
}

TEST_F(StoriesTest, ApiStoriesPagesWithACursorAndFiltersBySources) {
  // Three more two-source stories, a minute apart.
  for (int i = 0; i < 3; ++i) {
    int64_t a = Put({wire_, "wire.example", "s" + std::to_string(i), "Story " + std::to_string(i), 400 + i});
    int64_t b = Put({lotus_, "lotus.example", "s" + std::to_string(i), "Story " + std::to_string(i), 400 + i});
    ASSERT_TRUE(store_->RecordStories({{a, 30 + i, 0}, {b, 30 + i, 0}}, {}).ok());
  }
  Start();
  json first = json::parse(Get("/api/v1/stories?limit=2").body);
  ASSERT_EQ(first["stories"].size(), 2u);
  EXPECT_EQ(first["stories"][0]["id"], 32);
  EXPECT_EQ(first["stories"][1]["id"], 31);
  ASSERT_TRUE(first["next_cursor"].is_string());
  json second = json::parse(Get("/api/v1/stories?limit=2&cursor=" + first["next_cursor"].get<std::string>()).body);
  ASSERT_EQ(second["stories"].size(), 2u);
  EXPECT_EQ(second["stories"][0]["id"], 30);
  EXPECT_EQ(second["stories"][1]["id"], kStory);
  EXPECT_TRUE(second["next_cursor"].is_null());  // the one-source story is left out by default

  json all = json::parse(Get("/api/v1/stories?min_sources=1&limit=100").body);
  EXPECT_EQ(all["stories"].size(), 5u);
  json three = json::parse(Get("/api/v1/stories?min_sources=3").body);
  ASSERT_EQ(three["stories"].size(), 1u);
  EXPECT_EQ(three["stories"][0]["id"], kStory);

  for (const char* bad : {"/api/v1/stories?cursor=garbage", "/api/v1/stories?cursor=1_", "/api/v1/stories?min_sources=0",
                          "/api/v1/stories?min_sources=two", "/api/v1/stories?min_sources=-1"}) {
    auto res = Get(bad);
    EXPECT_EQ(res.status, 400) << bad;
    EXPECT_TRUE(json::parse(res.body).contains("error")) << bad;
  }
}

TEST_F(StoriesTest, TopStoriesPageListsStoriesWithTwoOrMoreSources) {
  Start();
  auto page = Get("/stories");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<h1>Top stories</h1>"), std::string::npos);
  EXPECT_NE(page.body.find("<a href=\"/stories/7\">Rare earth export curbs</a>"), std::string::npos);
  EXPECT_EQ(page.body.find("/stories/8\""), std::string::npos);
  EXPECT_NE(Get("/").body.find("href=\"/stories\""), std::string::npos);
  EXPECT_EQ(Get("/stories?before=junk").status, 200);
}

}  // namespace
}  // namespace herald::web
