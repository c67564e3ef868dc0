// pipeline/: one ingest round, calling the stages in order:
//   sources (store) -> fetch feeds (net) -> parse (feed) -> queue new and
//   updated entries as article jobs (store) -> claim jobs -> fetch article
//   pages (net) -> extract -> fingerprint (story) -> store, completing the job.
//
// Contract: a failure at one source or one article is recorded (the source's
// fetch state, the job's error, the round's report) and never stops the
// others; nothing already stored is lost or duplicated (articles are keyed
// by canonical URL). Queued work is durable: a process killed at any point
// leaves its jobs in the store, and the next round (or another worker, once
// the lease runs out) finishes them; an article and its job's completion
// are one transaction, so none is stored twice. Only this folder knows the
// order of the stages.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "feed/feed.h"
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
  // false: store each entry from the feed's own content at once, never
  // fetching article pages (and queueing no jobs).
  bool fetch_article_pages = true;
  // Called with each article just stored (article.id set), possibly from
  // several threads at once; cli sets it to compute the article's topics
  // (topics/apply.h). A failure is noted in the round's errors, not fatal.
  std::function<Status(store::Store&, const store::Article&)> after_store;
  // Threads that parse and store feeds while the transfers go on; 0 = one
  // per core (at most 4). 1 keeps the work in the calling thread.
  int feed_threads = 0;
  // Job queue: who claims (default "<hostname>:<pid>"), for how long, how
  // many at a time, and how often a failing page is tried (waits of
  // job_retry_base_seconds, doubled per attempt, between tries).
  std::string worker_id;
  int job_lease_seconds = 600;
  int job_batch = 64;
  int max_job_attempts = 3;
  int64_t job_retry_base_seconds = 600;
  // Feeds: a round claims at most this many (ClaimSources), each for
  // source_lease_seconds; a worker that dies holding them is replaced
  // after that lease.
  int max_sources_per_round = 100000;
  int source_lease_seconds = 300;
  // Asked before each claim (of feeds or of a batch of pages): true stops
  // the round after the batch in flight, with what was done so far (a
  // worker's SIGTERM). Unset: never.
  std::function<bool()> stop_requested;
};

struct IngestReport {
  int feeds_total = 0;               // fetched this round
  int feeds_not_due = 0;             // skipped: their next fetch time has not come
  int feeds_ok = 0;
  int feeds_not_modified = 0;
  int feeds_failed = 0;
  int articles_queued = 0;          // jobs queued this round
  int articles_new = 0;
  int articles_updated = 0;
  int articles_failed = 0;          // attempts that failed (retried later or given up)
  int articles_given_up = 0;
  std::vector<std::string> errors;  // one line per failure, for logs
  // Feeds fetched this round that advertise a WebSub hub (for websub/).
  struct AdvertisedHub {
    int64_t source_id = 0;
    std::string hub_url, self_url;
  };
  std::vector<AdvertisedHub> hubs;
};

// Progress of a round: stage ("feeds", "articles"), done, total.
using ProgressFn = std::function<void(const std::string& stage, size_t done, size_t total)>;

class Ingester {
 public:
  Ingester(store::Store& store, net::Fetcher& fetcher, IngestOptions options);

  // Runs one round over the sources in the store (every one, or the due
  // ones with IngestOptions::only_due) that no other worker has claimed,
  // then drains the job queue.
  Result<IngestReport> RunOnce(const ProgressFn& progress = {});

  // Processes queued article jobs until none is claimable now (a retry
  // whose time has not come waits for a later round), adding to `report`.
  // A storage failure stops it and is returned.
  Status DrainJobs(IngestReport& report, const ProgressFn& progress = {});

  // Frees this worker's claims of pages and feeds (at a clean stop), so another worker or the
  // next start takes them over at once instead of after the lease.
  Status ReleaseClaims();
  // Frees the claims of workers on this host whose process is gone (killed
  // before it could release them), so a restart resumes their jobs at once.
  // Returns how many jobs were freed. Workers elsewhere wait for their lease.
  Result<int64_t> ReleaseClaimsOfDeadLocalWorkers();

  // A feed document pushed for `source` (a WebSub hub's content
  // distribution): parsed like a fetched feed, and its new or updated
  // entries queued as article jobs, processed by the next DrainJobs.
  // Returns how many were queued; kInvalidInput when the body is no feed.
  Result<int> AcceptPushedFeed(const store::Source& source, std::string_view body, std::string_view content_type);

 private:
  bool StopRequested() const;
  const SourceSettings* SettingsFor(const store::Source& source) const;
  int FeedThreads() const;
  // Fetches the feeds of `due`, handing each answer to AcceptFeedAnswer as it
  // arrives. A storage failure stops the round and is returned.
  Status FetchAndAcceptFeeds(const std::vector<store::Source>& due, int64_t now, IngestReport& report,
                             const ProgressFn& progress);
  // One feed's answer: what to write for it (its fetch state, when it is due
  // again, its new entries) put in `record`. Fails only when the store
  // cannot be read.
  Status AcceptFeedAnswer(const store::Source& source, Result<net::FetchResponse> response, int64_t now,
                          IngestReport& report, store::FeedRecord& record);
  // When `source` is due again after `outcome`.
  int64_t NextFetchTime(const store::Source& source, FeedFetchOutcome outcome, const std::vector<int>& skip_hours,
                        int64_t now) const;
  // The entries worth fetching (new, or announcing a new revision), newest
  // first, added to `record` as page jobs, or as articles made from the
  // feed's own content without page fetches.
  Status Accept(const store::Source& source, std::vector<feed::Entry> entries, store::FeedRecord& record);
  // Writes `records` in one transaction, counts them in `report`, clears them.
  Status Write(std::vector<store::FeedRecord>& records, IngestReport& report);
  // One claimed batch: fetch, extract, store; failures wait or are given up.
  Status ProcessJobs(const std::vector<store::Job>& jobs, IngestReport& report);
  // One page of a claimed job, fetched or not: extracted and stored with
  // the job's completion, or the failure recorded. A page the stop left
  // unfetched is left for the release at the stop. Returns storage failures.
  Status StorePage(const store::Job& job, feed::Entry entry, const SourceSettings* settings,
                   Result<net::FetchResponse> page, IngestReport& report);
  void FailJob(const store::Job& job, const Error& error, IngestReport& report);

  store::Store& store_;
  net::Fetcher& fetcher_;
  IngestOptions options_;
};

}  // namespace herald::pipeline
