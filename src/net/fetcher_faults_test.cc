// The fetcher against servers that are slow, silent, endless, oversized,
// looping or otherwise hostile, and against URLs it must never fetch.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "net/fetcher.h"
#include "net/testutil.h"

namespace herald::net {
namespace {

using testing::FixtureSite;
using testing::Get;
using testing::RawServer;

FetchOptions LoopbackOptions() {
  FetchOptions options;
  options.allow_private_networks = true;
  options.per_host_delay_ms = 0;
  options.max_retries = 0;  // retries have their own tests
  options.timeout_seconds = 10;  // generous: only the timeout tests should time out
  options.max_body_bytes = 64 * 1024;
  return options;
}

FetchOptions ShortTimeoutOptions() {
  FetchOptions options = LoopbackOptions();
  options.timeout_seconds = 1;
  options.connect_timeout_seconds = 1;
  return options;
}

void ExpectError(const Result<FetchResponse>& r, ErrorKind kind, const std::string& needle) {
  ASSERT_FALSE(r.ok()) << "expected an error containing '" << needle << "'";
  EXPECT_EQ(r.error().kind, kind) << r.message();
  EXPECT_NE(r.message().find(needle), std::string::npos) << r.message();
}

TEST(FetcherFaultsTest, SlowResponseTimesOutAsNetworkError) {
  FixtureSite site;
  std::string url = site.Url("/slow");
  Result<FetchResponse> r = Fetcher(ShortTimeoutOptions()).Fetch(Get(url));
  ExpectError(r, ErrorKind::kNetwork, "timed out");
  EXPECT_NE(r.message().find(url), std::string::npos);
  EXPECT_NE(r.message().find("timeout_seconds"), std::string::npos);
}

TEST(FetcherFaultsTest, ServerThatNeverAnswersTimesOut) {
  RawServer silent(RawServer::Mode::kSilent);
  Result<FetchResponse> r = Fetcher(ShortTimeoutOptions()).Fetch(Get(silent.Url("/feed.xml")));
  ExpectError(r, ErrorKind::kNetwork, "timed out");
  EXPECT_EQ(silent.connections(), 1);
}

TEST(FetcherFaultsTest, EndlessBodyIsAbortedAtTheCap) {
  RawServer endless(RawServer::Mode::kEndless);
  FetchOptions options = LoopbackOptions();
  std::string url = endless.Url("/stream");
  Result<FetchResponse> r = Fetcher(options).Fetch(Get(url));
  ExpectError(r, ErrorKind::kRefused, "64 KiB cap");
  EXPECT_NE(r.message().find(url), std::string::npos);
  EXPECT_NE(r.message().find("max_body_bytes"), std::string::npos);
}

TEST(FetcherFaultsTest, EndlessBodyUnderALargeCapTimesOut) {
  RawServer endless(RawServer::Mode::kEndless);
  FetchOptions options = ShortTimeoutOptions();
  options.max_body_bytes = size_t{1} << 30;
  Result<FetchResponse> r = Fetcher(options).Fetch(Get(endless.Url("/stream")));
  ExpectError(r, ErrorKind::kNetwork, "timed out");
}

TEST(FetcherFaultsTest, AnnouncedBodyOverTheCapIsRefused) {
  FixtureSite site;
  Result<FetchResponse> r = Fetcher(LoopbackOptions()).Fetch(Get(site.Url("/big?bytes=65537")));
  ExpectError(r, ErrorKind::kRefused, "larger than the 64 KiB cap");
}

TEST(FetcherFaultsTest, BodyExactlyAtTheCapIsAccepted) {
  FixtureSite site;
  Result<FetchResponse> r = Fetcher(LoopbackOptions()).Fetch(Get(site.Url("/big?bytes=65536")));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r->body.size(), 65536u);
}

TEST(FetcherFaultsTest, CapAppliesToDecodedBytesOfAGzipBomb) {
  FixtureSite site;
  // One MiB of zeros gzips to about a kilobyte: under the cap on the wire.
  Result<FetchResponse> r = Fetcher(LoopbackOptions()).Fetch(Get(site.Url("/gzip-bomb?bytes=1048576")));
  ExpectError(r, ErrorKind::kRefused, "cap");
}

TEST(FetcherFaultsTest, RedirectLoopIsAnError) {
  FixtureSite site;
  Result<FetchResponse> r = Fetcher(LoopbackOptions()).Fetch(Get(site.Url("/loop")));
  ExpectError(r, ErrorKind::kHttp, "redirect loop");
}

TEST(FetcherFaultsTest, NonHttpSchemesAreRefusedWithoutAnyIo) {
  FixtureSite site;
  RawServer raw(RawServer::Mode::kSilent);
  std::string port = std::to_string(site.port());
  Fetcher fetcher(LoopbackOptions());
  const std::vector<std::string> urls = {"file:///etc/passwd", "ftp://127.0.0.1:" + port + "/",
                                         "gopher://127.0.0.1:" + port + "/", "dict://127.0.0.1:" + port + "/",
                                         "javascript:alert(1)", "", "127.0.0.1:" + port + "/plain"};
  for (const std::string& url : urls) {
    Result<FetchResponse> r = fetcher.Fetch(Get(url));
    ExpectError(r, ErrorKind::kRefused, "only http and https");
  }
  EXPECT_EQ(site.requests_seen(), 0);
  EXPECT_EQ(raw.connections(), 0);
}

TEST(FetcherFaultsTest, RedirectToNonHttpSchemeIsRefused) {
  FixtureSite site;
  Fetcher fetcher(LoopbackOptions());
  for (const std::string target : {"file:///etc/passwd", "ftp://127.0.0.1/"}) {
    Result<FetchResponse> r = fetcher.Fetch(Get(site.Url("/redirect-to?url=" + target)));
    ExpectError(r, ErrorKind::kRefused, "not http or https");
  }
}

TEST(FetcherFaultsTest, MalformedHttpUrlIsInvalidInput) {
  Fetcher fetcher(LoopbackOptions());
  for (const std::string url : {"http://", "http://[::1/feed", "http://bad host/feed", "http://:80/"}) {
    Result<FetchResponse> r = fetcher.Fetch(Get(url));
    ASSERT_FALSE(r.ok()) << url;
    EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput) << url << ": " << r.message();
  }
}

TEST(FetcherFaultsTest, RefusedConnectionIsANetworkError) {
  std::string url = "http://127.0.0.1:" + std::to_string(testing::UnusedPort()) + "/feed";
  Result<FetchResponse> r = Fetcher(LoopbackOptions()).Fetch(Get(url));
  ExpectError(r, ErrorKind::kNetwork, url);
}

TEST(FetcherFaultsTest, ValidatorWithLineBreakIsNotSent) {
  FixtureSite site;
  // A stored ETag smuggling a header must not reach the wire; the fetch
  // falls back to unconditional (200, not 304).
  Result<FetchResponse> r =
      Fetcher(LoopbackOptions()).Fetch(Get(site.Url("/etag"), "\"v1\"\r\nX-Injected: 1", ""));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r->status, 200);
}

TEST(FetcherFaultsTest, OneBadSourceDoesNotSpoilTheBatch) {
  FixtureSite site;
  RawServer silent(RawServer::Mode::kSilent);
  std::vector<FetchRequest> requests = {
      Get(silent.Url("/")), Get(site.Url("/plain")), Get("file:///etc/passwd"), Get(site.Url("/big?bytes=70000")),
      Get(site.Url("/gzip"))};
  std::vector<Result<FetchResponse>> results = Fetcher(ShortTimeoutOptions()).FetchAll(requests);
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results[0].ok() ? ErrorKind::kInternal : results[0].error().kind, ErrorKind::kNetwork);
  EXPECT_TRUE(results[1].ok());
  EXPECT_FALSE(results[2].ok());
  EXPECT_FALSE(results[3].ok());
  ASSERT_TRUE(results[4].ok());
  EXPECT_EQ(results[4]->body, FixtureSite::kGzipText);
}

TEST(FetcherFaultsTest, BotProtectionIsNamedInPlainWords) {
  FixtureSite site;
  FetchOptions options = LoopbackOptions();
  options.max_retries = 2;  // a challenge is not retried even when retries are on
  options.retry_base_delay_ms = 10;
  Fetcher fetcher(options);
  const std::pair<const char*, const char*> cases[] = {
      {"/challenge/cloudflare", "blocked by bot protection (Cloudflare challenge)"},
      {"/challenge/cloudflare-503", "blocked by bot protection (Cloudflare challenge)"},
      {"/challenge/datadome", "blocked by bot protection (DataDome)"},
      {"/challenge/perimeterx", "blocked by bot protection (PerimeterX)"},
  };
  for (const auto& [path, words] : cases) {
    Result<FetchResponse> r = fetcher.Fetch(Get(site.Url(path)));
    ExpectError(r, ErrorKind::kHttp, words);
    EXPECT_NE(r.message().find("refuses automated readers"), std::string::npos) << r.message();
    EXPECT_EQ(site.requests_to(path), 1) << path;
  }
}

TEST(FetcherFaultsTest, PlainForbiddenIsNotCalledBotProtection) {
  FixtureSite site;
  Result<FetchResponse> r = Fetcher(LoopbackOptions()).Fetch(Get(site.Url("/status/403")));
  ExpectError(r, ErrorKind::kHttp, "HTTP 403");
  EXPECT_EQ(r.message().find("bot protection"), std::string::npos) << r.message();
}

TEST(FetcherFaultsTest, SlowDripIsCutOffByTheTotalTimeout) {
  RawServer drip(RawServer::Mode::kDrip);
  Result<FetchResponse> r = Fetcher(ShortTimeoutOptions()).Fetch(Get(drip.Url("/feed")));
  ExpectError(r, ErrorKind::kNetwork, "timed out");
}

}  // namespace
}  // namespace herald::net
