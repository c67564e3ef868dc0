// FetchOptions::reserve_host_slot: politeness shared with other processes.
#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "net/fetcher.h"
#include "net/testutil.h"

namespace herald::net {
namespace {

using testing::FixtureSite;
using testing::Get;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Stands for the store: one slot table that "other processes" share.
struct FakeSlots {
  std::mutex mutex;
  int64_t next_ms = 0;
  std::vector<std::string> hosts;
  std::vector<int64_t> intervals, slots;

  Result<int64_t> Reserve(const std::string& host, int64_t now_ms, int64_t interval_ms) {
    std::lock_guard lock(mutex);
    int64_t slot = std::max(next_ms, now_ms);
    next_ms = slot + interval_ms;
    hosts.push_back(host);
    intervals.push_back(interval_ms);
    slots.push_back(slot);
    return slot;
  }
};

FetchOptions Options(int per_host_delay_ms) {
  FetchOptions options;
  options.allow_private_networks = true;
  options.per_host_delay_ms = per_host_delay_ms;
  options.max_retries = 0;
  options.timeout_seconds = 10;
  return options;
}

TEST(FetcherHostSlotTest, EachRequestWaitsForTheSlotReservedForIt) {
  FixtureSite site;
  FakeSlots slots;
  const int64_t start = NowMs();
  slots.next_ms = start + 300;  // another process has the host for the next 300 ms
  FetchOptions options = Options(100);
  options.reserve_host_slot = [&](const std::string& host, int64_t now_ms, int64_t interval_ms) {
    return slots.Reserve(host, now_ms, interval_ms);
  };
  Fetcher fetcher(options);
  auto results = fetcher.FetchAll({Get(site.Url("/plain")), Get(site.Url("/plain")), Get(site.Url("/plain"))});
  for (const auto& r : results) ASSERT_TRUE(r.ok()) << r.message();
  ASSERT_EQ(slots.hosts.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(slots.hosts[i], "127.0.0.1");
    EXPECT_EQ(slots.intervals[i], 100);
    EXPECT_EQ(slots.slots[i], start + 300 + 100 * static_cast<int64_t>(i));
  }
  // The last request could not start before its slot (a lower bound: waits never end early).
  EXPECT_GE(NowMs(), start + 500);
}

TEST(FetcherHostSlotTest, AFailingHookFallsBackToTheInProcessDelay) {
  FixtureSite site;
  int calls = 0;
  FetchOptions options = Options(0);
  options.reserve_host_slot = [&](const std::string&, int64_t, int64_t) -> Result<int64_t> {
    ++calls;
    return MakeError(ErrorKind::kStorage, "database unavailable");
  };
  Fetcher fetcher(options);
  auto results = fetcher.FetchAll({Get(site.Url("/plain")), Get(site.Url("/plain"))});
  for (const auto& r : results) {
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r->body, FixtureSite::kPlainBody);
  }
  EXPECT_EQ(calls, 2);
}

TEST(FetcherHostSlotTest, RefusedUrlsTakeNoSlot) {
  FakeSlots slots;
  FetchOptions options = Options(100);
  options.allow_private_networks = false;
  options.reserve_host_slot = [&](const std::string& host, int64_t now_ms, int64_t interval_ms) {
    return slots.Reserve(host, now_ms, interval_ms);
  };
  Fetcher fetcher(options);
  auto result = fetcher.Fetch(Get("ftp://example.com/feed"));
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(slots.hosts.empty());
}

}  // namespace
}  // namespace herald::net
