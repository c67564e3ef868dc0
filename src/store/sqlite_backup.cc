#include "store/sqlite_backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <thread>

namespace herald::store {
namespace {

namespace fs = std::filesystem;

constexpr int kPagesPerStep = 256;
// SQLite's WAL index: every connection holds a shared lock on this byte of
// the -shm file while it has the database open (the "DMS" lock).
constexpr off_t kWalDmsLockOffset = 128;

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;

Error StorageError(const std::string& path, const std::string& what, sqlite3* db) {
  return MakeError(ErrorKind::kStorage, path + ": " + what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

Result<Db> OpenDb(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) return StorageError(path, "cannot open", raw);
  sqlite3_busy_timeout(raw, 5000);
  return db;
}

Status Exec(sqlite3* db, const std::string& path, const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) == SQLITE_OK) return Status::Ok();
  std::string text = message ? message : sqlite3_errmsg(db);
  sqlite3_free(message);
  return MakeError(ErrorKind::kStorage, path + ": " + sql + ": " + text);
}

// The first column of every row of `sql`, as text.
Result<std::vector<std::string>> QueryTexts(sqlite3* db, const std::string& path, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) return StorageError(path, sql, db);
  std::vector<std::string> rows;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(stmt, 0);
    rows.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) return StorageError(path, sql, db);
  return rows;
}

// "ok", or the first problems integrity_check names.
Status IntegrityCheck(sqlite3* db, const std::string& path) {
  auto rows = QueryTexts(db, path, "PRAGMA integrity_check(5)");
  if (!rows.ok()) return rows.error();
  if (rows->size() == 1 && (*rows)[0] == "ok") return Status::Ok();
  std::string problems;
  for (const std::string& row : *rows) problems += (problems.empty() ? "" : "; ") + row;
  return MakeError(ErrorKind::kStorage, path + ": fails the integrity check (" + problems + ")");
}

Status SyncFile(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY);
  if (fd < 0) return MakeError(ErrorKind::kIo, path + ": " + std::strerror(errno));
  int rc = fsync(fd);
  close(fd);
  if (rc != 0) return MakeError(ErrorKind::kIo, path + ": fsync: " + std::strerror(errno));
  return Status::Ok();
}

void SyncDirectoryOf(const std::string& path) {
  std::string dir = fs::path(path).parent_path().string();
  int fd = open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;
  fsync(fd);
  close(fd);
}

// Copies every page from one read transaction on the source: other
// connections keep writing (WAL), and the copy is the snapshot it began at
// rather than restarting whenever they commit.
Result<int64_t> CopyPages(sqlite3* source, const std::string& source_path, sqlite3* target,
                          const std::string& target_path, const BackupProgress& progress) {
  if (Status begun = Exec(source, source_path, "BEGIN; SELECT count(*) FROM sqlite_master"); !begun.ok())
    return begun.error();
  sqlite3_backup* backup = sqlite3_backup_init(target, "main", source, "main");
  if (backup == nullptr) {
    Exec(source, source_path, "ROLLBACK").ok();
    return StorageError(target_path, "cannot start the backup", target);
  }
  int rc;
  while ((rc = sqlite3_backup_step(backup, kPagesPerStep)) == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
    if (rc != SQLITE_OK) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    int64_t total = sqlite3_backup_pagecount(backup);
    if (progress) progress(total - sqlite3_backup_remaining(backup), total);
  }
  int64_t pages = sqlite3_backup_pagecount(backup);
  if (progress && rc == SQLITE_DONE) progress(pages, pages);
  sqlite3_backup_finish(backup);
  (void)Exec(source, source_path, "COMMIT");
  if (rc != SQLITE_DONE)
    return MakeError(ErrorKind::kStorage, source_path + ": backup failed: " + sqlite3_errstr(rc));
  return pages;
}

}  // namespace

Result<BackupReport> BackupSqlite(const std::string& source_path, const std::string& target_path,
                                  const BackupProgress& progress) {
  std::error_code ec;
  if (fs::exists(target_path, ec))
    return MakeError(ErrorKind::kInvalidInput, target_path + ": already exists; backup never overwrites a file, "
                                                             "choose a new name");
  if (!fs::is_regular_file(source_path, ec))
    return MakeError(ErrorKind::kNotFound, source_path + ": no database to back up; check --data");
  const std::string partial = target_path + ".partial";
  fs::remove(partial, ec);  // a leftover of an interrupted backup
  Result<int64_t> pages = 0;
  {
    auto source = OpenDb(source_path, SQLITE_OPEN_READONLY);
    if (!source.ok()) return source.error();
    auto target = OpenDb(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!target.ok()) return MakeError(ErrorKind::kIo, target.message() + "; check the folder exists and is writable");
    pages = CopyPages(source->get(), source_path, target->get(), partial, progress);
    // One self-contained file: no WAL beside it.
    Status checked = pages.ok() ? Exec(target->get(), partial, "PRAGMA journal_mode = DELETE") : pages.status();
    if (checked.ok()) checked = IntegrityCheck(target->get(), partial);
    if (!checked.ok()) {
      target->reset();
      fs::remove(partial, ec);
      return checked.error();
    }
  }
  if (Status synced = SyncFile(partial); !synced.ok()) return synced.error();
  // link() refuses an existing name: never replaces a file that appeared meanwhile.
  if (link(partial.c_str(), target_path.c_str()) != 0) {
    int err = errno;
    fs::remove(partial, ec);
    return MakeError(err == EEXIST ? ErrorKind::kInvalidInput : ErrorKind::kIo,
                     target_path + ": " + std::strerror(err) + "; choose a new name");
  }
  fs::remove(partial, ec);
  SyncDirectoryOf(target_path);
  return BackupReport{*pages, static_cast<int64_t>(fs::file_size(target_path, ec))};
}

Result<int> CheckHeraldBackup(const std::string& path, int max_schema_version) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    return MakeError(ErrorKind::kInvalidInput, path + ": no such file; give a file made by `herald backup`");
  auto db = OpenDb(path, SQLITE_OPEN_READONLY);
  if (!db.ok()) return MakeError(ErrorKind::kInvalidInput, db.message());
  auto refuse = [&path](const std::string& why) {
    return MakeError(ErrorKind::kInvalidInput, path + ": not a herald backup (" + why + "); nothing was changed");
  };
  if (Status checked = IntegrityCheck(db->get(), path); !checked.ok()) return refuse(checked.message());
  auto tables = QueryTexts(db->get(), path,
                           "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('articles', 'sources')");
  if (!tables.ok()) return refuse(tables.message());
  if (tables->size() != 2) return refuse("it has no herald tables");
  auto version = QueryTexts(db->get(), path, "PRAGMA user_version");
  if (!version.ok() || version->empty()) return refuse("no schema version");
  int schema = std::atoi((*version)[0].c_str());
  if (schema < 1) return refuse("schema version " + std::to_string(schema));
  if (schema > max_schema_version)
    return MakeError(ErrorKind::kInvalidInput, path + ": schema version " + std::to_string(schema) +
                                                   " is newer than this herald's " +
                                                   std::to_string(max_schema_version) +
                                                   "; restore it with a newer herald. Nothing was changed");
  return schema;
}

Result<bool> DatabaseInUse(const std::string& db_path) {
  const std::string shm = db_path + "-shm";
  int fd = open(shm.c_str(), O_RDWR);
  if (fd < 0) {
    if (errno == ENOENT) return false;  // no WAL index: no connection in WAL mode
    return MakeError(ErrorKind::kIo, shm + ": " + std::strerror(errno));
  }
  struct flock probe {};
  probe.l_type = F_WRLCK;
  probe.l_whence = SEEK_SET;
  probe.l_start = kWalDmsLockOffset;
  probe.l_len = 1;
  int rc = fcntl(fd, F_GETLK, &probe);
  int err = errno;
  close(fd);
  if (rc != 0) return MakeError(ErrorKind::kIo, shm + ": cannot test its lock: " + std::strerror(err));
  return probe.l_type != F_UNLCK;
}

Result<RestoreReport> RestoreSqlite(const std::string& backup_path, const std::string& db_path,
                                    int max_schema_version, bool force) {
  Result<int> version = CheckHeraldBackup(backup_path, max_schema_version);
  if (!version.ok()) return version.error();
  Result<bool> in_use = DatabaseInUse(db_path);
  if (!in_use.ok()) return in_use.error();
  if (*in_use && !force)
    return MakeError(ErrorKind::kRefused, db_path + " is open in another process (a running herald?); stop it "
                                                    "first, or pass --force. Nothing was changed");
  std::error_code ec;
  const std::string temp = db_path + ".restoring";
  fs::remove(temp, ec);
  if (!fs::copy_file(backup_path, temp, ec))
    return MakeError(ErrorKind::kIo, temp + ": cannot copy the backup here: " + ec.message());
  if (Status synced = SyncFile(temp); !synced.ok()) {
    fs::remove(temp, ec);
    return synced.error();
  }
  RestoreReport report;
  if (fs::exists(db_path, ec)) {
    // Fold the old WAL into its database so the kept copy is whole, and so
    // no -wal is left to be replayed onto the restored file.
    {
      auto old = OpenDb(db_path, SQLITE_OPEN_READWRITE);
      if (old.ok()) (void)Exec(old->get(), db_path, "PRAGMA wal_checkpoint(TRUNCATE)");
    }
    report.previous_path = db_path + ".before-restore";
    fs::remove(report.previous_path, ec);
    if (link(db_path.c_str(), report.previous_path.c_str()) != 0) {
      fs::remove(temp, ec);
      return MakeError(ErrorKind::kIo, report.previous_path + ": cannot keep the current database: " +
                                           std::strerror(errno) + ". Nothing was changed");
    }
  }
  fs::remove(db_path + "-wal", ec);
  fs::remove(db_path + "-shm", ec);
  if (rename(temp.c_str(), db_path.c_str()) != 0) {
    int err = errno;
    fs::remove(temp, ec);
    return MakeError(ErrorKind::kIo, db_path + ": cannot put the backup in place: " + std::strerror(err));
  }
  SyncDirectoryOf(db_path);
  return report;
}

}  // namespace herald::store
