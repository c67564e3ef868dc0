// ETag/304 and gzip negotiation: header parsing on its own, then the whole
// exchange over loopback with libcurl, checking the raw compressed bytes.
#include "httpd/http_cache.h"

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <zlib.h>
#include <brotli/decode.h>

#include "http_get.h"

namespace herald::httpd {
namespace {

using herald::testing::HttpGet;

// Inflates a gzip body; "" on any error.
std::string Gunzip(const std::string& data) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return "";
  std::string out;
  char buffer[4096];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - z.avail_out);
  }
  inflateEnd(&z);
  return rc == Z_STREAM_END ? out : "";
}

std::string Unbrotli(const std::string& data) {
  std::string out(1 << 20, '\0');
  size_t size = out.size();
  if (BrotliDecoderDecompress(data.size(), reinterpret_cast<const uint8_t*>(data.data()), &size,
                              reinterpret_cast<uint8_t*>(out.data())) != BROTLI_DECODER_RESULT_SUCCESS)
    return "";
  out.resize(size);
  return out;
}

TEST(HttpCacheHeaders, BrotliIsPreferredUnlessGzipHasTheHigherQuality) {
  EXPECT_EQ(ChooseEncoding("gzip, deflate, br"), Encoding::kBrotli);
  EXPECT_EQ(ChooseEncoding("BR;q=0.5, gzip;q=0.5"), Encoding::kBrotli);  // a tie goes to the smaller body
  EXPECT_EQ(ChooseEncoding("br;q=0.4, gzip;q=0.5"), Encoding::kGzip);
  EXPECT_EQ(ChooseEncoding("gzip"), Encoding::kGzip);
  EXPECT_EQ(ChooseEncoding("br;q=0, gzip"), Encoding::kGzip);
  EXPECT_EQ(ChooseEncoding("*"), Encoding::kBrotli);
  EXPECT_EQ(ChooseEncoding("*;q=0.1, br;q=0"), Encoding::kGzip);
  EXPECT_EQ(ChooseEncoding("br;q=0, gzip;q=0"), Encoding::kIdentity);
  EXPECT_EQ(ChooseEncoding(""), Encoding::kIdentity);
  EXPECT_EQ(ChooseEncoding("identity, deflate"), Encoding::kIdentity);
  EXPECT_EQ(ChooseEncoding("brotli, br2, ;q=1"), Encoding::kIdentity);
  EXPECT_EQ(ChooseEncoding("br;q=2"), Encoding::kIdentity);  // out of range: malformed, refused
}

TEST(HttpCacheHeaders, HttpDatesRoundTripInEveryAcceptedForm) {
  EXPECT_EQ(HttpDate(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
  EXPECT_EQ(ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"), 784111777);
  EXPECT_EQ(ParseHttpDate("Sun Nov  6 08:49:37 1994"), 784111777);
  EXPECT_EQ(ParseHttpDate(HttpDate(1759377180)), 1759377180);
  EXPECT_FALSE(ParseHttpDate(""));
  EXPECT_FALSE(ParseHttpDate("yesterday"));
  EXPECT_FALSE(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT trailing"));
  EXPECT_FALSE(ParseHttpDate(std::string(10000, '9')));
}

TEST(HttpCacheNegotiate, LastModifiedAnswers304ToIfModifiedSinceUnlessAnEtagIsAsked) {
  const std::string modified = HttpDate(1759377180);
  Response page;
  page.body = "<p>page</p>";
  page.headers = {{"Last-Modified", modified}};
  auto ask = [&](std::map<std::string, std::string> headers) {
    Request request;
    request.method = "GET";
    request.headers = std::move(headers);
    return Negotiate(request, page).status;
  };
  EXPECT_EQ(ask({{"if-modified-since", modified}}), 304);
  EXPECT_EQ(ask({{"if-modified-since", HttpDate(1759377180 + 60)}}), 304);
  EXPECT_EQ(ask({{"if-modified-since", HttpDate(1759377180 - 1)}}), 200);
  EXPECT_EQ(ask({{"if-modified-since", "not a date"}}), 200);
  EXPECT_EQ(ask({{"if-modified-since", modified}, {"if-none-match", "\"other\""}}), 200);
  EXPECT_EQ(ask({}), 200);
  Response undated = page;
  undated.headers.clear();
  Request request;
  request.method = "GET";
  request.headers = {{"if-modified-since", modified}};
  EXPECT_EQ(Negotiate(request, undated).status, 200);  // no modification time stated: no guess
}

TEST(HttpCacheHeaders, AcceptEncodingHonoursQualityAndWildcard) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("br, gzip, deflate"));
  EXPECT_TRUE(AcceptsGzip("deflate, GZIP;q=0.5"));
  EXPECT_TRUE(AcceptsGzip("x-gzip"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("identity"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0, *"));  // an explicit refusal beats the wildcard
  EXPECT_FALSE(AcceptsGzip("*;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=banana"));
  EXPECT_FALSE(AcceptsGzip("gzipped, gzip2"));
  EXPECT_FALSE(AcceptsGzip(",,,;;;q=="));
}

TEST(HttpCacheHeaders, IfNoneMatchUsesWeakComparison) {
  EXPECT_TRUE(EtagMatches("\"abc\"", "\"abc\""));
  EXPECT_TRUE(EtagMatches("\"x\", \"abc\"", "\"abc\""));
  EXPECT_TRUE(EtagMatches("W/\"abc\"", "\"abc\""));
  EXPECT_TRUE(EtagMatches("*", "\"abc\""));
  EXPECT_FALSE(EtagMatches("\"abc-gzip\"", "\"abc\""));
  EXPECT_FALSE(EtagMatches("abc", "\"abc\""));
  EXPECT_FALSE(EtagMatches("\"ab\"", "\"abc\""));
  EXPECT_FALSE(EtagMatches(",,", "\"abc\""));
}

TEST(HttpCacheHeaders, OnlyTextTypesAreCompressible) {
  EXPECT_TRUE(IsCompressible("text/html; charset=utf-8"));
  EXPECT_TRUE(IsCompressible("application/json; charset=utf-8"));
  EXPECT_TRUE(IsCompressible("application/rss+xml"));
  EXPECT_TRUE(IsCompressible("application/feed+json"));
  EXPECT_TRUE(IsCompressible("TEXT/CSS"));
  EXPECT_FALSE(IsCompressible("image/jpeg"));
  EXPECT_FALSE(IsCompressible("application/octet-stream"));
  EXPECT_FALSE(IsCompressible(""));
}

TEST(HttpCacheNegotiate, StreamedResponsesAreLeftAlone) {
  Request request;
  request.method = "GET";
  request.headers = {{"accept-encoding", "gzip"}, {"if-none-match", "*"}};
  Response streamed;
  streamed.content_type = "application/rss+xml";
  streamed.stream = [](std::string&) { return false; };
  Response out = Negotiate(request, streamed);
  EXPECT_EQ(out.status, 200);  // not a 304 for a body no one has seen
  EXPECT_TRUE(out.headers.empty());
  EXPECT_TRUE(static_cast<bool>(out.stream));
}

// A server whose handler answers through Negotiate, as the site does.
class HttpCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    page_.clear();
    for (int i = 0; i < 200; ++i) page_ += "<p>Typhoon Ragasa nears the harbour, paragraph " + std::to_string(i) + "</p>\n";
    auto server = Server::Start({}, [this](const Request& req) {
      Response r;
      r.headers.push_back({"Cache-Control", "no-cache"});
      if (req.path == "/page") r.body = page_;
      else if (req.path == "/small") r.body = "tiny";
      else if (req.path == "/image") r.content_type = "image/png", r.body = std::string(1000, 'x');
      else r.status = 404, r.body = page_;
      return Negotiate(req, std::move(r));
    });
    ASSERT_TRUE(server.ok());
    server_ = std::move(*server);
    base_ = server_->base_url();
  }

  std::string page_;
  std::unique_ptr<Server> server_;
  std::string base_;
};

TEST_F(HttpCacheTest, GzipOnlyWhenAcceptedAndTheBytesInflateToThePage) {
  auto plain = HttpGet(base_ + "/page");
  ASSERT_EQ(plain.status, 200);
  EXPECT_EQ(plain.body, page_);
  EXPECT_EQ(plain.headers.count("content-encoding"), 0u);
  EXPECT_EQ(plain.headers["vary"], "Accept-Encoding");
  EXPECT_EQ(plain.headers["cache-control"], "no-cache");

  auto packed = HttpGet(base_ + "/page", {{"Accept-Encoding", "br;q=0.5, gzip;q=0.8"}});
  ASSERT_EQ(packed.status, 200);
  EXPECT_EQ(packed.headers["content-encoding"], "gzip");
  EXPECT_EQ(packed.headers["vary"], "Accept-Encoding");
  EXPECT_EQ(packed.headers["content-length"], std::to_string(packed.body.size()));
  EXPECT_LT(packed.body.size(), page_.size() / 4);
  EXPECT_EQ(Gunzip(packed.body), page_);
  // Two representations, two strong validators.
  EXPECT_NE(packed.headers["etag"], plain.headers["etag"]);
  EXPECT_EQ(packed.headers["etag"].front(), '"');

  EXPECT_EQ(HttpGet(base_ + "/page", {{"Accept-Encoding", "gzip;q=0"}}).body, page_);
}

TEST_F(HttpCacheTest, BrotliWhenAcceptedWithItsOwnValidator) {
  auto br = HttpGet(base_ + "/page", {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_EQ(br.status, 200);
  EXPECT_EQ(br.headers["content-encoding"], "br");
  EXPECT_EQ(br.headers["vary"], "Accept-Encoding");
  EXPECT_EQ(Unbrotli(br.body), page_);
  auto gz = HttpGet(base_ + "/page", {{"Accept-Encoding", "gzip"}});
  auto plain = HttpGet(base_ + "/page");
  EXPECT_LT(br.body.size(), gz.body.size());
  EXPECT_NE(br.headers["etag"], gz.headers["etag"]);
  EXPECT_NE(br.headers["etag"], plain.headers["etag"]);
  auto again = HttpGet(base_ + "/page", {{"Accept-Encoding", "br"}, {"If-None-Match", br.headers["etag"]}});
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.headers["etag"], br.headers["etag"]);
  // Another representation's validator does not revalidate this one.
  EXPECT_EQ(HttpGet(base_ + "/page", {{"Accept-Encoding", "br"}, {"If-None-Match", gz.headers["etag"]}}).status, 200);
}

TEST_F(HttpCacheTest, SmallBodiesNonTextAndErrorsAreSentAsTheyAre) {
  auto small = HttpGet(base_ + "/small", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(small.body, "tiny");
  EXPECT_EQ(small.headers.count("content-encoding"), 0u);
  auto image = HttpGet(base_ + "/image", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(image.body, std::string(1000, 'x'));
  EXPECT_EQ(image.headers.count("content-encoding"), 0u);
  EXPECT_EQ(image.headers.count("vary"), 0u);
  EXPECT_EQ(image.headers.count("etag"), 1u);
  auto missing = HttpGet(base_ + "/missing", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, page_);
  EXPECT_EQ(missing.headers.count("etag"), 0u);
}

TEST_F(HttpCacheTest, IfNoneMatchAnswers304WithoutABody) {
  for (const char* encoding : {"identity", "gzip"}) {
    SCOPED_TRACE(encoding);
    auto first = HttpGet(base_ + "/page", {{"Accept-Encoding", encoding}});
    std::string etag = first.headers["etag"];
    ASSERT_FALSE(etag.empty());
    auto again = HttpGet(base_ + "/page", {{"Accept-Encoding", encoding}, {"If-None-Match", etag}});
    EXPECT_EQ(again.status, 304);
    EXPECT_EQ(again.body, "");
    EXPECT_EQ(again.headers["etag"], etag);
    EXPECT_EQ(again.headers["cache-control"], "no-cache");
    EXPECT_EQ(again.headers["vary"], "Accept-Encoding");
    EXPECT_EQ(again.headers.count("content-encoding"), 0u);
    auto list = HttpGet(base_ + "/page", {{"Accept-Encoding", encoding}, {"If-None-Match", "\"stale\", W/" + etag}});
    EXPECT_EQ(list.status, 304);
  }
  auto stale = HttpGet(base_ + "/page", {{"If-None-Match", "\"0123\""}});
  EXPECT_EQ(stale.status, 200);
  EXPECT_EQ(stale.body, page_);
  // The gzip validator does not revalidate the identity body.
  auto gz = HttpGet(base_ + "/page", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(HttpGet(base_ + "/page", {{"If-None-Match", gz.headers["etag"]}}).status, 200);
}

size_t CollectHeader(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

// HEAD through libcurl itself: same validators and length as GET, no body;
// and curl's own gzip decoding (as a browser would) yields the page.
TEST_F(HttpCacheTest, HeadAndARealClientsDecoding) {
  CURL* curl = curl_easy_init();
  ASSERT_NE(curl, nullptr);
  std::string head;
  curl_easy_setopt(curl, CURLOPT_URL, (base_ + "/page").c_str());
  curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, CollectHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &head);
  struct curl_slist* headers = curl_slist_append(nullptr, "Accept-Encoding: gzip");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  ASSERT_EQ(curl_easy_perform(curl), CURLE_OK);
  auto get = HttpGet(base_ + "/page", {{"Accept-Encoding", "gzip"}});
  EXPECT_NE(head.find("ETag: " + get.headers["etag"]), std::string::npos) << head;
  EXPECT_NE(head.find("Content-Encoding: gzip"), std::string::npos) << head;
  EXPECT_NE(head.find("Content-Length: " + std::to_string(get.body.size())), std::string::npos) << head;
  curl_slist_free_all(headers);

  std::string body;
  curl_easy_reset(curl);
  curl_easy_setopt(curl, CURLOPT_URL, (base_ + "/page").c_str());
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "gzip");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, CollectHeader);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  ASSERT_EQ(curl_easy_perform(curl), CURLE_OK);
  EXPECT_EQ(body, page_);
  curl_easy_cleanup(curl);
}

}  // namespace
}  // namespace herald::httpd
