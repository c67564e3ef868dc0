// pipeline/retention: what herald keeps ([retention] in the config).
//
// Contract: RunRetention deletes the articles older than max_age_days (by
// published time, else fetched; featured ones are kept), with their views,
// topics and aliases, in batches of kPurgeBatch so that no single
// transaction holds the store for long; 0 days keeps everything. With an
// image cache folder, it also trims the image proxy's disk cache to
// image_cache_mib (least recently used first). A failure stops the pass
// and is returned; what was deleted before it stays deleted (each batch is
// its own transaction), and the next pass continues.
#pragma once

#include <cstdint>
#include <string>

#include "common/result.h"
#include "config/config.h"
#include "store/store.h"

namespace herald::pipeline {

inline constexpr int kPurgeBatch = 500;

struct RetentionReport {
  int64_t articles_deleted = 0;
  int64_t cutoff_utc = 0;            // 0 when max_age_days is 0 (nothing deleted)
  uint64_t image_cache_bytes = 0;    // after the trim (0 when no folder was given)
};

// `image_cache_dir`: the image proxy's cache (DATA/images); "" or a missing
// folder skips the trim. The serving process's own cache also keeps the cap
// on every write: this pass matters where nothing writes to it (a worker,
// or after the cap was lowered).
Result<RetentionReport> RunRetention(store::Store& store, const config::RetentionConfig& retention, int64_t now_utc,
                                     const std::string& image_cache_dir = "");

}  // namespace herald::pipeline
