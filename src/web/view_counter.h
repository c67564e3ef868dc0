// The article view counter: honest and private.
//
// Counts happen on the server. No cookie is set and no IP address is stored:
// a visitor is recognized within one day by SHA-256(daily salt, IP,
// User-Agent, article). The day's salt is random and shared by every web
// process through the store (Store::DailySalt), so a visitor counts once per
// article per day whichever process they reach. What is stored: the current
// day's salt and the salted hashes of that day's visits; storing the next
// day's salt deletes both, so yesterday's hashes cannot be recomputed. Known
// bots and prefetches are not counted. New visits are kept in memory and
// written in one batch (Store::RecordVisits, which counts only visits no
// process recorded yet) every flush interval and at shutdown: a crash loses
// at most one interval of views (the default is 10 s) and never counts a
// view twice, and the counts of many processes add up exactly.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "common/result.h"
#include "httpd/server.h"
#include "store/store.h"

namespace herald::web {

struct ViewCounterOptions {
  std::string time_zone = "UTC";   // IANA name; "today" begins at midnight there
  int flush_interval_seconds = 10; // the worst-case loss on a crash
};

class ViewCounter {
 public:
  // Fails when the time zone is unknown.
  static Result<std::unique_ptr<ViewCounter>> Create(store::Store& store, ViewCounterOptions options);
  ~ViewCounter();  // flushes what is pending
  ViewCounter(const ViewCounter&) = delete;
  ViewCounter& operator=(const ViewCounter&) = delete;

  // Counts this request's view of the article (unless it is a bot, a
  // prefetch or a repeat today) and returns the counts to show, pending
  // views included.
  store::Store::ViewCounts Record(int64_t article_id, const httpd::Request& request);

  // Writes pending counts to the store now.
  Status Flush();

  // "YYYY-MM-DD" now in the configured zone.
  std::string Today() const;

  // True for crawlers, link previewers and empty user agents.
  static bool IsBot(const std::string& user_agent);
  // True for browser prefetch/prerender requests.
  static bool IsPrefetch(const httpd::Request& request);

 private:
  ViewCounter(store::Store& store, ViewCounterOptions options, const void* zone);
  void FlushLoop();
  // The shared salt of `today`, read once per day; a store failure falls
  // back to a salt of this process (tried again a few seconds later).
  void RotateSaltIfNewDay(const std::string& today);  // needs mutex_
  store::Store::ViewCounts StoredViews(int64_t article_id, const std::string& today);  // not under mutex_

  store::Store& store_;
  ViewCounterOptions options_;
  const void* zone_;  // const date::time_zone*

  std::mutex mutex_;
  std::string salt_;
  std::string salt_day_;
  bool salt_shared_ = false;  // false: a local stand-in until the store answers
  std::chrono::steady_clock::time_point salt_retry_at_;
  std::unordered_set<std::string> seen_today_;  // visitors this process already counted today
  std::map<std::string, std::vector<store::Store::Visit>> pending_visits_;  // day -> visits to write
  std::map<std::pair<int64_t, std::string>, int64_t> pending_;  // (article, day) -> views, for display
  // Stored counts as last read, so a popular page costs no store read per
  // view: dropped at each flush and re-read after a second (another
  // process's flushes show that late).
  struct StoredCounts {
    store::Store::ViewCounts counts;
    std::string day;
    std::chrono::steady_clock::time_point read_at;
  };
  std::unordered_map<int64_t, StoredCounts> stored_;
  uint64_t flushes_ = 0;

  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread flusher_;
};

}  // namespace herald::web
