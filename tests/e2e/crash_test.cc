// kill -9 in the middle of an ingest round: the real `herald` binary is
// killed while it fetches article pages; the SQLite file it leaves passes
// PRAGMA integrity_check, the next run resumes the queued pages at once, and
// every article ends up stored exactly once.
#include <gtest/gtest.h>

#include <set>

#include "crash_support.h"
#include "process.h"

namespace herald::testing {
namespace {

constexpr int kArticles = 12;
constexpr int kServedBeforeTheCrash = 4;

TEST(CrashTest, KilledMidRoundLosesNoArticleAndStoresNoneTwice) {
  HeraldSandbox box("herald-crash", "per_host_delay_ms = 0\nmax_per_host = 8\nmax_retries = 0\ntimeout_seconds = 60\n");
  TestPublisher publisher({.articles = kArticles, .answered_before_hold = kServedBeforeTheCrash});
  ASSERT_EQ(RunProcess(box.Argv({"sources", "add", "--no-fetch", publisher.feed_url()})).exit_status, 0);

  Background first(box.Argv({"ingest", "--once"}), box.log_path("first"));
  ASSERT_GT(first.pid(), 0);
  ASSERT_TRUE(publisher.WaitForPageRequests(kServedBeforeTheCrash + 1)) << first.log();
  ASSERT_EQ(first.WaitForExit(0), -2) << "ended before the kill: " << first.log();
  first.Kill();

  // The file as the kill left it (with its WAL) is sound, and what the
  // first run stored before the kill is there once each.
  EXPECT_EQ(IntegrityCheck(box.db_path()), "ok");
  auto before = ArticleRowsByCanonicalUrl(box.db_path());
  EXPECT_LE(before.size(), static_cast<size_t>(kServedBeforeTheCrash));
  for (const auto& [url, rows] : before) EXPECT_EQ(rows, 1) << url;
  EXPECT_GT(QueuedJobs(box.db_path()), 0) << "the crash left no queued work";
  publisher.Release();

  auto jobs = RunProcess(box.Argv({"jobs"}));
  ASSERT_EQ(jobs.exit_status, 0) << jobs.err;
  EXPECT_EQ(jobs.out.find("0 waiting, 0 being fetched"), std::string::npos) << "the crash left no queued work? " << jobs.out;

  auto second = RunProcess(box.Argv({"ingest", "--once"}));
  ASSERT_EQ(second.exit_status, 0) << second.err;
  EXPECT_NE(second.err.find("resuming"), std::string::npos) << "the killed run's claims were not freed at once: "
                                                            << second.err;
  EXPECT_EQ(IntegrityCheck(box.db_path()), "ok");
  EXPECT_EQ(MissingOrDoubled(ArticleRowsByCanonicalUrl(box.db_path()), publisher.page_urls()), "");
  EXPECT_EQ(QueuedJobs(box.db_path()), 0);

  auto list = RunProcess(box.Argv({"articles", "list"}));
  ASSERT_EQ(list.exit_status, 0) << list.err;
  std::set<std::string> titles;
  int lines = 0;
  for (size_t at = 0; at < list.out.size();) {
    size_t eol = list.out.find('\n', at);
    titles.insert(list.out.substr(list.out.rfind('\t', eol) + 1, eol - list.out.rfind('\t', eol) - 1));
    ++lines;
    at = eol + 1;
  }
  EXPECT_EQ(lines, kArticles) << list.out;
  EXPECT_EQ(titles.size(), static_cast<size_t>(kArticles)) << list.out;
  jobs = RunProcess(box.Argv({"jobs"}));
  EXPECT_NE(jobs.out.find("0 waiting, 0 being fetched, 0 given up"), std::string::npos) << jobs.out;
}

}  // namespace
}  // namespace herald::testing
