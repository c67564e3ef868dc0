// The subscriber against the demo newsroom's hub, over loopback HTTP, with a
// real SQLite store in a temporary folder.
#include "websub/websub.h"

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>

#include "demo/hub.h"
#include "demo/newsroom.h"
#include "common/strings.h"
#include "http_get.h"
#include "websub/signature.h"

namespace herald::websub {
namespace {

using namespace std::chrono_literals;
using herald::testing::HttpGet;

constexpr int64_t kLease = 10 * 86400;
constexpr int64_t kRenewBefore = 86400;
constexpr int64_t kResendAfter = 3600;

std::string Escaped(const std::string& text) {
  char* escaped = curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size()));
  std::string out = escaped;
  curl_free(escaped);
  return out;
}

struct Posted {
  long status = 0;
  std::string body;
};

// A raw POST, as a hub (or a forger) would send it.
Posted PostRaw(const std::string& url, const std::string& body, const std::vector<std::string>& headers) {
  Posted posted;
  CURL* easy = curl_easy_init();
  curl_slist* list = nullptr;
  for (const std::string& h : headers) list = curl_slist_append(list, h.c_str());
  curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(easy, CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, +[](char* data, size_t size, size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
  });
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &posted.body);
  if (curl_easy_perform(easy) == CURLE_OK) curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &posted.status);
  curl_slist_free_all(list);
  curl_easy_cleanup(easy);
  return posted;
}

struct Push {
  int64_t source_id = 0;
  std::string body;
  std::string content_type;
};

class WebSubTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/herald-websub-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    auto store = store::Store::Open({dir_ + "/herald.db"});
    ASSERT_TRUE(store.ok()) << store.message();
    store_ = std::move(*store);

    hub_ = std::make_shared<demo::Hub>();
    auto newsroom = demo::StartNewsroomWithHub("127.0.0.1", 0, hub_);
    ASSERT_TRUE(newsroom.ok()) << newsroom.message();
    newsroom_ = std::move(*newsroom);
    hub_url_ = newsroom_->base_url() + demo::kHubPath;
    topic_ = newsroom_->base_url() + demo::Feeds().front().path;

    auto site = httpd::Server::Start({}, [this](const httpd::Request& request) {
      if (request.path.rfind("/websub/", 0) == 0) return subscriber_->HandleCallback(request);
      return httpd::Response{404, "text/plain", {}, "not here\n"};
    });
    ASSERT_TRUE(site.ok()) << site.message();
    site_ = std::move(*site);

    SubscriberOptions options;
    options.callback_base_url = site_->base_url() + "/";
    options.lease_seconds = kLease;
    options.renew_before_seconds = kRenewBefore;
    options.resend_after_seconds = kResendAfter;
    options.allow_private_networks = true;
    options.timeout_seconds = 5;
    options.max_push_bytes = 64 * 1024;
    options.clock = [this] { return clock_.load(); };
    subscriber_ = std::make_unique<Subscriber>(*store_, options, [this](const store::Source& source,
                                                                         std::string_view body,
                                                                         std::string_view content_type) {
      std::lock_guard<std::mutex> lock(mu_);
      pushes_.push_back({source.id, std::string(body), std::string(content_type)});
      return sink_answer_;
    });

    store::Source source;
    source.name = "Demo";
    source.feed_url = topic_;
    auto id = store_->AddSource(source);
    ASSERT_TRUE(id.ok()) << id.message();
    source.id = *id;
    source_ = source;
    callback_ = site_->base_url() + "/websub/" + std::to_string(source_.id);
  }

  void TearDown() override {
    newsroom_.reset();  // the hub's thread first: it calls the site
    site_.reset();
    subscriber_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  store::Subscription Stored() {
    auto got = store_->GetSubscription(source_.id);
    EXPECT_TRUE(got.ok() && got->has_value());
    return got.ok() && got->has_value() ? **got : store::Subscription{};
  }

  // Subscribes at kNow and waits (bounded) for the hub's verification.
  void SubscribeAndVerify() {
    Status st = subscriber_->SubscribeIfAdvertised(source_, hub_url_, topic_, kNow);
    ASSERT_TRUE(st.ok()) << st.message();
    ASSERT_TRUE(hub_->WaitForVerifications(1, 10s));
    ASSERT_EQ(Stored().state, "active");
  }

  std::vector<Push> Pushes() {
    std::lock_guard<std::mutex> lock(mu_);
    return pushes_;
  }

  std::string Signed(const std::string& body) { return "X-Hub-Signature: sha256=" + HmacHex("sha256", Stored().secret, body); }

  static constexpr int64_t kNow = 1'800'000'000;
  std::string dir_;
  std::unique_ptr<store::Store> store_;
  std::shared_ptr<demo::Hub> hub_;
  std::unique_ptr<httpd::Server> newsroom_;
  std::unique_ptr<httpd::Server> site_;
  std::unique_ptr<Subscriber> subscriber_;
  std::atomic<int64_t> clock_{kNow + 5};
  std::string hub_url_, topic_, callback_;
  store::Source source_;
  std::mutex mu_;
  std::vector<Push> pushes_;
  Status sink_answer_;
};

TEST_F(WebSubTest, SubscribesAndTheHubsVerificationMakesItActive) {
  SubscribeAndVerify();
  store::Subscription s = Stored();
  EXPECT_EQ(s.hub_url, hub_url_);
  EXPECT_EQ(s.topic_url, topic_);
  EXPECT_EQ(s.requested_utc, kNow);
  EXPECT_EQ(s.lease_expires_utc, kNow + 5 + kLease);
  EXPECT_EQ(s.last_error, "");
  EXPECT_EQ(s.secret.size(), 64u);

  std::vector<demo::HubSubscription> at_hub = hub_->Subscriptions();
  ASSERT_EQ(at_hub.size(), 1u);
  EXPECT_EQ(at_hub[0].callback, callback_);  // no secret in the URL
  EXPECT_EQ(at_hub[0].topic, topic_);
  EXPECT_EQ(at_hub[0].secret, s.secret);
  EXPECT_EQ(at_hub[0].lease_seconds, kLease);

  std::string line = subscriber_->StatusLine(source_.id);
  EXPECT_EQ(line.rfind("WebSub: active, lease until 2027-01-", 0), 0u) << line;
  EXPECT_NE(line.find("pushes 0"), std::string::npos) << line;
  EXPECT_EQ(line.find(s.secret), std::string::npos);

  // Advertised again: nothing to do, the hub is not asked twice.
  ASSERT_TRUE(subscriber_->SubscribeIfAdvertised(source_, hub_url_, topic_, kNow + 60).ok());
  EXPECT_EQ(hub_->Counts().requests, 1);
}

TEST_F(WebSubTest, TopicIsTheFeedUrlWhenTheFeedNamesNoSelf) {
  Status st = subscriber_->SubscribeIfAdvertised(source_, hub_url_, "", kNow);
  ASSERT_TRUE(st.ok()) << st.message();
  ASSERT_TRUE(hub_->WaitForVerifications(1, 10s));
  EXPECT_EQ(Stored().topic_url, source_.feed_url);
  EXPECT_EQ(Stored().state, "active");
}

TEST_F(WebSubTest, NothingHappensWithoutAHubOrABaseUrl) {
  ASSERT_TRUE(subscriber_->SubscribeIfAdvertised(source_, "", topic_, kNow).ok());
  Subscriber no_base(*store_, SubscriberOptions{}, [](const store::Source&, std::string_view, std::string_view) {
    return Status::Ok();
  });
  ASSERT_TRUE(no_base.SubscribeIfAdvertised(source_, hub_url_, topic_, kNow).ok());
  auto got = store_->GetSubscription(source_.id);
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->has_value());
  EXPECT_EQ(hub_->Counts().requests, 0);
  EXPECT_EQ(subscriber_->StatusLine(source_.id), "");
}

TEST_F(WebSubTest, ASignedPushReachesTheSinkWithTheExactBody) {
  SubscribeAndVerify();
  std::string body = "<?xml version=\"1.0\"?>\r\n<rss>\xe5\x8f\xb0 &amp; \0 tail</rss>\n";
  body += std::string(1, '\0') + "after a NUL";
  EXPECT_EQ(hub_->Publish(topic_, body, "application/rss+xml; charset=utf-8"), 1);
  std::vector<Push> pushes = Pushes();
  ASSERT_EQ(pushes.size(), 1u);
  EXPECT_EQ(pushes[0].source_id, source_.id);
  EXPECT_EQ(pushes[0].body, body);
  EXPECT_EQ(pushes[0].content_type, "application/rss+xml; charset=utf-8");
  EXPECT_EQ(subscriber_->Counts(source_.id).accepted, 1);
  EXPECT_NE(subscriber_->StatusLine(source_.id).find("pushes 1"), std::string::npos);
  EXPECT_EQ(hub_->Counts().deliveries, 1);
}

TEST_F(WebSubTest, UnsignedForgedOrMisshapenPushesNeverReachTheSink) {
  SubscribeAndVerify();
  const std::string body = "<rss><channel><item><link>http://evil.test/</link></item></channel></rss>";
  std::string good = HmacHex("sha256", Stored().secret, body);
  std::string other_secret = HmacHex("sha256", "guessed", body);
  std::string sha1_length = HmacHex("sha1", Stored().secret, body);

  EXPECT_EQ(PostRaw(callback_, body, {}).status, 202);                                            // unsigned
  EXPECT_EQ(PostRaw(callback_, body, {"X-Hub-Signature: sha256=" + other_secret}).status, 202);   // forged
  EXPECT_EQ(PostRaw(callback_, body + " ", {"X-Hub-Signature: sha256=" + good}).status, 202);     // body changed
  EXPECT_EQ(PostRaw(callback_, body, {"X-Hub-Signature: sha256=" + sha1_length}).status, 400);    // wrong length
  EXPECT_EQ(PostRaw(callback_, body, {"X-Hub-Signature: sha256=" + good.substr(0, 63) + "g"}).status, 400);  // bad hex
  EXPECT_EQ(PostRaw(callback_, body, {"X-Hub-Signature: md5=" + good.substr(0, 32)}).status, 400);
  EXPECT_TRUE(Pushes().empty());
  EXPECT_EQ(subscriber_->Counts(source_.id).rejected, 6);
  EXPECT_NE(subscriber_->StatusLine(source_.id).find("(6 rejected)"), std::string::npos);

  // Unknown sources get 410 Gone, even with a valid signature.
  std::string unknown = site_->base_url() + "/websub/" + std::to_string(source_.id + 1000);
  EXPECT_EQ(PostRaw(unknown, body, {"X-Hub-Signature: sha256=" + good}).status, 410);
  EXPECT_TRUE(Pushes().empty());

  // The same signature on the exact body does go through: the checks above were the reason.
  EXPECT_EQ(PostRaw(callback_, body, {"X-Hub-Signature: sha256=" + good}).status, 202);
  EXPECT_EQ(Pushes().size(), 1u);
}

TEST_F(WebSubTest, AFeedTheSinkRefusesIsAcknowledgedAStorageFailureIsRetried) {
  SubscribeAndVerify();
  const std::string body = "not a feed";
  sink_answer_ = MakeError(ErrorKind::kInvalidInput, "not a feed");
  EXPECT_EQ(PostRaw(callback_, body, {Signed(body)}).status, 202);
  sink_answer_ = MakeError(ErrorKind::kStorage, "disk full");
  EXPECT_EQ(PostRaw(callback_, body, {Signed(body)}).status, 503);
  EXPECT_EQ(subscriber_->Counts(source_.id).accepted, 0);
  EXPECT_EQ(subscriber_->Counts(source_.id).rejected, 2);
}

TEST_F(WebSubTest, VerificationOfAnotherTopicOrUnaskedModeIsRefused) {
  ASSERT_TRUE(store_->PutSubscription({source_.id, hub_url_, topic_, "secret", "requested", kNow, 0, ""}).ok());
  auto wrong_topic = HttpGet(callback_ + "?hub.mode=subscribe&hub.topic=http%3A%2F%2Fother.test%2Ffeed&hub.challenge=abc");
  EXPECT_EQ(wrong_topic.status, 404);
  EXPECT_EQ(wrong_topic.body.find("abc"), std::string::npos);
  // An unsubscription nobody asked for: refused, the subscription stands.
  auto unasked = HttpGet(callback_ + "?hub.mode=unsubscribe&hub.topic=" + Escaped(topic_) +
                         "&hub.challenge=abc");
  EXPECT_EQ(unasked.status, 404);
  auto unknown = HttpGet(site_->base_url() + "/websub/" + std::to_string(source_.id + 7) +
                         "?hub.mode=subscribe&hub.topic=x&hub.challenge=abc");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(Stored().state, "requested");
}

TEST_F(WebSubTest, TheHubsDenialIsRecordedAndLaterPushesAreGone) {
  SubscribeAndVerify();
  ASSERT_TRUE(hub_->Deny(callback_, topic_, "topic retired\nby the\tpublisher"));
  store::Subscription s = Stored();
  EXPECT_EQ(s.state, "denied");
  EXPECT_EQ(s.last_error, "hub denied the subscription: topic retired by the publisher");
  EXPECT_EQ(subscriber_->StatusLine(source_.id).rfind("WebSub: hub refused: hub denied the subscription", 0), 0u)
      << subscriber_->StatusLine(source_.id);
  const std::string body = "<rss/>";
  EXPECT_EQ(PostRaw(callback_, body, {Signed(body)}).status, 410);
  EXPECT_TRUE(Pushes().empty());
  // Advertised again soon after: the hub is left alone; after the wait, asked again.
  ASSERT_TRUE(subscriber_->SubscribeIfAdvertised(source_, hub_url_, topic_, kNow + 60).ok());
  EXPECT_EQ(hub_->Counts().requests, 1);
  ASSERT_TRUE(subscriber_->SubscribeIfAdvertised(source_, hub_url_, topic_, kNow + kResendAfter + 1).ok());
  EXPECT_EQ(hub_->Counts().requests, 2);
  ASSERT_TRUE(hub_->WaitForVerifications(2, 10s));
  EXPECT_EQ(Stored().state, "active");
}

TEST_F(WebSubTest, AHubThatRefusesTheRequestIsRecordedInPlainWords) {
  std::string not_a_hub = newsroom_->base_url() + "/not-a-hub";  // the newsroom answers POST with 405
  Status st = subscriber_->SubscribeIfAdvertised(source_, not_a_hub, topic_, kNow);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::kHttp);
  store::Subscription s = Stored();
  EXPECT_EQ(s.state, "denied");
  EXPECT_EQ(s.last_error.rfind("hub answered HTTP 405: only GET and HEAD are served here", 0), 0u) << s.last_error;
  EXPECT_EQ(st.message().find(s.secret), std::string::npos);
  EXPECT_EQ(subscriber_->StatusLine(source_.id).rfind("WebSub: hub refused: hub answered HTTP 405", 0), 0u);
}

TEST_F(WebSubTest, AnUnreachableHubLeavesTheRequestToBeSentAgain) {
  SubscriberOptions options;
  options.callback_base_url = site_->base_url();
  Subscriber guarded(*store_, options, [](const store::Source&, std::string_view, std::string_view) {
    return Status::Ok();
  });
  Status st = guarded.SubscribeIfAdvertised(source_, hub_url_, topic_, kNow);  // loopback not allowed
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::kRefused);
  EXPECT_EQ(Stored().state, "requested");
  EXPECT_NE(Stored().last_error.find("private address"), std::string::npos);
  EXPECT_EQ(hub_->Counts().requests, 0);
  // The subscriber allowed to reach it sends it again once the wait is over.
  ASSERT_TRUE(subscriber_->RenewDue(kNow + 10).ok());
  EXPECT_EQ(hub_->Counts().requests, 0);
  ASSERT_TRUE(subscriber_->RenewDue(kNow + kResendAfter).ok());
  ASSERT_TRUE(hub_->WaitForVerifications(1, 10s));
  EXPECT_EQ(Stored().state, "active");
}

TEST_F(WebSubTest, LeasesAreRenewedBeforeTheyEnd) {
  SubscribeAndVerify();
  int64_t expires = Stored().lease_expires_utc;
  ASSERT_TRUE(subscriber_->RenewDue(expires - kRenewBefore - 1).ok());
  EXPECT_EQ(hub_->Counts().requests, 1);  // not yet

  int64_t renew_at = expires - kRenewBefore + 10;
  clock_ = renew_at + 2;
  ASSERT_TRUE(subscriber_->RenewDue(renew_at).ok());
  EXPECT_EQ(hub_->Counts().requests, 2);
  ASSERT_TRUE(hub_->WaitForVerifications(2, 10s));
  store::Subscription s = Stored();
  EXPECT_EQ(s.state, "active");
  EXPECT_EQ(s.requested_utc, renew_at);
  EXPECT_EQ(s.lease_expires_utc, renew_at + 2 + kLease);
  EXPECT_EQ(hub_->Subscriptions().size(), 1u);  // renewed, not doubled

  // Due again only when the new lease nears its end.
  ASSERT_TRUE(subscriber_->RenewDue(renew_at + kResendAfter).ok());
  EXPECT_EQ(hub_->Counts().requests, 2);
}

TEST_F(WebSubTest, ARenewalTheHubNeverVerifiesIsSentAgainButKeepsTheLease) {
  SubscribeAndVerify();
  int64_t expires = Stored().lease_expires_utc;
  // The hub is gone: the renewal fails, the subscription stays active on its lease.
  newsroom_.reset();
  Status st = subscriber_->RenewDue(expires - 100);
  ASSERT_FALSE(st.ok());
  store::Subscription s = Stored();
  EXPECT_EQ(s.state, "active");
  EXPECT_EQ(s.lease_expires_utc, expires);
  EXPECT_FALSE(s.last_error.empty());
  EXPECT_NE(subscriber_->StatusLine(source_.id).find("last error: "), std::string::npos);
}

TEST_F(WebSubTest, UnsubscribingEndsPushes) {
  SubscribeAndVerify();
  ASSERT_TRUE(subscriber_->Unsubscribe(source_, kNow + 100).ok());
  ASSERT_TRUE(hub_->WaitForVerifications(2, 10s));
  EXPECT_EQ(hub_->Counts().verified, 2);
  EXPECT_TRUE(hub_->Subscriptions().empty());
  EXPECT_EQ(Stored().state, "unsubscribed");
  EXPECT_EQ(hub_->Publish(topic_, "<rss/>", "application/rss+xml"), 0);
  const std::string body = "<rss/>";
  EXPECT_EQ(PostRaw(callback_, body, {Signed(body)}).status, 410);
  EXPECT_TRUE(Pushes().empty());
}

TEST_F(WebSubTest, HostileCallbackRequestsGetACleanClientError) {
  SubscribeAndVerify();
  const std::string base = site_->base_url();
  const std::string topic = Escaped(topic_);
  struct Case {
    std::string url;
    int status;
  };
  for (const Case& c : std::vector<Case>{
           {callback_, 400},                                                          // no query at all
           {callback_ + "?hub.mode=subscribe", 400},                                  // no topic, no challenge
           {callback_ + "?hub.mode=subscribe&hub.topic=" + topic, 400},               // no challenge
           {callback_ + "?hub.mode=bogus&hub.topic=" + topic + "&hub.challenge=x", 400},
           {callback_ + "?hub.mode=subscribe&hub.topic=" + topic + "&hub.challenge=" + std::string(2000, 'c'), 400},
           {base + "/websub/", 404},
           {base + "/websub/abc?hub.mode=subscribe", 404},
           {base + "/websub/-1?hub.mode=subscribe", 404},
           {base + "/websub/0", 404},
           {base + "/websub/" + std::to_string(source_.id) + "/x", 404},
           {base + "/websub/99999999999999999999999", 404},
       }) {
    auto got = HttpGet(c.url);
    EXPECT_EQ(got.status, c.status) << c.url;
  }
  // A body over the subscriber's cap (64 KiB here), and one over the server's own.
  std::string big(100 * 1024, 'x');
  EXPECT_EQ(PostRaw(callback_, big, {Signed(big)}).status, 413);
  long huge = PostRaw(callback_, std::string(3 << 20, 'x'), {}).status;
  EXPECT_TRUE(huge == 0 || (huge >= 400 && huge < 500)) << huge;
  EXPECT_TRUE(Pushes().empty());
  // The subscription survived all of it.
  EXPECT_EQ(Stored().state, "active");
  EXPECT_EQ(hub_->Publish(topic_, "<rss/>", "application/rss+xml"), 1);
}

// Some hubs verify before they answer the POST: the verification must find
// the subscription already stored, and the answer must not undo it.
TEST_F(WebSubTest, AHubThatVerifiesBeforeAnsweringStillEndsActive) {
  std::string echoed;
  auto sync_hub = httpd::Server::Start({}, [&](const httpd::Request& request) {
    std::map<std::string, std::string> form;
    for (const std::string& pair : Split(request.body, '&')) {
      size_t eq = pair.find('=');
      if (eq != std::string::npos)
        form[httpd::PercentDecode(pair.substr(0, eq), true)] = httpd::PercentDecode(pair.substr(eq + 1), true);
    }
    std::string topic = Escaped(form["hub.topic"]);
    echoed = HttpGet(form["hub.callback"] + "?hub.mode=subscribe&hub.topic=" + topic +
                     "&hub.challenge=sync123&hub.lease_seconds=600")
                 .body;
    return httpd::Response{202, "text/plain", {}, ""};
  });
  ASSERT_TRUE(sync_hub.ok()) << sync_hub.message();
  Status st = subscriber_->SubscribeIfAdvertised(source_, (*sync_hub)->base_url() + "/", topic_, kNow);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(echoed, "sync123");
  store::Subscription s = Stored();
  EXPECT_EQ(s.state, "active");
  EXPECT_EQ(s.lease_expires_utc, clock_.load() + 600);
  EXPECT_EQ(s.last_error, "");
}

TEST_F(WebSubTest, ChallengeIsEchoedAsPlainText) {
  ASSERT_TRUE(store_->PutSubscription({source_.id, hub_url_, topic_, "secret", "requested", kNow, 0, ""}).ok());
  std::string topic = Escaped(topic_);
  auto got = HttpGet(callback_ + "?hub.mode=subscribe&hub.topic=" + topic +
                     "&hub.challenge=%3Cscript%3Ealert(1)%3C%2Fscript%3E&hub.lease_seconds=oops");
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body, "<script>alert(1)</script>");
  EXPECT_EQ(got.content_type.rfind("text/plain", 0), 0u);
  EXPECT_EQ(Stored().lease_expires_utc, clock_.load() + kLease);  // an unreadable lease: our own
}

}  // namespace
}  // namespace herald::websub
