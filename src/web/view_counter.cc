#include "web/view_counter.h"

#include <date/tz.h>
#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "common/strings.h"

namespace herald::web {

// How long stored counts are reused: another process's flushed views show
// this much later; this process's own flushes drop them at once.
constexpr auto kStoredCountsTtl = std::chrono::seconds(1);
constexpr size_t kMaxStoredCounts = 10000;
// After a failure to read the shared salt, how long before asking again.
constexpr auto kSaltRetry = std::chrono::seconds(5);

namespace {

const date::time_zone* Zone(const void* z) { return static_cast<const date::time_zone*>(z); }

std::string RandomSalt() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    // Without a random salt the hashes would be guessable: use time and
    // address entropy rather than none; this path is not expected.
    auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    return Sha256Hex(std::to_string(now) + std::to_string(reinterpret_cast<uintptr_t>(bytes)));
  }
  return std::string(reinterpret_cast<char*>(bytes), sizeof bytes);
}

}  // namespace

Result<std::unique_ptr<ViewCounter>> ViewCounter::Create(store::Store& store, ViewCounterOptions options) {
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(options.time_zone);
  } catch (const std::exception&) {
    return MakeError(ErrorKind::kInvalidInput, "[site] time_zone '" + options.time_zone +
                                                   "' is not a known IANA time zone; use a name such as "
                                                   "\"Asia/Shanghai\" or \"UTC\"");
  }
  return std::unique_ptr<ViewCounter>(new ViewCounter(store, std::move(options), zone));
}

ViewCounter::ViewCounter(store::Store& store, ViewCounterOptions options, const void* zone)
    : store_(store), options_(std::move(options)), zone_(zone) {
  flusher_ = std::thread([this] { FlushLoop(); });
}

ViewCounter::~ViewCounter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  flusher_.join();
  (void)Flush();
}

std::string ViewCounter::Today() const {
  auto local = date::make_zoned(Zone(zone_), std::chrono::system_clock::now()).get_local_time();
  return date::format("%F", date::floor<date::days>(local));
}

bool ViewCounter::IsBot(const std::string& user_agent) {
  if (Trim(user_agent).empty()) return true;
  std::string ua = ToLowerAscii(user_agent);
  for (const char* marker : {"bot", "crawl", "spider", "slurp", "preview", "facebookexternalhit", "embedly",
                             "curl/", "wget/", "python-requests", "go-http-client", "feedfetcher", "lighthouse"}) {
    if (ua.find(marker) != std::string::npos) return true;
  }
  return false;
}

bool ViewCounter::IsPrefetch(const httpd::Request& request) {
  for (const char* header : {"purpose", "sec-purpose", "x-purpose", "x-moz"}) {
    std::string value = ToLowerAscii(request.Header(header));
    if (value.find("prefetch") != std::string::npos || value.find("preview") != std::string::npos ||
        value.find("prerender") != std::string::npos)
      return true;
  }
  return false;
}

void ViewCounter::RotateSaltIfNewDay(const std::string& today) {
  if (salt_day_ == today && (salt_shared_ || std::chrono::steady_clock::now() < salt_retry_at_)) return;
  auto shared = store_.DailySalt(today, RandomSalt());
  if (salt_day_ != today) seen_today_.clear();
  salt_day_ = today;
  salt_shared_ = shared.ok();
  if (shared.ok()) {
    if (*shared != salt_) seen_today_.clear();  // hashes under the stand-in salt mean nothing now
    salt_ = *shared;
    return;
  }
  // Counting goes on; a visitor may count once more in another process
  // until the store answers.
  spdlog::warn("view counter: cannot read the day's shared salt: {}", shared.message());
  if (salt_.empty() || seen_today_.empty()) salt_ = RandomSalt();
  salt_retry_at_ = std::chrono::steady_clock::now() + kSaltRetry;
}

store::Store::ViewCounts ViewCounter::Record(int64_t article_id, const httpd::Request& request) {
  std::string today = Today();
  bool counts = !IsBot(request.Header("user-agent")) && !IsPrefetch(request);
  int64_t pending_total = 0, pending_today = 0;
  {
    std::lock_guard lock(mutex_);
    RotateSaltIfNewDay(today);
    if (counts) {
      std::string visitor = Sha256Hex(salt_ + '\0' + request.remote_ip + '\0' + request.Header("user-agent") + '\0' +
                                      std::to_string(article_id));
      if (seen_today_.insert(visitor).second) {
        ++pending_[{article_id, today}];
        pending_visits_[today].push_back({article_id, std::move(visitor)});
      }
    }
    for (auto it = pending_.lower_bound({article_id, ""}); it != pending_.end() && it->first.first == article_id; ++it) {
      pending_total += it->second;
      if (it->first.second == today) pending_today += it->second;
    }
  }
  store::Store::ViewCounts stored = StoredViews(article_id, today);
  return {stored.total + pending_total, stored.today + pending_today};
}

store::Store::ViewCounts ViewCounter::StoredViews(int64_t article_id, const std::string& today) {
  auto now = std::chrono::steady_clock::now();
  uint64_t flushes;
  {
    std::lock_guard lock(mutex_);
    auto it = stored_.find(article_id);
    if (it != stored_.end() && it->second.day == today && now - it->second.read_at < kStoredCountsTtl)
      return it->second.counts;
    flushes = flushes_;
  }
  auto got = store_.GetViews(article_id, today);
  if (!got.ok()) return {};
  std::lock_guard lock(mutex_);
  if (flushes != flushes_) return *got;  // a flush may have landed after this read: do not keep it
  if (stored_.size() >= kMaxStoredCounts) stored_.clear();  // bounded; popular pages return at once
  stored_[article_id] = {*got, today, now};
  return *got;
}

Status ViewCounter::Flush() {
  std::map<std::string, std::vector<store::Store::Visit>> batch;
  std::map<std::pair<int64_t, std::string>, int64_t> counts;
  {
    std::lock_guard lock(mutex_);
    batch.swap(pending_visits_);
    counts.swap(pending_);
  }
  Status first_error;
  for (auto& [day, visits] : batch) {
    auto recorded = store_.RecordVisits(day, visits);
    if (recorded.ok()) continue;
    // Keep what could not be written for the next flush.
    std::lock_guard lock(mutex_);
    for (store::Store::Visit& visit : visits) {
      std::pair<int64_t, std::string> key{visit.article_id, day};
      pending_[key] += 1;
      pending_visits_[day].push_back(std::move(visit));
    }
    if (first_error.ok()) first_error = recorded.status();
  }
  {
    std::lock_guard lock(mutex_);
    stored_.clear();  // the written views are in the store now
    ++flushes_;
  }
  return first_error;
}

void ViewCounter::FlushLoop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::seconds(options_.flush_interval_seconds));
    if (stopping_) break;
    lock.unlock();
    if (Status st = Flush(); !st.ok()) spdlog::warn("view counter: {}", st.message());
    lock.lock();
  }
}

}  // namespace herald::web
