// Retries of transient failures, over loopback. Waits are a few ms so the
// tests stay fast; what is asserted is how often the server was asked.
#include <gtest/gtest.h>

#include <string>

#include "net/fetcher.h"
#include "net/testutil.h"

namespace herald::net {
namespace {

using testing::FixtureSite;
using testing::Get;

FetchOptions RetryOptions(int max_retries) {
  FetchOptions options;
  options.allow_private_networks = true;
  options.per_host_delay_ms = 0;
  options.timeout_seconds = 10;
  options.connect_timeout_seconds = 2;
  options.max_retries = max_retries;
  options.retry_base_delay_ms = 10;
  options.max_retry_wait_ms = 200;
  return options;
}

std::string Flaky(const FixtureSite& site, const std::string& key, int fail, int code,
                  const std::string& retry_after = "") {
  return site.Url("/flaky?key=" + key + "&fail=" + std::to_string(fail) + "&code=" + std::to_string(code) +
                  (retry_after.empty() ? "" : "&retry_after=" + retry_after));
}

TEST(FetcherRetryTest, TransientStatusesAreRetriedUntilTheyRecover) {
  FixtureSite site;
  Fetcher fetcher(RetryOptions(2));
  for (int code : {429, 502, 503, 504}) {
    Result<FetchResponse> r = fetcher.Fetch(Get(Flaky(site, "k" + std::to_string(code), 2, code)));
    ASSERT_TRUE(r.ok()) << code << ": " << r.message();
    EXPECT_EQ(r->body, "recovered");
  }
  EXPECT_EQ(site.requests_to("/flaky"), 4 * 3);
}

TEST(FetcherRetryTest, GivesUpAfterMaxRetriesAndSaysSo) {
  FixtureSite site;
  Result<FetchResponse> r = Fetcher(RetryOptions(2)).Fetch(Get(Flaky(site, "k", 10, 503)));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kHttp);
  EXPECT_NE(r.message().find("HTTP 503"), std::string::npos) << r.message();
  EXPECT_NE(r.message().find("gave up after 3 attempts"), std::string::npos) << r.message();
  EXPECT_EQ(site.requests_to("/flaky"), 3);
}

TEST(FetcherRetryTest, OtherClientErrorsAndServerErrorsAreNotRetried) {
  FixtureSite site;
  Fetcher fetcher(RetryOptions(3));
  for (int code : {400, 403, 404, 410, 500}) {
    Result<FetchResponse> r = fetcher.Fetch(Get(Flaky(site, "k" + std::to_string(code), 1, code)));
    ASSERT_FALSE(r.ok()) << code;
    EXPECT_EQ(r.message().find("attempts"), std::string::npos) << r.message();
  }
  EXPECT_EQ(site.requests_to("/flaky"), 5);
}

TEST(FetcherRetryTest, ZeroRetriesMeansOneAttempt) {
  FixtureSite site;
  EXPECT_FALSE(Fetcher(RetryOptions(0)).Fetch(Get(Flaky(site, "k", 1, 503))).ok());
  EXPECT_EQ(site.requests_to("/flaky"), 1);
}

TEST(FetcherRetryTest, RetryAfterIsHonouredAndCapped) {
  FixtureSite site;
  // An hour in seconds and a far-future date: both capped to max_retry_wait_ms (200 ms).
  Fetcher fetcher(RetryOptions(1));
  Result<FetchResponse> seconds = fetcher.Fetch(Get(Flaky(site, "s", 1, 429, "3600")));
  ASSERT_TRUE(seconds.ok()) << seconds.message();
  Result<FetchResponse> date = fetcher.Fetch(Get(Flaky(site, "d", 1, 503, "Fri,%2031%20Dec%202100%2023:59:59%20GMT")));
  ASSERT_TRUE(date.ok()) << date.message();
  EXPECT_EQ(site.requests_to("/flaky"), 4);
}

TEST(FetcherRetryTest, FinalRetryAfterIsNamedInTheError) {
  FixtureSite site;
  Result<FetchResponse> r = Fetcher(RetryOptions(0)).Fetch(Get(Flaky(site, "k", 1, 429, "30")));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.message().find("Retry-After: 30"), std::string::npos) << r.message();
  EXPECT_NE(r.message().find("slow down"), std::string::npos) << r.message();
}

TEST(FetcherRetryTest, ConnectErrorsAreRetried) {
  std::string url = "http://127.0.0.1:" + std::to_string(testing::UnusedPort()) + "/feed";
  Result<FetchResponse> r = Fetcher(RetryOptions(2)).Fetch(Get(url));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kNetwork);
  EXPECT_NE(r.message().find("gave up after 3 attempts"), std::string::npos) << r.message();
}

TEST(FetcherRetryTest, TimeoutsAreRetried) {
  testing::RawServer silent(testing::RawServer::Mode::kSilent);
  FetchOptions options = RetryOptions(1);
  options.timeout_seconds = 1;
  Result<FetchResponse> r = Fetcher(options).Fetch(Get(silent.Url("/feed")));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.message().find("timed out"), std::string::npos) << r.message();
  EXPECT_EQ(silent.connections(), 2);
}

TEST(FetcherRetryTest, RetriesInABatchKeepRequestOrder) {
  FixtureSite site;
  std::vector<FetchRequest> requests = {Get(Flaky(site, "a", 1, 503)), Get(site.Url("/plain")),
                                        Get(Flaky(site, "b", 2, 429))};
  std::vector<Result<FetchResponse>> results = Fetcher(RetryOptions(2)).FetchAll(requests);
  ASSERT_EQ(results.size(), 3u);
  ASSERT_TRUE(results[0].ok() && results[1].ok() && results[2].ok());
  EXPECT_EQ(results[0]->body, "recovered");
  EXPECT_EQ(results[1]->body, FixtureSite::kPlainBody);
  EXPECT_EQ(results[2]->body, "recovered");
}

}  // namespace
}  // namespace herald::net
