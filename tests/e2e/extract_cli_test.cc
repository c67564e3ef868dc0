// `herald extract FILE --url U --json` and `herald feed parse FILE --json`
// on the demo newsroom's real pages and feeds.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "demo/newsroom.h"
#include "http_get.h"
#include "process.h"

namespace herald::testing {
namespace {

const std::string kHerald = HERALD_BINARY_DIR "/herald";

class ExtractCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("herald-extract-cli");
    auto server = demo::StartNewsroom("127.0.0.1", 0);
    ASSERT_TRUE(server.ok()) << server.message();
    newsroom_ = std::move(*server);
  }
  void TearDown() override {
    newsroom_.reset();
    RemoveTree(dir_);
  }
  std::string dir_;
  std::unique_ptr<httpd::Server> newsroom_;
};

TEST_F(ExtractCliTest, PrintsOneJsonObjectWithTheArticle) {
  for (const demo::Truth& t : demo::Articles()) {
    SCOPED_TRACE(t.path);
    std::string url = newsroom_->base_url() + t.path;
    auto page = HttpGet(url);
    ASSERT_EQ(page.status, 200);
    WriteFile(dir_ + "/page.html", page.body);
    auto r = RunProcess({kHerald, "extract", dir_ + "/page.html", "--url", url, "--json"});
    ASSERT_EQ(r.exit_status, 0) << r.err;
    nlohmann::json j = nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
    ASSERT_TRUE(j.is_object()) << r.out;
    for (const char* key : {"title", "byline", "published", "lead_image", "text", "html", "language", "paywalled"})
      EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_EQ(j.value("title", ""), t.title);
    EXPECT_EQ(j["byline"], nlohmann::json(t.byline));
    EXPECT_EQ(j.value("published", ""), t.published);
    EXPECT_EQ(j.value("language", ""), t.language);
    EXPECT_EQ(j.value("paywalled", !t.paywalled), t.paywalled);
    if (!t.lead_image_caption.empty()) {
      ASSERT_TRUE(j["lead_image"].is_object());
      EXPECT_EQ(j["lead_image"].value("caption", ""), t.lead_image_caption);
      EXPECT_EQ(j["lead_image"].value("credit", ""), t.lead_image_credit);
      EXPECT_EQ(j["lead_image"].value("url", "").rfind("http", 0), 0u);
    }
  }
}

TEST_F(ExtractCliTest, FeedParsePrintsEntries) {
  for (const demo::FeedInfo& f : demo::Feeds()) {
    SCOPED_TRACE(f.path);
    std::string url = newsroom_->base_url() + f.path;
    auto body = HttpGet(url);
    ASSERT_EQ(body.status, 200);
    WriteFile(dir_ + "/feed", body.body);
    auto r = RunProcess({kHerald, "feed", "parse", dir_ + "/feed", "--url", url, "--json"});
    ASSERT_EQ(r.exit_status, 0) << r.err;
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_TRUE(j.is_object());
    EXPECT_FALSE(j["entries"].empty());
    for (const auto& e : j["entries"]) EXPECT_EQ(e.value("link", "").rfind(newsroom_->base_url(), 0), 0u);
  }
}

TEST_F(ExtractCliTest, SourcesAddDiscoversTheFeedOfASitePage) {
  WriteFile(dir_ + "/herald.toml", "[fetch]\nallow_private_networks = true\n");
  std::string site = newsroom_->base_url() + "/harbour-times/";
  auto r = RunProcess({kHerald, "--config", dir_ + "/herald.toml", "--data", dir_ + "/data", "sources", "add", site});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.out.find(newsroom_->base_url() + "/harbour-times/rss.xml"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Harbour Times"), std::string::npos) << r.out;
  // A page with neither a feed nor a feed link is refused with the fix.
  auto none = RunProcess({kHerald, "--config", dir_ + "/herald.toml", "--data", dir_ + "/data", "sources", "add",
                          newsroom_->base_url() + "/no-such-page"});
  EXPECT_EQ(none.exit_status, 2) << none.err;
  EXPECT_NE(none.err.find("feed's own URL"), std::string::npos) << none.err;
}

}  // namespace
}  // namespace herald::testing
