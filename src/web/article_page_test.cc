// The article page's links outwards over real HTTP: its topics, and the
// image named to other sites (og:image, JSON-LD) and in the API, through
// the image proxy when it is on.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "web/site_test_support.h"

namespace herald::web {
namespace {

using nlohmann::json;

// The proxy's paths, as imageproxy/ would sign them (the real proxy is
// exercised in image_proxy_test.cc); "" for what it refuses.
std::string FakeProxyPath(std::string_view url, int width) {
  if (url.find("refused") != std::string_view::npos) return "";
  return "/img/sig/" + std::to_string(width) + "/" + std::to_string(std::hash<std::string_view>{}(url));
}

class ArticlePageTest : public testing::SiteFixture {
 protected:
  void SetUp() override {
    SiteFixture::SetUp();
    source_ = AddSource("Harbour Times", "harbour.example");
    id_ = Put({source_, "harbour.example", "storm", "Storm nears the coast", 0, "en", "Wind and rain.",
               "https://harbour.example/img/storm.jpg"});
  }

  static std::string Proxied(const std::string& base, const std::string& url) {
    return base + FakeProxyPath(url, kArticleImageWidth);
  }

  int64_t source_ = 0, id_ = 0;
};

TEST_F(ArticlePageTest, ShowsItsConfiguredTopicsLinkingToTheirPages) {
  ASSERT_TRUE(store_->SetArticleTopics({{id_, {"weather", "unlisted", "coast"}}}).ok());
  Start({.topics = {{"coast", "Coast & <Sea>"}, {"weather", "Weather"}}});
  auto page = Get("/article/" + std::to_string(id_));
  ASSERT_EQ(page.status, 200);
  size_t nav = page.body.find("<nav class=\"article-topics\" aria-label=\"Topics\">");
  ASSERT_NE(nav, std::string::npos) << page.body;
  std::string topics = page.body.substr(nav, page.body.find("</nav>", nav) - nav);
  EXPECT_NE(topics.find("<a href=\"/topic/weather\">Weather</a>"), std::string::npos) << topics;
  EXPECT_NE(topics.find("<a href=\"/topic/coast\">Coast &amp; &lt;Sea&gt;</a>"), std::string::npos) << topics;
  EXPECT_EQ(topics.find("unlisted"), std::string::npos);  // not a configured topic: its page would be a 404
  // The links lead to real pages.
  EXPECT_EQ(Get("/topic/weather").status, 200);
  EXPECT_EQ(Get("/topic/coast").status, 200);
}

TEST_F(ArticlePageTest, NoTopicsNoTopicList) {
  Start({.topics = {{"weather", "Weather"}}});
  auto page = Get("/article/" + std::to_string(id_));
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("article-topics"), std::string::npos);
}

TEST_F(ArticlePageTest, OgImageAndJsonLdGoThroughTheProxyOnTheSiteBase) {
  Start({.base_url = "https://desk.example", .image_path = FakeProxyPath});
  const std::string image = Proxied("https://desk.example", "https://harbour.example/img/storm.jpg");
  auto page = Get("/article/" + std::to_string(id_));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<meta property=\"og:image\" content=\"" + image + "\">"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("\"image\":\"" + image + "\""), std::string::npos);
  EXPECT_EQ(page.body.find("harbour.example/img/"), std::string::npos) << "a publisher's image is named";
}

TEST_F(ArticlePageTest, WithoutABaseUrlAProxiedImageIsNotNamedToOtherSites) {
  // A page is cached for every client: it must not carry one client's Host.
  Start({.image_path = FakeProxyPath});
  auto page = Get("/article/" + std::to_string(id_));
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("og:image"), std::string::npos);
  EXPECT_EQ(page.body.find("\"image\":"), std::string::npos);
  EXPECT_EQ(page.body.find("harbour.example/img/"), std::string::npos);
}

TEST_F(ArticlePageTest, ImageTheProxyRefusesIsNotNamed) {
  int64_t refused = Put({source_, "harbour.example", "refused", "Refused image", 1, "en", "Text.",
                         "https://harbour.example/img/refused.jpg"});
  Start({.base_url = "https://desk.example", .image_path = FakeProxyPath});
  auto page = Get("/article/" + std::to_string(refused));
  EXPECT_EQ(page.body.find("og:image"), std::string::npos);
  EXPECT_EQ(page.body.find("refused.jpg"), std::string::npos);
  json api = json::parse(Get("/api/v1/articles/" + std::to_string(refused)).body);
  EXPECT_TRUE(api["lead_image"].is_null());
}

TEST_F(ArticlePageTest, WithoutTheProxyThePublishersImageIsNamedAsStored) {
  Start({.base_url = "https://desk.example"});
  auto page = Get("/article/" + std::to_string(id_));
  EXPECT_NE(page.body.find("<meta property=\"og:image\" content=\"https://harbour.example/img/storm.jpg\">"),
            std::string::npos);
  json api = json::parse(Get("/api/v1/articles/" + std::to_string(id_)).body);
  EXPECT_EQ(api["lead_image"]["url"], "https://harbour.example/img/storm.jpg");
}

TEST_F(ArticlePageTest, ApiImageUrlsGoThroughTheProxy) {
  Start({.base_url = "https://desk.example", .image_path = FakeProxyPath});
  const std::string image = Proxied("https://desk.example", "https://harbour.example/img/storm.jpg");
  json one = json::parse(Get("/api/v1/articles/" + std::to_string(id_)).body);
  EXPECT_EQ(one["lead_image"]["url"], image);
  json list = json::parse(Get("/api/v1/articles").body);
  ASSERT_EQ(list["articles"].size(), 1u);
  EXPECT_EQ(list["articles"][0]["lead_image_url"], image);
  json found = json::parse(Get("/api/v1/search?q=storm").body);
  ASSERT_EQ(found["results"].size(), 1u);
  EXPECT_EQ(found["results"][0]["lead_image_url"], image);
}

TEST_F(ArticlePageTest, ApiWithoutABaseUrlNamesImagesOnTheHostAsked) {
  // The API is never cached, so the Host of the request can name the site.
  Start({.image_path = FakeProxyPath});
  json one = json::parse(Get("/api/v1/articles/" + std::to_string(id_)).body);
  EXPECT_EQ(one["lead_image"]["url"], Proxied(base_, "https://harbour.example/img/storm.jpg"));
}

}  // namespace
}  // namespace herald::web
