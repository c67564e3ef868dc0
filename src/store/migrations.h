// Numbered schema migrations for the SQLite store. The database's version is
// PRAGMA user_version (0 for a new file). Each pending migration runs in its
// own transaction together with the bump of user_version, so a crash or a
// failing statement leaves the database at the previous version, never half
// migrated. Migrations are append-only: never edit one that has shipped.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "store/sqlite_db.h"

namespace herald::store {

struct Migration {
  int version;           // 1, 2, 3, ... without gaps
  std::string_view sql;  // one or more statements
};

// herald's schema history; the last version is what this build knows.
const std::vector<Migration>& SchemaMigrations();

// Brings `db` up to the last of `migrations`, returning how many were applied
// (0 when already current). Refuses (kStorage, database untouched) a database
// whose version is newer than the last migration, since this build would not
// understand it. `migrations` must be numbered 1..N in order (kInternal
// otherwise).
Result<int> ApplyMigrations(Database& db, std::span<const Migration> migrations);

// The version recorded in the file.
Result<int> ReadSchemaVersion(Database& db);

}  // namespace herald::store
