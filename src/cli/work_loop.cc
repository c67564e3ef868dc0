#include "cli/work_loop.h"

#include <spdlog/spdlog.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <memory>
#include <random>

#include "cli/signals.h"
#include "common/time.h"
#include "pipeline/retention.h"
#include "pipeline/stories.h"

namespace herald::cli {
namespace {

constexpr char kStoriesLease[] = "stories";
// Retention runs this often; its deletes are batched and cheap when nothing is old.
constexpr int64_t kRetentionEverySeconds = 3600;

// A SIGINT or SIGTERM is waiting: signals are blocked in every thread and
// taken only by the loop's waits, so a pending one is a stop request that
// has not been acted on yet.
bool StopPending() {
  sigset_t pending;
  if (sigpending(&pending) != 0) return false;
  return sigismember(&pending, SIGTERM) == 1 || sigismember(&pending, SIGINT) == 1;
}

// A stop request as the fetcher and the ingest round see it (from several
// threads): from the moment it is first seen nothing new starts; pages in
// flight get [site] shutdown_timeout_seconds, less a second for closing
// down, and are then cut off (their jobs go back to the queue).
class Shutdown {
 public:
  explicit Shutdown(int timeout_seconds) : grace_ms_(int64_t{std::max(0, timeout_seconds - 1)} * 1000) {}

  bool Requested() {
    if (seen_ms_.load() != 0) return true;
    if (!StopPending()) return false;
    int64_t unseen = 0;
    seen_ms_.compare_exchange_strong(unseen, NowMs());
    return true;
  }

  bool GraceOver() { return Requested() && NowMs() >= seen_ms_.load() + grace_ms_; }

 private:
  // Monotonic, and never 0 (which means "not seen").
  static int64_t NowMs() {
    return 1 + std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
                   .count();
  }

  const int64_t grace_ms_;
  std::atomic<int64_t> seen_ms_{0};
};

// Seconds until the earliest source is due, between 30 s and the shortest
// refresh interval (so sources added meanwhile are picked up soon).
int SecondsUntilNextDue(store::Store& store, const config::Config& config) {
  const int64_t longest = int64_t{config.fetch.min_refresh_minutes} * 60;
  int64_t wait = longest;
  if (auto sources = store.ListSources(); sources.ok())
    for (const auto& s : *sources) wait = std::min(wait, s.next_fetch_utc - NowUtcSeconds());
  return static_cast<int>(std::clamp<int64_t>(wait, 30, std::max<int64_t>(30, longest)));
}

// The story stage of this process, open only while it holds the lease: a
// process that takes the lease over restores the engine from the store
// (StoryStage::Open), so it continues where the previous holder stopped.
class StoryLayer {
 public:
  StoryLayer(store::Store& store, std::string holder, int lease_seconds)
      : store_(store), holder_(std::move(holder)), lease_seconds_(lease_seconds) {}

  // Renews the lease and assigns the pending articles; 0 when another
  // process holds the lease. Storage failures are returned.
  Result<int64_t> Turn() {
    auto held = store_.HoldLease(kStoriesLease, holder_, NowUtcSeconds(), lease_seconds_);
    if (!held.ok()) return held.error();
    if (!*held) {
      if (stage_) spdlog::info("stories: another worker runs the story layer now");
      stage_.reset();
      return int64_t{0};
    }
    if (!stage_) {
      auto opened = pipeline::StoryStage::Open(store_);
      if (!opened.ok()) return opened.error();
      stage_ = std::move(*opened);
      spdlog::info("stories: this process runs the story layer");
    }
    auto assigned = stage_->AssignPending();
    if (assigned.ok()) return assigned;
    if (assigned.error().kind == ErrorKind::kStorage) {
      stage_.reset();  // memory and store may differ now: restore before going on
      return assigned;
    }
    // An article the engine refuses stays unassigned; the others are done.
    spdlog::warn("stories: {}", assigned.message());
    return int64_t{0};
  }

  bool holding() const { return stage_ != nullptr; }

  void Release() {
    if (Status dropped = store_.DropLease(kStoriesLease, holder_); !dropped.ok())
      spdlog::warn("stories: cannot give the lease up (it ends by itself): {}", dropped.message());
  }

 private:
  store::Store& store_;
  const std::string holder_;
  const int lease_seconds_;
  std::unique_ptr<pipeline::StoryStage> stage_;
};

struct TurnCounts {
  pipeline::IngestReport ingest;
  int64_t stories_assigned = 0;
};

// [retention], by the process that runs the story layer (one is enough),
// at most every kRetentionEverySeconds. Storage failures are returned.
class Retention {
 public:
  Retention(store::Store& store, const config::RetentionConfig& config, std::string image_cache_dir)
      : store_(store), config_(config), image_cache_dir_(std::move(image_cache_dir)) {}

  Status RunIfDue() {
    const int64_t now = NowUtcSeconds();
    if (now < next_utc_) return Status::Ok();
    auto report = pipeline::RunRetention(store_, config_, now, image_cache_dir_);
    if (!report.ok()) return report.status();
    next_utc_ = now + kRetentionEverySeconds;
    if (report->articles_deleted > 0)
      spdlog::info("retention: {} article(s) older than {} day(s) deleted", report->articles_deleted,
                   config_.max_age_days);
    return Status::Ok();
  }

 private:
  store::Store& store_;
  const config::RetentionConfig& config_;
  const std::string image_cache_dir_;
  int64_t next_utc_ = 0;
};

void LogTurn(int turn, const TurnCounts& counts, bool holding_stories, spdlog::level::level_enum level) {
  const pipeline::IngestReport& r = counts.ingest;
  spdlog::log(level, "turn {}: {} feeds ({} ok, {} unchanged, {} failed); articles: {} queued, {} new, {} updated, "
               "{} failed ({} given up: see `herald jobs`); stories: {}",
               turn, r.feeds_total, r.feeds_ok, r.feeds_not_modified, r.feeds_failed, r.articles_queued,
               r.articles_new, r.articles_updated, r.articles_failed, r.articles_given_up,
               holding_stories ? std::to_string(counts.stories_assigned) + " article(s) assigned"
                               : std::string("run by another worker"));
}

bool Idle(const TurnCounts& counts) {
  const pipeline::IngestReport& r = counts.ingest;
  return r.feeds_total == 0 && r.articles_new + r.articles_updated + r.articles_failed == 0 &&
         counts.stories_assigned == 0;
}

// Frees what this process claimed, so others need not wait for leases.
void ReleaseWork(store::Store& store, const std::string& worker_id, StoryLayer& stories) {
  auto jobs = store.ReleaseJobs(worker_id);
  auto sources = store.ReleaseSources(worker_id);
  if (!jobs.ok() || !sources.ok())
    spdlog::warn("stopping: cannot release this worker's claims (their leases end by themselves): {}",
                 !jobs.ok() ? jobs.message() : sources.message());
  stories.Release();
}

}  // namespace

std::string ThisWorkerId() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) return "localhost:" + std::to_string(getpid());
  return std::string(host) + ":" + std::to_string(getpid());
}

int BackoffSeconds(int failures, int max_seconds, double unit) {
  const int cap = std::max(1, max_seconds);
  const int base = failures >= 31 ? cap : std::min(cap, 1 << std::max(0, failures - 1));
  return std::max(1, base - static_cast<int>(base * 0.5 * std::clamp(unit, 0.0, 1.0)));
}

int RunWorkLoop(store::Store& store, const config::Config& config, const WorkLoopOptions& options) {
  const std::string worker_id = ThisWorkerId();
  Shutdown shutdown(config.site.shutdown_timeout_seconds);
  net::FetchOptions fetch = FetchOptionsFrom(config, options.demo_mode);
  fetch.stop_starting = [&shutdown] { return shutdown.Requested(); };
  fetch.cancel_requested = [&shutdown] { return shutdown.GraceOver(); };
  // Politeness across processes: every request to a host takes a slot from the store.
  fetch.reserve_host_slot = [&store](const std::string& host, int64_t now_ms, int64_t interval_ms) {
    return store.ReserveHostSlot(host, now_ms, interval_ms);
  };
  net::Fetcher fetcher(fetch);
  StoryLayer stories(store, worker_id, config.worker.job_lease_seconds);
  std::mt19937 random(std::random_device{}());
  std::uniform_real_distribution<double> jitter(0.0, 1.0);
  int storage_failures = 0;
  int exit_status = kExitOk;

  Retention retention(store, config.retention, options.image_cache_dir);
  // Ingest, then the story layer and retention where this process holds the lease.
  auto run_turn = [&](TurnCounts& counts) -> Status {
    // An unreachable database is one clear line, not one per step.
    if (Status up = store.Ping(); !up.ok()) return up;
    auto report = IngestRound(store, fetcher, config, options.only_due || !options.once, worker_id,
                              [&shutdown] { return shutdown.Requested(); });
    if (!report.ok()) return report.status();
    counts.ingest = std::move(*report);
    auto assigned = stories.Turn();
    if (!assigned.ok()) return assigned.status();
    counts.stories_assigned = *assigned;
    return stories.holding() ? retention.RunIfDue() : Status::Ok();
  };

  for (int turn = 1;; ++turn) {
    TurnCounts counts;
    Status done = run_turn(counts);
    int wait = options.poll ? std::max(1, config.worker.poll_seconds) : SecondsUntilNextDue(store, config);
    if (!done.ok()) {
      if (options.once) {
        exit_status = Fail(done.error());
        break;
      }
      if (done.error().kind == ErrorKind::kStorage) {
        wait = BackoffSeconds(++storage_failures, config.worker.max_backoff_seconds, jitter(random));
        spdlog::warn("database unavailable: {}; retrying in {} s", done.message(), wait);
      } else {
        spdlog::warn("{}", done.message());
      }
    } else {
      if (storage_failures > 0) spdlog::info("database available again");
      storage_failures = 0;
      // Idle turns of a worker every poll_seconds would flood the log at info.
      if (!Idle(counts))
        LogTurn(turn, counts, stories.holding(), spdlog::level::info);
      else if (options.log_every_turn)
        LogTurn(turn, counts, stories.holding(), spdlog::level::debug);
    }
    if (options.once) {
      const pipeline::IngestReport& r = counts.ingest;
      if (r.feeds_failed == r.feeds_total && r.feeds_total > 0) exit_status = kExitFailure;
      break;
    }
    if (options.receiver != nullptr && done.ok()) SubscribeAndRenew(*options.receiver, store, counts.ingest);
    if (WaitForStopOrWork(wait) == Wakeup::kStop) break;
  }
  ReleaseWork(store, worker_id, stories);
  return exit_status;
}

}  // namespace herald::cli
