#include "pipeline/retention.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "imageproxy/disk_cache.h"

namespace herald::pipeline {
namespace {

// Logs progress once a purge is big enough to take a while.
constexpr int64_t kProgressEvery = 10 * kPurgeBatch;

Result<int64_t> PurgeOldArticles(store::Store& store, int64_t cutoff_utc) {
  int64_t deleted = 0;
  for (;;) {
    Result<int64_t> batch = store.PurgeArticlesBefore(cutoff_utc, kPurgeBatch);
    if (!batch.ok())
      return MakeError(batch.error().kind, "retention: deleting old articles after " + std::to_string(deleted) +
                                               " deleted: " + batch.message());
    deleted += *batch;
    if (*batch > 0 && deleted % kProgressEvery < *batch)
      spdlog::info("retention: {} old articles deleted so far", deleted);
    if (*batch < kPurgeBatch) return deleted;
  }
}

// The cache trims itself to its cap when opened (it evicts on open and on
// every write), oldest use first by file time.
Result<uint64_t> TrimImageCache(const std::string& dir, uint64_t max_bytes) {
  imageproxy::DiskCacheOptions options;
  options.dir = dir;
  options.max_bytes = max_bytes;
  auto cache = imageproxy::DiskCache::Open(options);
  if (!cache.ok()) return cache.error();
  return (*cache)->size_bytes();
}

}  // namespace

Result<RetentionReport> RunRetention(store::Store& store, const config::RetentionConfig& retention, int64_t now_utc,
                                     const std::string& image_cache_dir) {
  RetentionReport report;
  if (retention.max_age_days > 0) {
    report.cutoff_utc = now_utc - int64_t{retention.max_age_days} * 86400;
    Result<int64_t> deleted = PurgeOldArticles(store, report.cutoff_utc);
    if (!deleted.ok()) return deleted.error();
    report.articles_deleted = *deleted;
    if (*deleted > 0)
      spdlog::info("retention: {} articles older than {} days deleted", *deleted, retention.max_age_days);
  }
  std::error_code ec;
  if (!image_cache_dir.empty() && std::filesystem::is_directory(image_cache_dir, ec) && retention.image_cache_mib > 0) {
    Result<uint64_t> bytes = TrimImageCache(image_cache_dir, uint64_t(retention.image_cache_mib) << 20);
    if (!bytes.ok()) return MakeError(bytes.error().kind, "retention: image cache: " + bytes.message());
    report.image_cache_bytes = *bytes;
  }
  return report;
}

}  // namespace herald::pipeline
