#include "pipeline/schedule.h"

#include <algorithm>

namespace herald::pipeline {
namespace {

// Mean gap between the dated entries, or 0 when it cannot be told.
int64_t PostingGap(const std::vector<int64_t>& times) {
  if (times.size() < 2) return 0;
  auto [oldest, newest] = std::minmax_element(times.begin(), times.end());
  return (*newest - *oldest) / static_cast<int64_t>(times.size() - 1);
}

int64_t ChangedInterval(const RefreshBounds& bounds, const std::vector<int64_t>& times, int64_t now_utc) {
  if (times.empty()) return bounds.default_seconds;
  int64_t newest = *std::max_element(times.begin(), times.end());
  if (now_utc - newest > bounds.dormant_after_seconds) return bounds.max_seconds;
  int64_t gap = PostingGap(times);
  return gap > 0 ? gap : bounds.default_seconds;
}

int64_t FailedInterval(const RefreshBounds& bounds, int failures) {
  int doublings = std::clamp(failures - 1, 0, 20);
  int64_t interval = bounds.default_seconds;
  for (int i = 0; i < doublings && interval < bounds.max_seconds; ++i) interval *= 2;
  return interval;
}

}  // namespace

int64_t RefreshInterval(const RefreshBounds& bounds, const FeedFetchOutcome& outcome, int64_t now_utc) {
  int64_t interval = bounds.default_seconds;
  switch (outcome.kind) {
    case FeedFetchOutcome::Kind::kChanged:
      interval = ChangedInterval(bounds, outcome.entry_times_utc, now_utc);
      break;
    case FeedFetchOutcome::Kind::kUnchanged:
      if (outcome.previous_interval_seconds > 0)
        interval = outcome.previous_interval_seconds + outcome.previous_interval_seconds / 4;
      break;
    case FeedFetchOutcome::Kind::kFailed:
      interval = FailedInterval(bounds, outcome.consecutive_failures);
      break;
  }
  interval = std::max({interval, outcome.ttl_seconds, outcome.max_age_seconds});
  return std::clamp(interval, bounds.min_seconds, std::max(bounds.min_seconds, bounds.max_seconds));
}

int64_t OutsideSkipHours(int64_t at_utc, const std::vector<int>& skip_hours_utc) {
  bool skipped[24] = {};
  int count = 0;
  for (int h : skip_hours_utc) {
    if (h >= 0 && h < 24 && !skipped[h]) {
      skipped[h] = true;
      ++count;
    }
  }
  if (count == 0 || count == 24) return at_utc;
  int64_t t = at_utc;
  // At most 23 hour steps; each lands on the start of the next hour.
  while (skipped[((t / 3600) % 24 + 24) % 24]) t = (t / 3600 + 1) * 3600;
  return t;
}

}  // namespace herald::pipeline
