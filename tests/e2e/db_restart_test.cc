// The PostgreSQL server goes away in the middle of a `herald worker` batch
// and comes back on the same port a few seconds later. The worker says so
// in its log, does not exit, and once the server is back finishes every
// article exactly once without being restarted.
//
// The test runs its own throwaway cluster (scripts/pg-test-cluster.sh),
// never the shared one of HERALD_TEST_PG_URL, since it stops the server.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <thread>

#include "crash_support.h"
#include "process.h"

namespace herald::testing {
namespace {

constexpr int kArticles = 12;
constexpr int kAnsweredBeforeTheOutage = 4;
constexpr int kOutageSeconds = 4;
const std::string kPgBin = "/usr/lib/postgresql/15/bin";

// PostgreSQL refuses to run as root: then its commands run as "postgres",
// as scripts/pg-test-cluster.sh does.
std::vector<std::string> AsOwner(std::vector<std::string> argv) {
  if (getuid() == 0) argv.insert(argv.begin(), {"/usr/sbin/runuser", "-u", "postgres", "--"});
  return argv;
}

// A cluster of its own in a temporary directory, stopped and deleted by
// the destructor.
class PgCluster {
 public:
  PgCluster() : root_(MakeTempDir("herald-db-restart")), dir_(root_ + "/pg") {
    chmod(root_.c_str(), 0755);  // the postgres user must reach dir_
    auto started = RunProcess({HERALD_SOURCE_DIR "/scripts/pg-test-cluster.sh", "start", dir_});
    url_ = started.exit_status == 0 ? started.out.substr(0, started.out.find('\n')) : "";
    error_ = started.err;
    port_ = ReadFile(dir_ + "/port");
    port_ = port_.substr(0, port_.find('\n'));
  }
  ~PgCluster() {
    if (!url_.empty()) RunProcess({HERALD_SOURCE_DIR "/scripts/pg-test-cluster.sh", "stop", dir_});
    RemoveTree(root_);
  }

  const std::string& url() const { return url_; }
  const std::string& error() const { return error_; }

  ProcessResult Stop() { return RunProcess(AsOwner({kPgBin + "/pg_ctl", "-D", dir_ + "/data", "-m", "fast", "-w", "stop"})); }
  // On the same port and socket directory as the script's start.
  ProcessResult Restart() {
    return RunProcess(AsOwner({kPgBin + "/pg_ctl", "-D", dir_ + "/data", "-l", dir_ + "/server.log", "-w", "-t", "60",
                               "-o", "-c listen_addresses=127.0.0.1 -p " + port_ + " -k " + dir_ + " -c fsync=off",
                               "start"}));
  }
  // The rows of `sql`, one line each, columns separated by '|'.
  std::vector<std::string> Query(const std::string& sql) const {
    auto result = RunProcess({kPgBin + "/psql", url_, "-X", "-q", "-t", "-A", "-c", sql});
    std::vector<std::string> lines;
    std::istringstream in(result.out);
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) lines.push_back(line);
    if (result.exit_status != 0) lines = {"psql failed: " + result.err};
    return lines;
  }
  int64_t QueryInt(const std::string& sql) const {
    auto lines = Query(sql);
    return lines.size() == 1 && lines[0].find_first_not_of("0123456789") == std::string::npos ? std::atoll(lines[0].c_str())
                                                                                               : -1;
  }

 private:
  std::string root_, dir_, url_, port_, error_;
};

TEST(DbRestartTest, WorkerRidesOutAServerRestartAndFinishesEveryArticleOnce) {
  if (!std::filesystem::exists(kPgBin + "/initdb")) {
    if (const char* require = std::getenv("HERALD_REQUIRE_PG"); require != nullptr && std::string(require) == "1")
      FAIL() << "PostgreSQL 15 is not installed and HERALD_REQUIRE_PG=1";
    GTEST_SKIP() << "PostgreSQL 15 is not installed (scripts/install-deps.sh); HERALD_REQUIRE_PG=1 makes this a failure";
  }
  if (!HeraldHasCommand("worker")) GTEST_SKIP() << "this herald has no `worker` command yet";
  PgCluster pg;
  ASSERT_FALSE(pg.url().empty()) << pg.error();

  HeraldSandbox box("herald-db-restart-worker",
                    "per_host_delay_ms = 0\nmax_per_host = 8\nmax_retries = 0\ntimeout_seconds = 60\n"
                    "[store]\nurl = \"" + pg.url() + "\"\n"
                    "[worker]\npoll_seconds = 1\nmax_backoff_seconds = 2\njob_lease_seconds = 3\n"
                    "source_lease_seconds = 3\n");
  TestPublisher publisher({.articles = kArticles, .answered_before_hold = kAnsweredBeforeTheOutage});
  auto added = RunProcess(box.Argv({"sources", "add", "--no-fetch", publisher.feed_url()}));
  ASSERT_EQ(added.exit_status, 0) << added.err;

  Background worker(box.Argv({"worker"}), box.log_path("worker"));
  ASSERT_GT(worker.pid(), 0);
  auto log = [&] { return worker.log(); };
  ASSERT_TRUE(publisher.WaitForPageRequests(kAnsweredBeforeTheOutage + 1)) << log();

  // The server goes away with pages in flight; they arrive during the outage.
  auto stopped = pg.Stop();
  ASSERT_EQ(stopped.exit_status, 0) << stopped.err;
  publisher.Release();
  std::this_thread::sleep_for(std::chrono::seconds(kOutageSeconds));
  EXPECT_EQ(worker.WaitForExit(0), -2) << "the worker exited during the outage\n" << log();
  EXPECT_NE(log().find("database unavailable"), std::string::npos) << log();

  auto restarted = pg.Restart();
  ASSERT_EQ(restarted.exit_status, 0) << restarted.err;
  bool finished = Eventually(
      [&] {
        return pg.QueryInt("SELECT count(*) FROM articles") == kArticles &&
               pg.QueryInt("SELECT count(*) FROM jobs WHERE state != 'failed'") == 0;
      },
      45);
  EXPECT_TRUE(finished) << pg.QueryInt("SELECT count(*) FROM articles") << " articles stored\n" << log();
  EXPECT_EQ(worker.WaitForExit(0), -2) << "the worker did not stay up\n" << log();
  std::istringstream lines(log());
  for (std::string line; std::getline(lines, line);)
    if (line.find("database") != std::string::npos) std::cout << "[ herald   ] " << line << "\n";
  std::map<std::string, int> rows;
  for (const std::string& line : pg.Query("SELECT canonical_url, count(*) FROM articles GROUP BY canonical_url")) {
    size_t bar = line.rfind('|');
    rows[line.substr(0, bar)] = bar == std::string::npos ? 0 : std::atoi(line.c_str() + bar + 1);
  }
  EXPECT_EQ(MissingOrDoubled(rows, publisher.page_urls()), "");
  EXPECT_EQ(pg.QueryInt("SELECT count(*) FROM jobs"), 0) << "pages given up during the outage";
  EXPECT_EQ(worker.Terminate(15), 0) << log();
}

}  // namespace
}  // namespace herald::testing
