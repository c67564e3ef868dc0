// Pages served with the real image proxy: a reader's browser is only ever
// pointed at the site, and the site serves the images.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "http_get.h"
#include "imageproxy/imageproxy.h"
#include "imageproxy/test_images.h"
#include "imageproxy/thumbnail.h"
#include "web/site.h"

namespace herald::web {
namespace {

using herald::testing::HttpGet;

// Every src="..." value in a page.
std::vector<std::string> SourceAttributes(const std::string& html) {
  static const std::regex kSrc("\\ssrc\\s*=\\s*[\"']?([^\"'\\s>]*)", std::regex::icase);
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), kSrc); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1].str());
  return out;
}

class ImageProxyPageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/herald-site-images-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    auto store = store::Store::Open({dir_ + "/herald.db"});
    ASSERT_TRUE(store.ok()) << store.message();
    store_ = std::move(*store);
    store::Source source;
    source.name = "Harbour";
    source.feed_url = publisher_.Url("/rss.xml");
    source_id_ = *store_->AddSource(source);

    imageproxy::ImageProxyOptions options;
    options.data_dir = dir_;
    options.fetch.allow_private_networks = true;  // the publisher is on loopback
    options.fetch.per_host_delay_ms = 0;
    auto proxy = imageproxy::ImageProxy::Open(options);
    ASSERT_TRUE(proxy.ok()) << proxy.message();
    proxy_ = std::move(*proxy);

    SiteOptions site_options;
    site_options.image_path = [this](std::string_view url, int width) { return proxy_->ProxyPath(url, width); };
    site_options.serve_image = [this](const httpd::Request& r) { return proxy_->Serve(r); };
    auto site = Site::Create(*store_, site_options);
    ASSERT_TRUE(site.ok()) << site.message();
    site_ = std::move(*site);
    auto server = httpd::Server::Start({}, [this](const httpd::Request& r) { return site_->Handle(r); });
    ASSERT_TRUE(server.ok()) << server.message();
    server_ = std::move(*server);
  }
  void TearDown() override {
    server_.reset();
    site_.reset();
    proxy_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  int64_t Put(const std::string& slug, const std::string& html) {
    store::Article a;
    a.source_id = source_id_;
    a.url = publisher_.Url("/" + slug);
    a.canonical_url = a.url;
    a.title = "Story " + slug;
    a.lead_image_url = publisher_.Url("/photo.jpg?lead");
    a.html = html;
    a.text = "Text.";
    a.excerpt = "Text.";
    a.language = "en";
    a.published = Timestamp{1759377180, 0, true};
    a.fetched_utc = 1759377200;
    EXPECT_TRUE(store_->PutArticle(a).ok());
    return a.id;
  }

  // Fetches every src of a page from the site; returns the images' widths.
  std::vector<int> FetchImages(const std::string& page) {
    std::vector<int> widths;
    for (const std::string& src : SourceAttributes(page)) {
      EXPECT_TRUE(src.starts_with("/img/")) << src;
      EXPECT_EQ(src.find("127.0.0.1"), std::string::npos) << src;
      auto image = HttpGet(server_->base_url() + src);
      EXPECT_EQ(image.status, 200) << src << ": " << image.body;
      EXPECT_TRUE(image.content_type == "image/jpeg" || image.content_type == "image/webp") << image.content_type;
      auto size = imageproxy::ReadImageSize(image.body);
      EXPECT_TRUE(size.ok()) << src;
      if (size.ok()) widths.push_back(size->first);
    }
    return widths;
  }

  imageproxy::testing::ImageSite publisher_;
  std::string dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<imageproxy::ImageProxy> proxy_;
  std::unique_ptr<Site> site_;
  std::unique_ptr<httpd::Server> server_;
  int64_t source_id_ = 0;
};

TEST_F(ImageProxyPageTest, ArticlePageNamesNoPublisherImage) {
  int64_t id = Put("a", "<p>One.</p><figure><img src=\"" + publisher_.Url("/small.png") +
                            "\" alt=\"small\"></figure><p><img src=\"" + publisher_.Url("/photo.jpg?in=body&amp;x=1") +
                            "\" alt=\"photo\" srcset=\"" + publisher_.Url("/photo.jpg?big") + " 2x\"></p>");
  auto page = HttpGet(server_->base_url() + "/article/" + std::to_string(id));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.headers["content-security-policy"].find("img-src 'self' data:"), std::string::npos)
      << page.headers["content-security-policy"];
  EXPECT_EQ(page.body.find("srcset"), std::string::npos);
  std::vector<std::string> sources = SourceAttributes(page.body);
  ASSERT_EQ(sources.size(), 3u) << page.body;  // lead image and two body images
  std::vector<int> widths = FetchImages(page.body);
  // The lead photo and the body photo at 1280 (never upscaled from 1000), the small PNG at its own 200.
  EXPECT_EQ(widths, (std::vector<int>{1000, 200, 1000}));
  EXPECT_EQ(publisher_.Requests("/photo.jpg?in=body&x=1"), 1);
  EXPECT_EQ(publisher_.Requests("/photo.jpg?big"), 0);
}

TEST_F(ImageProxyPageTest, TeaserThumbnailsAre320Wide) {
  Put("b", "<p>No images here.</p>");
  auto home = HttpGet(server_->base_url() + "/");
  ASSERT_EQ(home.status, 200);
  std::vector<std::string> sources = SourceAttributes(home.body);
  ASSERT_EQ(sources.size(), 1u) << home.body;
  EXPECT_NE(sources[0].find("/320/"), std::string::npos);
  EXPECT_EQ(FetchImages(home.body), (std::vector<int>{320}));
}

TEST_F(ImageProxyPageTest, ForgedImagePathIsRefusedThroughTheSite) {
  auto forged = HttpGet(server_->base_url() + "/img/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/320/" +
                        "aHR0cDovLzEyNy4wLjAuMS9waG90by5qcGc");
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(HttpGet(server_->base_url() + "/img/%2e%2e/%2e%2e/herald.db").status, 404);
}

}  // namespace
}  // namespace herald::web
