// Every /faults/ fixture of the demo newsroom, fetched over loopback by
// herald's real fetcher, ends in the expected result or a clear Error within
// the fetch's limits. (What the pipeline makes of each, a feed status in
// words, is pipeline/ingest_test.cc's business.)
#include "demo/faults.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "demo/newsroom.h"
#include "net/fetcher.h"

namespace herald::demo {
namespace {

// What a fetch of one fault must give: an Error of `kind` whose message holds
// every word in `words`, or (ok) a response whose body holds them.
struct Expected {
  bool ok = false;
  ErrorKind kind = ErrorKind::kInternal;
  std::vector<std::string> words;
};

const std::map<std::string, Expected>& FetchExpectations() {
  static const std::map<std::string, Expected> expectations = {
      {"/faults/status-500.xml", {false, ErrorKind::kHttp, {"HTTP 500", "the server failed"}}},
      {"/faults/rate-limited.xml", {false, ErrorKind::kHttp, {"HTTP 429", "Retry-After: 120"}}},
      {"/faults/redirect-loop.xml", {false, ErrorKind::kHttp, {"redirects", "redirect loop"}}},
      {"/faults/moved.xml", {true, {}, {"Moved here"}}},
      {"/faults/wrong-type.xml", {true, {}, {"<rss", "Sent as plain text"}}},
      {"/faults/html.xml", {true, {}, {"<!doctype html>"}}},
      {"/faults/empty.xml", {true, {}, {}}},
      {"/faults/invalid-utf8.xml", {true, {}, {"Bad \xff\xfe bytes"}}},
      {"/faults/gzip-bomb.xml", {false, ErrorKind::kRefused, {"larger than", "max_body_bytes"}}},
      {"/faults/not-modified.xml", {true, {}, {"Unchanged since"}}},
      {"/faults/drip.xml", {false, ErrorKind::kNetwork, {"timed out", "timeout_seconds"}}},
      {"/faults/endless.xml", {false, ErrorKind::kRefused, {"larger than", "max_body_bytes"}}},
  };
  return expectations;
}

class FaultsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto server = StartNewsroom("127.0.0.1", 0);
    ASSERT_TRUE(server.ok()) << server.message();
    newsroom_ = std::move(*server).release();
  }
  static void TearDownTestSuite() {
    delete newsroom_;  // must return although drips and endless bodies may still be going
    newsroom_ = nullptr;
  }

  // Tight limits: the drip times out in 2 s, the endless body hits 1 MiB.
  static net::FetchOptions TightLimits() {
    net::FetchOptions o;
    o.allow_private_networks = true;
    o.per_host_delay_ms = 0;
    o.max_per_host = 16;
    o.max_retries = 0;
    o.timeout_seconds = 2;
    o.max_body_bytes = 1 << 20;
    return o;
  }

  static std::string Url(const std::string& path) { return newsroom_->base_url() + path; }

  static httpd::Server* newsroom_;
};

httpd::Server* FaultsTest::newsroom_ = nullptr;

TEST_F(FaultsTest, EveryFaultHasAFetchLevelExpectation) {
  for (const Fault& fault : Faults())
    EXPECT_EQ(FetchExpectations().count(fault.path), 1u) << fault.path << " has no fetch-level test";
  EXPECT_EQ(FetchExpectations().size(), Faults().size());
}

// All at once in one batch, as a refresh round would: none hangs the batch.
TEST_F(FaultsTest, EveryFaultEndsInItsExpectedResultWithinTheLimits) {
  std::vector<net::FetchRequest> requests;
  for (const Fault& fault : Faults()) requests.push_back({Url(fault.path), "", ""});
  net::Fetcher fetcher(TightLimits());
  std::vector<Result<net::FetchResponse>> results = fetcher.FetchAll(requests);
  ASSERT_EQ(results.size(), Faults().size());
  for (size_t i = 0; i < results.size(); ++i) {
    const std::string& path = Faults()[i].path;
    const Expected& expected = FetchExpectations().at(path);
    const Result<net::FetchResponse>& r = results[i];
    ASSERT_EQ(r.ok(), expected.ok) << path << ": " << (r.ok() ? "fetched" : r.message());
    if (expected.ok) {
      EXPECT_EQ(r->status, 200) << path;
      for (const std::string& word : expected.words) EXPECT_NE(r->body.find(word), std::string::npos) << path;
      continue;
    }
    EXPECT_EQ(r.error().kind, expected.kind) << path << ": " << r.message();
    if (Faults()[i].ends_at_client_limits) {
      EXPECT_TRUE(r.message().find("timed out") != std::string::npos ||
                  r.message().find("larger than") != std::string::npos)
          << path << " should end at the client's limits: " << r.message();
    }
    EXPECT_EQ(r.message().rfind(Url(path), 0), 0u) << "the message names the URL: " << r.message();
    for (const std::string& word : expected.words)
      EXPECT_NE(r.message().find(word), std::string::npos) << path << ": " << r.message();
  }
}

TEST_F(FaultsTest, FetchErrorsCarryThePipelineStatusWords) {
  // The words the feed status must show come from the fetcher's message for
  // the faults that fail at fetch level (the others fail at parse level).
  for (const Fault& fault : Faults()) {
    const Expected& expected = FetchExpectations().at(fault.path);
    if (expected.ok || fault.expect_status.empty()) continue;
    bool found = false;
    for (const std::string& word : expected.words) found = found || word.find(fault.expect_status) != std::string::npos;
    EXPECT_TRUE(found) << fault.path << ": status words '" << fault.expect_status << "' not among the fetch's";
  }
}

TEST_F(FaultsTest, MovedFeedReportsItsNewPermanentAddress) {
  auto r = net::Fetcher(TightLimits()).Fetch({Url("/faults/moved.xml"), "", ""});
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r->url, Url("/faults/new-home.xml"));
  EXPECT_EQ(r->permanent_redirect_url, Url("/faults/new-home.xml"));
  EXPECT_EQ(r->content_type, "application/rss+xml");
}

TEST_F(FaultsTest, WrongTypeAndHtmlArriveWithTheTypeTheServerClaimed) {
  net::Fetcher fetcher(TightLimits());
  auto wrong = fetcher.Fetch({Url("/faults/wrong-type.xml"), "", ""});
  ASSERT_TRUE(wrong.ok()) << wrong.message();
  EXPECT_EQ(wrong->content_type, "text/plain");
  auto html = fetcher.Fetch({Url("/faults/html.xml"), "", ""});
  ASSERT_TRUE(html.ok()) << html.message();
  EXPECT_EQ(html->content_type, "text/html; charset=utf-8");
}

TEST_F(FaultsTest, EmptyAndInvalidUtf8BodiesArriveByteForByte) {
  net::Fetcher fetcher(TightLimits());
  auto empty = fetcher.Fetch({Url("/faults/empty.xml"), "", ""});
  ASSERT_TRUE(empty.ok()) << empty.message();
  EXPECT_TRUE(empty->body.empty());
  auto invalid = fetcher.Fetch({Url("/faults/invalid-utf8.xml"), "", ""});
  ASSERT_TRUE(invalid.ok()) << invalid.message();
  EXPECT_NE(invalid->body.find("\xc3("), std::string::npos);  // not repaired by the fetcher: the parser's job
}

TEST_F(FaultsTest, NotModifiedAnswers304ToItsOwnETag) {
  net::Fetcher fetcher(TightLimits());
  auto first = fetcher.Fetch({Url("/faults/not-modified.xml"), "", ""});
  ASSERT_TRUE(first.ok()) << first.message();
  ASSERT_FALSE(first->etag.empty());
  auto again = fetcher.Fetch({Url("/faults/not-modified.xml"), first->etag, ""});
  ASSERT_TRUE(again.ok()) << again.message();
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  EXPECT_EQ(again->etag, first->etag);
  auto stale = fetcher.Fetch({Url("/faults/not-modified.xml"), "\"some-other-version\"", ""});
  ASSERT_TRUE(stale.ok()) << stale.message();
  EXPECT_EQ(stale->status, 200);
}

// The drip, produced without a network: a whole valid feed, paced so that
// only a client waiting kDripDuration or more receives it all.
TEST(DripFault, DripsAWholeFeedOverTwoMinutes) {
  httpd::Request request;
  request.path = "/faults/drip.xml";
  auto response = ServeFault(request, "http://newsroom.test", "/a.html");
  ASSERT_TRUE(response.has_value());
  ASSERT_TRUE(static_cast<bool>(response->stream));
  EXPECT_EQ(response->stream_interval, kDripInterval);
  std::string feed, piece;
  size_t pieces = 0;
  while (pieces < 100000 && response->stream(piece)) {
    ASSERT_FALSE(piece.empty());
    ASSERT_LE(piece.size(), 8u) << "a drip gives a few bytes at a time";
    feed += piece;
    ++pieces;
  }
  EXPECT_GE(pieces * kDripInterval, kDripDuration);
  EXPECT_EQ(feed.rfind("<?xml", 0), 0u);
  EXPECT_TRUE(feed.ends_with("</channel></rss>\n")) << feed.substr(feed.size() - 20);
  EXPECT_NE(feed.find("<link>http://newsroom.test/a.html</link>"), std::string::npos);
}

TEST(EndlessFault, NeverEndsAndEveryItemIsNew) {
  httpd::Request request;
  request.path = "/faults/endless.xml";
  auto response = ServeFault(request, "http://newsroom.test", "/a.html");
  ASSERT_TRUE(response.has_value());
  ASSERT_TRUE(static_cast<bool>(response->stream));
  std::string body, piece;
  for (int i = 0; i < 64; ++i) {
    piece.clear();
    ASSERT_TRUE(response->stream(piece)) << "the endless body ended after " << i << " pieces";
    body += piece;
  }
  EXPECT_EQ(body.rfind("<?xml", 0), 0u);
  EXPECT_EQ(body.find("</rss>"), std::string::npos);
  EXPECT_GE(body.size(), 1u << 20);
  EXPECT_EQ(body.find("number 1<"), body.rfind("number 1<"));  // numbering does not wrap
}

}  // namespace
}  // namespace herald::demo
