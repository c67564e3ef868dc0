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
#include <string>
#include <vector>

#include "common/result.h"
#include "net/fetcher.h"
#include "store/store.h"

namespace herald::pipeline {

// Per-source extraction overrides (see extract::Options).
struct ExtractRule {
  std::string body_selector;
  std::vector<std::string> remove_selectors;
};

struct IngestOptions {
  int max_articles_per_feed = 50;   // newest entries considered per feed
  int max_child_sitemaps = 5;       // sitemap index children followed per round
  std::map<std::string, ExtractRule> rules_by_feed_url;  // keyed by the source's feed URL
};

struct IngestReport {
  int feeds_total = 0;
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

  // Runs one round over every source in the store.
  Result<IngestReport> RunOnce(const ProgressFn& progress = {});

 private:
  store::Store& store_;
  net::Fetcher& fetcher_;
  IngestOptions options_;
};

}  // namespace herald::pipeline
