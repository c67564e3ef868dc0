#include "net/fetcher.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "net/testutil.h"

namespace herald::net {
namespace {

using testing::FixtureSite;
using testing::Get;

FetchOptions LoopbackOptions() {
  FetchOptions options;
  options.allow_private_networks = true;  // every fixture lives on 127.0.0.1
  options.per_host_delay_ms = 0;
  options.max_retries = 0;  // retries have their own tests
  options.timeout_seconds = 10;
  return options;
}

TEST(FetcherTest, FetchesBodyContentTypeAndFinalUrl) {
  FixtureSite site;
  Fetcher fetcher(LoopbackOptions());
  Result<FetchResponse> r = fetcher.Fetch(Get(site.Url("/plain")));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, FixtureSite::kPlainBody);
  EXPECT_EQ(r->content_type, "text/plain");
  EXPECT_EQ(r->url, site.Url("/plain"));
  EXPECT_EQ(r->etag, "");
}

TEST(FetcherTest, SendsConfiguredUserAgent) {
  FixtureSite site;
  FetchOptions options = LoopbackOptions();
  options.user_agent = "herald-test/1.0";
  Result<FetchResponse> r = Fetcher(options).Fetch(Get(site.Url("/ua")));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r->body, "herald-test/1.0");
}

TEST(FetcherTest, RecordsValidators) {
  FixtureSite site;
  Result<FetchResponse> r = Fetcher(LoopbackOptions()).Fetch(Get(site.Url("/etag")));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->etag, "\"v1\"");
  EXPECT_EQ(r->last_modified, FixtureSite::kLastModified);
  EXPECT_EQ(r->content_type, "application/rss+xml");
  EXPECT_EQ(r->body, "<rss/>");
}

TEST(FetcherTest, MatchingEtagGives304WithRequestValidators) {
  FixtureSite site;
  Result<FetchResponse> r =
      Fetcher(LoopbackOptions()).Fetch(Get(site.Url("/etag"), "\"v1\"", FixtureSite::kLastModified));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r->status, 304);
  EXPECT_EQ(r->body, "");
  // The fixture repeats no validators on 304; the request's are kept.
  EXPECT_EQ(r->etag, "\"v1\"");
  EXPECT_EQ(r->last_modified, FixtureSite::kLastModified);
}

TEST(FetcherTest, MatchingLastModifiedAloneGives304) {
  FixtureSite site;
  Result<FetchResponse> r = Fetcher(LoopbackOptions()).Fetch(Get(site.Url("/etag"), "", FixtureSite::kLastModified));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r->status, 304);
}

TEST(FetcherTest, StaleEtagGetsFullResponse) {
  FixtureSite site;
  Result<FetchResponse> r = Fetcher(LoopbackOptions()).Fetch(Get(site.Url("/etag"), "\"v0\""));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->etag, "\"v1\"");
  EXPECT_EQ(r->body, "<rss/>");
}

TEST(FetcherTest, FollowsRedirectChainAndReportsFinalUrl) {
  FixtureSite site;
  Result<FetchResponse> r = Fetcher(LoopbackOptions()).Fetch(Get(site.Url("/redirect/3")));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->url, site.Url("/plain"));
  EXPECT_EQ(r->body, FixtureSite::kPlainBody);
}

TEST(FetcherTest, RedirectChainLongerThanLimitIsAnError) {
  FixtureSite site;
  FetchOptions options = LoopbackOptions();
  options.max_redirects = 2;
  Result<FetchResponse> r = Fetcher(options).Fetch(Get(site.Url("/redirect/3")));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kHttp);
  EXPECT_NE(r.message().find("more than 2 redirects"), std::string::npos) << r.message();
}

TEST(FetcherTest, ErrorStatusesAreHttpErrorsNamingUrlAndStatus) {
  FixtureSite site;
  Fetcher fetcher(LoopbackOptions());
  for (int status : {404, 410, 500, 503}) {
    std::string url = site.Url("/status/" + std::to_string(status));
    Result<FetchResponse> r = fetcher.Fetch(Get(url));
    ASSERT_FALSE(r.ok()) << status;
    EXPECT_EQ(r.error().kind, ErrorKind::kHttp);
    EXPECT_NE(r.message().find(url), std::string::npos) << r.message();
    EXPECT_NE(r.message().find("HTTP " + std::to_string(status)), std::string::npos) << r.message();
  }
}

TEST(FetcherTest, DecodesGzipBodies) {
  FixtureSite site;
  Result<FetchResponse> r = Fetcher(LoopbackOptions()).Fetch(Get(site.Url("/gzip")));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r->body, FixtureSite::kGzipText);
  EXPECT_EQ(r->content_type, "text/html");
}

TEST(FetcherTest, ResultsComeBackInRequestOrder) {
  FixtureSite site;
  FetchOptions options = LoopbackOptions();
  options.max_parallel = 8;
  options.max_per_host = 8;
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 20; ++i) {
    // Interleave kinds of response so completions arrive out of order.
    std::string path = i % 5 == 4 ? "/status/404" : "/count?i=" + std::to_string(i);
    requests.push_back(Get(site.Url(path)));
  }
  std::vector<Result<FetchResponse>> results = Fetcher(options).FetchAll(requests);
  ASSERT_EQ(results.size(), requests.size());
  for (int i = 0; i < 20; ++i) {
    if (i % 5 == 4) {
      EXPECT_FALSE(results[i].ok()) << i;
      continue;
    }
    ASSERT_TRUE(results[i].ok()) << i << ": " << results[i].message();
    EXPECT_EQ(results[i]->body, std::to_string(i));
  }
}

TEST(FetcherTest, PerHostLimitBoundsConcurrentRequests) {
  FixtureSite site;
  FetchOptions options = LoopbackOptions();
  options.max_parallel = 16;
  options.max_per_host = 2;
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 12; ++i) requests.push_back(Get(site.Url("/count?i=" + std::to_string(i))));
  std::vector<Result<FetchResponse>> results = Fetcher(options).FetchAll(requests);
  for (const auto& r : results) EXPECT_TRUE(r.ok()) << r.message();
  EXPECT_LE(site.max_concurrent_count_requests(), 2);
  EXPECT_GE(site.max_concurrent_count_requests(), 1);
}

TEST(FetcherTest, OverallLimitBoundsConcurrentRequests) {
  FixtureSite site;
  FetchOptions options = LoopbackOptions();
  options.max_parallel = 1;
  options.max_per_host = 8;
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 6; ++i) requests.push_back(Get(site.Url("/count?i=" + std::to_string(i))));
  for (const auto& r : Fetcher(options).FetchAll(requests)) EXPECT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(site.max_concurrent_count_requests(), 1);
}

TEST(FetcherTest, PerHostDelayStillFetchesEverything) {
  FixtureSite site;
  FetchOptions options = LoopbackOptions();
  options.per_host_delay_ms = 5;
  std::vector<FetchRequest> requests(4, Get(site.Url("/plain")));
  for (const auto& r : Fetcher(options).FetchAll(requests)) EXPECT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(site.requests_seen(), 4);
}

TEST(FetcherTest, ProgressCallbackSeesEveryRequestOnce) {
  FixtureSite site;
  std::vector<FetchRequest> requests = {Get(site.Url("/plain")), Get("ftp://example.org/"),
                                       Get(site.Url("/status/500"))};
  std::vector<std::pair<size_t, size_t>> calls;
  Fetcher(LoopbackOptions()).FetchAll(requests, [&](size_t done, size_t total) { calls.emplace_back(done, total); });
  std::vector<std::pair<size_t, size_t>> expected = {{1, 3}, {2, 3}, {3, 3}};
  EXPECT_EQ(calls, expected);
}

TEST(FetcherTest, EmptyRequestListGivesNoResults) {
  EXPECT_TRUE(Fetcher(LoopbackOptions()).FetchAll({}).empty());
}

TEST(FetcherTest, FetcherIsReusable) {
  FixtureSite site;
  Fetcher fetcher(LoopbackOptions());
  for (int round = 0; round < 3; ++round) {
    Result<FetchResponse> r = fetcher.Fetch(Get(site.Url("/plain")));
    ASSERT_TRUE(r.ok()) << r.message();
  }
  EXPECT_EQ(site.requests_seen(), 3);
}

TEST(FetcherTest, PermanentRedirectsReportTheNewUrl) {
  FixtureSite site;
  Fetcher fetcher(LoopbackOptions());
  for (const char* path : {"/moved/301", "/moved/308"}) {
    Result<FetchResponse> r = fetcher.Fetch(Get(site.Url(path)));
    ASSERT_TRUE(r.ok()) << path << ": " << r.message();
    EXPECT_EQ(r->body, FixtureSite::kPlainBody);
    EXPECT_EQ(r->permanent_redirect_url, site.Url("/plain")) << path;
  }
}

TEST(FetcherTest, AnyTemporaryHopMeansNoPermanentRedirect) {
  FixtureSite site;
  Fetcher fetcher(LoopbackOptions());
  for (const char* path : {"/moved/mixed", "/redirect/2", "/plain"}) {
    Result<FetchResponse> r = fetcher.Fetch(Get(site.Url(path)));
    ASSERT_TRUE(r.ok()) << path << ": " << r.message();
    EXPECT_EQ(r->permanent_redirect_url, "") << path;
  }
}

TEST(FetcherTest, SendsPerSourceHeadersAndCookies) {
  FixtureSite site;
  FetchRequest request = Get(site.Url("/echo-headers"));
  request.headers = {{"X-Herald-Test", "token-123"}, {"X-Bad:Name", "dropped"}, {"X-Herald-Evil", "a\r\nInjected: 1"}};
  request.cookies = "session=abc; consent=yes";
  Result<FetchResponse> r = Fetcher(LoopbackOptions()).Fetch(request);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r->body, "x-herald-test: token-123\ncookie: session=abc; consent=yes\n");
}

TEST(FetcherTest, UsesThePerSourceProxy) {
  FixtureSite proxy;
  FetchRequest request = Get("http://feeds.example.invalid/news.xml");
  request.proxy = proxy.Url("");
  Result<FetchResponse> r = Fetcher(LoopbackOptions()).Fetch(request);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r->body, "via proxy: http://feeds.example.invalid/news.xml");
}

TEST(FetcherTest, AProxyOnAPrivateAddressNeedsPermission) {
  FixtureSite proxy;
  FetchOptions options = LoopbackOptions();
  options.allow_private_networks = false;
  FetchRequest request = Get("http://feeds.example.invalid/news.xml");
  request.proxy = proxy.Url("");
  Result<FetchResponse> r = Fetcher(options).Fetch(request);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kRefused) << r.message();
}

TEST(FetcherTest, ReadsCacheControlMaxAge) {
  FixtureSite site;
  Fetcher fetcher(LoopbackOptions());
  const std::pair<const char*, int64_t> cases[] = {
      {"public,%20max-age=600", 600}, {"max-age=60,%20no-cache", 0}, {"no-store", 0}, {"private", 0}};
  for (const auto& [value, seconds] : cases) {
    Result<FetchResponse> r = fetcher.Fetch(Get(site.Url(std::string("/cache-control?value=") + value)));
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r->max_age_seconds, seconds) << value;
  }
}

TEST(FetcherTest, AllowedNetworksPermitOnlyTheirRanges) {
  FixtureSite site;
  FetchOptions options = LoopbackOptions();
  options.allow_private_networks = false;
  options.allowed_networks = {"10.0.0.0/8"};
  Result<FetchResponse> refused = Fetcher(options).Fetch(Get(site.Url("/plain")));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kRefused);
  options.allowed_networks = {"not-a-network", "127.0.0.0/8"};
  Result<FetchResponse> allowed = Fetcher(options).Fetch(Get(site.Url("/plain")));
  ASSERT_TRUE(allowed.ok()) << allowed.message();
  EXPECT_EQ(allowed->body, FixtureSite::kPlainBody);
}

// A stop (SIGTERM) while fetching: transfers in flight are cut off at once,
// not at the 30 s timeout; the error says "cancelled", not "timed out".
TEST(FetcherCancelTest, CancelAbortsATransferToAServerThatNeverAnswers) {
  testing::RawServer silent(testing::RawServer::Mode::kSilent);
  FetchOptions options = LoopbackOptions();
  options.timeout_seconds = 30;
  options.cancel_requested = [&silent] { return silent.connections() >= 1; };
  std::string url = silent.Url("/article");
  Result<FetchResponse> r = Fetcher(options).Fetch(Get(url));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(IsCancelled(r.error())) << r.message();
  EXPECT_EQ(r.error().kind, ErrorKind::kIo);
  EXPECT_NE(r.message().find(url), std::string::npos) << r.message();
}

TEST(FetcherCancelTest, StopStartingLetsTheTransferInFlightFinishAndStartsNoOther) {
  FixtureSite site;
  FetchOptions options = LoopbackOptions();
  options.max_parallel = 1;
  options.stop_starting = [&site] {
    if (site.requests_to("/slow") == 0) return false;
    site.ReleaseSlow();  // the stop comes while /slow is in flight; then it answers
    return true;
  };
  std::vector<Result<FetchResponse>> results =
      Fetcher(options).FetchAll({Get(site.Url("/slow")), Get(site.Url("/plain")), Get(site.Url("/plain?2"))});
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[0].ok()) << results[0].message();
  for (size_t i = 1; i < results.size(); ++i) {
    ASSERT_FALSE(results[i].ok());
    EXPECT_TRUE(IsCancelled(results[i].error())) << results[i].message();
  }
  EXPECT_EQ(site.requests_to("/plain"), 0);
}

// A robots.txt left unread by the stop must not refuse the page (a
// refusal would give its job up for good): the page is cancelled instead.
TEST(FetcherCancelTest, StopBeforeTheBatchFetchesNothingAndRefusesNothing) {
  FixtureSite site;
  site.SetRobots(200, "User-agent: *\nDisallow: /\n");
  FetchOptions options = LoopbackOptions();
  options.stop_starting = [] { return true; };
  FetchRequest page = Get(site.Url("/plain"));
  page.obey_robots = true;
  Result<FetchResponse> r = Fetcher(options).Fetch(page);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(IsCancelled(r.error())) << r.message();
  EXPECT_EQ(site.requests_seen(), 0);
}

TEST(FetcherCancelTest, OtherErrorsAreNotCancellations) {
  EXPECT_FALSE(IsCancelled(MakeError(ErrorKind::kIo, "disk full")));
  EXPECT_FALSE(IsCancelled(MakeError(ErrorKind::kNetwork, "http://a/: not fetched, cancelled at shutdown")));
  FixtureSite site;
  Result<FetchResponse> r = Fetcher(LoopbackOptions()).Fetch(Get(site.Url("/status/503")));
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(IsCancelled(r.error()));
}

}  // namespace
}  // namespace herald::net
