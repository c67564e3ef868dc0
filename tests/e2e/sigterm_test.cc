// SIGTERM in the middle of a batch of article pages, for `herald run` and
// `herald worker`: the process exits 0 within [site] shutdown_timeout_seconds,
// the pages in flight are stored (not lost), the rest stay queued for the
// next start, and nothing is stored twice. A page that never ends does not
// hold the stop past the timeout; its job stays queued.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <memory>

#include "config/config.h"
#include "crash_support.h"
#include "process.h"

namespace herald::testing {
namespace {

constexpr int kArticles = 12;
constexpr int kShutdownTimeoutSeconds = 10;
// Exiting takes a moment beyond the drain itself (closing the store).
constexpr int kExitGraceSeconds = 3;
constexpr int kSlowPageMs = 3000;

std::string Config() {
  return "per_host_delay_ms = 0\nmax_per_host = 2\nmax_retries = 0\ntimeout_seconds = 30\n"
         "[site]\nshutdown_timeout_seconds = " +
         std::to_string(kShutdownTimeoutSeconds) + "\n[worker]\npoll_seconds = 1\n";
}

// The command under test: "run" (site and fetching in one process) or
// "worker" (fetching only).
class SigtermTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "worker" && !HeraldHasCommand("worker"))
      GTEST_SKIP() << "this herald has no `worker` command yet";
    ASSERT_EQ(RunProcess(box_.Argv({"sources", "add", "--no-fetch", publisher().feed_url()})).exit_status, 0);
  }
  virtual TestPublisher& publisher() = 0;

  void Start() {
    std::vector<std::string> args = {GetParam()};
    if (GetParam() == "run") args = {"--listen", "127.0.0.1:" + std::to_string(FreeLoopbackPort()), "run"};
    herald_ = std::make_unique<Background>(box_.Argv(args), box_.log_path("herald"));
    ASSERT_GT(herald_->pid(), 0);
  }

  // SIGTERM; the exit status once it ended within the timeout (-2: it did
  // not, and was killed so that the next start runs alone).
  int StopAndTime() {
    auto signalled = std::chrono::steady_clock::now();
    int status = herald_->Terminate(kShutdownTimeoutSeconds + kExitGraceSeconds);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - signalled).count();
    if (status == -2) {
      herald_->Kill();
      std::cout << "[ measured ] herald " << GetParam() << " still running " << seconds << " s after SIGTERM: killed\n";
    } else {
      std::cout << "[ measured ] herald " << GetParam() << " exited " << seconds << " s after SIGTERM (status "
                << status << ")\n";
    }
    return status;
  }

  // The work left queued is finished by the next start, each article once.
  void ExpectTheNextStartFinishes() {
    publisher().Release();
    publisher().SetPageDelay(0);
    auto next = RunProcess(box_.Argv({"ingest", "--once"}));
    EXPECT_EQ(next.exit_status, 0) << next.err;
    EXPECT_EQ(MissingOrDoubled(ArticleRowsByCanonicalUrl(box_.db_path()), publisher().page_urls()), "");
    EXPECT_EQ(QueuedJobs(box_.db_path()), 0);
    EXPECT_EQ(IntegrityCheck(box_.db_path()), "ok");
  }

  std::string Log() const { return herald_ ? herald_->log() : ""; }

  HeraldSandbox box_{"herald-sigterm", Config()};
  std::unique_ptr<Background> herald_;
};

class SlowPagesTest : public SigtermTest {
 protected:
  TestPublisher& publisher() override { return publisher_; }
  TestPublisher publisher_{{.articles = kArticles, .page_delay_ms = kSlowPageMs}};
};

TEST_P(SlowPagesTest, SigtermStoresThePagesInFlightAndLeavesTheRestQueued) {
  Start();
  ASSERT_TRUE(publisher_.WaitForPageRequests(1)) << Log();
  std::multiset<std::string> in_flight = publisher_.pages_requested();
  EXPECT_EQ(StopAndTime(), 0) << Log();

  auto stored = ArticleRowsByCanonicalUrl(box_.db_path());
  for (const auto& url : in_flight)
    EXPECT_EQ(stored.count(url) ? stored.at(url) : 0, 1) << url << " was in flight at SIGTERM\n" << Log();
  for (const auto& [url, rows] : stored) EXPECT_EQ(rows, 1) << url;
  EXPECT_LT(stored.size(), static_cast<size_t>(kArticles)) << "the whole batch ran before the stop";
  EXPECT_EQ(QueuedJobs(box_.db_path()), kArticles - static_cast<int64_t>(stored.size()))
      << "pages neither stored nor queued";
  ExpectTheNextStartFinishes();
}

class EndlessPageTest : public SigtermTest {
 protected:
  TestPublisher& publisher() override { return publisher_; }
  TestPublisher publisher_{{.articles = kArticles, .answered_before_hold = 0}};  // no page ends by itself
};

TEST_P(EndlessPageTest, SigtermExitsWithinTheTimeoutAndLeavesThePageQueued) {
  Start();
  ASSERT_TRUE(publisher_.WaitForPageRequests(1)) << Log();
  EXPECT_EQ(StopAndTime(), 0) << Log();
  EXPECT_EQ(ArticleRowsByCanonicalUrl(box_.db_path()).size(), 0u);
  EXPECT_EQ(QueuedJobs(box_.db_path()), kArticles) << "the unfinished pages' jobs were lost";
  ExpectTheNextStartFinishes();
}

INSTANTIATE_TEST_SUITE_P(Commands, SlowPagesTest, ::testing::Values("run", "worker"));
INSTANTIATE_TEST_SUITE_P(Commands, EndlessPageTest, ::testing::Values("run", "worker"));

TEST(ShutdownTimeoutTest, DefaultsToThirtySeconds) {
  EXPECT_EQ(config::Config{}.site.shutdown_timeout_seconds, 30);
  std::string dir = MakeTempDir("herald-config");
  WriteFile(dir + "/empty.toml", "");
  auto loaded = config::LoadConfig(dir + "/empty.toml");
  ASSERT_TRUE(loaded.ok()) << loaded.message();
  EXPECT_EQ(loaded->site.shutdown_timeout_seconds, 30);
  RemoveTree(dir);
}

}  // namespace
}  // namespace herald::testing
