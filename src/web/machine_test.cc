// The machine interfaces over real HTTP: JSON API, output feeds (re-parsed by
// herald's own parser and by Debian's python3-feedparser), sitemaps, robots.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "feed/feed.h"
#include "web/site_test_support.h"

namespace herald::web {
namespace {

using herald::testing::HttpGet;
using nlohmann::json;

class MachineTest : public testing::SiteFixture {
 protected:
  void SetUp() override {
    SiteFixture::SetUp();
    source_id_ = AddSource("Harbour & <Times>", "harbour.example");
    for (int i = 0; i < 7; ++i) {
      store::Article a;
      a.source_id = source_id_;
      a.url = a.canonical_url = "https://harbour.example/" + std::to_string(i);
      a.title = "Story " + std::to_string(i) + " <b>&</b> \"quotes\" \x01";
      a.text = "Full body " + std::to_string(i);
      a.html = "<p>Full body</p>";
      a.excerpt = "Excerpt " + std::to_string(i);
      a.published = Timestamp{1759377180 + i * 60, 480, true};
      a.paywalled = i == 0;
      a.language = "en";
      a.fetched_utc = 1;
      ASSERT_TRUE(store_->PutArticle(a).ok());
      ids_.push_back(a.id);
    }
    Start({.title = "China Desk", .base_url = "https://desk.example"});
  }

  int64_t source_id_ = 0;
  std::vector<int64_t> ids_;
};

TEST_F(MachineTest, ApiPagesWithACursorThroughEveryArticleOnce) {
  std::vector<int64_t> seen;
  std::string cursor;
  for (int round = 0; round < 10; ++round) {
    auto res = HttpGet(base_ + "/api/v1/articles?limit=3" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(res.status, 200);
    EXPECT_NE(res.content_type.find("application/json"), std::string::npos);
    json page = json::parse(res.body);
    for (const auto& a : page["articles"]) seen.push_back(a["id"].get<int64_t>());
    if (page["next_cursor"].is_null()) break;
    cursor = page["next_cursor"].get<std::string>();
  }
  EXPECT_EQ(seen, std::vector<int64_t>(ids_.rbegin(), ids_.rend()));
  EXPECT_EQ(HttpGet(base_ + "/api/v1/articles?cursor=garbage").status, 400);
  json filtered = json::parse(HttpGet(base_ + "/api/v1/articles?lang=fr").body);
  EXPECT_TRUE(filtered["articles"].empty());
}

TEST_F(MachineTest, ApiArticleRespectsThePaywallAndSourcesAndSearchAnswer) {
  json paid = json::parse(HttpGet(base_ + "/api/v1/articles/" + std::to_string(ids_[0])).body);
  EXPECT_FALSE(paid["full_text"].get<bool>());
  EXPECT_FALSE(paid.contains("text"));
  EXPECT_EQ(paid["excerpt"], "Excerpt 0");
  json free = json::parse(HttpGet(base_ + "/api/v1/articles/" + std::to_string(ids_[1])).body);
  EXPECT_EQ(free["text"], "Full body 1");
  EXPECT_EQ(free["published"], "2025-10-02T11:54:00+08:00");
  EXPECT_EQ(HttpGet(base_ + "/api/v1/articles/999").status, 404);
  EXPECT_EQ(HttpGet(base_ + "/api/v1/nothing").status, 404);
  json sources = json::parse(HttpGet(base_ + "/api/v1/sources").body);
  EXPECT_EQ(sources["sources"][0]["name"], "Harbour & <Times>");
  json hits = json::parse(HttpGet(base_ + "/api/v1/search?q=story%203").body);
  ASSERT_FALSE(hits["results"].empty());
  EXPECT_EQ(hits["results"][0]["id"], ids_[3]);
  EXPECT_EQ(HttpGet(base_ + "/api/v1/search").status, 400);
}

TEST_F(MachineTest, OutputFeedsReparseCleanlyInHeraldsParser) {
  std::string source = "/source/" + std::to_string(source_id_);
  for (const std::string& path : std::vector<std::string>{"/feed.xml", "/atom.xml", "/feed.json", source + "/feed.xml",
                                                          source + "/atom.xml", source + "/feed.json"}) {
    SCOPED_TRACE(path);
    auto res = HttpGet(base_ + path);
    ASSERT_EQ(res.status, 200);
    auto parsed = feed::ParseFeed(res.body, {"https://desk.example" + path, res.content_type});
    ASSERT_TRUE(parsed.ok()) << parsed.message();
    EXPECT_FALSE(parsed->bozo) << parsed->bozo_message;
    ASSERT_EQ(parsed->entries.size(), ids_.size());
    EXPECT_EQ(parsed->entries[0].link, "https://desk.example/article/" + std::to_string(ids_.back()));
    // RSS and JSON Feed readers may treat title markup as HTML; Atom says
    // type="text". None may see the control character.
    const std::string& title = parsed->entries[0].title;
    if (path.ends_with("atom.xml")) {
      EXPECT_EQ(title, "Story 6 <b>&</b> \"quotes\"");
    }
    EXPECT_EQ(title.rfind("Story 6 ", 0), 0u) << title;
    EXPECT_NE(title.find("\"quotes\""), std::string::npos) << title;
    EXPECT_EQ(title.find('\x01'), std::string::npos);
    EXPECT_EQ(title.find("\xEF\xBF\xBD"), std::string::npos) << title;
  }
  json jf = json::parse(HttpGet(base_ + "/feed.json").body);
  for (const char* key : {"version", "title", "items"}) EXPECT_TRUE(jf.contains(key)) << key;
  for (const auto& item : jf["items"]) EXPECT_TRUE(item.contains("id"));
  EXPECT_EQ(HttpGet(base_ + "/source/999/feed.xml").status, 404);
}

TEST_F(MachineTest, OutputFeedsReparseCleanlyInPythonFeedparser) {
  const char* python = "/usr/bin/python3";
  std::string probe = herald::testing::RunProcess({python, "-c", "import feedparser"}).err;
  ASSERT_TRUE(probe.empty()) << "python3-feedparser is missing: run scripts/install-deps.sh (" << probe << ")";
  for (const std::string path : {"/feed.xml", "/atom.xml"}) {
    std::string file = dir_ + "/out.xml";
    herald::testing::WriteFile(file, HttpGet(base_ + path).body);
    auto r = herald::testing::RunProcess(
        {python, "-c",
         "import sys, feedparser; d = feedparser.parse(open(sys.argv[1], 'rb').read()); "
         "print(int(d.bozo), len(d.entries), all(e.get('link') and e.get('title') for e in d.entries))",
         file});
    EXPECT_EQ(r.out, "0 7 True\n") << path << ": " << r.err;
  }
}

TEST_F(MachineTest, SitemapsAndRobots) {
  auto robots = HttpGet(base_ + "/robots.txt");
  EXPECT_NE(robots.body.find("Sitemap: https://desk.example/sitemap.xml"), std::string::npos);
  auto sitemap = HttpGet(base_ + "/sitemap.xml");
  EXPECT_NE(sitemap.body.find("<loc>https://desk.example/article/" + std::to_string(ids_[0]) + "</loc>"),
            std::string::npos);
  auto parsed = feed::ParseFeed(sitemap.body, {"https://desk.example/sitemap.xml", ""});
  ASSERT_TRUE(parsed.ok()) << parsed.message();
  EXPECT_EQ(parsed->entries.size(), ids_.size() + 1);
  auto news = HttpGet(base_ + "/news-sitemap.xml");
  EXPECT_EQ(news.status, 200);
  EXPECT_NE(news.body.find("<urlset"), std::string::npos);  // 2025 stories are too old for Google News
}

}  // namespace
}  // namespace herald::web
