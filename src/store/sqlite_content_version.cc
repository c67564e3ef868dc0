// SqliteStore: the content version that page caches poll (store.h).
#include "store/sqlite_store.h"

namespace herald::store {

Result<int64_t> SqliteStore::ContentVersion() {
  std::lock_guard lock(mutex_);
  return db_->QueryInt("SELECT version FROM content_version WHERE id = 1");
}

}  // namespace herald::store
