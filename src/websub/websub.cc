#include "websub/websub.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <utility>

#include "common/strings.h"
#include "common/url.h"
#include "websub/hub_client.h"
#include "websub/signature.h"

namespace herald::websub {
namespace {

constexpr std::string_view kCallbackPrefix = "/websub/";
constexpr size_t kMaxChallengeBytes = 1024;
constexpr size_t kMaxReasonBytes = 300;
constexpr int64_t kMaxLeaseSeconds = 366 * 86400;

httpd::Response Plain(int status, std::string body) {
  httpd::Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(body);
  return r;
}

// The source id of ".../websub/<digits>"; 0 when the path is anything else.
int64_t SourceIdOfPath(std::string_view path) {
  size_t at = path.rfind(kCallbackPrefix);
  if (at == std::string_view::npos) return 0;
  std::string_view digits = path.substr(at + kCallbackPrefix.size());
  int64_t id = 0;
  if (digits.empty() || digits.size() > 18) return 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc() || end != digits.data() + digits.size() || id <= 0) return 0;
  return id;
}

// hub.lease_seconds when it is a sane positive number, else nullopt.
std::optional<int64_t> LeaseOf(const std::string& text) {
  int64_t lease = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), lease);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || lease <= 0) return std::nullopt;
  return std::min(lease, kMaxLeaseSeconds);
}

std::string Query(const httpd::Request& request, const std::string& name) {
  auto it = request.query.find(name);
  return it == request.query.end() ? "" : it->second;
}

// Hub-supplied text for a status line: valid UTF-8, one line, bounded.
std::string Tidy(std::string_view text) {
  std::string out = CollapseWhitespace(ToValidUtf8(text.substr(0, kMaxReasonBytes)));
  return out.empty() ? "no reason given" : out;
}

bool IsPending(const store::Subscription& s) { return s.state == "requested" || s.state == "active"; }

// The row a caller decided on is still the stored one (no verification came since).
bool Unchanged(const std::optional<store::Subscription>& decided, const std::optional<store::Subscription>& stored) {
  if (decided.has_value() != stored.has_value()) return false;
  return !decided || (decided->state == stored->state && decided->requested_utc == stored->requested_utc &&
                      decided->lease_expires_utc == stored->lease_expires_utc &&
                      decided->hub_url == stored->hub_url && decided->topic_url == stored->topic_url);
}

std::string Iso(int64_t utc) { return FormatIso8601(Timestamp{utc, 0, true}); }

}  // namespace

Subscriber::Subscriber(store::Store& store, SubscriberOptions options, PushSink sink)
    : store_(store), options_(std::move(options)), sink_(std::move(sink)) {
  while (!options_.callback_base_url.empty() && options_.callback_base_url.back() == '/')
    options_.callback_base_url.pop_back();
  if (!options_.clock) options_.clock = NowUtcSeconds;
}

Status Subscriber::SubscribeIfAdvertised(const store::Source& source, const std::string& hub_url,
                                         const std::string& self_url, int64_t now) {
  if (options_.callback_base_url.empty() || hub_url.empty()) return Status::Ok();
  if (!IsHttpUrl(hub_url))
    return MakeError(ErrorKind::kInvalidInput, "feed " + source.feed_url + " names hub '" + hub_url +
                                                   "', not an http(s) URL; it is not subscribed");
  std::string topic = self_url.empty() ? source.feed_url : self_url;
  auto existing = store_.GetSubscription(source.id);
  if (!existing.ok()) return existing.status();
  if (*existing && (*existing)->hub_url == hub_url && (*existing)->topic_url == topic) {
    const store::Subscription& s = **existing;
    if (IsPending(s)) return Status::Ok();  // RenewDue keeps it going
    if (s.state == "denied" && now - s.requested_utc < options_.resend_after_seconds) return Status::Ok();
  }
  auto secret = RandomSecret();
  if (!secret.ok()) return secret.status();
  store::Subscription fresh;
  fresh.source_id = source.id;
  fresh.hub_url = hub_url;
  fresh.topic_url = topic;
  fresh.secret = std::move(*secret);
  fresh.state = "requested";
  return Send(*existing, std::move(fresh), "subscribe", now);
}

Status Subscriber::Unsubscribe(const store::Source& source, int64_t now) {
  auto existing = store_.GetSubscription(source.id);
  if (!existing.ok()) return existing.status();
  if (!*existing)
    return MakeError(ErrorKind::kNotFound, "source " + std::to_string(source.id) + " has no WebSub subscription");
  store::Subscription s = **existing;
  s.state = "unsubscribed";
  return Send(*existing, std::move(s), "unsubscribe", now);
}

Status Subscriber::RenewDue(int64_t now) {
  auto all = store_.ListSubscriptions();
  if (!all.ok()) return all.status();
  Status first;
  for (store::Subscription& s : *all) {
    if (now - s.requested_utc < options_.resend_after_seconds) continue;
    bool lease_ending = s.state == "active" && s.lease_expires_utc - now <= options_.renew_before_seconds;
    bool never_verified = s.state == "requested";
    if (!lease_ending && !never_verified) continue;
    Status sent = Send(s, s, "subscribe", now);
    if (!sent.ok() && first.ok()) first = sent;
  }
  return first;
}

Status Subscriber::Send(const std::optional<store::Subscription>& decided, store::Subscription subscription,
                        const std::string& mode, int64_t now) {
  subscription.requested_utc = now;
  {
    // Stored before the hub hears of it: its verification may come at once.
    std::lock_guard<std::mutex> lock(mu_);
    auto stored = store_.GetSubscription(subscription.source_id);
    if (!stored.ok()) return stored.status();
    if (!Unchanged(decided, *stored)) return Status::Ok();  // a hub's answer came first: it stands
    if (Status put = store_.PutSubscription(subscription); !put.ok()) return put;
  }
  PostOptions post;
  post.user_agent = options_.user_agent;
  post.timeout_seconds = options_.timeout_seconds;
  post.allow_private_networks = options_.allow_private_networks;
  post.allowed_networks = options_.allowed_networks;
  FormFields fields = {{"hub.mode", mode},
                       {"hub.topic", subscription.topic_url},
                       {"hub.callback", options_.callback_base_url + std::string(kCallbackPrefix) +
                                            std::to_string(subscription.source_id)}};
  if (mode == "subscribe") {
    fields.emplace_back("hub.secret", subscription.secret);
    fields.emplace_back("hub.lease_seconds", std::to_string(options_.lease_seconds));
  }
  Result<HubAnswer> answer = PostForm(subscription.hub_url, fields, post);
  std::string error;
  if (!answer.ok()) {
    error = answer.message();
  } else if (answer->status != 202 && answer->status != 204) {
    error = "hub answered HTTP " + std::to_string(answer->status) + ": " + Tidy(answer->body);
  }
  Status outcome;
  if (!error.empty())
    outcome = MakeError(answer.ok() ? ErrorKind::kHttp : answer.error().kind,
                        "WebSub " + mode + " of " + subscription.topic_url + " at " + subscription.hub_url + ": " + error);
  // Record the answer on what is stored now: the verification may have come first.
  std::lock_guard<std::mutex> lock(mu_);
  auto stored = store_.GetSubscription(subscription.source_id);
  if (!stored.ok()) return stored.status();
  if (!*stored || (*stored)->requested_utc != now || (*stored)->topic_url != subscription.topic_url) return outcome;
  store::Subscription& current = **stored;
  current.last_error = error;
  // A refused first request is a denial; a refused renewal keeps the lease it has.
  if (!error.empty() && answer.ok() && current.state == "requested") current.state = "denied";
  if (Status put = store_.PutSubscription(current); !put.ok()) return put;
  return outcome;
}

httpd::Response Subscriber::HandleCallback(const httpd::Request& request) {
  int64_t source_id = SourceIdOfPath(request.path);
  if (source_id == 0) return Plain(404, "not a WebSub callback\n");
  if (request.method == "GET") return Verify(request, source_id);
  if (request.method == "POST") return Receive(request, source_id);
  httpd::Response r = Plain(405, "WebSub callbacks take GET (verification) and POST (content)\n");
  r.headers.emplace_back("Allow", "GET, POST");
  return r;
}

httpd::Response Subscriber::Verify(const httpd::Request& request, int64_t source_id) {
  std::string mode = Query(request, "hub.mode");
  std::string topic = Query(request, "hub.topic");
  std::string challenge = Query(request, "hub.challenge");
  if (mode != "subscribe" && mode != "unsubscribe" && mode != "denied")
    return Plain(400, "hub.mode must be subscribe, unsubscribe or denied\n");
  if (mode != "denied" && (topic.empty() || challenge.empty() || challenge.size() > kMaxChallengeBytes))
    return Plain(400, "a verification needs hub.topic and a hub.challenge of at most 1024 bytes\n");
  std::lock_guard<std::mutex> lock(mu_);
  auto stored = store_.GetSubscription(source_id);
  if (!stored.ok()) return Plain(503, "storage unavailable, try again later\n");
  if (!*stored || (!topic.empty() && (*stored)->topic_url != topic)) return Plain(404, "no such subscription\n");
  store::Subscription s = std::move(**stored);
  if (mode == "denied") {
    s.state = "denied";
    s.last_error = "hub denied the subscription: " + Tidy(Query(request, "hub.reason"));
  } else if (mode == "subscribe" && IsPending(s)) {
    s.state = "active";
    s.lease_expires_utc = options_.clock() + LeaseOf(Query(request, "hub.lease_seconds")).value_or(options_.lease_seconds);
    s.last_error.clear();
  } else if (mode != "unsubscribe" || s.state != "unsubscribed") {
    return Plain(404, "no such subscription\n");  // we did not ask for this
  }
  if (Status put = store_.PutSubscription(s); !put.ok()) return Plain(503, "storage unavailable, try again later\n");
  return Plain(200, mode == "denied" ? "" : challenge);
}

httpd::Response Subscriber::Receive(const httpd::Request& request, int64_t source_id) {
  if (request.body.size() > options_.max_push_bytes) return Plain(413, "push too large\n");
  auto stored = store_.GetSubscription(source_id);
  if (!stored.ok()) return Plain(503, "storage unavailable, try again later\n");
  // 410 Gone tells the hub to drop a subscription we no longer hold.
  if (!*stored || !IsPending(**stored)) return Plain(410, "no subscription here\n");
  auto source = store_.GetSource(source_id);
  if (!source.ok()) return Plain(503, "storage unavailable, try again later\n");
  if (!*source) return Plain(410, "no subscription here\n");
  SignatureCheck check = CheckSignature(request.Header("x-hub-signature"), (*stored)->secret, request.body);
  if (check != SignatureCheck::kValid) {
    Count(source_id, false);
    spdlog::warn("websub: push for source {} ignored: {}", source_id,
                 check == SignatureCheck::kMissing    ? "unsigned"
                 : check == SignatureCheck::kMismatch ? "signature does not match"
                                                      : "malformed X-Hub-Signature");
    // WebSub 8: acknowledge and ignore, so a forger learns nothing.
    if (check == SignatureCheck::kMalformed) return Plain(400, "malformed X-Hub-Signature\n");
    return Plain(202, "ignored\n");
  }
  Status taken = sink_(**source, request.body, request.Header("content-type"));
  Count(source_id, taken.ok());
  if (taken.ok()) return Plain(202, "accepted\n");
  spdlog::warn("websub: push for source {} not taken: {}", source_id, taken.message());
  // A body that is no feed will not improve; a storage failure might.
  if (taken.error().kind == ErrorKind::kInvalidInput) return Plain(202, "ignored\n");
  return Plain(503, "not stored, try again later\n");
}

void Subscriber::Count(int64_t source_id, bool accepted) {
  std::lock_guard<std::mutex> lock(mu_);
  PushCounts& counts = counts_[source_id];
  ++(accepted ? counts.accepted : counts.rejected);
}

PushCounts Subscriber::Counts(int64_t source_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = counts_.find(source_id);
  return it == counts_.end() ? PushCounts{} : it->second;
}

std::string Subscriber::StatusLine(int64_t source_id) {
  auto stored = store_.GetSubscription(source_id);
  if (!stored.ok() || !*stored) return "";
  PushCounts counts = Counts(source_id);
  return DescribeSubscription(**stored, &counts);
}

std::string DescribeSubscription(const store::Subscription& s, const PushCounts* counts) {
  std::string line = "WebSub: ";
  if (s.state == "active") {
    line += "active, lease until " + Iso(s.lease_expires_utc);
  } else if (s.state == "requested") {
    line += "requested at " + Iso(s.requested_utc) + ", waiting for the hub's verification";
  } else if (s.state == "denied") {
    line += "hub refused";
  } else {
    line += s.state;
  }
  if (!s.last_error.empty()) line += (s.state == "denied" ? ": " : "; last error: ") + s.last_error;
  if (counts != nullptr) {
    line += "; pushes " + std::to_string(counts->accepted);
    if (counts->rejected > 0) line += " (" + std::to_string(counts->rejected) + " rejected)";
  }
  return line;
}

}  // namespace herald::websub
