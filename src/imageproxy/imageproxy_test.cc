#include "imageproxy/imageproxy.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <thread>
#include <vector>

#include "http_get.h"
#include "imageproxy/image_type.h"
#include "imageproxy/test_images.h"
#include "imageproxy/thumbnail.h"
#include "imageproxy/url_signer.h"

namespace herald::imageproxy {
namespace {

namespace fs = std::filesystem;
using herald::testing::HttpGet;

class ImageProxyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { site_ = new testing::ImageSite(); }
  static void TearDownTestSuite() {
    delete site_;
    site_ = nullptr;
  }

  void SetUp() override {
    data_ = fs::temp_directory_path() / ("herald-imageproxy-" + std::to_string(getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(data_);
    fs::create_directories(data_);
    Start(Options());
  }
  void TearDown() override {
    server_.reset();
    proxy_.reset();
    fs::remove_all(data_);
  }

  ImageProxyOptions Options() const {
    ImageProxyOptions options;
    options.data_dir = data_.string();
    options.fetch.allow_private_networks = true;  // the publisher is on loopback
    options.fetch.per_host_delay_ms = 0;
    options.fetch.max_retries = 0;
    return options;
  }
  void Start(const ImageProxyOptions& options) {
    server_.reset();
    auto proxy = ImageProxy::Open(options);
    ASSERT_TRUE(proxy.ok()) << proxy.message();
    proxy_ = std::move(*proxy);
    httpd::ServerOptions server_options;
    server_options.threads = 4;
    auto server = httpd::Server::Start(server_options, [this](const httpd::Request& r) { return proxy_->Serve(r); });
    ASSERT_TRUE(server.ok()) << server.message();
    server_ = std::move(*server);
  }

  // A proxied image fetched over HTTP, as a reader's browser would.
  herald::testing::HttpResult Get(const std::string& image_path, int width) {
    std::string path = proxy_->ProxyPath(site_->Url(image_path), width);
    EXPECT_FALSE(path.empty());
    return HttpGet(server_->base_url() + path);
  }
  // Calls Serve directly with an already-decoded path, as httpd hands it over.
  int ServeStatus(const std::string& path) {
    httpd::Request request;
    request.method = "GET";
    request.path = path;
    request.target = path;
    return proxy_->Serve(request).status;
  }
  std::vector<fs::path> CachedImages() const {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(data_ / "images"))
      if (!entry.path().string().ends_with(".fail")) files.push_back(entry.path());
    return files;
  }

  static testing::ImageSite* site_;
  fs::path data_;
  std::unique_ptr<ImageProxy> proxy_;
  std::unique_ptr<httpd::Server> server_;
};

testing::ImageSite* ImageProxyTest::site_ = nullptr;

TEST_F(ImageProxyTest, ProxyPathIsSignedAndSnapsTheWidth) {
  std::string url = site_->Url("/photo.jpg");
  std::string path = proxy_->ProxyPath(url, 320);
  EXPECT_TRUE(path.starts_with("/img/")) << path;
  EXPECT_NE(path.find("/320/" + Base64UrlEncode(url)), std::string::npos) << path;
  EXPECT_NE(proxy_->ProxyPath(url, 300).find("/320/"), std::string::npos);
  EXPECT_NE(proxy_->ProxyPath(url, 641).find("/1280/"), std::string::npos);
  EXPECT_NE(proxy_->ProxyPath(url, 5000).find("/0/"), std::string::npos);
  EXPECT_NE(proxy_->ProxyPath(url, 0).find("/0/"), std::string::npos);
  EXPECT_EQ(proxy_->ProxyPath("file:///etc/passwd", 320), "");
  EXPECT_EQ(proxy_->ProxyPath("javascript:alert(1)", 320), "");
  EXPECT_EQ(proxy_->ProxyPath("data:image/png;base64,AAAA", 320), "");
  EXPECT_EQ(proxy_->ProxyPath("", 320), "");
}

TEST_F(ImageProxyTest, ServesAResizedJpegWithSafeHeaders) {
  auto result = Get("/photo.jpg", 320);
  ASSERT_EQ(result.status, 200) << result.body;
  EXPECT_EQ(result.content_type, "image/jpeg");
  EXPECT_EQ(result.headers["cache-control"], "public, max-age=31536000, immutable");
  EXPECT_EQ(result.headers["x-content-type-options"], "nosniff");
  EXPECT_EQ(result.headers["content-security-policy"], "default-src 'none'");
  EXPECT_FALSE(result.headers["etag"].empty());
  auto size = ReadImageSize(result.body);
  ASSERT_TRUE(size.ok()) << size.message();
  EXPECT_EQ(*size, std::make_pair(320, 160));
}

TEST_F(ImageProxyTest, NeverUpscales) {
  auto result = Get("/small.png", 1280);
  ASSERT_EQ(result.status, 200) << result.body;
  EXPECT_EQ(result.content_type, "image/jpeg");
  auto size = ReadImageSize(result.body);
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(*size, std::make_pair(200, 100));
}

TEST_F(ImageProxyTest, TransparencyIsServedAsWebp) {
  auto result = Get("/alpha.png", 320);
  ASSERT_EQ(result.status, 200) << result.body;
  EXPECT_EQ(result.content_type, "image/webp");
  EXPECT_EQ(SniffImageType(result.body), ImageType::kWebp);
}

TEST_F(ImageProxyTest, GifIsServedAsJpeg) {
  auto result = Get("/anim.gif", 0);
  ASSERT_EQ(result.status, 200) << result.body;
  EXPECT_EQ(result.content_type, "image/jpeg");
}

TEST_F(ImageProxyTest, CacheHitDoesNotRefetchEvenAfterARestart) {
  std::string url = site_->Url("/photo.jpg?hit");
  std::string path = proxy_->ProxyPath(url, 640);
  auto first = HttpGet(server_->base_url() + path);
  ASSERT_EQ(first.status, 200) << first.body;
  auto second = HttpGet(server_->base_url() + path);
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(site_->Requests("/photo.jpg?hit"), 1);

  Start(Options());  // same data folder: same secret, same cache
  EXPECT_EQ(proxy_->ProxyPath(url, 640), path);
  auto third = HttpGet(server_->base_url() + path);
  ASSERT_EQ(third.status, 200);
  EXPECT_EQ(third.body, first.body);
  EXPECT_EQ(site_->Requests("/photo.jpg?hit"), 1);
}

TEST_F(ImageProxyTest, EtagAnswers304) {
  std::string path = proxy_->ProxyPath(site_->Url("/photo.jpg"), 320);
  auto first = HttpGet(server_->base_url() + path);
  ASSERT_EQ(first.status, 200);
  auto again = HttpGet(server_->base_url() + path, {{"If-None-Match", first.headers["etag"]}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
}

TEST_F(ImageProxyTest, DecompressionBombIsRefusedAndRemembered) {
  auto result = Get("/bomb.png", 320);
  EXPECT_EQ(result.status, 413) << result.body;
  EXPECT_EQ(result.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(result.headers["x-content-type-options"], "nosniff");
  auto again = Get("/bomb.png", 320);
  EXPECT_EQ(again.status, 413);
  EXPECT_EQ(site_->Requests("/bomb.png"), 1);  // the failure is cached, not refetched
  EXPECT_TRUE(CachedImages().empty());
}

TEST_F(ImageProxyTest, ContentTypeAndMagicMustAgree) {
  for (const char* path : {"/html.jpg", "/image.svg", "/svg.png", "/png-as.jpg"}) {
    auto result = Get(path, 320);
    EXPECT_EQ(result.status, 415) << path << ": " << result.body;
    EXPECT_EQ(result.content_type, "text/plain; charset=utf-8") << path;
    EXPECT_EQ(result.body.find("<"), std::string::npos) << path;  // nothing of the upstream body
  }
  EXPECT_TRUE(CachedImages().empty());
}

TEST_F(ImageProxyTest, OversizedBodyIsRefused) {
  auto result = Get("/huge.jpg", 320);
  EXPECT_EQ(result.status, 403) << result.body;
  EXPECT_TRUE(CachedImages().empty());
}

TEST_F(ImageProxyTest, UpstreamErrorIsRememberedBriefly) {
  auto result = Get("/missing.jpg", 320);
  EXPECT_EQ(result.status, 502) << result.body;
  EXPECT_EQ(Get("/missing.jpg", 320).status, 502);
  EXPECT_EQ(site_->Requests("/missing.jpg"), 1);
}

TEST_F(ImageProxyTest, BadSignatureIs403) {
  std::string url = site_->Url("/photo.jpg?signature");
  std::string encoded = Base64UrlEncode(url);
  std::string path = proxy_->ProxyPath(url, 320);
  std::string signature = path.substr(5, 43);
  std::string flipped = signature;
  flipped[0] = flipped[0] == 'A' ? 'B' : 'A';
  EXPECT_EQ(HttpGet(server_->base_url() + "/img/" + flipped + "/320/" + encoded).status, 403);
  // A signature for one width does not open another.
  EXPECT_EQ(HttpGet(server_->base_url() + "/img/" + signature + "/640/" + encoded).status, 403);
  // Nor for another URL.
  EXPECT_EQ(HttpGet(server_->base_url() + "/img/" + signature + "/320/" + Base64UrlEncode(url + "x")).status, 403);
  // A signature made with another secret.
  UrlSigner stranger(std::string(32, 's'));
  EXPECT_EQ(HttpGet(server_->base_url() + "/img/" + stranger.Sign(320, url) + "/320/" + encoded).status, 403);
  EXPECT_EQ(site_->Requests("/photo.jpg?signature"), 0);
}

TEST_F(ImageProxyTest, MalformedPathsAre404) {
  std::string url = site_->Url("/photo.jpg");
  std::string path = proxy_->ProxyPath(url, 320);
  std::string signature = path.substr(5, 43);
  std::string encoded = Base64UrlEncode(url);
  for (const std::string& bad : std::vector<std::string>{"/img/", "/img/x", "/img/" + signature, "/img/" + signature + "/320",
                          "/img/" + signature + "/320/", "/img/" + signature + "/321/" + encoded,
                          "/img/" + signature + "/0320/" + encoded, "/img/" + signature + "/-1/" + encoded,
                          "/img/" + signature + "/320/" + encoded + "=", "/img/" + signature + "/320/" + encoded + "/",
                          "/img//320/" + encoded, "/img/" + signature + "/99999999999/" + encoded,
                          "/img/" + signature + "/320/" + Base64UrlEncode("file:///etc/passwd"),
                          "/img/" + signature + "/320/" + Base64UrlEncode("http://a.example/\r\nX: y")}) {
    EXPECT_EQ(ServeStatus(bad), 404) << bad;
  }
}

TEST_F(ImageProxyTest, PathTraversalFindsNothing) {
  std::string url = site_->Url("/photo.jpg");
  std::string path = proxy_->ProxyPath(url, 320);
  std::string signature = path.substr(5, 43);
  std::string encoded = Base64UrlEncode(url);
  ASSERT_EQ(ServeStatus(path), 200);
  for (std::string dots : std::vector<std::string>{"..", "%2e%2e", "..%2f..%2f..%2fetc%2fpasswd", "../../../../etc/passwd",
                           "%2e%2e%2f%2e%2e%2fimage_proxy.key", "..\\..\\image_proxy.key", "."}) {
    std::vector<std::string> attempts = {"/img/" + dots + "/320/" + encoded,
                                         "/img/" + signature + "/" + dots + "/" + encoded,
                                         "/img/" + signature + "/320/" + dots,
                                         "/img/" + signature + "/320/" + encoded + "/" + dots,
                                         "/img/" + dots + "/" + dots + "/" + dots,
                                         "/img/" + dots};
    for (const std::string& attempt : attempts) {
      // Both as httpd decodes it and as it arrives over the wire.
      int status = ServeStatus(attempt);
      EXPECT_TRUE(status == 404 || status == 403) << attempt << " -> " << status;
      auto over_http = HttpGet(server_->base_url() + attempt);
      EXPECT_TRUE(over_http.status == 404 || over_http.status == 403) << attempt << " -> " << over_http.status;
      EXPECT_EQ(over_http.body.find("image_proxy"), std::string::npos);
    }
  }
  // Nothing was written outside the cache folder, and inside it only hashed names.
  for (const auto& entry : fs::recursive_directory_iterator(data_)) {
    std::string name = entry.path().filename().string();
    if (entry.path().parent_path() == data_) {
      EXPECT_TRUE(name == "images" || name == "image_proxy.key") << entry.path();
    } else {
      EXPECT_EQ(entry.path().parent_path(), data_ / "images");
      EXPECT_EQ(name.substr(0, 64).find_first_not_of("0123456789abcdef"), std::string::npos) << name;
    }
  }
}

TEST_F(ImageProxyTest, OnlyGetAndHead) {
  httpd::Request request;
  request.method = "POST";
  request.path = proxy_->ProxyPath(site_->Url("/photo.jpg"), 320);
  EXPECT_EQ(proxy_->Serve(request).status, 405);
}

TEST_F(ImageProxyTest, PrivateAddressRefusedWhenNotAllowed) {
  ImageProxyOptions options = Options();
  options.fetch.allow_private_networks = false;
  Start(options);
  auto result = Get("/photo.jpg?private", 320);
  EXPECT_EQ(result.status, 403) << result.body;
  EXPECT_EQ(site_->Requests("/photo.jpg?private"), 0);
}

TEST_F(ImageProxyTest, ConcurrentRequestsFetchOnce) {
  std::string path = proxy_->ProxyPath(site_->Url("/slow.jpg"), 320);
  std::vector<herald::testing::HttpResult> results(4);
  std::vector<std::thread> readers;
  for (auto& result : results)
    readers.emplace_back([&, path] { result = HttpGet(server_->base_url() + path); });
  for (auto& reader : readers) reader.join();
  for (const auto& result : results) {
    EXPECT_EQ(result.status, 200) << result.body;
    EXPECT_EQ(result.body, results[0].body);
  }
  EXPECT_EQ(site_->Requests("/slow.jpg"), 1);
}

TEST_F(ImageProxyTest, CacheCapEvictsTheLeastRecentlyUsed) {
  // One 320-wide photo fits, two do not.
  auto probe = Get("/photo.jpg", 320);
  ASSERT_EQ(probe.status, 200);
  ImageProxyOptions options = Options();
  options.cache_max_bytes = probe.body.size() * 3 / 2;
  fs::remove_all(data_ / "images");
  Start(options);

  ASSERT_EQ(Get("/photo.jpg?a", 320).status, 200);
  ASSERT_EQ(Get("/photo.jpg?b", 320).status, 200);  // evicts a
  EXPECT_EQ(CachedImages().size(), 1u);
  ASSERT_EQ(Get("/photo.jpg?b", 320).status, 200);
  EXPECT_EQ(site_->Requests("/photo.jpg?b"), 1);
  ASSERT_EQ(Get("/photo.jpg?a", 320).status, 200);
  EXPECT_EQ(site_->Requests("/photo.jpg?a"), 2);  // was evicted, fetched again
  uint64_t total = 0;
  for (const auto& file : CachedImages()) total += fs::file_size(file);
  EXPECT_LE(total, options.cache_max_bytes);
}

}  // namespace
}  // namespace herald::imageproxy
