#include "demo/hub.h"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <utility>

#include "common/strings.h"
#include "common/url.h"

namespace herald::demo {
namespace {

constexpr size_t kMaxSecretBytes = 200;  // WebSub 5.1
constexpr size_t kMaxAnswerBytes = 64 * 1024;    // a subscriber's answer
constexpr size_t kMaxTopicBytes = 16 << 20;      // a pinged topic's content

httpd::Response Plain(int status, std::string body) {
  httpd::Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(body);
  return r;
}

std::string Hex(const unsigned char* bytes, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < size; ++i) out += std::string{kDigits[bytes[i] >> 4], kDigits[bytes[i] & 0xf]};
  return out;
}

std::string HmacSha256Hex(const std::string& key, const std::string& body) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(body.data()),
       body.size(), mac.data(), &size);
  return Hex(mac.data(), size);
}

std::string RandomChallenge() {
  std::array<unsigned char, 16> bytes{};
  RAND_bytes(bytes.data(), static_cast<int>(bytes.size()));
  return Hex(bytes.data(), bytes.size());
}

std::string Escape(const std::string& text) {
  char* escaped = curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size()));
  std::string out = escaped != nullptr ? escaped : "";
  curl_free(escaped);
  return out;
}

std::map<std::string, std::string> ParseForm(const std::string& body) {
  std::map<std::string, std::string> fields;
  for (const std::string& pair : Split(body, '&')) {
    size_t equals = pair.find('=');
    if (equals == std::string::npos) continue;
    fields[httpd::PercentDecode(pair.substr(0, equals), true)] = httpd::PercentDecode(pair.substr(equals + 1), true);
  }
  return fields;
}

struct Answer {
  long status = 0;  // 0 when the peer was not reached or sent too much
  std::string body;
  std::string content_type;
  size_t max_bytes = kMaxAnswerBytes;
};

size_t Collect(char* data, size_t size, size_t count, void* user) {
  auto* answer = static_cast<Answer*>(user);
  if (answer->body.size() + size * count > answer->max_bytes) return 0;  // aborts the transfer
  answer->body.append(data, size * count);
  return size * count;
}

// One request to a subscriber's callback (or a pinged topic): GET, or POST `body`.
// The demo hub talks to whatever callback it is given: it is a loopback
// fixture, not a service to expose.
Answer Exchange(const std::string& url, const std::string* body, const std::vector<std::string>& headers,
                int timeout_seconds, size_t max_bytes = kMaxAnswerBytes) {
  Answer answer;
  answer.max_bytes = max_bytes;
  CURL* easy = curl_easy_init();
  if (easy == nullptr) return answer;
  curl_slist* list = nullptr;
  for (const std::string& h : headers) list = curl_slist_append(list, h.c_str());
  curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT, static_cast<long>(timeout_seconds));
  curl_easy_setopt(easy, CURLOPT_USERAGENT, "herald-demo-hub/0.1");
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &answer);
  if (body != nullptr) {
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body->data());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
  }
  if (curl_easy_perform(easy) == CURLE_OK) {
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &answer.status);
    char* content_type = nullptr;
    curl_easy_getinfo(easy, CURLINFO_CONTENT_TYPE, &content_type);
    if (content_type != nullptr) answer.content_type = content_type;
  }
  curl_slist_free_all(list);
  curl_easy_cleanup(easy);
  return answer;
}

std::string WithQuery(const std::string& callback, const std::vector<std::pair<std::string, std::string>>& params) {
  std::string url = callback;
  char separator = callback.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [name, value] : params) {
    url += separator + name + "=" + Escape(value);
    separator = '&';
  }
  return url;
}

bool Is2xx(long status) { return status >= 200 && status < 300; }

}  // namespace

Hub::Hub(HubOptions options) : options_(options), worker_([this] { WorkLoop(); }) {}

Hub::~Hub() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  changed_.notify_all();
  worker_.join();
}

httpd::Response Hub::Handle(const httpd::Request& request) {
  if (request.method != "POST") {
    httpd::Response r = Plain(405, "the hub takes form POSTs (hub.mode=subscribe|unsubscribe)\n");
    r.headers.emplace_back("Allow", "POST");
    return r;
  }
  auto form = ParseForm(request.body);
  Intent intent;
  intent.mode = form["hub.mode"];
  if (intent.mode == "publish") {
    intent.subscription.topic = form["hub.url"];
    if (!IsHttpUrl(intent.subscription.topic)) return Plain(400, "hub.url must be an http(s) URL\n");
    Enqueue(std::move(intent));
    return Plain(202, "accepted; subscribers will get the topic's content\n");
  }
  intent.subscription.topic = form["hub.topic"];
  intent.subscription.callback = form["hub.callback"];
  intent.subscription.secret = form["hub.secret"];
  if (intent.mode != "subscribe" && intent.mode != "unsubscribe")
    return Plain(400, "hub.mode must be subscribe or unsubscribe\n");
  if (!IsHttpUrl(intent.subscription.callback) || !ParseHttpUrl(intent.subscription.callback).ok())
    return Plain(400, "hub.callback must be an http(s) URL\n");
  if (!IsHttpUrl(intent.subscription.topic)) return Plain(400, "hub.topic must be an http(s) URL\n");
  if (intent.subscription.secret.size() > kMaxSecretBytes) return Plain(400, "hub.secret is longer than 200 bytes\n");
  int64_t lease = options_.default_lease_seconds;
  const std::string& asked = form["hub.lease_seconds"];
  if (!asked.empty()) {
    auto [end, ec] = std::from_chars(asked.data(), asked.data() + asked.size(), lease);
    if (ec != std::errc() || end != asked.data() + asked.size() || lease <= 0)
      return Plain(400, "hub.lease_seconds must be a positive number\n");
  }
  intent.subscription.lease_seconds = std::min(lease, options_.max_lease_seconds);
  Enqueue(std::move(intent));
  return Plain(202, "accepted; the callback will be asked to verify\n");
}

void Hub::Enqueue(Intent intent) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (intent.mode != "publish") ++counts_.requests;
    pending_.push_back(std::move(intent));
  }
  changed_.notify_all();
}

void Hub::WorkLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    changed_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
    if (stopping_) return;
    Intent intent = std::move(pending_.front());
    pending_.pop_front();
    lock.unlock();
    if (intent.mode == "publish") {
      Distribute(intent.subscription.topic);
    } else {
      Verify(intent);
    }
    lock.lock();
  }
}

void Hub::Verify(const Intent& intent) {
  const HubSubscription& s = intent.subscription;
  std::string challenge = RandomChallenge();
  std::vector<std::pair<std::string, std::string>> params = {
      {"hub.mode", intent.mode}, {"hub.topic", s.topic}, {"hub.challenge", challenge}};
  if (intent.mode == "subscribe") params.emplace_back("hub.lease_seconds", std::to_string(s.lease_seconds));
  Answer answer = Exchange(WithQuery(s.callback, params), nullptr, {}, options_.timeout_seconds);
  bool confirmed = Is2xx(answer.status) && answer.body == challenge;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (confirmed) {
      std::erase_if(subscriptions_, [&](const HubSubscription& old) {
        return old.topic == s.topic && old.callback == s.callback;
      });
      if (intent.mode == "subscribe") subscriptions_.push_back(s);
    }
    ++(confirmed ? counts_.verified : counts_.unverified);
  }
  changed_.notify_all();
}

void Hub::Distribute(const std::string& topic_url) {
  Answer topic = Exchange(topic_url, nullptr, {}, options_.timeout_seconds, kMaxTopicBytes);
  if (Is2xx(topic.status)) Publish(topic_url, topic.body, topic.content_type);
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++counts_.pings;
  }
  changed_.notify_all();
}

int Hub::Publish(const std::string& topic_url, const std::string& body, const std::string& content_type) {
  std::vector<HubSubscription> targets;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const HubSubscription& s : subscriptions_)
      if (s.topic == topic_url) targets.push_back(s);
  }
  int delivered = 0;
  for (const HubSubscription& s : targets) {
    std::vector<std::string> headers = {"Content-Type: " + content_type,
                                        "Link: <" + topic_url + ">; rel=\"self\""};
    if (!s.secret.empty()) headers.push_back("X-Hub-Signature: sha256=" + HmacSha256Hex(s.secret, body));
    Answer answer = Exchange(s.callback, &body, headers, options_.timeout_seconds);
    std::lock_guard<std::mutex> lock(mu_);
    if (Is2xx(answer.status)) {
      ++delivered;
      ++counts_.deliveries;
    } else if (answer.status == 410) {
      std::erase_if(subscriptions_, [&](const HubSubscription& old) {
        return old.topic == s.topic && old.callback == s.callback;
      });
    }
  }
  return delivered;
}

bool Hub::Deny(const std::string& callback, const std::string& topic_url, const std::string& reason) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    std::erase_if(subscriptions_, [&](const HubSubscription& old) {
      return old.topic == topic_url && old.callback == callback;
    });
  }
  std::string url = WithQuery(callback, {{"hub.mode", "denied"}, {"hub.topic", topic_url}, {"hub.reason", reason}});
  return Is2xx(Exchange(url, nullptr, {}, options_.timeout_seconds).status);
}

bool Hub::WaitForVerifications(int64_t count, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return changed_.wait_for(lock, timeout, [&] { return counts_.verified + counts_.unverified >= count; });
}

bool Hub::WaitForPings(int64_t count, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return changed_.wait_for(lock, timeout, [&] { return counts_.pings >= count; });
}

std::vector<HubSubscription> Hub::Subscriptions() const {
  std::lock_guard<std::mutex> lock(mu_);
  return subscriptions_;
}

HubCounts Hub::Counts() const {
  std::lock_guard<std::mutex> lock(mu_);
  return counts_;
}

}  // namespace herald::demo
