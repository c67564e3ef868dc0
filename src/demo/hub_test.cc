// The emulated hub against a plain loopback subscriber.
#include "demo/hub.h"

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>

#include "demo/newsroom.h"
#include "http_get.h"

namespace herald::demo {
namespace {

using namespace std::chrono_literals;

std::string Form(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    char* escaped = curl_easy_escape(nullptr, value.data(), static_cast<int>(value.size()));
    out += (out.empty() ? "" : "&") + name + "=" + escaped;
    curl_free(escaped);
  }
  return out;
}

httpd::Request HubPost(const std::string& body) {
  httpd::Request r;
  r.method = "POST";
  r.path = kHubPath;
  r.body = body;
  return r;
}

std::string HmacSha256(const std::string& key, const std::string& body) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(body.data()),
       body.size(), mac.data(), &size);
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    static constexpr char kDigits[] = "0123456789abcdef";
    hex += kDigits[mac[i] >> 4];
    hex += kDigits[mac[i] & 0xf];
  }
  return hex;
}

// A subscriber whose answers each test chooses.
class HubTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = httpd::Server::Start({}, [this](const httpd::Request& request) {
      std::lock_guard<std::mutex> lock(mu_);
      received_.push_back(request);
      return answer_(request);
    });
    ASSERT_TRUE(server.ok()) << server.message();
    subscriber_ = std::move(*server);
    callback_ = subscriber_->base_url() + "/cb";
  }

  void SetAnswer(std::function<httpd::Response(const httpd::Request&)> answer) {
    std::lock_guard<std::mutex> lock(mu_);
    answer_ = std::move(answer);
  }

  std::vector<httpd::Request> Received() {
    std::lock_guard<std::mutex> lock(mu_);
    return received_;
  }

  httpd::Response Subscribe(const std::string& topic, const std::string& secret, const std::string& lease = "") {
    std::vector<std::pair<std::string, std::string>> fields = {
        {"hub.mode", "subscribe"}, {"hub.callback", callback_}, {"hub.topic", topic}, {"hub.secret", secret}};
    if (!lease.empty()) fields.emplace_back("hub.lease_seconds", lease);
    return hub_.Handle(HubPost(Form(fields)));
  }

  static httpd::Response Echo(const httpd::Request& request) {
    auto it = request.query.find("hub.challenge");
    return httpd::Response{200, "text/plain", {}, it == request.query.end() ? "" : it->second};
  }

  std::mutex mu_;
  std::function<httpd::Response(const httpd::Request&)> answer_ = Echo;
  std::vector<httpd::Request> received_;
  std::unique_ptr<httpd::Server> subscriber_;
  std::string callback_;
  Hub hub_;  // destroyed before the subscriber it may be calling
};

TEST_F(HubTest, RefusesMalformedRequests) {
  httpd::Request get;
  get.method = "GET";
  EXPECT_EQ(hub_.Handle(get).status, 405);
  const std::string topic = "http://news.test/feed.xml";
  for (const std::string& body : {
           std::string(""),
           Form({{"hub.mode", "publish"}, {"hub.callback", callback_}, {"hub.topic", topic}}),
           Form({{"hub.mode", "subscribe"}, {"hub.topic", topic}}),
           Form({{"hub.mode", "subscribe"}, {"hub.callback", "javascript:alert(1)"}, {"hub.topic", topic}}),
           Form({{"hub.mode", "subscribe"}, {"hub.callback", callback_}, {"hub.topic", "feed.xml"}}),
           Form({{"hub.mode", "subscribe"}, {"hub.callback", callback_}, {"hub.topic", topic},
                 {"hub.secret", std::string(201, 's')}}),
           Form({{"hub.mode", "subscribe"}, {"hub.callback", callback_}, {"hub.topic", topic},
                 {"hub.lease_seconds", "-5"}}),
           std::string("hub.mode=subscribe&hub.callback=%ZZ&&&=&hub.topic"),
       }) {
    EXPECT_EQ(hub_.Handle(HubPost(body)).status, 400) << body;
  }
  EXPECT_EQ(hub_.Counts().requests, 0);
}

TEST_F(HubTest, VerifiesIntentWithARandomChallengeBeforeRecording) {
  ASSERT_EQ(Subscribe("http://news.test/feed.xml", "k3y", "999999999").status, 202);
  ASSERT_TRUE(hub_.WaitForVerifications(1, 10s));
  std::vector<httpd::Request> got = Received();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].method, "GET");
  EXPECT_EQ(got[0].path, "/cb");
  EXPECT_EQ(got[0].query["hub.mode"], "subscribe");
  EXPECT_EQ(got[0].query["hub.topic"], "http://news.test/feed.xml");
  EXPECT_EQ(got[0].query["hub.lease_seconds"], std::to_string(HubOptions{}.max_lease_seconds));  // cut
  EXPECT_EQ(got[0].query["hub.challenge"].size(), 32u);
  EXPECT_EQ(got[0].query.count("hub.secret"), 0u);
  std::vector<HubSubscription> subs = hub_.Subscriptions();
  ASSERT_EQ(subs.size(), 1u);
  EXPECT_EQ(subs[0].secret, "k3y");
  EXPECT_EQ(hub_.Counts().verified, 1);

  // A second subscription gets another challenge.
  ASSERT_EQ(Subscribe("http://news.test/other.xml", "k3y").status, 202);
  ASSERT_TRUE(hub_.WaitForVerifications(2, 10s));
  EXPECT_NE(Received()[1].query["hub.challenge"], got[0].query["hub.challenge"]);
}

TEST_F(HubTest, AWrongEchoOrAnErrorStatusIsNoSubscription) {
  SetAnswer([](const httpd::Request&) { return httpd::Response{200, "text/plain", {}, "ok"}; });
  ASSERT_EQ(Subscribe("http://news.test/feed.xml", "k").status, 202);
  ASSERT_TRUE(hub_.WaitForVerifications(1, 10s));
  SetAnswer([](const httpd::Request& r) { return httpd::Response{404, "text/plain", {}, r.query.at("hub.challenge")}; });
  ASSERT_EQ(Subscribe("http://news.test/feed.xml", "k").status, 202);
  ASSERT_TRUE(hub_.WaitForVerifications(2, 10s));
  EXPECT_TRUE(hub_.Subscriptions().empty());
  EXPECT_EQ(hub_.Counts().unverified, 2);
  EXPECT_EQ(hub_.Publish("http://news.test/feed.xml", "x", "text/plain"), 0);
}

TEST_F(HubTest, PublishSignsEachPushWithTheSubscribersSecret) {
  ASSERT_EQ(Subscribe("http://news.test/feed.xml", "s3cret").status, 202);
  ASSERT_TRUE(hub_.WaitForVerifications(1, 10s));
  SetAnswer([](const httpd::Request&) { return httpd::Response{202, "text/plain", {}, ""}; });
  const std::string body = "<rss>\r\n\xe2\x9c\x93</rss>";
  EXPECT_EQ(hub_.Publish("http://news.test/feed.xml", body, "application/rss+xml"), 1);
  EXPECT_EQ(hub_.Publish("http://news.test/unknown.xml", body, "application/rss+xml"), 0);
  httpd::Request push = Received().back();
  EXPECT_EQ(push.method, "POST");
  EXPECT_EQ(push.body, body);
  EXPECT_EQ(push.Header("content-type"), "application/rss+xml");
  EXPECT_EQ(push.Header("x-hub-signature"), "sha256=" + HmacSha256("s3cret", body));
  EXPECT_EQ(push.Header("link"), "<http://news.test/feed.xml>; rel=\"self\"");
  EXPECT_EQ(hub_.Counts().deliveries, 1);
}

TEST_F(HubTest, AGoneAnswerEndsTheSubscriptionAndUnsubscribeIsVerifiedToo) {
  ASSERT_EQ(Subscribe("http://news.test/a.xml", "").status, 202);
  ASSERT_EQ(Subscribe("http://news.test/b.xml", "").status, 202);
  ASSERT_TRUE(hub_.WaitForVerifications(2, 10s));
  SetAnswer([](const httpd::Request& r) {
    return r.method == "POST" ? httpd::Response{410, "text/plain", {}, ""} : Echo(r);
  });
  EXPECT_EQ(hub_.Publish("http://news.test/a.xml", "x", "text/plain"), 0);
  ASSERT_EQ(hub_.Subscriptions().size(), 1u);
  EXPECT_TRUE(Received().back().Header("x-hub-signature").empty());  // no secret, no signature

  std::string unsubscribe =
      Form({{"hub.mode", "unsubscribe"}, {"hub.callback", callback_}, {"hub.topic", "http://news.test/b.xml"}});
  ASSERT_EQ(hub_.Handle(HubPost(unsubscribe)).status, 202);
  ASSERT_TRUE(hub_.WaitForVerifications(3, 10s));
  EXPECT_EQ(Received().back().query["hub.mode"], "unsubscribe");
  EXPECT_TRUE(hub_.Subscriptions().empty());
}

TEST_F(HubTest, ACallbackWithAQueryKeepsIt) {
  callback_ = subscriber_->base_url() + "/cb?token=a%20b";
  ASSERT_EQ(Subscribe("http://news.test/feed.xml", "k").status, 202);
  ASSERT_TRUE(hub_.WaitForVerifications(1, 10s));
  httpd::Request got = Received().front();
  EXPECT_EQ(got.query["token"], "a b");
  EXPECT_EQ(got.query["hub.mode"], "subscribe");
  EXPECT_EQ(hub_.Subscriptions().size(), 1u);
}

TEST_F(HubTest, DenyTellsTheSubscriberWhy) {
  ASSERT_EQ(Subscribe("http://news.test/feed.xml", "k").status, 202);
  ASSERT_TRUE(hub_.WaitForVerifications(1, 10s));
  EXPECT_TRUE(hub_.Deny(callback_, "http://news.test/feed.xml", "over quota"));
  httpd::Request got = Received().back();
  EXPECT_EQ(got.query["hub.mode"], "denied");
  EXPECT_EQ(got.query["hub.reason"], "over quota");
  EXPECT_TRUE(hub_.Subscriptions().empty());
}

TEST_F(HubTest, APublishPingFetchesTheTopicAndPushesIt) {
  const std::string topic = subscriber_->base_url() + "/feed.xml";
  ASSERT_EQ(Subscribe(topic, "k").status, 202);
  ASSERT_TRUE(hub_.WaitForVerifications(1, 10s));
  const std::string feed = "<rss>" + std::string(100 * 1024, 'x') + "</rss>";  // larger than any answer
  SetAnswer([&](const httpd::Request& r) {
    if (r.method == "GET" && r.path == "/feed.xml") return httpd::Response{200, "application/rss+xml", {}, feed};
    return httpd::Response{202, "text/plain", {}, ""};
  });
  EXPECT_EQ(hub_.Handle(HubPost(Form({{"hub.mode", "publish"}, {"hub.url", "not a url"}}))).status, 400);
  ASSERT_EQ(hub_.Handle(HubPost(Form({{"hub.mode", "publish"}, {"hub.url", topic}}))).status, 202);
  ASSERT_TRUE(hub_.WaitForPings(1, 10s));
  httpd::Request push = Received().back();
  EXPECT_EQ(push.method, "POST");
  EXPECT_EQ(push.body, feed);
  EXPECT_EQ(push.Header("content-type"), "application/rss+xml");
  EXPECT_EQ(push.Header("x-hub-signature"), "sha256=" + HmacSha256("k", feed));
  EXPECT_EQ(hub_.Counts().deliveries, 1);
  EXPECT_EQ(hub_.Counts().requests, 1);  // pings are not subscriptions
}

TEST(HubShutdownTest, PendingVerificationsDoNotHoldTheDestructor) {
  auto hub = std::make_unique<Hub>();
  for (int i = 0; i < 20; ++i)
    hub->Handle(HubPost(Form({{"hub.mode", "subscribe"}, {"hub.callback", "http://127.0.0.1:9/cb"},
                              {"hub.topic", "http://news.test/" + std::to_string(i)}})));
  hub.reset();  // joins its thread; the queue is dropped
  SUCCEED();
}

TEST(NewsroomHubTest, TheFeedsAdvertiseTheHubTheNewsroomServes) {
  auto hub = std::make_shared<Hub>();
  auto newsroom = StartNewsroomWithHub("127.0.0.1", 0, hub);
  ASSERT_TRUE(newsroom.ok()) << newsroom.message();
  std::string base = (*newsroom)->base_url();
  for (const FeedInfo& feed : Feeds()) {
    if (feed.format == "sitemap") continue;
    auto got = herald::testing::HttpGet(base + feed.path);
    ASSERT_EQ(got.status, 200) << feed.path;
    std::string hub_link = feed.format == "json11" ? "\"url\": \"" + base + "/hub\""
                           : feed.format == "rss20" ? "<atom:link href=\"" + base + "/hub\" rel=\"hub\"/>"
                                                    : "<link rel=\"hub\" href=\"" + base + "/hub\"/>";
    EXPECT_NE(got.body.find(hub_link), std::string::npos) << feed.path;
  }
  // The hub answers at /hub (GET is not how one subscribes).
  EXPECT_EQ(herald::testing::HttpGet(base + "/hub").status, 405);
}

}  // namespace
}  // namespace herald::demo
