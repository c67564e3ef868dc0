// herald as many processes around one store: three `herald worker`s and two
// `herald serve`s against the demo newsroom (in this process, logging every
// request). Every article must be stored once, every page and feed fetched
// once, requests to the newsroom spaced by per_host_delay_ms across all
// workers, views counted exactly across both web processes, and every
// process must stop cleanly on SIGTERM. PostgreSQL (label postgres: needs
// HERALD_TEST_PG_URL) and SQLite (one file, WAL) variants.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "demo/newsroom.h"
#include "http_get.h"
#include "process.h"
#include "store/store.h"
#include "store/store_test_support.h"

namespace herald::testing {
namespace {

const std::string kHerald = HERALD_BINARY_DIR "/herald";
constexpr int kPerHostDelayMs = 40;
constexpr int kShutdownTimeoutSeconds = 10;
constexpr int kWorkers = 3;
constexpr int kWebProcesses = 2;

// The demo newsroom with a log of every request: path and arrival time.
class LoggedNewsroom {
 public:
  LoggedNewsroom() {
    auto server = httpd::Server::Start({}, [this](const httpd::Request& request) {
      std::string base;
      {
        std::lock_guard lock(mutex_);
        log_.push_back({request.path, std::chrono::steady_clock::now()});
        base = base_url_;
      }
      return demo::Serve(request, base);
    });
    if (!server.ok()) {
      ADD_FAILURE() << server.message();
      return;
    }
    server_ = std::move(*server);
    std::lock_guard lock(mutex_);
    base_url_ = server_->base_url();
  }
  std::string base_url() {
    std::lock_guard lock(mutex_);
    return base_url_;
  }
  struct Request {
    std::string path;
    std::chrono::steady_clock::time_point at;
  };
  std::vector<Request> Log() {
    std::lock_guard lock(mutex_);
    return log_;
  }

 private:
  std::mutex mutex_;
  std::string base_url_;
  std::vector<Request> log_;
  std::unique_ptr<httpd::Server> server_;
};

enum class Backend { kSqlite, kPostgres };

class MultiProcessTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("herald-multiprocess");
    store::StoreOptions options;
    if (GetParam() == Backend::kPostgres) {
      std::string cluster = store::testing::TestPgClusterUrl();
      if (cluster.empty()) {
        if (!HasFailure())
          GTEST_SKIP() << "PostgreSQL test cluster not running: `make test` starts one; by hand: "
                          "HERALD_TEST_PG_URL=$(scripts/pg-test-cluster.sh start /tmp/herald-pg)";
        return;
      }
      database_ = std::make_unique<store::testing::ScratchPgDatabase>(cluster);
      ASSERT_FALSE(database_->url().empty());
      options.url = database_->url();
      setenv("HERALD_STORE_URL", options.url.c_str(), 1);  // the children inherit it
    } else {
      unsetenv("HERALD_STORE_URL");
      options.path = dir_ + "/data/herald.db";
      std::filesystem::create_directories(dir_ + "/data");
    }
    auto store = store::Store::Open(options);
    ASSERT_TRUE(store.ok()) << store.message();
    store_ = std::move(*store);
    WriteFile(dir_ + "/herald.toml",
              "[fetch]\nallow_private_networks = true\nper_host_delay_ms = " + std::to_string(kPerHostDelayMs) +
                  "\nmax_per_host = 2\n"
                  "[worker]\npoll_seconds = 1\n"
                  "[site]\nview_flush_seconds = 1\nshutdown_timeout_seconds = " +
                  std::to_string(kShutdownTimeoutSeconds) + "\n");
  }

  void TearDown() override {
    for (pid_t pid : pids_) StopProcess(pid, 5);
    store_.reset();
    unsetenv("HERALD_STORE_URL");
    database_.reset();
    RemoveTree(dir_);
  }

  // The demo's feeds as sources, as `herald run` registers them.
  void AddDemoSources() {
    for (const auto& f : demo::Feeds()) {
      store::Source s;
      s.name = f.publisher;
      s.feed_url = newsroom_.base_url() + f.path;
      s.site_url = newsroom_.base_url() + "/";
      ASSERT_TRUE(store_->AddSource(s).ok());
    }
  }

  pid_t Start(const std::string& name, std::vector<std::string> command) {
    std::vector<std::string> argv = {kHerald, "--config", dir_ + "/herald.toml", "--data", dir_ + "/data"};
    argv.insert(argv.end(), command.begin(), command.end());
    pid_t pid = StartProcess(argv, dir_ + "/" + name + ".log");
    pids_.push_back(pid);
    names_.push_back(name);
    return pid;
  }

  // True once every demo article is stored and no job is left.
  bool WaitUntilAllStored(int seconds) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < deadline) {
      auto count = store_->CountArticles();
      auto jobs = store_->CountJobs();
      if (count.ok() && jobs.ok() && *count >= static_cast<int64_t>(demo::Articles().size()) &&
          jobs->pending + jobs->claimed == 0)
        return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    return false;
  }

  std::string Logs() {
    std::string all;
    for (const std::string& name : names_) all += "---- " + name + "\n" + ReadFile(dir_ + "/" + name + ".log");
    return all;
  }

  std::string dir_;
  std::unique_ptr<store::testing::ScratchPgDatabase> database_;
  std::unique_ptr<store::Store> store_;
  LoggedNewsroom newsroom_;
  std::vector<pid_t> pids_;
  std::vector<std::string> names_;
};

TEST_P(MultiProcessTest, WorkersShareTheWorkAndWebProcessesShareTheViews) {
  AddDemoSources();
  std::vector<std::string> web_urls;
  for (int i = 0; i < kWebProcesses; ++i) {
    int port = FreeLoopbackPort();
    web_urls.push_back("http://127.0.0.1:" + std::to_string(port));
    Start("serve" + std::to_string(i), {"--listen", "127.0.0.1:" + std::to_string(port), "serve"});
  }
  for (int i = 0; i < kWorkers; ++i) Start("worker" + std::to_string(i), {"worker"});

  ASSERT_TRUE(WaitUntilAllStored(180)) << Logs();

  // Every demo article stored once, under its own canonical URL.
  EXPECT_EQ(*store_->CountArticles(), static_cast<int64_t>(demo::Articles().size()));
  for (const auto& truth : demo::Articles()) {
    auto stored = store_->StoredRevisionTime(newsroom_.base_url() + truth.path);
    EXPECT_TRUE(stored.ok() && stored->has_value()) << truth.path << " not stored";
  }
  auto latest = store_->LatestArticles(1, 0);
  ASSERT_TRUE(latest.ok() && !latest->empty());

  // Each page and each feed fetched once: no job done twice, no feed
  // fetched by two workers. Requests spaced across all workers.
  auto log = newsroom_.Log();
  std::map<std::string, int> fetches;
  for (const auto& request : log) ++fetches[request.path];
  for (const auto& truth : demo::Articles()) EXPECT_EQ(fetches[truth.path], 1) << truth.path;
  for (const auto& feed : demo::Feeds()) EXPECT_EQ(fetches[feed.path], 1) << feed.path;
  ASSERT_GE(log.size(), demo::Articles().size() + demo::Feeds().size());
  // Starts are spaced by the store's slots; arrivals jitter on a busy
  // machine (a process that reserved an earlier slot may be scheduled late),
  // so up to a quarter of the gaps may be short and the whole span gets a
  // little slack. Without shared slots three workers would make about two
  // thirds of the gaps short and take a third of the span.
  const auto delay = std::chrono::milliseconds(kPerHostDelayMs);
  size_t close_pairs = 0;
  for (size_t i = 1; i < log.size(); ++i)
    if (log[i].at - log[i - 1].at < delay / 2) ++close_pairs;
  EXPECT_LE(close_pairs, log.size() / 4) << "of " << log.size() << " requests to the newsroom";
  EXPECT_GE(log.back().at - log.front().at, delay * static_cast<int>(log.size() - 1) - std::chrono::milliseconds(250));

  // Views: distinct visitors alternate between the web processes; each
  // visitor also comes back on the other one. The total counts each once.
  const int64_t article_id = latest->front().id;
  const std::string path = "/article/" + std::to_string(article_id);
  constexpr int kVisitors = 12;
  for (int v = 0; v < kVisitors; ++v) {
    std::map<std::string, std::string> headers = {
        {"User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/120 visitor-" + std::to_string(v)}};
    EXPECT_EQ(HttpGet(web_urls[v % 2] + path, headers).status, 200);
    EXPECT_EQ(HttpGet(web_urls[(v + 1) % 2] + path, headers).status, 200);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  int64_t counted = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    auto views = store_->GetViews(article_id, "2000-01-01");
    counted = views.ok() ? views->total : -1;
    if (counted >= kVisitors) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // one more flush: nothing may be added
  auto views = store_->GetViews(article_id, "2000-01-01");
  ASSERT_TRUE(views.ok());
  EXPECT_EQ(views->total, kVisitors) << Logs();

  // SIGTERM: each process stops on its own, with status 0, within the timeout.
  for (size_t i = 0; i < pids_.size(); ++i) {
    auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(StopProcess(pids_[i], kShutdownTimeoutSeconds), 0) << names_[i] << "\n" << Logs();
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(kShutdownTimeoutSeconds));
  }
  pids_.clear();
  // A clean stop released every claim and the story lease.
  EXPECT_EQ(store_->ClaimingWorkers()->size(), 0u);
  EXPECT_TRUE(*store_->HoldLease("stories", "test", 0, 1)) << "the story lease was not given up";
}

INSTANTIATE_TEST_SUITE_P(Backends, MultiProcessTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return info.param == Backend::kSqlite ? "Sqlite" : "Postgres"; });

}  // namespace
}  // namespace herald::testing
