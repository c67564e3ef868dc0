#include "store/sqlite_db.h"

#include <cerrno>
#include <cstring>

namespace herald::store {
namespace {

ErrorKind KindOf(int code) {
  switch (code & 0xff) {
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      return ErrorKind::kIo;
    case SQLITE_MISUSE:
    case SQLITE_RANGE:
      return ErrorKind::kInternal;
    default:
      return ErrorKind::kStorage;
  }
}

bool MeansNoRoom(int system_errno) {
  return system_errno == ENOSPC || system_errno == EDQUOT || system_errno == EFBIG;
}

// The errno of a write that found no room, on the database file or its WAL,
// or 0. SQLite keeps the last errno of each file; sqlite3_system_errno reads
// the global errno, which the rollback after the failed write has reset.
int NoRoomErrno(sqlite3* db) {
  if (MeansNoRoom(sqlite3_system_errno(db))) return sqlite3_system_errno(db);
  int wal_errno = 0, main_errno = 0;
  sqlite3_file* journal = nullptr;
  if (sqlite3_file_control(db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &journal) == SQLITE_OK && journal != nullptr &&
      journal->pMethods != nullptr)
    journal->pMethods->xFileControl(journal, SQLITE_FCNTL_LAST_ERRNO, &wal_errno);
  if (MeansNoRoom(wal_errno)) return wal_errno;
  sqlite3_file_control(db, "main", SQLITE_FCNTL_LAST_ERRNO, &main_errno);
  return MeansNoRoom(main_errno) ? main_errno : 0;
}

// Why a write found no room, or "" when it did not fail for want of room:
// SQLite reports ENOSPC as SQLITE_FULL, but a quota (EDQUOT) or a file size
// limit (EFBIG) only as a write error whose errno tells.
std::string NoRoomReason(int code, sqlite3* db, const char* detail) {
  if ((code & 0xff) == SQLITE_FULL) return detail;
  if ((code & 0xff) != SQLITE_IOERR || db == nullptr) return "";
  int system_errno = NoRoomErrno(db);
  return system_errno == 0 ? "" : std::strerror(system_errno);
}

// The folder holding the database: where space must be freed.
std::string_view FolderOf(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view(".") : path.substr(0, slash == 0 ? 1 : slash);
}

Error MakeSqliteError(std::string_view path, int code, std::string_view doing, sqlite3* db) {
  // sqlite3_errmsg describes the connection's latest failure; when the code
  // came from elsewhere (a bind), sqlite3_errstr is the honest text.
  const bool latest = db != nullptr && sqlite3_extended_errcode(db) == code;
  const char* detail = latest ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  std::string message(path);
  message += ": ";
  if (!doing.empty()) {
    message += doing;
    message += ": ";
  }
  // A full volume needs the operator, not a retry: say what and where.
  if (std::string no_room = NoRoomReason(code, latest ? db : nullptr, detail); !no_room.empty()) {
    message += "disk full (" + no_room + "): free space on ";
    message += FolderOf(path);
    message += " or move --data to a volume with room; the database is intact";
    return MakeError(ErrorKind::kIo, std::move(message));
  }
  message += detail;
  return MakeError(KindOf(code), std::move(message));
}

}  // namespace

// ---- Statement ----

Statement::~Statement() {
  if (stmt_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Statement::Statement(Statement&& other) noexcept
    : stmt_(other.stmt_), db_path_(other.db_path_), bind_error_(other.bind_error_), last_code_(other.last_code_) {
  other.stmt_ = nullptr;
}

int Statement::ParameterIndex(const char* name) {
  int index = sqlite3_bind_parameter_index(stmt_, name);
  if (index == 0) NoteBind(SQLITE_RANGE);
  return index;
}

void Statement::NoteBind(int rc) {
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) bind_error_ = rc;
}

Statement& Statement::Bind(const char* name, int64_t value) {
  if (int i = ParameterIndex(name)) NoteBind(sqlite3_bind_int64(stmt_, i, value));
  return *this;
}

Statement& Statement::Bind(const char* name, std::string_view value) {
  // Explicit length: text may hold NULs; SQLITE_TRANSIENT copies, so the
  // caller's string need not outlive the statement.
  if (int i = ParameterIndex(name)) {
    NoteBind(sqlite3_bind_text64(stmt_, i, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  return *this;
}

Statement& Statement::Bind(const char* name, std::optional<int64_t> value) {
  return value ? Bind(name, *value) : BindNull(name);
}

Statement& Statement::BindNull(const char* name) {
  if (int i = ParameterIndex(name)) NoteBind(sqlite3_bind_null(stmt_, i));
  return *this;
}

Result<bool> Statement::Step() {
  if (bind_error_ != SQLITE_OK) {
    last_code_ = bind_error_;
    return MakeSqliteError(db_path_, bind_error_, "binding a value", nullptr);
  }
  last_code_ = sqlite3_step(stmt_);
  if (last_code_ == SQLITE_ROW) return true;
  if (last_code_ == SQLITE_DONE) return false;
  sqlite3* db = sqlite3_db_handle(stmt_);
  last_code_ = sqlite3_extended_errcode(db);
  return MakeSqliteError(db_path_, last_code_, "", db);
}

Status Statement::Run() {
  for (;;) {
    Result<bool> row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
  }
}

int Statement::ColumnIndex(const char* column) const {
  int n = sqlite3_column_count(stmt_);
  for (int i = 0; i < n; ++i) {
    if (std::strcmp(sqlite3_column_name(stmt_, i), column) == 0) return i;
  }
  // A misspelt column is a bug in this module, caught by its tests.
  assert(false && "no such column in statement");
  return 0;
}

bool Statement::IsNull(const char* column) const {
  return sqlite3_column_type(stmt_, ColumnIndex(column)) == SQLITE_NULL;
}

int64_t Statement::Int(const char* column) const { return IntAt(ColumnIndex(column)); }

int64_t Statement::IntAt(int index) const { return sqlite3_column_int64(stmt_, index); }

std::optional<int64_t> Statement::OptionalInt(const char* column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

std::string Statement::Text(const char* column) const {
  int i = ColumnIndex(column);
  const auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
  if (bytes == nullptr) return {};
  return std::string(bytes, static_cast<size_t>(sqlite3_column_bytes(stmt_, i)));
}

// ---- Database ----

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, bool read_only) {
  sqlite3* db = nullptr;
  // NOMUTEX: the caller serializes; SQLite's own mutex would be a second lock.
  int flags = SQLITE_OPEN_NOMUTEX | (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error error = MakeSqliteError(path, rc, "cannot open database", db);
    sqlite3_close(db);  // sqlite3_open_v2 may hand back a handle even on failure
    return error;
  }
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<Database>(new Database(db, path));
}

Database::~Database() {
  statements_.clear();  // finalize before close, or close fails with BUSY
  sqlite3_close(db_);
}

Status Database::Exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);  // the same text is available from sqlite3_errmsg
  if (rc != SQLITE_OK) return ErrorFrom(sqlite3_extended_errcode(db_), "");
  return Status::Ok();
}

Result<Statement> Database::Prepare(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                                nullptr);
    if (rc != SQLITE_OK) return ErrorFrom(sqlite3_extended_errcode(db_), "preparing a query");
    it = statements_.emplace(sql, std::unique_ptr<sqlite3_stmt, Finalizer>(stmt)).first;
  }
  return Statement(it->second.get(), path_);
}

Result<int64_t> Database::QueryInt(const std::string& sql) {
  Result<Statement> stmt = Prepare(sql);
  if (!stmt.ok()) return stmt.error();
  Result<bool> row = stmt->Step();
  if (!row.ok()) return row.error();
  if (!*row) return MakeError(ErrorKind::kInternal, path_ + ": query returned no row: " + sql);
  return stmt->IntAt(0);
}

Error Database::ErrorFrom(int code, std::string_view doing) const { return MakeSqliteError(path_, code, doing, db_); }

// ---- Transaction ----

Transaction::~Transaction() {
  if (open_) (void)db_.Exec("ROLLBACK");
}

Status Transaction::Begin() {
  Status status = db_.Exec("BEGIN IMMEDIATE");
  open_ = status.ok();
  return status;
}

Status Transaction::Commit() {
  Status status = db_.Exec("COMMIT");
  if (status.ok()) open_ = false;
  return status;
}

}  // namespace herald::store
