// robots.txt for article pages, over loopback.
#include <gtest/gtest.h>

#include <string>

#include "net/fetcher.h"
#include "net/testutil.h"

namespace herald::net {
namespace {

using testing::FixtureSite;

FetchOptions RobotsOptions() {
  FetchOptions options;
  options.allow_private_networks = true;
  options.per_host_delay_ms = 0;
  options.timeout_seconds = 10;
  options.max_retries = 0;
  options.user_agent = "herald/0.1 (+https://example.org)";
  return options;
}

FetchRequest Article(const std::string& url) {
  FetchRequest request;
  request.url = url;
  request.obey_robots = true;
  return request;
}

TEST(FetcherRobotsTest, DisallowedPageIsRefusedWithoutFetchingIt) {
  FixtureSite site;
  site.SetRobots(200, "User-agent: herald\nDisallow: /plain\n");
  Result<FetchResponse> r = Fetcher(RobotsOptions()).Fetch(Article(site.Url("/plain")));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kRefused);
  EXPECT_NE(r.message().find("disallowed by http://127.0.0.1:" + std::to_string(site.port()) + "/robots.txt"),
            std::string::npos)
      << r.message();
  EXPECT_EQ(site.requests_to("/plain"), 0);
  EXPECT_EQ(site.requests_to("/robots.txt"), 1);
}

TEST(FetcherRobotsTest, AllowedPageIsFetched) {
  FixtureSite site;
  site.SetRobots(200, "User-agent: *\nDisallow: /private\n");
  Result<FetchResponse> r = Fetcher(RobotsOptions()).Fetch(Article(site.Url("/plain")));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r->body, FixtureSite::kPlainBody);
}

TEST(FetcherRobotsTest, FeedsIgnoreRobotsUnlessAsked) {
  FixtureSite site;
  site.SetRobots(200, "User-agent: *\nDisallow: /\n");
  EXPECT_TRUE(Fetcher(RobotsOptions()).Fetch(testing::Get(site.Url("/plain"))).ok());
  EXPECT_EQ(site.requests_to("/robots.txt"), 0);
}

TEST(FetcherRobotsTest, MissingRobotsAllowsEverything) {
  FixtureSite site;  // /robots.txt is 404 by default
  EXPECT_TRUE(Fetcher(RobotsOptions()).Fetch(Article(site.Url("/plain"))).ok());
}

TEST(FetcherRobotsTest, ServerErrorOnRobotsDisallowsEverything) {
  FixtureSite site;
  site.SetRobots(500, "oops");
  Result<FetchResponse> r = Fetcher(RobotsOptions()).Fetch(Article(site.Url("/plain")));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kRefused);
  EXPECT_NE(r.message().find("could not be read (HTTP 500)"), std::string::npos) << r.message();
  EXPECT_EQ(site.requests_to("/plain"), 0);
}

TEST(FetcherRobotsTest, UnreadableRobotsIsAskedForAgainNextTime) {
  FixtureSite site;
  site.SetRobots(503, "busy");
  Fetcher fetcher(RobotsOptions());
  EXPECT_FALSE(fetcher.Fetch(Article(site.Url("/plain"))).ok());
  site.SetRobots(200, "User-agent: *\nAllow: /\n");
  EXPECT_TRUE(fetcher.Fetch(Article(site.Url("/plain"))).ok());
  EXPECT_EQ(site.requests_to("/robots.txt"), 2);
}

TEST(FetcherRobotsTest, PrivateAddressIsRefusedForThatReasonNotForRobots) {
  FixtureSite site;
  FetchOptions options = RobotsOptions();
  options.allow_private_networks = false;
  Result<FetchResponse> r = Fetcher(options).Fetch(Article(site.Url("/plain")));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kRefused);
  EXPECT_NE(r.message().find("private address"), std::string::npos) << r.message();
}

TEST(FetcherRobotsTest, RobotsIsFetchedOncePerOriginAndCached) {
  FixtureSite site;
  site.SetRobots(200, "User-agent: *\nDisallow: /status\n");
  Fetcher fetcher(RobotsOptions());
  std::vector<FetchRequest> batch = {Article(site.Url("/plain")), Article(site.Url("/status/500")),
                                     Article(site.Url("/ua"))};
  std::vector<Result<FetchResponse>> first = fetcher.FetchAll(batch);
  EXPECT_TRUE(first[0].ok());
  EXPECT_EQ(first[1].error().kind, ErrorKind::kRefused);
  EXPECT_TRUE(first[2].ok());
  EXPECT_TRUE(fetcher.Fetch(Article(site.Url("/plain"))).ok());
  EXPECT_EQ(site.requests_to("/robots.txt"), 1);
}

TEST(FetcherRobotsTest, UnreachableHostStillEndsInAnError) {
  std::string url = "http://127.0.0.1:" + std::to_string(testing::UnusedPort()) + "/article";
  Result<FetchResponse> r = Fetcher(RobotsOptions()).Fetch(Article(url));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kRefused);  // robots.txt unreachable: disallow (RFC 9309 §2.3.1.4)
  EXPECT_NE(r.message().find("cannot connect"), std::string::npos) << r.message();
}

}  // namespace
}  // namespace herald::net
