// kill -9 in the middle of an ingest round: the real `herald` binary is
// killed while it fetches article pages; the next run resumes the queued
// pages at once and every article ends up stored exactly once.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "httpd/server.h"
#include "process.h"

namespace herald::testing {
namespace {

const std::string kHerald = HERALD_BINARY_DIR "/herald";
constexpr int kArticles = 12;
constexpr int kServedBeforeTheCrash = 4;

// A publisher whose article pages hang after the first few until released,
// so that the test can kill herald while it holds claimed pages.
class SlowPublisher {
 public:
  SlowPublisher() {
    auto server = httpd::Server::Start({.threads = 8}, [this](const httpd::Request& r) { return Serve(r); });
    EXPECT_TRUE(server.ok()) << server.message();
    if (server.ok()) server_ = std::move(*server);
  }
  ~SlowPublisher() {
    Release();
    server_.reset();
  }

  std::string feed_url() const { return server_->base_url() + "/feed.xml"; }
  void Release() {
    std::lock_guard lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }
  // Waits (bounded) until `n` page requests arrived.
  bool WaitForPageRequests(int n) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(30), [&] { return page_requests_ >= n; });
  }
  std::multiset<std::string> pages_served() {
    std::lock_guard lock(mutex_);
    return served_;
  }

 private:
  httpd::Response Serve(const httpd::Request& r) {
    if (r.path == "/feed.xml") {
      std::string items;
      for (int i = 0; i < kArticles; ++i)
        items += "<item><title>Story " + std::to_string(i) + "</title><link>" + server_->base_url() + "/story-" +
                 std::to_string(i) + ".html</link><pubDate>Thu, 02 Oct 2025 0" + std::to_string(i % 10) +
                 ":00:00 GMT</pubDate></item>";
      return {200, "application/rss+xml", {}, "<rss version=\"2.0\"><channel><title>Slow</title>" + items + "</channel></rss>"};
    }
    if (r.path == "/robots.txt") return {404, "text/plain", {}, ""};
    std::unique_lock lock(mutex_);
    ++page_requests_;
    changed_.notify_all();
    if (page_requests_ > kServedBeforeTheCrash)
      changed_.wait_for(lock, std::chrono::seconds(30), [&] { return released_; });
    served_.insert(r.path);
    return {200, "text/html", {},
            "<html><head><title>" + r.path + "</title></head><body><article><p>The full text of " + r.path +
                ", long enough to be an article body.</p></article></body></html>"};
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  int page_requests_ = 0;
  bool released_ = false;
  std::multiset<std::string> served_;
  std::unique_ptr<httpd::Server> server_;
};

TEST(CrashTest, KilledMidRoundLosesNoArticleAndStoresNoneTwice) {
  std::string dir = MakeTempDir("herald-crash");
  std::string data = dir + "/data";
  std::string config = dir + "/herald.toml";
  WriteFile(config, "[fetch]\nallow_private_networks = true\nper_host_delay_ms = 0\nmax_per_host = 8\n"
                    "max_retries = 0\ntimeout_seconds = 60\n");
  auto herald = [&](std::vector<std::string> args) {
    std::vector<std::string> argv = {kHerald, "--data", data, "--config", config};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  };
  SlowPublisher publisher;
  ASSERT_EQ(RunProcess(herald({"sources", "add", "--no-fetch", publisher.feed_url()})).exit_status, 0);

  pid_t first = StartProcess(herald({"ingest", "--once"}), dir + "/first.log");
  ASSERT_GT(first, 0);
  ASSERT_TRUE(publisher.WaitForPageRequests(kServedBeforeTheCrash + 1)) << ReadFile(dir + "/first.log");
  ASSERT_EQ(kill(first, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(waitpid(first, &status, 0), first);
  ASSERT_TRUE(WIFSIGNALED(status));
  publisher.Release();

  auto jobs = RunProcess(herald({"jobs"}));
  ASSERT_EQ(jobs.exit_status, 0) << jobs.err;
  EXPECT_EQ(jobs.out.find("0 waiting, 0 being fetched"), std::string::npos) << "the crash left no queued work? " << jobs.out;

  auto second = RunProcess(herald({"ingest", "--once"}));
  ASSERT_EQ(second.exit_status, 0) << second.err;
  EXPECT_NE(second.err.find("resuming"), std::string::npos) << "the killed run's claims were not freed at once: "
                                                            << second.err;
  auto list = RunProcess(herald({"articles", "list"}));
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
  jobs = RunProcess(herald({"jobs"}));
  EXPECT_NE(jobs.out.find("0 waiting, 0 being fetched, 0 given up"), std::string::npos) << jobs.out;
  RemoveTree(dir);
}

}  // namespace
}  // namespace herald::testing
