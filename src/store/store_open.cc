// Store::Open: picks the backend by StoreOptions (store.h).
#include <string_view>

#include "store/pg_store.h"
#include "store/sqlite_store.h"

namespace herald::store {

namespace {

bool IsPostgresUrl(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

}  // namespace

Result<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
  if (IsPostgresUrl(options.url)) {
    Result<std::unique_ptr<PgStore>> store = PgStore::OpenPg(options);
    if (!store.ok()) return store.error();
    return std::unique_ptr<Store>(std::move(store).value());
  }
  if (!options.url.empty()) {
    // Never echo the URL: it may hold a password.
    return MakeError(ErrorKind::kInvalidInput,
                     "database URL must start with postgresql:// or postgres://; for SQLite give a path instead");
  }
  Result<std::unique_ptr<SqliteStore>> store = SqliteStore::OpenSqlite(options);
  if (!store.ok()) return store.error();
  return std::unique_ptr<Store>(std::move(store).value());
}

}  // namespace herald::store
