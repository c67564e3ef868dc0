// store/sqlite_backup: copies of the SQLite store for `herald backup` and
// `herald restore` (the PostgreSQL store is backed up with pg_dump).
//
// Contract: BackupSqlite copies a live database with SQLite's online backup
// API from one read snapshot, so writers (a running herald) are never
// blocked and the copy is consistent; the copy is written beside the target
// and only takes the target's name after PRAGMA integrity_check passes, and
// never replaces an existing file. CheckHeraldBackup reads a file without
// changing it. RestoreSqlite replaces the data directory's database
// atomically (rename) and keeps the previous one beside it; it refuses,
// changing nothing, while another process has the database open.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "common/result.h"

namespace herald::store {

// Pages copied so far and in total, after each step of the copy.
using BackupProgress = std::function<void(int64_t copied_pages, int64_t total_pages)>;

struct BackupReport {
  int64_t pages = 0;
  int64_t bytes = 0;
};

// kInvalidInput when `target_path` exists; kStorage when the source cannot
// be read or the copy fails its integrity check (no target is left then).
Result<BackupReport> BackupSqlite(const std::string& source_path, const std::string& target_path,
                                  const BackupProgress& progress = {});

// A readable SQLite file that passes PRAGMA integrity_check, has herald's
// tables and a schema version in 1..max_schema_version; returns the version.
// kInvalidInput with a message naming the file and what is wrong otherwise.
Result<int> CheckHeraldBackup(const std::string& path, int max_schema_version);

// Whether another process has the SQLite database at `db_path` open (it
// holds the WAL index's lock). False when the file is absent.
Result<bool> DatabaseInUse(const std::string& db_path);

struct RestoreReport {
  std::string previous_path;  // where the replaced database went ("" when there was none)
};

// Puts a copy of `backup_path` (checked with CheckHeraldBackup first) in
// place of `db_path`: copied to a temporary file beside it, synced, the old
// database checkpointed and kept as DB.before-restore, its -wal/-shm removed,
// then renamed into place. kRefused, changing nothing, when DatabaseInUse
// and not `force`. The caller opens the store afterwards to migrate it.
Result<RestoreReport> RestoreSqlite(const std::string& backup_path, const std::string& db_path,
                                    int max_schema_version, bool force);

}  // namespace herald::store
