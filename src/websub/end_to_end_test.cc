// The whole WebSub path with real parts: each demo feed advertises the
// newsroom's hub; the subscriber takes hub and self from the parsed feed,
// subscribes, the hub verifies over HTTP, a publisher's ping makes the hub
// fetch and push the feed, and the real pipeline (Ingester::AcceptPushedFeed)
// queues its articles as jobs.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <filesystem>

#include "demo/hub.h"
#include "demo/newsroom.h"
#include "feed/feed.h"
#include "http_get.h"
#include "net/fetcher.h"
#include "pipeline/ingest.h"
#include "websub/hub_client.h"
#include "websub/websub.h"

namespace herald::websub {
namespace {

using namespace std::chrono_literals;

TEST(WebSubEndToEndTest, PushedFeedsBecomeArticleJobs) {
  char tmpl[] = "/tmp/herald-websub-e2e-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl;
  auto store = store::Store::Open({dir + "/herald.db"});
  ASSERT_TRUE(store.ok()) << store.message();
  auto hub = std::make_shared<demo::Hub>();
  auto newsroom = demo::StartNewsroomWithHub("127.0.0.1", 0, hub);
  ASSERT_TRUE(newsroom.ok()) << newsroom.message();

  net::FetchOptions fetch;
  fetch.allow_private_networks = true;
  net::Fetcher fetcher(fetch);
  pipeline::Ingester ingester(**store, fetcher, {});
  std::atomic<int> queued{0};
  SubscriberOptions options;
  options.allow_private_networks = true;
  std::unique_ptr<Subscriber> subscriber;
  auto site = httpd::Server::Start({}, [&](const httpd::Request& request) { return subscriber->HandleCallback(request); });
  ASSERT_TRUE(site.ok()) << site.message();
  options.callback_base_url = (*site)->base_url();
  subscriber = std::make_unique<Subscriber>(
      **store, options, [&](const store::Source& source, std::string_view body, std::string_view content_type) {
        auto accepted = ingester.AcceptPushedFeed(source, body, content_type);
        if (accepted.ok()) queued += *accepted;
        return accepted.status();
      });

  struct Pushed {
    store::Source source;
    std::string topic;
  };
  std::vector<Pushed> feeds;
  for (const demo::FeedInfo& info : demo::Feeds()) {
    if (info.format == "sitemap") continue;
    std::string url = (*newsroom)->base_url() + info.path;
    auto got = herald::testing::HttpGet(url);
    ASSERT_EQ(got.status, 200) << url;
    auto parsed = feed::ParseFeed(got.body, {url, got.content_type});
    ASSERT_TRUE(parsed.ok()) << url << ": " << parsed.message();
    EXPECT_EQ(parsed->hub_url, (*newsroom)->base_url() + demo::kHubPath) << info.format;
    EXPECT_EQ(parsed->self_url, url) << info.format;
    store::Source source;
    source.name = info.publisher;
    source.feed_url = url;
    auto id = (*store)->AddSource(source);
    ASSERT_TRUE(id.ok()) << id.message();
    source.id = *id;
    Status subscribed = subscriber->SubscribeIfAdvertised(source, parsed->hub_url, parsed->self_url, NowUtcSeconds());
    ASSERT_TRUE(subscribed.ok()) << subscribed.message();
    feeds.push_back({source, parsed->self_url});
  }
  ASSERT_GE(feeds.size(), 3u);  // RSS, Atom and JSON Feed at least
  ASSERT_TRUE(hub->WaitForVerifications(static_cast<int64_t>(feeds.size()), 20s));
  EXPECT_EQ(hub->Counts().verified, static_cast<int64_t>(feeds.size()));
  for (const Pushed& f : feeds) EXPECT_EQ((*(*store)->GetSubscription(f.source.id))->state, "active");

  auto before = (*store)->CountJobs();
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->pending, 0);
  PostOptions ping;
  ping.allow_private_networks = true;
  for (const Pushed& f : feeds) {
    auto answer = PostForm((*newsroom)->base_url() + demo::kHubPath, {{"hub.mode", "publish"}, {"hub.url", f.topic}}, ping);
    ASSERT_TRUE(answer.ok()) << answer.message();
    EXPECT_EQ(answer->status, 202);
  }
  ASSERT_TRUE(hub->WaitForPings(static_cast<int64_t>(feeds.size()), 20s));
  EXPECT_EQ(hub->Counts().deliveries, static_cast<int64_t>(feeds.size()));
  auto after = (*store)->CountJobs();
  ASSERT_TRUE(after.ok());
  EXPECT_GT(queued.load(), 0);
  EXPECT_EQ(after->pending, queued.load());
  for (const Pushed& f : feeds) EXPECT_EQ(subscriber->Counts(f.source.id).accepted, 1) << f.topic;

  site->get()->Stop();
  newsroom->reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace herald::websub
