// Several worker and web processes on one store (schema v13), on both
// backends: source claims, per-host request slots, shared visit counting,
// the retention purge, and the store's own liveness.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>

#include "store/store.h"
#include "store/store_test_support.h"

namespace herald::store {
namespace {

using testing::SampleArticle;
using testing::SampleSource;

constexpr int64_t kNow = 1'800'000'000;

class WorkersTest : public testing::BackendWithSource {
 protected:
  void SetUp() override {
    BackendWithSource::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    source_ids_.push_back(source_id_);
    for (int i = 1; i < 4; ++i) {
      auto id = store_->AddSource(SampleSource("https://feed" + std::to_string(i) + ".example/rss"));
      ASSERT_TRUE(id.ok()) << id.message();
      source_ids_.push_back(*id);
    }
  }

  std::vector<int64_t> Claim(Store& store, const std::string& worker, bool due_only, int64_t now, int limit = 10) {
    auto claimed = store.ClaimSources(worker, due_only, now, /*lease_seconds=*/60, limit);
    EXPECT_TRUE(claimed.ok()) << claimed.message();
    std::vector<int64_t> ids;
    if (claimed.ok())
      for (const Source& s : *claimed) ids.push_back(s.id);
    return ids;
  }

  Article PutAt(const std::string& url, std::optional<int64_t> published, int64_t fetched = kNow) {
    Article a = SampleArticle(source_id_, url);
    if (published) a.published = Timestamp{*published, 0, true};
    else a.published.reset();
    a.fetched_utc = fetched;
    auto outcome = store_->PutArticle(a);
    EXPECT_TRUE(outcome.ok()) << outcome.message();
    return a;
  }

  std::vector<int64_t> source_ids_;  // ascending
};

// ---- source claims ----

TEST_P(WorkersTest, TwoWorkersNeverHoldTheSameSource) {
  auto other = Open();
  ASSERT_NE(other, nullptr);
  std::vector<int64_t> first = Claim(*store_, "w1", false, kNow, 2);
  std::vector<int64_t> second = Claim(*other, "w2", false, kNow, 10);
  EXPECT_EQ(first, (std::vector<int64_t>{source_ids_[0], source_ids_[1]})) << "lowest id first";
  EXPECT_EQ(second, (std::vector<int64_t>{source_ids_[2], source_ids_[3]}));
  EXPECT_TRUE(Claim(*store_, "w3", false, kNow + 59).empty()) << "every source is held";
  // A worker claiming again keeps what it holds (a renewal), sees nothing else.
  EXPECT_EQ(Claim(*store_, "w1", false, kNow + 1), first);
}

TEST_P(WorkersTest, AnExpiredClaimIsClaimableAgain) {
  ASSERT_EQ(Claim(*store_, "w1", false, kNow).size(), 4u);
  EXPECT_TRUE(Claim(*store_, "w2", false, kNow + 59).empty());
  EXPECT_EQ(Claim(*store_, "w2", false, kNow + 60).size(), 4u) << "w1 died; its lease ran out";
}

TEST_P(WorkersTest, DueOnlyClaimsSourcesWhoseTimeHasCome) {
  ASSERT_TRUE(store_->ScheduleNextFetch(source_ids_[0], kNow + 100).ok());
  ASSERT_TRUE(store_->ScheduleNextFetch(source_ids_[1], kNow).ok());
  std::vector<int64_t> due = Claim(*store_, "w1", true, kNow);
  EXPECT_EQ(due, (std::vector<int64_t>{source_ids_[1], source_ids_[2], source_ids_[3]}));
  EXPECT_EQ(Claim(*store_, "w2", false, kNow), (std::vector<int64_t>{source_ids_[0]}));
}

TEST_P(WorkersTest, RecordingTheFetchOrReleasingEndsTheClaim) {
  ASSERT_EQ(Claim(*store_, "w1", false, kNow).size(), 4u);
  ASSERT_TRUE(store_->UpdateFetchState(source_ids_[0], "\"e\"", "", kNow, "").ok());
  std::vector<FeedRecord> records(1);
  records[0].source_id = source_ids_[1];
  records[0].fetch = FeedRecord::Fetch{"", "", "HTTP 500", kNow, kNow};
  ASSERT_TRUE(store_->RecordFeeds(records, kNow).ok());
  EXPECT_EQ(Claim(*store_, "w2", false, kNow), (std::vector<int64_t>{source_ids_[0], source_ids_[1]}));
  auto released = store_->ReleaseSources("w1");
  ASSERT_TRUE(released.ok()) << released.message();
  EXPECT_EQ(*released, 2);
  EXPECT_EQ(Claim(*store_, "w3", false, kNow), (std::vector<int64_t>{source_ids_[2], source_ids_[3]}));
  EXPECT_EQ(*store_->ReleaseSources("nobody"), 0);
  EXPECT_TRUE(Claim(*store_, "w4", false, kNow, 0).empty()) << "limit 0 claims nothing";
}

TEST_P(WorkersTest, ConcurrentClaimersOnSeparateStoresTakeEachSourceOnce) {
  for (int i = 4; i < 40; ++i) ASSERT_TRUE(store_->AddSource(SampleSource("https://f" + std::to_string(i) + ".example/")).ok());
  auto other = Open();
  ASSERT_NE(other, nullptr);
  std::vector<int64_t> got_a, got_b;
  auto work = [&](Store* store, const std::string& worker, std::vector<int64_t>* got) {
    for (;;) {
      auto claimed = store->ClaimSources(worker, /*due_only=*/true, kNow, 600, 3);
      if (!claimed.ok()) {
        ADD_FAILURE() << claimed.message();
        return;
      }
      if (claimed->empty()) return;
      // Fetched: recording it ends the claim and schedules the next fetch.
      std::vector<FeedRecord> records;
      for (const Source& s : *claimed) {
        got->push_back(s.id);
        records.push_back({.source_id = s.id, .fetch = FeedRecord::Fetch{"", "", "", kNow, kNow + 3600}});
      }
      Status recorded = store->RecordFeeds(records, kNow);
      if (!recorded.ok()) {
        ADD_FAILURE() << recorded.message();
        return;
      }
    }
  };
  std::thread a(work, store_.get(), "a", &got_a);
  std::thread b(work, other.get(), "b", &got_b);
  a.join();
  b.join();
  std::set<int64_t> all(got_a.begin(), got_a.end());
  all.insert(got_b.begin(), got_b.end());
  EXPECT_EQ(all.size(), 40u);
  EXPECT_EQ(got_a.size() + got_b.size(), 40u) << "a source was claimed twice";
}

// ---- leases ----

TEST_P(WorkersTest, ALeaseHasOneHolderUntilItExpiresOrIsDropped) {
  EXPECT_TRUE(*store_->HoldLease("stories", "w1", kNow, 60));
  EXPECT_FALSE(*store_->HoldLease("stories", "w2", kNow + 59, 60));
  EXPECT_TRUE(*store_->HoldLease("stories", "w1", kNow + 59, 60)) << "renewed by its holder";
  EXPECT_FALSE(*store_->HoldLease("stories", "w2", kNow + 118, 60));
  EXPECT_TRUE(*store_->HoldLease("stories", "w2", kNow + 119, 60)) << "w1 stopped renewing";
  ASSERT_TRUE(store_->DropLease("stories", "w1").ok()) << "not the holder: nothing happens";
  EXPECT_FALSE(*store_->HoldLease("stories", "w1", kNow + 120, 60));
  ASSERT_TRUE(store_->DropLease("stories", "w2").ok());
  EXPECT_TRUE(*store_->HoldLease("stories", "w1", kNow + 120, 60));
}

// ---- host slots ----

TEST_P(WorkersTest, SuccessiveReservationsAreSpacedByTheInterval) {
  constexpr int64_t kMs = kNow * 1000;
  EXPECT_EQ(*store_->ReserveHostSlot("a.example", kMs, 1000), kMs) << "a first request goes now";
  EXPECT_EQ(*store_->ReserveHostSlot("a.example", kMs, 1000), kMs + 1000);
  EXPECT_EQ(*store_->ReserveHostSlot("a.example", kMs + 10, 1000), kMs + 2000);
  EXPECT_EQ(*store_->ReserveHostSlot("b.example", kMs + 10, 1000), kMs + 10) << "hosts are independent";
  EXPECT_EQ(*store_->ReserveHostSlot("a.example", kMs + 60'000, 1000), kMs + 60'000) << "idle host: now";
}

TEST_P(WorkersTest, ConcurrentReservationsOnSeparateStoresNeverOverlap) {
  constexpr int kThreads = 3, kEach = 20;
  constexpr int64_t kMs = kNow * 1000, kInterval = 500;
  std::vector<std::unique_ptr<Store>> stores;
  for (int t = 0; t < kThreads; ++t) {
    stores.push_back(Open());
    ASSERT_NE(stores.back(), nullptr);
  }
  std::vector<std::vector<int64_t>> slots(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto slot = stores[t]->ReserveHostSlot("busy.example", kMs, kInterval);
        if (!slot.ok()) {
          ADD_FAILURE() << slot.message();
          return;
        }
        slots[t].push_back(*slot);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::vector<int64_t> all;
  for (const auto& s : slots) all.insert(all.end(), s.begin(), s.end());
  std::sort(all.begin(), all.end());
  ASSERT_EQ(all.size(), size_t{kThreads * kEach});
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i], kMs + static_cast<int64_t>(i) * kInterval) << i;
}

// ---- visits ----

TEST_P(WorkersTest, TheSameVisitorCountsOncePerArticleAndDay) {
  Article a = PutAt("https://example.com/a", kNow);
  Article b = PutAt("https://example.com/b", kNow);
  auto counted = store_->RecordVisits("2027-01-15", {{a.id, "v1"}, {a.id, "v1"}, {a.id, "v2"}, {b.id, "v1"},
                                                    {b.id + 1000, "v1"}});
  ASSERT_TRUE(counted.ok()) << counted.message();
  EXPECT_EQ(*counted, 3) << "a repeat and an unknown article do not count";
  EXPECT_EQ(*store_->RecordVisits("2027-01-15", {{a.id, "v1"}}), 0);
  EXPECT_EQ(store_->GetViews(a.id, "2027-01-15")->today, 2);
  EXPECT_EQ(store_->GetViews(b.id, "2027-01-15")->total, 1);
  EXPECT_EQ(*store_->RecordVisits("2027-01-15", {}), 0);
  for (const char* day : {"", "2027-1-15", "15/01/2027", "2027-01-15'; --"}) {
    auto bad = store_->RecordVisits(day, {{a.id, "v9"}});
    ASSERT_FALSE(bad.ok()) << day;
    EXPECT_EQ(bad.error().kind, ErrorKind::kInvalidInput) << day;
  }
}

TEST_P(WorkersTest, TwoProcessesRecordingTheSameVisitCountItOnce) {
  Article a = PutAt("https://example.com/a", kNow);
  auto other = Open();
  ASSERT_NE(other, nullptr);
  std::vector<Store::Visit> visits;
  for (int i = 0; i < 50; ++i) visits.push_back({a.id, "visitor-" + std::to_string(i)});
  int64_t counted_a = 0, counted_b = 0;
  std::thread ta([&] { counted_a = *store_->RecordVisits("2027-01-15", visits); });
  std::thread tb([&] { counted_b = *other->RecordVisits("2027-01-15", visits); });
  ta.join();
  tb.join();
  EXPECT_EQ(counted_a + counted_b, 50);
  EXPECT_EQ(store_->GetViews(a.id, "2027-01-15")->total, 50);
}

TEST_P(WorkersTest, ADaysSaltIsSharedAndANewDayForgetsTheOldVisits) {
  Article a = PutAt("https://example.com/a", kNow);
  EXPECT_EQ(*store_->DailySalt("2027-01-15", "salt-1"), "salt-1");
  auto other = Open();
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(*other->DailySalt("2027-01-15", "salt-2"), "salt-1") << "the first process's salt wins";
  ASSERT_EQ(*store_->RecordVisits("2027-01-15", {{a.id, "v1"}}), 1);

  EXPECT_EQ(*other->DailySalt("2027-01-16", "salt-3"), "salt-3");
  EXPECT_EQ(*store_->DailySalt("2027-01-16", "salt-4"), "salt-3");
  // Yesterday's visits are gone, so the same hash counts again (its views stay).
  EXPECT_EQ(*store_->RecordVisits("2027-01-15", {{a.id, "v1"}}), 1);
  EXPECT_EQ(store_->GetViews(a.id, "2027-01-15")->total, 2);
  EXPECT_EQ(store_->DailySalt("16.01.2027", "x").error().kind, ErrorKind::kInvalidInput);
}

// ---- purge ----

TEST_P(WorkersTest, PurgeDeletesOldArticlesButKeepsFeaturedOnesAndHonoursTheLimit) {
  Article oldest = PutAt("https://example.com/oldest", kNow - 3000);
  Article old = PutAt("https://example.com/old", std::nullopt, kNow - 2000);  // undated: its fetch time
  Article featured = PutAt("https://example.com/featured", kNow - 4000);
  Article fresh = PutAt("https://example.com/fresh", kNow);
  ASSERT_TRUE(store_->SetFeatured(featured.id, true).ok());
  ASSERT_TRUE(store_->AddViews(oldest.id, "2027-01-15", 3).ok());
  ASSERT_EQ(*store_->RecordVisits("2027-01-15", {{oldest.id, "v1"}}), 1);
  ASSERT_TRUE(store_->SetArticleTopics({{oldest.id, {"weather"}}}).ok());

  auto purged = store_->PurgeArticlesBefore(kNow - 1000, 1);
  ASSERT_TRUE(purged.ok()) << purged.message();
  EXPECT_EQ(*purged, 1) << "the limit";
  EXPECT_FALSE(store_->GetArticle(oldest.id)->has_value()) << "oldest first";
  EXPECT_EQ(store_->GetViews(oldest.id, "2027-01-15")->total, 0);
  EXPECT_TRUE(store_->TopicsOfArticle(oldest.id)->empty());

  EXPECT_EQ(*store_->PurgeArticlesBefore(kNow - 1000, 100), 1);
  EXPECT_FALSE(store_->GetArticle(old.id)->has_value());
  EXPECT_TRUE(store_->GetArticle(featured.id)->has_value()) << "featured articles stay";
  EXPECT_TRUE(store_->GetArticle(fresh.id)->has_value());
  EXPECT_EQ(*store_->PurgeArticlesBefore(kNow - 1000, 100), 0);
  EXPECT_EQ(*store_->CountArticles(), 2);
}

// ---- liveness ----

TEST_P(WorkersTest, PingAnswersAndTheBackendIsNamed) {
  EXPECT_TRUE(store_->Ping().ok());
  EXPECT_EQ(store_->BackendName(), GetParam() == testing::Backend::kSqlite ? "sqlite" : "postgresql");
}

HERALD_ON_BOTH_BACKENDS(WorkersTest);

}  // namespace
}  // namespace herald::store
