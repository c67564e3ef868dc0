// Shared parts of the crash-safety tests (crash_test, crash_worker_test,
// db_restart_test, disk_full_test, sigterm_test): a publisher whose article
// pages can be slowed or held, a scratch directory with a config for the
// real `herald` binary, and direct looks into the SQLite file it wrote.
#pragma once

#include <sys/types.h>

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "httpd/server.h"

namespace herald::testing {

inline const std::string kHerald = HERALD_BINARY_DIR "/herald";

struct PublisherOptions {
  int articles = 12;
  // The first `answered_before_hold` page requests are answered; later ones
  // are held until Release() (-1: none held). Held requests are what a
  // crash or a stop catches "in flight".
  int answered_before_hold = -1;
  int page_delay_ms = 0;  // every page answer waits this long first (SetPageDelay changes it)
};

// An RSS feed of `articles` items (/feed.xml) and their pages
// (/story-N.html), served on loopback.
class TestPublisher {
 public:
  explicit TestPublisher(PublisherOptions options = {});
  ~TestPublisher();  // releases held requests, then stops
  TestPublisher(const TestPublisher&) = delete;
  TestPublisher& operator=(const TestPublisher&) = delete;

  std::string feed_url() const;
  std::string page_url(int i) const;
  std::set<std::string> page_urls() const;

  // Lets every held request (and every later one) be answered.
  void Release();
  // Waits (bounded) until `n` page requests arrived.
  bool WaitForPageRequests(int n, int seconds = 30);
  int page_requests();
  // URLs of the pages asked for, once per request (answered or not yet).
  std::multiset<std::string> pages_requested();
  void SetPageDelay(int ms);

 private:
  httpd::Response Serve(const httpd::Request& r);
  std::string Page(const std::string& path) const;

  PublisherOptions options_;
  std::mutex mutex_;
  std::condition_variable changed_;
  int page_requests_ = 0;
  bool released_ = false;
  std::multiset<std::string> requested_;
  std::unique_ptr<httpd::Server> server_;
};

// A temporary directory holding a config file and herald's data folder.
class HeraldSandbox {
 public:
  // `config` is the TOML text; loopback sources are always allowed.
  HeraldSandbox(const std::string& name, const std::string& config);
  ~HeraldSandbox();  // deletes the directory
  HeraldSandbox(const HeraldSandbox&) = delete;
  HeraldSandbox& operator=(const HeraldSandbox&) = delete;

  const std::string& dir() const { return dir_; }
  std::string db_path() const { return dir_ + "/data/herald.db"; }
  std::string log_path(const std::string& name) const { return dir_ + "/" + name + ".log"; }
  // herald --data DIR/data --config DIR/herald.toml ARGS...
  std::vector<std::string> Argv(const std::vector<std::string>& args) const;

 private:
  std::string dir_;
};

// Whether this herald binary has `command` (`herald worker` is new).
bool HeraldHasCommand(const std::string& command);

// Polls `condition` every 50 ms for up to `seconds`.
bool Eventually(const std::function<bool()>& condition, int seconds = 30);

// A process started in the background (StartProcess) with its output in a
// log file. The destructor kills it when it still runs, so a failed
// assertion leaves no process behind.
class Background {
 public:
  Background(const std::vector<std::string>& argv, std::string log_path);
  ~Background();
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  pid_t pid() const { return pid_; }
  std::string log() const;
  // The exit status once it ended within `seconds`: its exit code, -1 when
  // a signal ended it, -2 when it still runs (and is left running).
  int WaitForExit(int seconds);
  // SIGTERM, then WaitForExit(seconds).
  int Terminate(int seconds);
  // SIGKILL, reaped.
  void Kill();

 private:
  pid_t pid_;
  std::string log_path_;
};

// ---- the SQLite file, read directly (not through herald) ----

// "ok" when PRAGMA integrity_check finds nothing, else its findings.
std::string IntegrityCheck(const std::string& db_path);
// The single integer of `sql`; -1 when the query fails.
int64_t QueryInt(const std::string& db_path, const std::string& sql);
// The first column of every row of `sql`, as text.
std::vector<std::string> QueryTexts(const std::string& db_path, const std::string& sql);
// canonical_url -> how many article rows carry it.
std::map<std::string, int> ArticleRowsByCanonicalUrl(const std::string& db_path);
// Unfinished jobs (waiting or claimed): the queued work a restart resumes.
int64_t QueuedJobs(const std::string& db_path);

// Each of `expected` stored exactly once, nothing else: the list of what is
// wrong, empty when right.
std::string MissingOrDoubled(const std::map<std::string, int>& rows, const std::set<std::string>& expected);

}  // namespace herald::testing
