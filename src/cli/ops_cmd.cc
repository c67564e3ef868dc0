// herald backup FILE | restore FILE [--force] | doctor
// Operating a herald: a consistent copy of the SQLite store while herald
// runs, putting one back, and a check of everything herald depends on.
// PostgreSQL is backed up with its own tools: backup and restore say how.
#include <spdlog/spdlog.h>
#include <sys/statvfs.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/service.h"
#include "store/migrations.h"
#include "store/sqlite_backup.h"

namespace herald::cli {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kMiB = 1ull << 20;
constexpr uint64_t kDiskWarnBytes = 1024 * kMiB;
constexpr uint64_t kDiskFailBytes = 100 * kMiB;
constexpr int kSourceCheckTimeoutSeconds = 5;

std::string DatabasePath(const CommonOptions& common) { return common.data_dir + "/herald.db"; }
int LatestSchemaVersion() { return store::SchemaMigrations().back().version; }

// The URL with its password (userinfo or a password= parameter) taken
// out, to print.
std::string WithoutPassword(const std::string& url) {
  std::string out = url;
  size_t authority = out.find("://");
  if (authority != std::string::npos) {
    authority += 3;
    size_t end = out.find_first_of("/?#", authority);
    size_t at = out.rfind('@', end == std::string::npos ? std::string::npos : end - 1);
    size_t colon = out.find(':', authority);
    if (at != std::string::npos && at >= authority && colon < at) out.erase(colon, at - colon);
  }
  size_t query = out.find('?');
  if (query == std::string::npos) return out;
  std::string kept;
  size_t start = query + 1;
  while (start <= out.size()) {
    size_t end = std::min(out.find('&', start), out.size());
    std::string param = out.substr(start, end - start);
    if (!param.empty() && param.rfind("password=", 0) != 0) kept += (kept.empty() ? "" : "&") + param;
    start = end + 1;
  }
  return out.substr(0, query) + (kept.empty() ? "" : "?" + kept);
}

// Single quotes for a POSIX shell.
std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// ---- backup ----

int Backup(const CommonOptions& common, const std::string& file) {
  Result<std::string> url = StoreUrl(common);
  if (!url.ok()) return Fail(url.error());
  if (!url->empty()) {
    std::printf("pg_dump --format=custom --file=%s %s\n", ShellQuote(file).c_str(),
                ShellQuote(WithoutPassword(*url)).c_str());
    return Fail("the store is PostgreSQL: use pg_dump as printed above (the password from PGPASSWORD or "
                "~/.pgpass; see docs/operations.md)",
                kExitUsage);
  }
  int last_percent = -1;
  auto report = store::BackupSqlite(DatabasePath(common), file, [&last_percent](int64_t copied, int64_t total) {
    int percent = total > 0 ? static_cast<int>(copied * 100 / total) : 100;
    if (percent / 10 == last_percent / 10) return;
    last_percent = percent;
    spdlog::info("backup: {}% ({} of {} pages)", percent, copied, total);
  });
  if (!report.ok()) return Fail(report.error());
  std::printf("backup: %s written (%lld bytes, %lld pages), integrity check ok\n", file.c_str(),
              static_cast<long long>(report->bytes), static_cast<long long>(report->pages));
  return kExitOk;
}

// ---- restore ----

int Restore(const CommonOptions& common, const std::string& file, bool force) {
  Result<std::string> url = StoreUrl(common);
  if (!url.ok()) return Fail(url.error());
  if (!url->empty()) {
    std::printf("pg_restore --clean --if-exists --no-owner --dbname=%s %s\n",
                ShellQuote(WithoutPassword(*url)).c_str(), ShellQuote(file).c_str());
    return Fail("the store is PostgreSQL: use pg_restore as printed above, with every herald stopped (see "
                "docs/operations.md)",
                kExitUsage);
  }
  std::error_code ec;
  // Checked before the data directory is created or touched.
  if (auto checked = store::CheckHeraldBackup(file, LatestSchemaVersion()); !checked.ok()) return Fail(checked.error());
  fs::create_directories(common.data_dir, ec);
  if (ec) return Fail("--data " + common.data_dir + ": cannot create directory (" + ec.message() + ")", kExitFailure);
  auto restored = store::RestoreSqlite(file, DatabasePath(common), LatestSchemaVersion(), force);
  if (!restored.ok()) return Fail(restored.error());
  // Opening migrates an older backup to this herald's schema.
  auto store = OpenStore(common);
  if (!store.ok()) return Fail(store.error());
  auto articles = (*store)->CountArticles();
  auto sources = (*store)->ListSources();
  if (!articles.ok()) return Fail(articles.error());
  if (!sources.ok()) return Fail(sources.error());
  std::printf("restore: %s is now %s (%lld articles, %zu sources, schema %d)\n", DatabasePath(common).c_str(),
              file.c_str(), static_cast<long long>(*articles), sources->size(), (*store)->SchemaVersion());
  if (!restored->previous_path.empty())
    std::printf("restore: the previous database is kept as %s (delete it when satisfied)\n",
                restored->previous_path.c_str());
  return kExitOk;
}

// ---- doctor ----

enum class Verdict { kOk, kWarn, kFail };

class Checklist {
 public:
  void Add(Verdict verdict, const std::string& check, const std::string& detail) {
    const char* tag = verdict == Verdict::kOk ? "OK  " : verdict == Verdict::kWarn ? "WARN" : "FAIL";
    std::string line = detail;
    for (char& c : line)
      if (c == '\n' || c == '\r') c = ' ';
    std::printf("%s %s: %s\n", tag, check.c_str(), line.c_str());
    std::fflush(stdout);
    if (verdict == Verdict::kFail) failed_ = true;
  }
  bool failed() const { return failed_; }

 private:
  bool failed_ = false;
};

void CheckDisk(Checklist& list, const std::string& name, const std::string& dir) {
  struct statvfs fs_info {};
  if (statvfs(dir.c_str(), &fs_info) != 0) {
    list.Add(Verdict::kWarn, name, dir + ": cannot read free space");
    return;
  }
  uint64_t free_bytes = uint64_t(fs_info.f_bavail) * fs_info.f_frsize;
  std::string amount = std::to_string(free_bytes / kMiB) + " MiB free on " + dir + "'s volume";
  if (free_bytes < kDiskFailBytes)
    list.Add(Verdict::kFail, name, amount + "; free space now (writes will fail), or lower [retention] max_age_days");
  else if (free_bytes < kDiskWarnBytes)
    list.Add(Verdict::kWarn, name, amount + "; free space soon, or lower [retention] max_age_days / image_cache_mib");
  else
    list.Add(Verdict::kOk, name, amount);
}

// The store, opened read-only so the doctor changes nothing.
Result<std::unique_ptr<store::Store>> OpenForCheck(const CommonOptions& common, const std::string& url) {
  store::StoreOptions options;
  options.read_only = true;
  if (!url.empty()) options.url = url;
  else options.path = DatabasePath(common);
  return store::Store::Open(options);
}

void CheckSources(Checklist& list, const config::Config& config, store::Store* store) {
  std::vector<std::string> urls;
  size_t demo_feeds = 0;  // served by `herald run` itself, on loopback: nothing to check from here
  if (store != nullptr) {
    if (auto sources = store->ListSources(); sources.ok())
      for (const store::Source& s : *sources) {
        if (IsDemoSource(s, config)) ++demo_feeds;
        else urls.push_back(s.feed_url);
      }
  }
  if (urls.empty())
    for (const config::SourceConfig& s : config.sources) urls.push_back(s.url);
  if (urls.empty()) {
    list.Add(Verdict::kWarn, "sources",
             demo_feeds > 0 ? "only the demo newsroom's " + std::to_string(demo_feeds) +
                                  " feeds, which `herald run` serves itself (not checked); add real sources with "
                                  "`herald sources add URL` or [[sources]] in the config"
                            : "none configured; add [[sources]] to the config (the demo runs meanwhile)");
    return;
  }
  net::FetchOptions options = FetchOptionsFrom(config, /*demo_mode=*/false);
  options.timeout_seconds = kSourceCheckTimeoutSeconds;
  options.connect_timeout_seconds = kSourceCheckTimeoutSeconds;
  options.max_retries = 0;
  options.per_host_delay_ms = 0;
  net::Fetcher fetcher(options);
  std::vector<net::FetchRequest> requests;
  for (const std::string& url : urls) {
    net::FetchRequest request;
    request.url = url;
    for (const config::SourceConfig& s : config.sources) {
      if (s.url != url) continue;
      request.cookies = s.cookies;
      request.proxy = s.proxy;
      for (const auto& header : s.headers) request.headers.push_back(header);
    }
    requests.push_back(std::move(request));
  }
  std::vector<Result<net::FetchResponse>> results = fetcher.FetchAll(requests);
  for (size_t i = 0; i < results.size(); ++i) {
    if (results[i].ok())
      list.Add(Verdict::kOk, "source", urls[i] + " answers HTTP " + std::to_string(results[i]->status));
    else
      list.Add(Verdict::kFail, "source", results[i].message());
  }
}

int Doctor(const CommonOptions& common) {
  Checklist list;
  Result<config::Config> config = LoadSettings(common);
  if (!config.ok()) {
    list.Add(Verdict::kFail, "config", config.message());
    return kExitFailure;  // every other check reads the config
  }
  if (Status valid = ValidateConfig(*config); !valid.ok()) {
    list.Add(Verdict::kFail, "config", valid.message());
    return kExitFailure;
  }
  list.Add(Verdict::kOk, "config", common.config_path.empty() ? "defaults (no --config)" : common.config_path + " parses");

  Result<std::string> url = StoreUrl(common);
  std::unique_ptr<store::Store> store;
  std::error_code ec;
  if (!url.ok()) {
    list.Add(Verdict::kFail, "store", url.message());
  } else if (url->empty() && !fs::exists(DatabasePath(common), ec)) {
    list.Add(Verdict::kWarn, "store", "sqlite: no database at " + DatabasePath(common) +
                                          " yet; `herald run` creates it (or check --data)");
  } else {
    auto opened = OpenForCheck(common, *url);
    const std::string where = url->empty() ? DatabasePath(common) : WithoutPassword(*url);
    if (!opened.ok() && opened.message().find("schema version") != std::string::npos) {
      list.Add(Verdict::kWarn, "schema", opened.message() + " (the next herald start migrates it)");
    } else if (!opened.ok()) {
      list.Add(Verdict::kFail, "store", opened.message());
    } else {
      store = std::move(*opened);
      Status ping = store->Ping();
      if (ping.ok())
        list.Add(Verdict::kOk, "store", store->BackendName() + " at " + where + " answers");
      else
        list.Add(Verdict::kFail, "store", ping.message());
      list.Add(Verdict::kOk, "schema", "version " + std::to_string(store->SchemaVersion()) + ", current");
    }
  }

  CheckSources(list, *config, store.get());

  if (url.ok() && url->empty()) {
    CheckDisk(list, "disk", fs::exists(common.data_dir, ec) ? common.data_dir : ".");
  }
  const std::string images = common.data_dir + "/images";
  if (fs::exists(images, ec)) CheckDisk(list, "image cache disk", images);

  if (store != nullptr) {
    auto jobs = store->CountJobs();
    if (!jobs.ok())
      list.Add(Verdict::kFail, "jobs", jobs.message());
    else if (jobs->failed > 0)
      list.Add(Verdict::kWarn, "jobs", std::to_string(jobs->failed) + " article pages given up (" +
                                           std::to_string(jobs->pending) + " waiting); see `herald jobs`, then "
                                           "`herald jobs retry`");
    else
      list.Add(Verdict::kOk, "jobs", std::to_string(jobs->pending) + " waiting, " + std::to_string(jobs->claimed) +
                                         " being fetched, none given up");
  }
  return list.failed() ? kExitFailure : kExitOk;
}

}  // namespace

void AddBackupCommand(CLI::App& app, const CommonOptions& common, int* exit_status) {
  auto file = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "backup", "Copy the SQLite store to FILE while herald runs (checked; never overwrites). PostgreSQL: prints "
                "the pg_dump command");
  cmd->add_option("FILE", *file, "The new backup file")->required();
  cmd->callback([&common, exit_status, file] { *exit_status = Backup(common, *file); });
}

void AddRestoreCommand(CLI::App& app, const CommonOptions& common, int* exit_status) {
  auto file = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand(
      "restore", "Replace the SQLite store with a backup FILE (stop herald first); the old one is kept beside it");
  cmd->add_option("FILE", *file, "A file made by `herald backup`")->required();
  cmd->add_flag("--force", *force, "Restore even though another process has the database open");
  cmd->callback([&common, exit_status, file, force] { *exit_status = Restore(common, *file, *force); });
}

void AddDoctorCommand(CLI::App& app, const CommonOptions& common, int* exit_status) {
  CLI::App* cmd = app.add_subcommand(
      "doctor", "Check the config, store, schema, sources, disk space and job queue; exit 1 on any FAIL");
  cmd->callback([&common, exit_status] { *exit_status = Doctor(common); });
}

}  // namespace herald::cli
