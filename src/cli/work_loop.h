// The loop of the commands that fetch: `herald run` (with the site, one
// process), `herald worker` (one of many processes sharing one store) and
// `herald ingest`. Each turn claims the due feeds no other worker holds,
// drains the claimable article pages, and runs the story layer only while
// this process holds the store's "stories" lease (its state is in memory:
// one process at a time), and so does retention ([retention], hourly). A storage failure never ends the loop: it backs
// off (1 s doubling up to [worker] max_backoff_seconds, jittered) and
// resumes. SIGINT/SIGTERM stop it: no new page or feed is fetched, those in
// flight are stored if they arrive within [site] shutdown_timeout_seconds
// (less a second) and cut off after; the claims and the lease are released
// so that other workers (or the next start) take the rest over at once.
#pragma once

#include <string>

#include "cli/service.h"
#include "config/config.h"
#include "store/store.h"

namespace herald::cli {

struct WorkLoopOptions {
  bool once = false;      // one round, then return (`ingest --once`)
  bool only_due = true;   // with once: only the due feeds (else every one)
  bool demo_mode = false; // the fetcher may reach the demo newsroom on loopback
  // Between turns: true waits [worker] poll_seconds (workers, so work
  // added by others is picked up soon); false until the next feed is due.
  bool poll = false;
  bool log_every_turn = false;          // one line per turn even when idle
  PushReceiver* receiver = nullptr;     // WebSub pushes wake the loop
  // The image proxy's cache (DATA/images) that retention trims; "" = none.
  std::string image_cache_dir;
};

// Runs turns until a stop signal (or one, with once); returns the exit status.
int RunWorkLoop(store::Store& store, const config::Config& config, const WorkLoopOptions& options);

// "<hostname>:<pid>": who claims feeds, pages and leases in the store (the
// form Ingester::ReleaseClaimsOfDeadLocalWorkers recognizes).
std::string ThisWorkerId();

// The wait after the n-th storage failure in a row (n >= 1): 1 s doubled
// per failure, capped at max_seconds, then jittered down by up to a half
// (`unit` in [0, 1)), at least 1 s.
int BackoffSeconds(int failures, int max_seconds, double unit);

}  // namespace herald::cli
