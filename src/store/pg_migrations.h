// Schema migrations of the PostgreSQL store, the same idea as SQLite's
// (migrations.h): a `schema_version` table, each pending migration in one
// transaction together with the version bump, a newer database refused.
// PostgreSQL's first version is 13, one baseline equal to SQLite's v1..v13,
// so both backends report the same SchemaVersion(); later migrations are
// appended to both lists with the same numbers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace pqxx {
class dbtransaction;
}  // namespace pqxx

namespace herald::store {

struct PgMigration {
  int version;           // 13, 14, ... without gaps
  std::string_view sql;  // one or more statements
};

const std::vector<PgMigration>& PgSchemaMigrations();
int PgKnownSchemaVersion();

// The version recorded in the database (0 when it has no schema yet).
// Runs inside `tx`; pqxx exceptions propagate to the caller's guard.
int ReadPgSchemaVersion(pqxx::dbtransaction& tx);

// Applies one migration in `tx` if the database still needs it, under a
// transaction-scoped advisory lock so that processes opening the same
// database at once migrate it one after the other. Returns whether it ran;
// kStorage (nothing changed) when the database is newer than this herald.
// `server` names the database in messages (no password).
Result<bool> ApplyPgMigration(pqxx::dbtransaction& tx, const PgMigration& migration, const std::string& server);

}  // namespace herald::store
