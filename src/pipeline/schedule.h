// When to fetch a feed again: adaptive refresh, learned from what the feed
// did, bounded by the configuration. Pure functions of their inputs (no
// clock, no store), so the policy is tested without waiting.
//
// Contract: the interval always lies in [min_seconds, max_seconds].
//  - A feed that changed: the mean gap between its dated entries (a feed
//    posting hourly is fetched about hourly); the default when fewer than two
//    entries are dated; the maximum when its newest entry is older than
//    dormant_after_seconds.
//  - Unchanged (304, or nothing new): the previous interval, grown by a
//    quarter, so quiet feeds drift towards the maximum.
//  - Failed: default * 2^(failures-1): 15, 30, 60 min... (back-off), so a
//    broken feed is not hammered, and it recovers at once on success.
//  - The feed's own TTL and the response's Cache-Control max-age are floors:
//    herald never asks sooner than the publisher said the answer stays fresh.
#pragma once

#include <cstdint>
#include <vector>

namespace herald::pipeline {

struct RefreshBounds {
  int64_t min_seconds = 5 * 60;
  int64_t default_seconds = 15 * 60;
  int64_t max_seconds = 24 * 60 * 60;
  int64_t dormant_after_seconds = 30LL * 24 * 60 * 60;
};

struct FeedFetchOutcome {
  enum class Kind { kChanged, kUnchanged, kFailed };
  Kind kind = Kind::kChanged;
  int consecutive_failures = 0;          // kFailed: including this one (>= 1)
  std::vector<int64_t> entry_times_utc;  // kChanged: dates of the feed's entries
  int64_t ttl_seconds = 0;               // the feed's own hint (RSS <ttl>), 0 = none
  int64_t max_age_seconds = 0;           // Cache-Control max-age, 0 = none
  int64_t previous_interval_seconds = 0; // the last interval used, 0 = none
};

// Seconds until the next fetch.
int64_t RefreshInterval(const RefreshBounds& bounds, const FeedFetchOutcome& outcome, int64_t now_utc);

// The first time at or after `at_utc` that falls outside the feed's RSS
// <skipHours> (UTC hours 0-23); `at_utc` itself when no hour, or every hour,
// is skipped (a feed cannot ask never to be read).
int64_t OutsideSkipHours(int64_t at_utc, const std::vector<int>& skip_hours_utc);

}  // namespace herald::pipeline
