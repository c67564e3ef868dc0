#include "crash_support.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <chrono>
#include <thread>

#include "process.h"

namespace herald::testing {
namespace {

// Held requests give up after this long, so a forgotten Release() cannot
// hang a test run; it outlasts every test's own timeouts.
constexpr auto kLongestHold = std::chrono::seconds(90);

std::string StoryPath(int i) { return "/story-" + std::to_string(i) + ".html"; }

// Read-write (a reader of a WAL file may need to recover it), never created.
sqlite3* OpenExisting(const std::string& db_path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return nullptr;
  }
  sqlite3_busy_timeout(db, 10000);  // herald may be writing meanwhile
  return db;
}

// Runs `sql`, calling `row` with each row's statement.
bool ForEachRow(const std::string& db_path, const std::string& sql, const std::function<void(sqlite3_stmt*)>& row) {
  sqlite3* db = OpenExisting(db_path);
  if (db == nullptr) return false;
  sqlite3_stmt* stmt = nullptr;
  bool ok = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK;
  int rc = SQLITE_ROW;
  while (ok && (rc = sqlite3_step(stmt)) == SQLITE_ROW) row(stmt);
  ok = ok && rc == SQLITE_DONE;
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return ok;
}

std::string TextAt(sqlite3_stmt* stmt, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
  return text == nullptr ? "" : text;
}

}  // namespace

// ---- TestPublisher ----

TestPublisher::TestPublisher(PublisherOptions options) : options_(options) {
  // Enough threads that held requests of two workers never starve the feed.
  auto server = httpd::Server::Start({.threads = 24}, [this](const httpd::Request& r) { return Serve(r); });
  EXPECT_TRUE(server.ok()) << server.message();
  if (server.ok()) server_ = std::move(*server);
}

TestPublisher::~TestPublisher() {
  Release();
  server_.reset();
}

std::string TestPublisher::feed_url() const { return server_->base_url() + "/feed.xml"; }
std::string TestPublisher::page_url(int i) const { return server_->base_url() + StoryPath(i); }

std::set<std::string> TestPublisher::page_urls() const {
  std::set<std::string> urls;
  for (int i = 0; i < options_.articles; ++i) urls.insert(page_url(i));
  return urls;
}

void TestPublisher::Release() {
  std::lock_guard lock(mutex_);
  released_ = true;
  changed_.notify_all();
}

bool TestPublisher::WaitForPageRequests(int n, int seconds) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, std::chrono::seconds(seconds), [&] { return page_requests_ >= n; });
}

int TestPublisher::page_requests() {
  std::lock_guard lock(mutex_);
  return page_requests_;
}

std::multiset<std::string> TestPublisher::pages_requested() {
  std::lock_guard lock(mutex_);
  return requested_;
}

void TestPublisher::SetPageDelay(int ms) {
  std::lock_guard lock(mutex_);
  options_.page_delay_ms = ms;
}

httpd::Response TestPublisher::Serve(const httpd::Request& r) {
  if (r.path == "/feed.xml") {
    std::string items;
    for (int i = 0; i < options_.articles; ++i)
      items += "<item><title>Story " + std::to_string(i) + "</title><link>" + page_url(i) +
               "</link><pubDate>Thu, 02 Oct 2025 " + std::to_string(10 + i % 10) + ":00:00 GMT</pubDate></item>";
    return {200, "application/rss+xml", {}, "<rss version=\"2.0\"><channel><title>Test</title>" + items +
                                                "</channel></rss>"};
  }
  if (r.path.rfind("/story-", 0) != 0) return {404, "text/plain", {}, ""};
  int delay_ms = 0;
  {
    std::unique_lock lock(mutex_);
    ++page_requests_;
    requested_.insert(server_->base_url() + r.path);
    changed_.notify_all();
    if (options_.answered_before_hold >= 0 && page_requests_ > options_.answered_before_hold)
      changed_.wait_for(lock, kLongestHold, [&] { return released_; });
    delay_ms = options_.page_delay_ms;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
  return {200, "text/html", {}, Page(r.path)};
}

std::string TestPublisher::Page(const std::string& path) const {
  return "<html><head><title>Page " + path + "</title></head><body><article><p>The full text of " + path +
         ", long enough to be an article body, with a second sentence to be sure.</p></article></body></html>";
}

// ---- HeraldSandbox ----

HeraldSandbox::HeraldSandbox(const std::string& name, const std::string& config) : dir_(MakeTempDir(name)) {
  WriteFile(dir_ + "/herald.toml", "[fetch]\nallow_private_networks = true\n" + config);
}

HeraldSandbox::~HeraldSandbox() { RemoveTree(dir_); }

std::vector<std::string> HeraldSandbox::Argv(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {kHerald, "--data", dir_ + "/data", "--config", dir_ + "/herald.toml"};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

// ---- processes ----

bool HeraldHasCommand(const std::string& command) {
  return RunProcess({kHerald, command, "--help"}).exit_status == 0;
}

bool Eventually(const std::function<bool()>& condition, int seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

Background::Background(const std::vector<std::string>& argv, std::string log_path)
    : pid_(StartProcess(argv, log_path)), log_path_(std::move(log_path)) {}

Background::~Background() {
  if (pid_ > 0) Kill();
}

std::string Background::log() const { return ReadFile(log_path_); }

int Background::WaitForExit(int seconds) {
  int status = 0;
  if (pid_ <= 0) return -1;
  if (!Eventually([&] { return waitpid(pid_, &status, WNOHANG) == pid_; }, seconds)) return -2;
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int Background::Terminate(int seconds) {
  if (pid_ > 0) kill(pid_, SIGTERM);
  return WaitForExit(seconds);
}

void Background::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

// ---- SQLite ----

std::string IntegrityCheck(const std::string& db_path) {
  std::string findings;
  bool ran = ForEachRow(db_path, "PRAGMA integrity_check", [&](sqlite3_stmt* stmt) {
    findings += (findings.empty() ? "" : "; ") + TextAt(stmt, 0);
  });
  return ran ? findings : "cannot run integrity_check on " + db_path;
}

int64_t QueryInt(const std::string& db_path, const std::string& sql) {
  int64_t value = -1;
  bool ran = ForEachRow(db_path, sql, [&](sqlite3_stmt* stmt) { value = sqlite3_column_int64(stmt, 0); });
  return ran ? value : -1;
}

std::vector<std::string> QueryTexts(const std::string& db_path, const std::string& sql) {
  std::vector<std::string> texts;
  ForEachRow(db_path, sql, [&](sqlite3_stmt* stmt) { texts.push_back(TextAt(stmt, 0)); });
  return texts;
}

std::map<std::string, int> ArticleRowsByCanonicalUrl(const std::string& db_path) {
  std::map<std::string, int> rows;
  ForEachRow(db_path, "SELECT canonical_url, count(*) FROM articles GROUP BY canonical_url",
             [&](sqlite3_stmt* stmt) { rows[TextAt(stmt, 0)] = sqlite3_column_int(stmt, 1); });
  return rows;
}

int64_t QueuedJobs(const std::string& db_path) {
  return QueryInt(db_path, "SELECT count(*) FROM jobs WHERE state != 'failed'");
}

std::string MissingOrDoubled(const std::map<std::string, int>& rows, const std::set<std::string>& expected) {
  std::string wrong;
  for (const auto& url : expected) {
    auto it = rows.find(url);
    if (it == rows.end()) wrong += "missing " + url + "\n";
    else if (it->second != 1) wrong += url + " stored " + std::to_string(it->second) + " times\n";
  }
  for (const auto& [url, count] : rows)
    if (expected.count(url) == 0) wrong += "unexpected " + url + "\n";
  return wrong;
}

}  // namespace herald::testing
