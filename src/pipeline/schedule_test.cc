#include "pipeline/schedule.h"

#include <gtest/gtest.h>

namespace herald::pipeline {
namespace {

constexpr int64_t kMinute = 60;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kNow = 1760000000;

FeedFetchOutcome Changed(std::vector<int64_t> times) {
  FeedFetchOutcome o;
  o.kind = FeedFetchOutcome::Kind::kChanged;
  o.entry_times_utc = std::move(times);
  return o;
}

TEST(ScheduleTest, ChangedFeedIsFetchedAtItsPostingRate) {
  RefreshBounds bounds;
  // Hourly posts: about hourly refresh.
  EXPECT_EQ(RefreshInterval(bounds, Changed({kNow - 3 * kHour, kNow - 2 * kHour, kNow - kHour, kNow}), kNow), kHour);
  // A post a minute: clamped to the minimum.
  EXPECT_EQ(RefreshInterval(bounds, Changed({kNow - 2 * kMinute, kNow - kMinute, kNow}), kNow), bounds.min_seconds);
  // Two posts a week apart: clamped to the maximum.
  EXPECT_EQ(RefreshInterval(bounds, Changed({kNow - 7 * 24 * kHour, kNow}), kNow), bounds.max_seconds);
}

TEST(ScheduleTest, UndatedOrSingleEntriesUseTheDefault) {
  RefreshBounds bounds;
  EXPECT_EQ(RefreshInterval(bounds, Changed({}), kNow), bounds.default_seconds);
  EXPECT_EQ(RefreshInterval(bounds, Changed({kNow - kHour}), kNow), bounds.default_seconds);
  EXPECT_EQ(RefreshInterval(bounds, Changed({kNow, kNow}), kNow), bounds.default_seconds);  // no spread
}

TEST(ScheduleTest, DormantFeedGoesToTheMaximum) {
  RefreshBounds bounds;
  int64_t old = kNow - 90 * 24 * kHour;
  EXPECT_EQ(RefreshInterval(bounds, Changed({old - kHour, old}), kNow), bounds.max_seconds);
}

TEST(ScheduleTest, UnchangedFeedSlowsDownGently) {
  RefreshBounds bounds;
  FeedFetchOutcome o;
  o.kind = FeedFetchOutcome::Kind::kUnchanged;
  EXPECT_EQ(RefreshInterval(bounds, o, kNow), bounds.default_seconds);  // nothing known yet
  o.previous_interval_seconds = kHour;
  EXPECT_EQ(RefreshInterval(bounds, o, kNow), kHour + 15 * kMinute);
  o.previous_interval_seconds = bounds.max_seconds;
  EXPECT_EQ(RefreshInterval(bounds, o, kNow), bounds.max_seconds);
}

TEST(ScheduleTest, FailuresBackOffExponentiallyUpToTheMaximum) {
  RefreshBounds bounds;
  FeedFetchOutcome o;
  o.kind = FeedFetchOutcome::Kind::kFailed;
  const std::pair<int, int64_t> expected[] = {{1, 15 * kMinute}, {2, 30 * kMinute}, {3, kHour}, {4, 2 * kHour},
                                              {8, bounds.max_seconds}, {1000, bounds.max_seconds}};
  for (const auto& [failures, interval] : expected) {
    o.consecutive_failures = failures;
    EXPECT_EQ(RefreshInterval(bounds, o, kNow), interval) << failures << " failures";
  }
}

TEST(ScheduleTest, PublisherHintsAreFloorsWithinTheBounds) {
  RefreshBounds bounds;
  FeedFetchOutcome o = Changed({kNow - 20 * kMinute, kNow - 10 * kMinute, kNow});
  ASSERT_EQ(RefreshInterval(bounds, o, kNow), 10 * kMinute);
  o.ttl_seconds = kHour;  // <ttl>60</ttl>
  EXPECT_EQ(RefreshInterval(bounds, o, kNow), kHour);
  o.max_age_seconds = 3 * kHour;
  EXPECT_EQ(RefreshInterval(bounds, o, kNow), 3 * kHour);
  o.ttl_seconds = 365 * 24 * kHour;  // absurd: the configured maximum wins
  EXPECT_EQ(RefreshInterval(bounds, o, kNow), bounds.max_seconds);
}

TEST(ScheduleTest, InconsistentBoundsStillGiveTheMinimum) {
  RefreshBounds bounds;
  bounds.min_seconds = kHour;
  bounds.max_seconds = kMinute;  // a configuration mistake the config reader rejects; stay safe anyway
  EXPECT_EQ(RefreshInterval(bounds, Changed({}), kNow), kHour);
}

TEST(OutsideSkipHours, MovesPastSkippedHoursOnly) {
  const int64_t midnight = 1'800'000'000 / 86400 * 86400;  // 00:00 UTC
  EXPECT_EQ(OutsideSkipHours(midnight + 30, {}), midnight + 30);
  EXPECT_EQ(OutsideSkipHours(midnight + 30, {1, 2}), midnight + 30);
  EXPECT_EQ(OutsideSkipHours(midnight + 30, {0, 1, 2}), midnight + 3 * 3600);
  EXPECT_EQ(OutsideSkipHours(midnight + 23 * 3600 + 5, {23, 0}), midnight + 25 * 3600);  // wraps past midnight
  std::vector<int> all;
  for (int h = 0; h < 24; ++h) all.push_back(h);
  EXPECT_EQ(OutsideSkipHours(midnight + 7, all), midnight + 7);
  EXPECT_EQ(OutsideSkipHours(midnight + 7, {-1, 99, 0}), midnight + 3600);  // out-of-range hours ignored
}

}  // namespace
}  // namespace herald::pipeline
