// Rendered pages kept in memory, so serving a page again costs no store
// query and no template rendering.
//
// Contract: bounded by max_bytes, least recently used first out. Entries
// are valid for one store content version (Store::ContentVersion), which
// the cache reads at most once per `recheck` interval, not per request:
// after a change the first lookup past the interval drops every entry, so a
// page is at most `recheck` stale, in this process or after a change made
// by another process. A page rendered while the version moved is not kept.
// When the version cannot be read nothing is cached. Thread-safe.
//
// Per-request parts (the view counter) are left in the cached body as
// ViewsPlaceholder() and filled by FillViews at serve time.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/result.h"
#include "httpd/server.h"

namespace herald::web {

struct PageCacheOptions {
  size_t max_bytes = 64 << 20;                 // bodies and keys; 0 disables the cache
  std::chrono::milliseconds recheck{100};      // how stale a page may be after a change
};

// A rendered page and the hash naming its body (httpd::ContentHash), made
// once so serving it again hashes nothing.
struct CachedPage {
  explicit CachedPage(httpd::Response page);
  httpd::Response response;
  std::string hash;
};

class PageCache {
 public:
  using VersionSource = std::function<Result<int64_t>()>;
  PageCache(VersionSource version, PageCacheOptions options);
  PageCache(const PageCache&) = delete;
  PageCache& operator=(const PageCache&) = delete;

  struct Lookup {
    std::shared_ptr<const CachedPage> page;  // null: not cached
    int64_t version = -1;                          // pass to Insert; -1: do not cache
  };
  Lookup Find(const std::string& key);
  // Keeps `page` under `key` if `version` (from the Find that missed) is
  // still current.
  void Insert(const std::string& key, std::shared_ptr<const CachedPage> page, int64_t version);

  size_t bytes() const;
  size_t entries() const;

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const CachedPage> page;
    size_t bytes = 0;
  };
  int64_t CurrentVersion();  // needs mutex_
  void Evict();              // needs mutex_

  VersionSource version_source_;
  PageCacheOptions options_;
  mutable std::mutex mutex_;
  int64_t version_ = -1;
  std::chrono::steady_clock::time_point checked_{};
  std::list<Entry> lru_;  // most recent first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  size_t bytes_ = 0;
};

// A token that no page content can contain (random per process, made only
// of characters HTML escaping leaves alone): the view counter's place.
const std::string& ViewsPlaceholder();

// `body` with every ViewsPlaceholder() replaced by `views_text`, escaped.
std::string FillViews(std::string_view body, std::string_view views_text);

}  // namespace herald::web
