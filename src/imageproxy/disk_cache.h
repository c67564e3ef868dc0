// The proxy's disk cache: finished images and remembered failures, in one
// folder, under a size cap.
//
// Contract: file names are SHA-256 hex digests of the caller's key, so
// nothing of a key (a URL) ever reaches a path. Writes are atomic (a
// temporary file renamed into place): a reader sees a whole image or none.
// After each write, least-recently-used entries (a hit counts as a use, and
// touches the file's mtime so the order survives a restart) are removed
// until the folder holds at most max_bytes. A remembered failure expires
// after failure_ttl_seconds. Thread-safe. One process should own a folder:
// another's writes are found, but its recency is not known until they are read.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/result.h"

namespace herald::imageproxy {

struct DiskCacheOptions {
  std::string dir;                         // created when missing
  uint64_t max_bytes = 256ull << 20;       // 256 MiB
  int failure_ttl_seconds = 10 * 60;
};

// Why an image could not be served, kept so it is not refetched per request.
struct CachedFailure {
  int status = 502;
  std::string message;
};

class DiskCache {
 public:
  static Result<std::unique_ptr<DiskCache>> Open(DiskCacheOptions options);
  DiskCache(const DiskCache&) = delete;
  DiskCache& operator=(const DiskCache&) = delete;

  // The bytes stored under `key`, or nullopt; a hit makes the entry the most recent.
  std::optional<std::string> Get(std::string_view key);
  // Stores `bytes` under `key` (replacing it), then evicts down to the cap.
  Status Put(std::string_view key, std::string_view bytes);

  // A failure remembered under `key` within the TTL, or nullopt.
  std::optional<CachedFailure> GetFailure(std::string_view key);
  Status PutFailure(std::string_view key, const CachedFailure& failure);

  // Bytes in the entries the cache knows of.
  uint64_t size_bytes() const;

 private:
  struct Entry {
    uint64_t size = 0;
    std::list<std::string>::iterator recency;  // position in recency_
  };

  explicit DiskCache(DiskCacheOptions options) : options_(std::move(options)) {}
  void LoadIndex();
  std::string PathOf(const std::string& name) const { return options_.dir + "/" + name; }
  Status WriteAtomically(const std::string& name, std::string_view bytes);
  // Records a use of `name` (size `size`); callers hold mutex_.
  void MarkUsed(const std::string& name, uint64_t size);
  void Forget(const std::string& name);
  void EvictOverCap();

  DiskCacheOptions options_;
  mutable std::mutex mutex_;
  std::list<std::string> recency_;  // least recent first
  std::unordered_map<std::string, Entry> entries_;
  uint64_t total_bytes_ = 0;
  uint64_t temp_counter_ = 0;
};

}  // namespace herald::imageproxy
