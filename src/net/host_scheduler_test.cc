#include "net/host_scheduler.h"

#include <gtest/gtest.h>

namespace herald::net {
namespace {

using std::chrono::milliseconds;
using Clock = HostScheduler::Clock;

const Clock::time_point kT0 = Clock::time_point() + std::chrono::hours(1);

TEST(HostSchedulerTest, StartsInIdOrderUpToTheOverallLimit) {
  HostScheduler s(/*max_parallel=*/2, /*max_per_host=*/4, milliseconds(0));
  for (size_t id = 0; id < 4; ++id) s.Enqueue(id, "host" + std::to_string(3 - id));
  EXPECT_EQ(s.StartNext(kT0), 0u);
  EXPECT_EQ(s.StartNext(kT0), 1u);
  EXPECT_EQ(s.StartNext(kT0), std::nullopt);
  EXPECT_EQ(s.NextDelayExpiry(kT0), std::nullopt);  // waiting for a slot, not a delay
  s.Finish("host3");
  EXPECT_EQ(s.StartNext(kT0), 2u);
  EXPECT_EQ(s.running(), 2u);
  EXPECT_EQ(s.queued(), 1u);
}

TEST(HostSchedulerTest, PerHostLimitLetsOtherHostsThrough) {
  HostScheduler s(8, /*max_per_host=*/2, milliseconds(0));
  s.Enqueue(0, "a");
  s.Enqueue(1, "a");
  s.Enqueue(2, "a");
  s.Enqueue(3, "b");
  EXPECT_EQ(s.StartNext(kT0), 0u);
  EXPECT_EQ(s.StartNext(kT0), 1u);
  EXPECT_EQ(s.StartNext(kT0), 3u);  // "a" is full; "b" need not wait
  EXPECT_EQ(s.StartNext(kT0), std::nullopt);
  s.Finish("a");
  EXPECT_EQ(s.StartNext(kT0), 2u);
}

TEST(HostSchedulerTest, StartsToOneHostAreSpacedByTheDelay) {
  HostScheduler s(8, 8, milliseconds(250));
  s.Enqueue(0, "a");
  s.Enqueue(1, "a");
  s.Enqueue(2, "b");
  EXPECT_EQ(s.StartNext(kT0), 0u);
  EXPECT_EQ(s.StartNext(kT0), 2u);  // another host is not delayed
  EXPECT_EQ(s.StartNext(kT0), std::nullopt);
  EXPECT_EQ(s.NextDelayExpiry(kT0), kT0 + milliseconds(250));
  EXPECT_EQ(s.StartNext(kT0 + milliseconds(249)), std::nullopt);
  EXPECT_EQ(s.StartNext(kT0 + milliseconds(250)), 1u);
  EXPECT_EQ(s.NextDelayExpiry(kT0 + milliseconds(250)), std::nullopt);  // nothing queued
}

TEST(HostSchedulerTest, DelayCountsFromTheLastStartNotTheLastFinish) {
  HostScheduler s(8, 1, milliseconds(100));
  s.Enqueue(0, "a");
  s.Enqueue(1, "a");
  EXPECT_EQ(s.StartNext(kT0), 0u);
  s.Finish("a");
  EXPECT_EQ(s.StartNext(kT0 + milliseconds(50)), std::nullopt);
  EXPECT_EQ(s.StartNext(kT0 + milliseconds(100)), 1u);
}

TEST(HostSchedulerTest, LimitsBelowOneAreRaisedToOne) {
  HostScheduler s(0, -3, milliseconds(-5));
  s.Enqueue(0, "a");
  s.Enqueue(1, "b");
  EXPECT_EQ(s.StartNext(kT0), 0u);
  EXPECT_EQ(s.StartNext(kT0), std::nullopt);
  s.Finish("a");
  EXPECT_EQ(s.StartNext(kT0), 1u);
}

TEST(HostSchedulerTest, FinishForAnIdleHostIsIgnored) {
  HostScheduler s(1, 1, milliseconds(0));
  s.Finish("never-started");
  s.Enqueue(0, "a");
  EXPECT_EQ(s.StartNext(kT0), 0u);
  EXPECT_EQ(s.running(), 1u);
}

}  // namespace
}  // namespace herald::net
