// kill -9 one of two `herald worker` processes sharing one SQLite file while
// it holds claimed article pages: the other worker takes the pages over (at
// the latest when their short lease ends) and finishes them without being
// restarted; the file passes PRAGMA integrity_check and every article is
// stored exactly once.
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>

#include "crash_support.h"
#include "process.h"

namespace herald::testing {
namespace {

constexpr int kArticles = 12;
constexpr int kAnsweredBeforeTheCrash = 4;
constexpr int kJobLeaseSeconds = 3;

// The pids of the workers holding claimed jobs now (claimed_by is
// "<host>:<pid>"); `raw` gets the claimed_by values, for messages.
std::set<pid_t> ClaimHolders(const std::string& db_path, std::string& raw) {
  std::set<pid_t> pids;
  raw.clear();
  for (const std::string& holder :
       QueryTexts(db_path, "SELECT DISTINCT claimed_by FROM jobs WHERE state = 'claimed'")) {
    raw += holder + " ";
    pids.insert(static_cast<pid_t>(std::atoi(holder.substr(holder.rfind(':') + 1).c_str())));
  }
  return pids;
}

TEST(CrashWorkerTest, KilledWorkersPagesAreFinishedByTheOtherExactlyOnce) {
  if (!HeraldHasCommand("worker")) GTEST_SKIP() << "this herald has no `worker` command yet";
  HeraldSandbox box("herald-crash-worker",
                    "per_host_delay_ms = 0\nmax_per_host = 8\nmax_retries = 0\ntimeout_seconds = 60\n"
                    "[worker]\npoll_seconds = 1\njob_lease_seconds = " + std::to_string(kJobLeaseSeconds) +
                        "\nsource_lease_seconds = " + std::to_string(kJobLeaseSeconds) + "\n");
  TestPublisher publisher({.articles = kArticles, .answered_before_hold = kAnsweredBeforeTheCrash});
  ASSERT_EQ(RunProcess(box.Argv({"sources", "add", "--no-fetch", publisher.feed_url()})).exit_status, 0);

  Background a(box.Argv({"worker"}), box.log_path("worker-a"));
  Background b(box.Argv({"worker"}), box.log_path("worker-b"));
  ASSERT_GT(a.pid(), 0);
  ASSERT_GT(b.pid(), 0);
  auto logs = [&] { return "worker a:\n" + a.log() + "worker b:\n" + b.log(); };
  ASSERT_TRUE(publisher.WaitForPageRequests(kAnsweredBeforeTheCrash + 1)) << logs();

  // Kill a worker that holds claims at this moment (held pages are claimed).
  std::string raw;
  std::set<pid_t> holders = ClaimHolders(box.db_path(), raw);
  Background* victim = holders.count(a.pid()) ? &a : holders.count(b.pid()) ? &b : nullptr;
  ASSERT_NE(victim, nullptr) << "no worker of this test holds claimed jobs (claimed by: " << raw << ")\n" << logs();
  Background& survivor = victim == &a ? b : a;
  victim->Kill();
  EXPECT_EQ(IntegrityCheck(box.db_path()), "ok");
  publisher.Release();

  // The survivor, never restarted, finishes the dead worker's pages.
  bool finished = Eventually(
      [&] {
        return ArticleRowsByCanonicalUrl(box.db_path()).size() == static_cast<size_t>(kArticles) &&
               QueuedJobs(box.db_path()) == 0;
      },
      kJobLeaseSeconds + 30);
  EXPECT_TRUE(finished) << QueuedJobs(box.db_path()) << " jobs still queued\n" << logs();
  EXPECT_EQ(survivor.WaitForExit(0), -2) << "the survivor exited\n" << logs();
  EXPECT_EQ(survivor.Terminate(15), 0) << logs();
  EXPECT_EQ(IntegrityCheck(box.db_path()), "ok");
  EXPECT_EQ(MissingOrDoubled(ArticleRowsByCanonicalUrl(box.db_path()), publisher.page_urls()), "");
  EXPECT_EQ(QueryInt(box.db_path(), "SELECT count(*) FROM jobs"), 0) << "jobs left (given up?)";
}

}  // namespace
}  // namespace herald::testing
