// Topic pages, topic feeds, the topic filters of search and the API, over
// real HTTP with a real SQLite store. Memberships are written straight to
// the store (computing them is topics/'s job, tested there).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>

#include "feed/feed.h"
#include "web/site_test_support.h"

namespace herald::web {
namespace {

using herald::testing::HttpGet;
using nlohmann::json;

class TopicsWebTest : public testing::SiteFixture {
 protected:
  void SetUp() override {
    SiteFixture::SetUp();
    int64_t source = AddSource("Harbour Times", "harbour.example");
    // Six storms (weather), two markets stories, one both, one neither.
    const std::vector<std::pair<std::string, std::vector<std::string>>> stories = {
        {"Storm one nears", {"weather"}},  {"Storm two nears", {"weather"}},   {"Storm three", {"weather"}},
        {"Storm four", {"weather"}},       {"Storm five", {"weather"}},        {"Storm six", {"weather"}},
        {"Markets calm", {"markets"}},     {"Markets rally", {"markets"}},     {"Storm hits markets", {"weather", "markets"}},
        {"Cat show opens", {}}};
    std::vector<store::ArticleTopics> memberships;
    for (size_t i = 0; i < stories.size(); ++i) {
      store::Article a;
      a.source_id = source;
      a.url = a.canonical_url = "https://harbour.example/" + std::to_string(i);
      a.title = stories[i].first;
      a.text = stories[i].first + " today.";
      a.excerpt = "Excerpt " + std::to_string(i);
      a.published = Timestamp{1759377180 + static_cast<int64_t>(i) * 60, 0, true};
      a.language = "en";
      a.fetched_utc = 1;
      ASSERT_TRUE(store_->PutArticle(a).ok());
      ids_[a.title] = a.id;
      memberships.push_back({a.id, stories[i].second});
    }
    ASSERT_TRUE(store_->SetArticleTopics(memberships).ok());
    SiteOptions options;
    options.title = "Desk";
    options.base_url = "https://desk.example";
    options.articles_per_page = 4;
    options.topics = {{"weather", "Weather & <Storms>"}, {"markets", "Markets"}, {"quiet", "Nothing yet"}};
    Start(options);
  }

  // Titles of the teasers of an HTML list page, in order.
  static std::vector<std::string> TeaserTitles(const std::string& html) {
    std::vector<std::string> titles;
    const std::string marker = "class=\"teaser-title\"><a href=\"/article/";
    for (size_t at = html.find(marker); at != std::string::npos; at = html.find(marker, at + 1)) {
      size_t start = html.find('>', at + marker.size()) + 1;
      titles.push_back(html.substr(start, html.find("</a>", start) - start));
    }
    return titles;
  }

  std::map<std::string, int64_t> ids_;
};

TEST_F(TopicsWebTest, TopicPageListsExactlyItsArticlesAcrossPages) {
  auto first = HttpGet(base_ + "/topic/weather");
  ASSERT_EQ(first.status, 200);
  EXPECT_NE(first.body.find("<h1 class=\"\">Weather &amp; &lt;Storms&gt;</h1>"), std::string::npos) << first.body;
  EXPECT_EQ(TeaserTitles(first.body),
            (std::vector<std::string>{"Storm hits markets", "Storm six", "Storm five", "Storm four"}));
  EXPECT_NE(first.body.find("href=\"/topic/weather?page=2\""), std::string::npos);
  EXPECT_NE(first.body.find("href=\"/topic/weather/feed.xml\""), std::string::npos);  // <link rel=alternate>
  auto second = HttpGet(base_ + "/topic/weather?page=2");
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(TeaserTitles(second.body), (std::vector<std::string>{"Storm three", "Storm two nears", "Storm one nears"}));
  EXPECT_EQ(second.body.find("page=3"), std::string::npos);

  auto markets = HttpGet(base_ + "/topic/markets");
  EXPECT_EQ(TeaserTitles(markets.body),
            (std::vector<std::string>{"Storm hits markets", "Markets rally", "Markets calm"}));
  auto quiet = HttpGet(base_ + "/topic/quiet");
  EXPECT_EQ(quiet.status, 200);
  EXPECT_TRUE(TeaserTitles(quiet.body).empty());
  EXPECT_NE(quiet.body.find("No articles in this topic yet."), std::string::npos);
}

TEST_F(TopicsWebTest, HiddenArticlesLeaveTopicPages) {
  ASSERT_TRUE(store_->SetHidden(ids_["Markets calm"], true).ok());
  auto markets = HttpGet(base_ + "/topic/markets");
  EXPECT_EQ(TeaserTitles(markets.body), (std::vector<std::string>{"Storm hits markets", "Markets rally"}));
}

TEST_F(TopicsWebTest, UnknownOrMalformedTopicsAre404) {
  for (const char* path : {"/topic/nope", "/topic/", "/topic/WEATHER", "/topic/weather/extra",
                           "/topic/weather%00", "/topic/..%2Fetc", "/topic/nope/feed.xml",
                           "/topic/weather/feed.txt", "/topic/%3Cscript%3E"}) {
    auto res = HttpGet(base_ + path);
    EXPECT_EQ(res.status, 404) << path;
    EXPECT_EQ(res.body.find("<script>"), std::string::npos) << path;
  }
}

TEST_F(TopicsWebTest, HomeLinksEveryTopicInConfigOrder) {
  auto home = HttpGet(base_ + "/");
  ASSERT_EQ(home.status, 200);
  size_t weather = home.body.find("<a href=\"/topic/weather\">Weather &amp; &lt;Storms&gt;</a>");
  size_t markets = home.body.find("<a href=\"/topic/markets\">Markets</a>");
  size_t quiet = home.body.find("<a href=\"/topic/quiet\">Nothing yet</a>");
  ASSERT_NE(weather, std::string::npos) << home.body;
  ASSERT_NE(markets, std::string::npos);
  ASSERT_NE(quiet, std::string::npos);
  EXPECT_LT(weather, markets);
  EXPECT_LT(markets, quiet);
  auto topic = HttpGet(base_ + "/topic/markets");
  EXPECT_NE(topic.body.find("<a href=\"/topic/markets\" aria-current=\"page\">"), std::string::npos);
}

TEST_F(TopicsWebTest, TopicFeedsReparseWithHeraldsParser) {
  for (const char* kind : {"feed.xml", "atom.xml", "feed.json"}) {
    std::string path = std::string("/topic/markets/") + kind;
    auto res = HttpGet(base_ + path);
    ASSERT_EQ(res.status, 200) << path;
    auto parsed = feed::ParseFeed(res.body, {"https://desk.example" + path, res.content_type});
    ASSERT_TRUE(parsed.ok()) << path << ": " << parsed.message();
    EXPECT_EQ(parsed->title, "Desk: Markets") << path;
    std::vector<std::string> links;
    for (const auto& e : parsed->entries) links.push_back(e.link);
    EXPECT_EQ(links, (std::vector<std::string>{
                         "https://desk.example/article/" + std::to_string(ids_["Storm hits markets"]),
                         "https://desk.example/article/" + std::to_string(ids_["Markets rally"]),
                         "https://desk.example/article/" + std::to_string(ids_["Markets calm"])}))
        << path;
  }
}

TEST_F(TopicsWebTest, SearchAndApiFilterByTopic) {
  auto all = HttpGet(base_ + "/search?q=markets");
  EXPECT_EQ(TeaserTitles(all.body).size(), 3u);
  auto storms = HttpGet(base_ + "/search?q=markets&topic=weather");
  ASSERT_EQ(storms.status, 200);
  EXPECT_EQ(TeaserTitles(storms.body), (std::vector<std::string>{"Storm hits markets"}));

  auto api = HttpGet(base_ + "/api/v1/articles?topic=markets&limit=2");
  ASSERT_EQ(api.status, 200);
  json page = json::parse(api.body);
  ASSERT_EQ(page["articles"].size(), 2u);
  EXPECT_EQ(page["articles"][0]["id"], ids_["Storm hits markets"]);
  auto rest = HttpGet(base_ + "/api/v1/articles?topic=markets&limit=2&cursor=" + page["next_cursor"].get<std::string>());
  json next = json::parse(rest.body);
  ASSERT_EQ(next["articles"].size(), 1u);
  EXPECT_EQ(next["articles"][0]["id"], ids_["Markets calm"]);

  auto search = json::parse(HttpGet(base_ + "/api/v1/search?q=storm&topic=markets").body);
  ASSERT_EQ(search["results"].size(), 1u);
  EXPECT_EQ(search["results"][0]["id"], ids_["Storm hits markets"]);

  auto article = json::parse(HttpGet(base_ + "/api/v1/articles/" + std::to_string(ids_["Storm hits markets"])).body);
  EXPECT_EQ(article["topics"], json({"markets", "weather"}));
}

TEST_F(TopicsWebTest, ApiListsTopicsWithCounts) {
  ASSERT_TRUE(store_->SetHidden(ids_["Storm six"], true).ok());
  auto res = HttpGet(base_ + "/api/v1/topics");
  ASSERT_EQ(res.status, 200);
  json topics = json::parse(res.body)["topics"];
  ASSERT_EQ(topics.size(), 3u);
  EXPECT_EQ(topics[0], json({{"name", "weather"}, {"title", "Weather & <Storms>"}, {"url", "/topic/weather"},
                             {"articles", 6}}));
  EXPECT_EQ(topics[1]["articles"], 3);
  EXPECT_EQ(topics[2]["name"], "quiet");
  EXPECT_EQ(topics[2]["articles"], 0);
}

}  // namespace
}  // namespace herald::web
