// A thin RAII layer over the SQLite C API, shared by migrations.cc and
// sqlite_store.cc: owns one connection, caches prepared statements, runs
// transactions, and turns SQLite result codes into herald Errors whose
// message names the database file.
//
// Not thread safe: one Database is used by one thread at a time (SqliteStore
// holds a mutex around every call).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/result.h"

namespace herald::store {

// A prepared statement borrowed from Database's cache. Destruction resets it
// and clears its bindings, so the next Prepare() of the same SQL reuses it.
class Statement {
 public:
  Statement(sqlite3_stmt* stmt, std::string_view db_path) : stmt_(stmt), db_path_(db_path) {}
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;

  // Binding by ":name" keeps SQL and C++ in step without counting '?'s.
  // A bind failure is remembered and reported by the next Step().
  Statement& Bind(const char* name, int64_t value);
  Statement& Bind(const char* name, std::string_view value);
  Statement& Bind(const char* name, std::optional<int64_t> value);
  Statement& BindNull(const char* name);

  // true: a row is ready; false: done. The error names the file.
  Result<bool> Step();
  // Steps until done, for statements that return no rows.
  Status Run();
  // Steps through every row, turning each into a T with read(*this).
  template <typename T, typename Read>
  Result<std::vector<T>> ReadAll(Read read) {
    std::vector<T> rows;
    for (;;) {
      Result<bool> row = Step();
      if (!row.ok()) return row.error();
      if (!*row) return rows;
      rows.push_back(read(*this));
    }
  }
  // SQLite's extended result code of the last Step() (SQLITE_ROW, ...).
  int last_code() const { return last_code_; }

  // Columns of the current row, by name (as written in the SELECT).
  bool IsNull(const char* column) const;
  int64_t Int(const char* column) const;
  std::optional<int64_t> OptionalInt(const char* column) const;
  std::string Text(const char* column) const;
  int64_t IntAt(int index) const;  // for "SELECT count(*)"-like queries

 private:
  int ParameterIndex(const char* name);
  int ColumnIndex(const char* column) const;
  void NoteBind(int rc);

  sqlite3_stmt* stmt_;
  std::string_view db_path_;
  int bind_error_ = SQLITE_OK;
  int last_code_ = SQLITE_OK;
};

class Database {
 public:
  // Opens (creating when absent unless read_only) without touching the file's
  // contents; callers probe and configure it afterwards.
  static Result<std::unique_ptr<Database>> Open(const std::string& path, bool read_only);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const std::string& path() const { return path_; }
  sqlite3* handle() { return db_; }

  // Runs one or more statements that return nothing of interest.
  Status Exec(std::string_view sql);
  // A cached prepared statement for `sql` (one in use at a time per SQL text).
  Result<Statement> Prepare(const std::string& sql);
  // The single integer of a one-row query such as "PRAGMA user_version".
  Result<int64_t> QueryInt(const std::string& sql);

  // "<path>: <doing>: <sqlite message>", with a kind chosen from `code`.
  Error ErrorFrom(int code, std::string_view doing) const;

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
  };
  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, std::unique_ptr<sqlite3_stmt, Finalizer>> statements_;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back when destroyed uncommitted, so every
// early `return error` leaves the database as it was. IMMEDIATE takes the
// write lock up front, so a read-then-write sequence cannot be interleaved by
// another connection (it waits for busy_timeout instead).
class Transaction {
 public:
  explicit Transaction(Database& db) : db_(db) {}
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  Status Begin();
  Status Commit();

 private:
  Database& db_;
  bool open_ = false;
};

}  // namespace herald::store
