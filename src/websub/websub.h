// websub/: the WebSub subscriber (W3C WebSub, subscriber side). When a feed
// advertises a hub and the site has a public base URL, herald subscribes to
// the feed's topic, answers the hub's verification of intent, accepts pushed
// feed documents signed with the subscription's secret, and renews leases.
//
// Contract: the callback URL is <callback_base_url>/websub/<source id>; the
// secret goes to the hub in the POST body only, never in a URL, a log line
// or a status line. A subscription is stored ("requested") before the hub is
// asked, so a verification that overtakes the hub's answer finds it. A push
// reaches the PushSink only when its X-Hub-Signature is a valid HMAC of the
// raw body under the stored secret; other pushes are acknowledged (2xx, as
// WebSub 8 allows) and dropped, counted as rejected. HandleCallback is
// thread-safe; the other methods may run concurrently with it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/time.h"
#include "httpd/server.h"
#include "store/store.h"

namespace herald::websub {

struct SubscriberOptions {
  // The site's public base URL ("https://news.example.org", no trailing
  // slash needed). Empty: SubscribeIfAdvertised does nothing.
  std::string callback_base_url;
  int64_t lease_seconds = 10 * 86400;        // asked of the hub
  int64_t renew_before_seconds = 86400;      // renew when the lease ends within this
  // A request the hub has not verified (or a failed renewal) is sent again
  // after this long; also the wait before asking again a hub that refused.
  int64_t resend_after_seconds = 3600;
  // For the POST to the hub (see hub_client.h).
  bool allow_private_networks = false;
  std::vector<std::string> allowed_networks;
  std::string user_agent = "herald/0.1 (+https://github.com/herald-news/herald)";
  int timeout_seconds = 15;
  size_t max_push_bytes = 1 << 20;           // larger pushes get 413
  // The clock of HandleCallback (lease ends); tests set it.
  std::function<int64_t()> clock = NowUtcSeconds;
};

// Where a verified push goes: the pipeline's Ingester::AcceptPushedFeed.
using PushSink =
    std::function<Status(const store::Source&, std::string_view body, std::string_view content_type)>;

// Pushes seen since the Subscriber started (not stored).
struct PushCounts {
  int64_t accepted = 0;  // reached the sink and the sink said OK
  int64_t rejected = 0;  // unsigned, bad signature, or refused by the sink
};

class Subscriber {
 public:
  Subscriber(store::Store& store, SubscriberOptions options, PushSink sink);
  Subscriber(const Subscriber&) = delete;
  Subscriber& operator=(const Subscriber&) = delete;

  // After a fetch of `source`'s feed: when it advertises a hub (hub_url not
  // empty) and the source has no requested or active subscription for this
  // hub and topic, subscribes (topic = self_url, else the feed URL). A hub
  // that refused, or one not reached, is asked again only after
  // resend_after_seconds. OK when nothing needed doing; the error of the
  // request otherwise (also stored in the subscription's last_error).
  Status SubscribeIfAdvertised(const store::Source& source, const std::string& hub_url,
                               const std::string& self_url, int64_t now);

  // Asks the hub to stop (the source is going, or its feed dropped the hub).
  // kNotFound when the source has no subscription.
  Status Unsubscribe(const store::Source& source, int64_t now);

  // Renews active subscriptions whose lease ends within renew_before_seconds
  // and sends again requests the hub never verified, each at most once per
  // resend_after_seconds. OK when every request went out; else the first error.
  Status RenewDue(int64_t now);

  // The /websub/<source id> endpoint: GET = verification of intent (or a
  // denial), POST = content distribution. Malformed requests get a 4xx.
  httpd::Response HandleCallback(const httpd::Request& request);

  PushCounts Counts(int64_t source_id) const;

  // "WebSub: active, lease until 2026-12-09T05:00:00Z; pushes 3 (1 rejected)"
  // for `herald sources list`; "" when the source has no subscription.
  std::string StatusLine(int64_t source_id);

 private:
  // Stores `subscription` as sent, unless the stored row is no longer the
  // one the caller `decided` on, and POSTs it; records the hub's answer.
  Status Send(const std::optional<store::Subscription>& decided, store::Subscription subscription,
              const std::string& mode, int64_t now);
  httpd::Response Verify(const httpd::Request& request, int64_t source_id);
  httpd::Response Receive(const httpd::Request& request, int64_t source_id);
  void Count(int64_t source_id, bool accepted);

  store::Store& store_;
  SubscriberOptions options_;
  PushSink sink_;
  mutable std::mutex mu_;
  std::map<int64_t, PushCounts> counts_;  // guarded by mu_
};

// The status line of a stored subscription (see Subscriber::StatusLine);
// `counts` may be null when the pushes are not known (another process).
std::string DescribeSubscription(const store::Subscription& subscription, const PushCounts* counts);

}  // namespace herald::websub
