// SqliteStore: the durable job queue and WebSub subscriptions (store.h).
#include "store/sqlite_store.h"
#include "store/job_turns.h"

#include <algorithm>

namespace herald::store {
namespace {

Job ReadJob(const Statement& row) {
  Job job;
  job.id = row.Int("id");
  job.kind = row.Text("kind");
  job.source_id = row.Int("source_id");
  job.key = row.Text("key");
  job.payload = row.Text("payload");
  job.attempts = static_cast<int>(row.Int("attempts"));
  job.last_error = row.Text("last_error");
  return job;
}

Subscription ReadSubscription(const Statement& row) {
  Subscription s;
  s.source_id = row.Int("source_id");
  s.hub_url = row.Text("hub_url");
  s.topic_url = row.Text("topic_url");
  s.secret = row.Text("secret");
  s.state = row.Text("state");
  s.requested_utc = row.Int("requested_utc");
  s.lease_expires_utc = row.Int("lease_expires_utc");
  s.last_error = row.Text("last_error");
  return s;
}

constexpr const char* kJobColumns = "id, kind, source_id, key, payload, attempts, last_error";

}  // namespace

Status SqliteStore::EnqueueJobs(const std::vector<Job>& jobs, int64_t now_utc) {
  std::lock_guard lock(mutex_);
  Transaction tx(*db_);
  if (Status begin = tx.Begin(); !begin.ok()) return begin;
  if (Status queued = EnqueueJobsLocked(jobs, now_utc); !queued.ok()) return queued;
  return tx.Commit();
}

Status SqliteStore::EnqueueJobsLocked(const std::vector<Job>& jobs, int64_t now_utc) {
  for (const Job& job : jobs) {
    if (job.kind.empty() || job.key.empty())
      return MakeError(ErrorKind::kInvalidInput, "a job needs a kind and a key");
    Result<Statement> stmt = db_->Prepare(
        "INSERT INTO jobs (kind, source_id, key, payload, created_utc) "
        "VALUES (:kind, :source_id, :key, :payload, :now) "
        "ON CONFLICT (kind, key) DO UPDATE SET payload = excluded.payload, source_id = excluded.source_id "
        "WHERE state = 'pending'");
    if (!stmt.ok()) return stmt.error();
    stmt->Bind(":kind", job.kind)
        .Bind(":source_id", job.source_id)
        .Bind(":key", job.key)
        .Bind(":payload", job.payload)
        .Bind(":now", now_utc);
    if (Status done = stmt->Run(); !done.ok()) {
      if (stmt->last_code() == SQLITE_CONSTRAINT_FOREIGNKEY)
        return MakeError(ErrorKind::kInvalidInput, job.key + ": source " + std::to_string(job.source_id) +
                                                       " does not exist");
      return done;
    }
  }
  return Status::Ok();
}

Result<std::vector<Job>> SqliteStore::ClaimJobs(const std::string& worker, int limit, int64_t now_utc,
                                                int lease_seconds) {
  std::lock_guard lock(mutex_);
  // One statement, so the choice and the claim are atomic; the write lock
  // keeps other processes' claims out meanwhile.
  Result<Statement> stmt = db_->Prepare(
      std::string("UPDATE jobs SET state = 'claimed', claimed_by = :worker, attempts = attempts + 1, "
                  "lease_expires_utc = :now + :lease "
                  "WHERE id IN (SELECT id FROM (SELECT id, source_id, row_number() OVER (PARTITION BY source_id "
                  "ORDER BY id) AS turn FROM (SELECT id, source_id FROM jobs WHERE (state = 'pending' AND "
                  "run_after_utc <= :now) OR (state = 'claimed' AND lease_expires_utc <= :now) ORDER BY id "
                  "LIMIT :considered)) ") + JobTurnOrder(":cursor") + "LIMIT :limit) RETURNING " + kJobColumns);
  if (!stmt.ok()) return stmt.error();
  stmt->Bind(":worker", worker).Bind(":now", now_utc).Bind(":lease", int64_t{lease_seconds}).Bind(":limit", int64_t{limit})
      .Bind(":considered", kJobsConsideredPerClaim).Bind(":cursor", claim_cursor_);
  auto jobs = stmt->ReadAll<Job>(ReadJob);
  if (!jobs.ok()) return jobs;
  claim_cursor_ = NextClaimCursor(*jobs, claim_cursor_);
  // RETURNING gives rows in no promised order.
  std::sort(jobs->begin(), jobs->end(), [](const Job& a, const Job& b) { return a.id < b.id; });
  return jobs;
}

Status SqliteStore::CompleteJobLocked(int64_t job_id) {
  Result<Statement> stmt = db_->Prepare("DELETE FROM jobs WHERE id = :id");
  if (!stmt.ok()) return stmt.error();
  return stmt->Bind(":id", job_id).Run();
}

Status SqliteStore::CompleteJob(int64_t job_id) {
  std::lock_guard lock(mutex_);
  return CompleteJobLocked(job_id);
}

Result<PutOutcome> SqliteStore::PutArticleCompletingJob(Article& article, int64_t job_id) {
  if (article.canonical_url.empty())
    return MakeError(ErrorKind::kInvalidInput, "article " + article.url + ": no canonical URL to store it under");
  const std::vector<SearchColumns> search = SearchColumnsOf(std::span(&article, 1));
  std::lock_guard lock(mutex_);
  Transaction tx(*db_);
  if (Status begin = tx.Begin(); !begin.ok()) return begin.error();
  auto pending = StartIndexLocked();
  if (!pending.ok()) return pending.error();
  auto outcomes = PutArticlesLocked(std::span(&article, 1), search, *pending);
  if (!outcomes.ok()) return outcomes.error();
  if (Status indexed = FlushIndexLocked(*pending); !indexed.ok()) return indexed.error();
  if (Status done = CompleteJobLocked(job_id); !done.ok()) return done.error();
  if (Status commit = tx.Commit(); !commit.ok()) return commit.error();
  return outcomes->front();
}

Status SqliteStore::FailJob(int64_t job_id, const std::string& error, int64_t retry_at_utc) {
  std::lock_guard lock(mutex_);
  Result<Statement> stmt = db_->Prepare(
      "UPDATE jobs SET state = CASE WHEN :retry_at = 0 THEN 'failed' ELSE 'pending' END, "
      "run_after_utc = :retry_at, claimed_by = '', lease_expires_utc = 0, last_error = :error WHERE id = :id");
  if (!stmt.ok()) return stmt.error();
  stmt->Bind(":retry_at", retry_at_utc).Bind(":error", error).Bind(":id", job_id);
  if (Status done = stmt->Run(); !done.ok()) return done;
  if (sqlite3_changes(db_->handle()) == 0)
    return MakeError(ErrorKind::kNotFound, "job " + std::to_string(job_id) + " not found");
  return Status::Ok();
}

Result<int64_t> SqliteStore::ReleaseJobs(const std::string& worker) {
  std::lock_guard lock(mutex_);
  // The attempt was never made, so it is not counted.
  Result<Statement> stmt = db_->Prepare(
      "UPDATE jobs SET state = 'pending', claimed_by = '', lease_expires_utc = 0, attempts = attempts - 1 "
      "WHERE state = 'claimed' AND claimed_by = :worker");
  if (!stmt.ok()) return stmt.error();
  if (Status done = stmt->Bind(":worker", worker).Run(); !done.ok()) return done.error();
  return int64_t{sqlite3_changes(db_->handle())};
}

Result<std::vector<std::string>> SqliteStore::ClaimingWorkers() {
  std::lock_guard lock(mutex_);
  Result<Statement> stmt =
      db_->Prepare("SELECT DISTINCT claimed_by FROM jobs WHERE state = 'claimed' ORDER BY claimed_by");
  if (!stmt.ok()) return stmt.error();
  return stmt->ReadAll<std::string>([](const Statement& row) { return row.Text("claimed_by"); });
}

Result<int64_t> SqliteStore::RetryFailedJobs() {
  std::lock_guard lock(mutex_);
  Result<Statement> stmt = db_->Prepare(
      "UPDATE jobs SET state = 'pending', attempts = 0, run_after_utc = 0 WHERE state = 'failed'");
  if (!stmt.ok()) return stmt.error();
  if (Status done = stmt->Run(); !done.ok()) return done.error();
  return int64_t{sqlite3_changes(db_->handle())};
}

Result<JobCounts> SqliteStore::CountJobs() {
  std::lock_guard lock(mutex_);
  Result<Statement> stmt = db_->Prepare("SELECT state, count(*) AS n FROM jobs GROUP BY state");
  if (!stmt.ok()) return stmt.error();
  JobCounts counts;
  for (;;) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    const std::string state = stmt->Text("state");
    int64_t n = stmt->Int("n");
    if (state == "pending") counts.pending = n;
    else if (state == "claimed") counts.claimed = n;
    else if (state == "failed") counts.failed = n;
  }
  return counts;
}

Result<std::vector<Job>> SqliteStore::FailedJobs(int limit) {
  std::lock_guard lock(mutex_);
  Result<Statement> stmt = db_->Prepare(std::string("SELECT ") + kJobColumns +
                                        " FROM jobs WHERE state = 'failed' ORDER BY id DESC LIMIT :limit");
  if (!stmt.ok()) return stmt.error();
  stmt->Bind(":limit", int64_t{limit});
  return stmt->ReadAll<Job>(ReadJob);
}

// ---- WebSub subscriptions ----

Status SqliteStore::PutSubscription(const Subscription& s) {
  std::lock_guard lock(mutex_);
  Result<Statement> stmt = db_->Prepare(
      "INSERT OR REPLACE INTO subscriptions (source_id, hub_url, topic_url, secret, state, requested_utc, "
      "lease_expires_utc, last_error) VALUES (:source_id, :hub_url, :topic_url, :secret, :state, :requested, "
      ":expires, :error)");
  if (!stmt.ok()) return stmt.error();
  stmt->Bind(":source_id", s.source_id)
      .Bind(":hub_url", s.hub_url)
      .Bind(":topic_url", s.topic_url)
      .Bind(":secret", s.secret)
      .Bind(":state", s.state)
      .Bind(":requested", s.requested_utc)
      .Bind(":expires", s.lease_expires_utc)
      .Bind(":error", s.last_error);
  if (Status done = stmt->Run(); !done.ok()) {
    if (stmt->last_code() == SQLITE_CONSTRAINT_FOREIGNKEY)
      return MakeError(ErrorKind::kInvalidInput, "source " + std::to_string(s.source_id) + " does not exist");
    return done;
  }
  return Status::Ok();
}

Result<std::optional<Subscription>> SqliteStore::GetSubscription(int64_t source_id) {
  std::lock_guard lock(mutex_);
  Result<Statement> stmt = db_->Prepare("SELECT * FROM subscriptions WHERE source_id = :id");
  if (!stmt.ok()) return stmt.error();
  Result<bool> row = stmt->Bind(":id", source_id).Step();
  if (!row.ok()) return row.error();
  if (!*row) return std::optional<Subscription>{};
  return std::optional<Subscription>{ReadSubscription(*stmt)};
}

Result<std::vector<Subscription>> SqliteStore::ListSubscriptions() {
  std::lock_guard lock(mutex_);
  Result<Statement> stmt = db_->Prepare("SELECT * FROM subscriptions ORDER BY source_id");
  if (!stmt.ok()) return stmt.error();
  return stmt->ReadAll<Subscription>(ReadSubscription);
}

}  // namespace herald::store
