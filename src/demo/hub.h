// An emulated WebSub hub (W3C WebSub, hub side), served by the demo newsroom
// at /hub and advertised by its feeds, so the subscriber can be exercised
// end to end without the internet.
//
// Contract: a subscribe/unsubscribe POST (form-encoded) is answered 202 at
// once; the verification of intent (a GET to the callback with a random
// hub.challenge) runs on the hub's own thread, and only a 2xx answer that
// echoes the challenge exactly makes the subscription count. Publish() pushes
// to every verified subscriber of the topic, signed "X-Hub-Signature:
// sha256=<HMAC of the body>" when the subscriber gave a secret; a 410 answer
// ends that subscription. A publisher's ping (hub.mode=publish, hub.url=
// <topic>) makes the hub fetch the topic and Publish it, on the same thread.
// The destructor joins the thread (pending work is dropped). All methods
// are thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/result.h"
#include "httpd/server.h"

namespace herald::demo {

// The hub's path on the newsroom.
inline constexpr char kHubPath[] = "/hub";

struct HubOptions {
  int64_t default_lease_seconds = 10 * 86400;  // when the subscriber asks none
  int64_t max_lease_seconds = 30 * 86400;      // longer requests are cut to this
  int timeout_seconds = 5;                     // each verification and push
};

struct HubSubscription {
  std::string topic;
  std::string callback;
  std::string secret;         // "" = pushes unsigned
  int64_t lease_seconds = 0;  // as granted in the verification
};

struct HubCounts {
  int64_t requests = 0;       // subscribe/unsubscribe POSTs accepted (202)
  int64_t verified = 0;       // verifications the subscriber confirmed
  int64_t unverified = 0;     // verifications refused, failed or wrongly echoed
  int64_t deliveries = 0;     // pushes a subscriber acknowledged with 2xx
  int64_t pings = 0;          // publish pings handled (topic fetched or not)
};

class Hub {
 public:
  explicit Hub(HubOptions options = {});
  ~Hub();
  Hub(const Hub&) = delete;
  Hub& operator=(const Hub&) = delete;

  // POST /hub: hub.mode=subscribe|unsubscribe, hub.callback, hub.topic,
  // hub.secret (optional, at most 200 bytes), hub.lease_seconds (optional);
  // or hub.mode=publish, hub.url. 202 when accepted (verification or
  // distribution follows), 400 naming the bad field otherwise.
  httpd::Response Handle(const httpd::Request& request);

  // Pushes `body` to every verified subscriber of `topic_url`; returns how
  // many acknowledged it with 2xx.
  int Publish(const std::string& topic_url, const std::string& body, const std::string& content_type);

  // Tells `callback` its subscription to `topic_url` is denied (hub.mode=
  // denied, hub.reason) and forgets it. True when the callback answered 2xx.
  bool Deny(const std::string& callback, const std::string& topic_url, const std::string& reason);

  // Waits until `count` verifications have finished (confirmed or not) since
  // the hub started, at most `timeout`. True when they have.
  bool WaitForVerifications(int64_t count, std::chrono::milliseconds timeout);
  // The same for publish pings handled.
  bool WaitForPings(int64_t count, std::chrono::milliseconds timeout);

  std::vector<HubSubscription> Subscriptions() const;
  HubCounts Counts() const;

 private:
  struct Intent {
    std::string mode;  // "subscribe" | "unsubscribe" | "publish" (topic only)
    HubSubscription subscription;
  };

  void Enqueue(Intent intent);
  void WorkLoop();
  void Verify(const Intent& intent);
  // Fetches the pinged topic and publishes what it serves.
  void Distribute(const std::string& topic_url);

  const HubOptions options_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::deque<Intent> pending_;                 // guarded by mu_
  std::vector<HubSubscription> subscriptions_; // guarded by mu_
  HubCounts counts_;                           // guarded by mu_
  bool stopping_ = false;                      // guarded by mu_
  std::thread worker_;
};

// The demo newsroom (demo/newsroom.h) with `hub` answering at kHubPath.
// StartNewsroom gives it a hub of its own.
Result<std::unique_ptr<httpd::Server>> StartNewsroomWithHub(const std::string& host, uint16_t port,
                                                            std::shared_ptr<Hub> hub);

}  // namespace herald::demo
