// The durable job queue and WebSub subscriptions: claims are exclusive,
// leases expire, failures wait or are given up, and everything survives a
// reopen of the store (both backends).
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "store/store.h"
#include "store/store_test_support.h"

namespace herald::store {
namespace {

using testing::SampleArticle;

class JobsTest : public testing::BackendWithSource {
 protected:
  Job ArticleJob(const std::string& key, const std::string& payload = "{}") const {
    Job job;
    job.kind = "article";
    job.source_id = source_id_;
    job.key = key;
    job.payload = payload;
    return job;
  }
  static constexpr int64_t kNow = 1'800'000'000;
};

TEST_P(JobsTest, ClaimedJobIsGoneOnceCompleted) {
  ASSERT_TRUE(store_->EnqueueJobs({ArticleJob("https://a/1", R"({"n":1})"), ArticleJob("https://a/2")}, kNow).ok());
  auto claimed = store_->ClaimJobs("w1", 10, kNow, 60);
  ASSERT_TRUE(claimed.ok()) << claimed.message();
  ASSERT_EQ(claimed->size(), 2u);
  EXPECT_EQ((*claimed)[0].key, "https://a/1");
  EXPECT_EQ((*claimed)[0].payload, R"({"n":1})");
  EXPECT_EQ((*claimed)[0].attempts, 1);
  EXPECT_EQ((*claimed)[0].source_id, source_id_);
  auto counts = store_->CountJobs();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->claimed, 2);
  EXPECT_EQ(counts->pending, 0);
  ASSERT_TRUE(store_->CompleteJob((*claimed)[0].id).ok());
  ASSERT_TRUE(store_->CompleteJob((*claimed)[0].id).ok());  // already gone: not an error
  counts = store_->CountJobs();
  EXPECT_EQ(counts->claimed, 1);
}

// A batch takes turns among sources: one source's long backlog does not
// fill it while another's jobs wait (its host's politeness delay would pace
// the whole batch).
TEST_P(JobsTest, SourcesTakeTurnsWithinAClaim) {
  int64_t other = *store_->AddSource(testing::SampleSource("https://other.example/feed"));
  std::vector<Job> jobs;
  for (int i = 0; i < 5; ++i) jobs.push_back(ArticleJob("https://a/" + std::to_string(i)));
  for (int i = 0; i < 5; ++i) {
    jobs.push_back(ArticleJob("https://other.example/" + std::to_string(i)));
    jobs.back().source_id = other;
  }
  ASSERT_TRUE(store_->EnqueueJobs(jobs, kNow).ok());
  auto first = store_->ClaimJobs("w1", 4, kNow, 60);
  ASSERT_TRUE(first.ok()) << first.message();
  std::vector<std::string> keys;
  for (const Job& j : *first) keys.push_back(j.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"https://a/0", "https://a/1", "https://other.example/0",
                                            "https://other.example/1"}))
      << "each source's oldest, then each one's second, returned in id order";
  auto rest = store_->ClaimJobs("w2", 10, kNow, 60);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(rest->size(), 6u) << "the rest, none claimed twice";
}

// From one claim to the next, the turns go on round the sources from where
// the last claim stopped: consecutive batches reach different hosts.
TEST_P(JobsTest, ConsecutiveClaimsGoOnRoundTheSources) {
  std::vector<int64_t> sources = {source_id_};
  for (const char* feed : {"https://b.example/feed", "https://c.example/feed"})
    sources.push_back(*store_->AddSource(testing::SampleSource(feed)));
  std::vector<Job> jobs;
  for (int round = 0; round < 2; ++round)
    for (size_t s = 0; s < sources.size(); ++s) {
      jobs.push_back(ArticleJob("https://" + std::string(1, static_cast<char>('a' + s)) + "/" + std::to_string(round)));
      jobs.back().source_id = sources[s];
    }
  ASSERT_TRUE(store_->EnqueueJobs(jobs, kNow).ok());
  auto keys = [&] {
    auto claimed = store_->ClaimJobs("w1", 2, kNow, 60);
    EXPECT_TRUE(claimed.ok()) << claimed.message();
    std::set<std::string> out;
    for (const Job& j : *claimed) out.insert(j.key);
    return out;
  };
  EXPECT_EQ(keys(), (std::set<std::string>{"https://a/0", "https://b/0"}));
  EXPECT_EQ(keys(), (std::set<std::string>{"https://c/0", "https://a/1"})) << "c's turn, then round to a";
  EXPECT_EQ(keys(), (std::set<std::string>{"https://b/1", "https://c/1"}));
}

TEST_P(JobsTest, SameKeyWaitingOnceWithTheLatestPayload) {
  ASSERT_TRUE(store_->EnqueueJobs({ArticleJob("https://a/1", "old")}, kNow).ok());
  ASSERT_TRUE(store_->EnqueueJobs({ArticleJob("https://a/1", "new")}, kNow + 1).ok());
  auto claimed = store_->ClaimJobs("w1", 10, kNow + 2, 60);
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ((*claimed)[0].payload, "new");
  // Announced again while claimed: the running job is not doubled.
  ASSERT_TRUE(store_->EnqueueJobs({ArticleJob("https://a/1", "newer")}, kNow + 3).ok());
  EXPECT_TRUE(store_->ClaimJobs("w2", 10, kNow + 4, 60)->empty());
}

TEST_P(JobsTest, ClaimIsExclusiveUntilTheLeaseRunsOut) {
  ASSERT_TRUE(store_->EnqueueJobs({ArticleJob("https://a/1")}, kNow).ok());
  ASSERT_EQ(store_->ClaimJobs("w1", 10, kNow, 60)->size(), 1u);
  EXPECT_TRUE(store_->ClaimJobs("w2", 10, kNow + 59, 60)->empty());
  // w1 died: after its lease another worker takes the job over.
  auto taken = store_->ClaimJobs("w2", 10, kNow + 60, 60);
  ASSERT_EQ(taken->size(), 1u);
  EXPECT_EQ((*taken)[0].attempts, 2);
}

TEST_P(JobsTest, FailedAttemptWaitsThenIsGivenUp) {
  ASSERT_TRUE(store_->EnqueueJobs({ArticleJob("https://a/1")}, kNow).ok());
  auto job = (*store_->ClaimJobs("w1", 1, kNow, 60))[0];
  ASSERT_TRUE(store_->FailJob(job.id, "HTTP 503", kNow + 300).ok());
  EXPECT_TRUE(store_->ClaimJobs("w1", 1, kNow + 299, 60)->empty());
  auto again = store_->ClaimJobs("w1", 1, kNow + 300, 60);
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ((*again)[0].last_error, "HTTP 503");
  ASSERT_TRUE(store_->FailJob(job.id, "HTTP 404", 0).ok());
  EXPECT_TRUE(store_->ClaimJobs("w1", 1, kNow + 10'000'000, 60)->empty());
  auto failed = store_->FailedJobs(10);
  ASSERT_EQ(failed->size(), 1u);
  EXPECT_EQ((*failed)[0].last_error, "HTTP 404");
  EXPECT_EQ(store_->CountJobs()->failed, 1);
  // A given-up job is not re-enqueued by the next announcement...
  ASSERT_TRUE(store_->EnqueueJobs({ArticleJob("https://a/1")}, kNow + 1).ok());
  EXPECT_TRUE(store_->ClaimJobs("w1", 1, kNow + 10'000'000, 60)->empty());
  // ...only by an explicit retry.
  EXPECT_EQ(*store_->RetryFailedJobs(), 1);
  auto retried = store_->ClaimJobs("w1", 1, kNow, 60);
  ASSERT_EQ(retried->size(), 1u);
  EXPECT_EQ((*retried)[0].attempts, 1);
  EXPECT_EQ(store_->FailJob(999999, "x", 0).error().kind, ErrorKind::kNotFound);
}

TEST_P(JobsTest, ReleasedClaimsAreClaimableAtOnceWithoutCountingAnAttempt) {
  ASSERT_TRUE(store_->EnqueueJobs({ArticleJob("https://a/1"), ArticleJob("https://a/2")}, kNow).ok());
  ASSERT_EQ(store_->ClaimJobs("w1", 1, kNow, 600)->size(), 1u);
  ASSERT_EQ(store_->ClaimJobs("w2", 1, kNow, 600)->size(), 1u);
  EXPECT_EQ(*store_->ClaimingWorkers(), (std::vector<std::string>{"w1", "w2"}));
  EXPECT_EQ(*store_->ReleaseJobs("w1"), 1);
  EXPECT_EQ(*store_->ClaimingWorkers(), (std::vector<std::string>{"w2"}));
  auto taken = store_->ClaimJobs("w3", 10, kNow, 600);
  ASSERT_EQ(taken->size(), 1u);  // w2's claim stands
  EXPECT_EQ((*taken)[0].attempts, 1);
}

TEST_P(JobsTest, ArticleAndCompletionCommitTogether) {
  ASSERT_TRUE(store_->EnqueueJobs({ArticleJob("https://example.com/a")}, kNow).ok());
  auto job = (*store_->ClaimJobs("w1", 1, kNow, 60))[0];
  Article bad = SampleArticle(source_id_ + 100, "https://example.com/a");  // unknown source
  EXPECT_FALSE(store_->PutArticleCompletingJob(bad, job.id).ok());
  EXPECT_EQ(store_->CountJobs()->claimed, 1) << "a failed write must keep the job";
  Article good = SampleArticle(source_id_, "https://example.com/a");
  auto outcome = store_->PutArticleCompletingJob(good, job.id);
  ASSERT_TRUE(outcome.ok()) << outcome.message();
  EXPECT_EQ(*outcome, PutOutcome::kInserted);
  EXPECT_EQ(store_->CountJobs()->claimed, 0);
  EXPECT_TRUE(store_->GetArticle(good.id)->has_value());
}

TEST_P(JobsTest, QueueSurvivesReopen) {
  ASSERT_TRUE(store_->EnqueueJobs({ArticleJob("https://a/1", "p1"), ArticleJob("https://a/2", "p2")}, kNow).ok());
  ASSERT_EQ(store_->ClaimJobs("w1", 1, kNow, 60)->size(), 1u);
  store_.reset();
  store_ = Open();
  ASSERT_NE(store_, nullptr);
  auto counts = store_->CountJobs();
  EXPECT_EQ(counts->pending, 1);
  EXPECT_EQ(counts->claimed, 1);
  auto rest = store_->ClaimJobs("w2", 10, kNow + 60, 60);  // the first worker's lease is over
  EXPECT_EQ(rest->size(), 2u);
}

TEST_P(JobsTest, ConcurrentWorkersOnTwoConnectionsNeverShareAJob) {
  std::vector<Job> jobs;
  for (int i = 0; i < 200; ++i) jobs.push_back(ArticleJob("https://a/" + std::to_string(i)));
  ASSERT_TRUE(store_->EnqueueJobs(jobs, kNow).ok());
  auto other = Open();
  ASSERT_NE(other, nullptr);
  std::vector<int64_t> got_a, got_b;
  auto work = [](Store* store, const char* name, std::vector<int64_t>* got) {
    for (;;) {
      auto claimed = store->ClaimJobs(name, 7, kNow, 600);
      if (!claimed.ok()) {
        ADD_FAILURE() << claimed.message();
        return;
      }
      if (claimed->empty()) return;
      for (const Job& j : *claimed) {
        got->push_back(j.id);
        ASSERT_TRUE(store->CompleteJob(j.id).ok());
      }
    }
  };
  std::thread a(work, store_.get(), "a", &got_a);
  std::thread b(work, other.get(), "b", &got_b);
  a.join();
  b.join();
  std::set<int64_t> all(got_a.begin(), got_a.end());
  all.insert(got_b.begin(), got_b.end());
  EXPECT_EQ(all.size(), 200u);
  EXPECT_EQ(got_a.size() + got_b.size(), 200u) << "a job was claimed twice";
}

TEST_P(JobsTest, RemovingTheSourceRemovesItsJobsAndSubscription) {
  ASSERT_TRUE(store_->EnqueueJobs({ArticleJob("https://a/1")}, kNow).ok());
  Subscription s{source_id_, "https://hub.example/", "https://example.com/feed.xml", "s3cret", "requested", kNow, 0, ""};
  ASSERT_TRUE(store_->PutSubscription(s).ok());
  ASSERT_TRUE(store_->RemoveSource(source_id_).ok());
  EXPECT_EQ(store_->CountJobs()->pending, 0);
  EXPECT_FALSE(store_->GetSubscription(source_id_)->has_value());
}

TEST_P(JobsTest, EnqueueRejectsUnknownSourceAndEmptyKeysWithoutPartialWrites) {
  Job orphan = ArticleJob("https://a/2");
  orphan.source_id = source_id_ + 7;
  EXPECT_EQ(store_->EnqueueJobs({ArticleJob("https://a/1"), orphan}, kNow).error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(store_->CountJobs()->pending, 0) << "the batch is one transaction";
  EXPECT_FALSE(store_->EnqueueJobs({ArticleJob("")}, kNow).ok());
}

TEST_P(JobsTest, SubscriptionRoundTripAndReplace) {
  Subscription s{source_id_, "https://hub.example/", "https://example.com/feed.xml", "s3cret", "requested", kNow, 0, ""};
  ASSERT_TRUE(store_->PutSubscription(s).ok());
  s.state = "active";
  s.lease_expires_utc = kNow + 86400;
  ASSERT_TRUE(store_->PutSubscription(s).ok());
  auto got = store_->GetSubscription(source_id_);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->state, "active");
  EXPECT_EQ((*got)->secret, "s3cret");
  EXPECT_EQ((*got)->lease_expires_utc, kNow + 86400);
  EXPECT_EQ((*got)->hub_url, "https://hub.example/");
  EXPECT_EQ(store_->ListSubscriptions()->size(), 1u);
  Subscription orphan = s;
  orphan.source_id = source_id_ + 5;
  EXPECT_EQ(store_->PutSubscription(orphan).error().kind, ErrorKind::kInvalidInput);
}

HERALD_ON_BOTH_BACKENDS(JobsTest);

}  // namespace
}  // namespace herald::store
