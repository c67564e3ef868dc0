// The SQLite volume fills up during an ingest. A real write failure, without
// root: the child runs with RLIMIT_FSIZE low and SIGXFSZ ignored, so its
// write() past the limit fails with EFBIG, as it would with ENOSPC on a full
// disk. herald must stop with a clear message naming the problem and the fix
// and a non-zero status; the file must stay sound with every article stored
// before, and once there is room again the next ingest must complete.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <iostream>

#include "crash_support.h"
#include "process.h"

namespace herald::testing {
namespace {

// Below a second round's writes, above the 32 KiB of the WAL index (-shm)
// that opening the database needs.
constexpr rlim_t kFileSizeLimit = 64 * 1024;

// RunProcess with every file the child writes capped at `limit` bytes.
ProcessResult RunWithFileSizeLimit(const std::vector<std::string>& argv, rlim_t limit) {
  std::string dir = MakeTempDir("herald-fsize");
  std::string out_path = dir + "/out", err_path = dir + "/err";
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();  // only async-signal-safe calls in the child
  if (pid == 0) {
    int in = open("/dev/null", O_RDONLY);
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigaction(SIGXFSZ, &ignore, nullptr);  // kept across exec: write() fails with EFBIG instead of killing
    struct rlimit fsize = {limit, limit};
    setrlimit(RLIMIT_FSIZE, &fsize);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ProcessResult r{WIFEXITED(status) ? WEXITSTATUS(status) : -1, ReadFile(out_path), ReadFile(err_path)};
  RemoveTree(dir);
  return r;
}

TEST(DiskFullTest, IngestStopsWithAClearMessageAndTheFileStaysSound) {
  HeraldSandbox box("herald-diskfull", "per_host_delay_ms = 0\nmax_per_host = 8\nmax_retries = 0\n");
  TestPublisher first;
  ASSERT_EQ(RunProcess(box.Argv({"sources", "add", "--no-fetch", first.feed_url()})).exit_status, 0);
  auto filled = RunProcess(box.Argv({"ingest", "--once"}));
  ASSERT_EQ(filled.exit_status, 0) << filled.err;
  ASSERT_EQ(MissingOrDoubled(ArticleRowsByCanonicalUrl(box.db_path()), first.page_urls()), "");

  TestPublisher second;
  ASSERT_EQ(RunProcess(box.Argv({"sources", "add", "--no-fetch", second.feed_url()})).exit_status, 0);
  auto full = RunWithFileSizeLimit(box.Argv({"ingest", "--once"}), kFileSizeLimit);
  std::cout << "[ herald   ] with the volume full:\n" << full.err;
  EXPECT_NE(full.exit_status, 0) << full.err;
  EXPECT_NE(full.exit_status, -1) << "killed by a signal, not stopped by herald: " << full.err;
  EXPECT_NE(full.err.find("disk full"), std::string::npos) << full.err;
  EXPECT_NE(full.err.find("free space on " + box.dir() + "/data"), std::string::npos) << full.err;
  EXPECT_NE(full.err.find("--data"), std::string::npos) << full.err;

  // Room again: the file is sound, nothing stored before is lost, and
  // the interrupted work completes, each article once.
  EXPECT_EQ(IntegrityCheck(box.db_path()), "ok");
  auto after_failure = ArticleRowsByCanonicalUrl(box.db_path());
  for (const auto& url : first.page_urls()) EXPECT_EQ(after_failure[url], 1) << url;
  auto resumed = RunProcess(box.Argv({"ingest", "--once"}));
  EXPECT_EQ(resumed.exit_status, 0) << resumed.err;
  std::set<std::string> everything = first.page_urls();
  everything.merge(second.page_urls());
  EXPECT_EQ(MissingOrDoubled(ArticleRowsByCanonicalUrl(box.db_path()), everything), "");
  EXPECT_EQ(IntegrityCheck(box.db_path()), "ok");
  EXPECT_EQ(QueuedJobs(box.db_path()), 0);
}

}  // namespace
}  // namespace herald::testing
