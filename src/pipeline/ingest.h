// pipeline/: one ingest round, calling the stages in order:
//   sources (store) -> fetch feeds (net) -> parse (feed) -> fetch new article
//   pages (net) -> extract -> fingerprint (story) -> store.
//
// Contract: a failure at one source or one article is recorded (the source's
// fetch state, the round's report) and never stops the others; nothing
// already stored is lost or duplicated (articles are keyed by canonical URL).
// Only this folder knows the order of the stages.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <utility>
#include <string>
#include <vector>

#include "common/result.h"
#include "net/fetcher.h"
#include "pipeline/schedule.h"
#include "store/store.h"

namespace herald::pipeline {

// Per-source extraction overrides (see extract::Options).
struct ExtractRule {
  std::string body_selector;
  std::vector<std::string> remove_selectors;
};

// Per-source settings from the configuration. The fetch settings apply to
// the feed and to its article pages (see net::FetchRequest).
struct SourceSettings {
  ExtractRule extract;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string cookies;
  std::string proxy;
};

struct IngestOptions {
  int max_articles_per_feed = 50;   // newest entries considered per feed
  int max_child_sitemaps = 5;       // sitemap index children followed per round
  std::map<std::string, SourceSettings> settings_by_feed_url;  // keyed by the source's feed URL
  // Adaptive refresh (pipeline/schedule.h): after each fetch the source's
  // next fetch time is stored. With only_due, a round fetches only the
  // sources whose time has come; otherwise every source.
  RefreshBounds refresh;
  bool only_due = false;
};

struct IngestReport {
  int feeds_total = 0;               // fetched this round
  int feeds_not_due = 0;             // skipped: their next fetch time has not come
  int feeds_ok = 0;
  int feeds_not_modified = 0;
  int feeds_failed = 0;
  int articles_new = 0;
  int articles_updated = 0;
  int articles_failed = 0;
  std::vector<std::string> errors;  // one line per failure, for logs
};

// Progress of a round: stage ("feeds", "articles"), done, total.
using ProgressFn = std::function<void(const std::string& stage, size_t done, size_t total)>;

class Ingester {
 public:
  Ingester(store::Store& store, net::Fetcher& fetcher, IngestOptions options)
      : store_(store), fetcher_(fetcher), options_(options) {}

  // Runs one round over the sources in the store (every one, or the due
  // ones with IngestOptions::only_due).
  Result<IngestReport> RunOnce(const ProgressFn& progress = {});

 private:
  const SourceSettings* SettingsFor(const store::Source& source) const;
  // Stores when `source` is due again after `outcome`.
  void ScheduleNext(const store::Source& source, FeedFetchOutcome outcome, int64_t now, IngestReport& report);

  store::Store& store_;
  net::Fetcher& fetcher_;
  IngestOptions options_;
};

}  // namespace herald::pipeline
