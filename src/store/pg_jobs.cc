// PgStore: the durable job queue, WebSub subscriptions, and the work shared
// among worker processes: source claims, leases, host slots (store.h).
// Claims use `FOR UPDATE SKIP LOCKED`: concurrent claimers on several
// machines each take different rows, without waiting for one another.
#include <pqxx/pqxx>

#include <algorithm>

#include "store/pg_store.h"
#include "store/job_turns.h"
#include "store/pg_values.h"

namespace herald::store {
namespace {

using pg_values::Int;
using pg_values::PgText;
using pg_values::ReadSource;
using pg_values::Text;

constexpr const char* kJobColumns = "id, kind, source_id, key, payload, attempts, last_error";

Job ReadJob(const pqxx::row& row) {
  Job job;
  job.id = Int(row, "id");
  job.kind = Text(row, "kind");
  job.source_id = Int(row, "source_id");
  job.key = Text(row, "key");
  job.payload = Text(row, "payload");
  job.attempts = static_cast<int>(Int(row, "attempts"));
  job.last_error = Text(row, "last_error");
  return job;
}

Subscription ReadSubscription(const pqxx::row& row) {
  Subscription s;
  s.source_id = Int(row, "source_id");
  s.hub_url = Text(row, "hub_url");
  s.topic_url = Text(row, "topic_url");
  s.secret = Text(row, "secret");
  s.state = Text(row, "state");
  s.requested_utc = Int(row, "requested_utc");
  s.lease_expires_utc = Int(row, "lease_expires_utc");
  s.last_error = Text(row, "last_error");
  return s;
}

template <typename T, typename Read>
std::vector<T> ReadAll(const pqxx::result& rows, Read read) {
  std::vector<T> out;
  out.reserve(rows.size());
  for (const pqxx::row& row : rows) out.push_back(read(row));
  return out;
}

// An UPDATE's row count, run in its own transaction.
template <typename... Args>
Result<int64_t> Changed(const std::function<Status(const std::function<Status(pqxx::dbtransaction&)>&)>& transact,
                        const std::string& sql, Args... args) {
  int64_t changed = 0;
  Status st = transact([&](pqxx::dbtransaction& tx) {
    changed = tx.exec_params(sql, args...).affected_rows();
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return changed;
}

}  // namespace

// ---- jobs ----

Status PgStore::EnqueueJobs(const std::vector<Job>& jobs, int64_t now_utc) {
  return Transact([&](pqxx::dbtransaction& tx) { return EnqueueJobsIn(tx, jobs, now_utc); });
}

Status PgStore::EnqueueJobsIn(pqxx::dbtransaction& tx, const std::vector<Job>& jobs, int64_t now_utc) {
  for (const Job& job : jobs) {
    if (job.kind.empty() || job.key.empty()) return MakeError(ErrorKind::kInvalidInput, "a job needs a kind and a key");
  }
  for (const Job& job : jobs) {
    try {
      // A waiting job takes the latest payload; a claimed or failed one is left alone.
      tx.exec_params(
          "INSERT INTO jobs (kind, source_id, key, payload, created_utc) VALUES ($1, $2, $3, $4, $5) "
          "ON CONFLICT (kind, key) DO UPDATE SET payload = EXCLUDED.payload, source_id = EXCLUDED.source_id "
          "WHERE jobs.state = 'pending'",
          PgText(job.kind), job.source_id, PgText(job.key), PgText(job.payload), now_utc);
    } catch (const pqxx::foreign_key_violation&) {
      return MakeError(ErrorKind::kInvalidInput,
                       job.key + ": source " + std::to_string(job.source_id) + " does not exist");
    }
  }
  return Status::Ok();
}

Result<std::vector<Job>> PgStore::ClaimJobs(const std::string& worker, int limit, int64_t now_utc,
                                            int lease_seconds) {
  if (limit <= 0) return std::vector<Job>();
  std::vector<Job> jobs;
  Status st = Transact([&](pqxx::dbtransaction& tx) {
    // One statement: the choice and the claim are atomic, and rows another
    // claimer holds are skipped instead of waited for. The ranking reads a
    // snapshot, so the outer WHERE repeats the due test: PostgreSQL re-checks
    // it on the row's latest version once locked (a job another worker
    // claimed and committed meanwhile is not claimed again).
    jobs = ReadAll<Job>(
        tx.exec_params(std::string("UPDATE jobs SET state = 'claimed', claimed_by = $1, attempts = attempts + 1, "
                                   "lease_expires_utc = $2::bigint + $3::bigint "
                                   "WHERE id IN (SELECT jobs.id FROM jobs JOIN (SELECT id, source_id, row_number() OVER "
                                   "(PARTITION BY source_id ORDER BY id) AS turn FROM (SELECT id, source_id FROM jobs "
                                   "WHERE (state = 'pending' AND run_after_utc <= $2) OR (state = 'claimed' AND "
                                   "lease_expires_utc <= $2) ORDER BY id LIMIT $5) AS due) AS ranked "
                                   "ON ranked.id = jobs.id WHERE (jobs.state = 'pending' AND jobs.run_after_utc <= $2) "
                                   "OR (jobs.state = 'claimed' AND jobs.lease_expires_utc <= $2) "
                                   "ORDER BY ranked.turn, ranked.source_id <= $6, ranked.source_id, jobs.id LIMIT $4 "
                                   "FOR UPDATE OF jobs SKIP LOCKED) RETURNING ") + kJobColumns,
                       PgText(worker), now_utc, lease_seconds, limit, kJobsConsideredPerClaim,
                       claim_cursor_.load()),
        ReadJob);
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  claim_cursor_ = NextClaimCursor(jobs, claim_cursor_.load());
  // RETURNING gives rows in no promised order.
  std::sort(jobs.begin(), jobs.end(), [](const Job& a, const Job& b) { return a.id < b.id; });
  return jobs;
}

Status PgStore::CompleteJobIn(pqxx::dbtransaction& tx, int64_t job_id) {
  tx.exec_params("DELETE FROM jobs WHERE id = $1", job_id);
  return Status::Ok();
}

Status PgStore::CompleteJob(int64_t job_id) {
  return Transact([&](pqxx::dbtransaction& tx) { return CompleteJobIn(tx, job_id); });
}

Result<PutOutcome> PgStore::PutArticleCompletingJob(Article& article, int64_t job_id) {
  if (article.canonical_url.empty())
    return MakeError(ErrorKind::kInvalidInput, "article " + article.url + ": no canonical URL to store it under");
  const std::vector<SearchColumns> search = SearchColumnsOf(std::span(&article, 1));
  PutOutcome outcome = PutOutcome::kUnchanged;
  Status st = Transact([&](pqxx::dbtransaction& tx) -> Status {
    Result<std::vector<PutOutcome>> put = PutArticlesIn(tx, std::span(&article, 1), search);
    if (!put.ok()) return put.error();
    outcome = put->front();
    return CompleteJobIn(tx, job_id);
  });
  if (!st.ok()) return st.error();
  return outcome;
}

Status PgStore::FailJob(int64_t job_id, const std::string& error, int64_t retry_at_utc) {
  return Transact([&](pqxx::dbtransaction& tx) -> Status {
    pqxx::result done = tx.exec_params(
        "UPDATE jobs SET state = CASE WHEN $1::bigint = 0 THEN 'failed' ELSE 'pending' END, "
        "run_after_utc = $1, claimed_by = '', lease_expires_utc = 0, last_error = $2 WHERE id = $3",
        retry_at_utc, PgText(error), job_id);
    if (done.affected_rows() == 0) return MakeError(ErrorKind::kNotFound, "job " + std::to_string(job_id) + " not found");
    return Status::Ok();
  });
}

Result<int64_t> PgStore::ReleaseJobs(const std::string& worker) {
  auto transact = [this](const std::function<Status(pqxx::dbtransaction&)>& work) { return Transact(work); };
  // The attempt was never made, so it is not counted.
  return Changed(transact,
                 "UPDATE jobs SET state = 'pending', claimed_by = '', lease_expires_utc = 0, attempts = attempts - 1 "
                 "WHERE state = 'claimed' AND claimed_by = $1",
                 PgText(worker));
}

Result<std::vector<std::string>> PgStore::ClaimingWorkers() {
  std::vector<std::string> workers;
  Status st = Transact([&](pqxx::dbtransaction& tx) {
    workers = ReadAll<std::string>(
        tx.exec("SELECT claimed_by FROM jobs WHERE state = 'claimed' GROUP BY claimed_by "
                "ORDER BY claimed_by COLLATE \"C\""),
        [](const pqxx::row& row) { return Text(row, "claimed_by"); });
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return workers;
}

Result<int64_t> PgStore::RetryFailedJobs() {
  auto transact = [this](const std::function<Status(pqxx::dbtransaction&)>& work) { return Transact(work); };
  return Changed(transact, "UPDATE jobs SET state = 'pending', attempts = 0, run_after_utc = 0 WHERE state = 'failed'");
}

Result<JobCounts> PgStore::CountJobs() {
  JobCounts counts;
  Status st = Transact([&](pqxx::dbtransaction& tx) {
    for (const pqxx::row& row : tx.exec("SELECT state, count(*) AS n FROM jobs GROUP BY state")) {
      const std::string state = Text(row, "state");
      const int64_t n = Int(row, "n");
      if (state == "pending") counts.pending = n;
      else if (state == "claimed") counts.claimed = n;
      else if (state == "failed") counts.failed = n;
    }
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return counts;
}

Result<std::vector<Job>> PgStore::FailedJobs(int limit) {
  std::vector<Job> jobs;
  Status st = Transact([&](pqxx::dbtransaction& tx) {
    jobs = ReadAll<Job>(tx.exec_params(std::string("SELECT ") + kJobColumns +
                                           " FROM jobs WHERE state = 'failed' ORDER BY id DESC LIMIT $1",
                                       limit < 0 ? std::nullopt : std::optional<int64_t>(limit)),
                        ReadJob);
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return jobs;
}

// ---- WebSub subscriptions ----

Status PgStore::PutSubscription(const Subscription& s) {
  return Transact([&](pqxx::dbtransaction& tx) -> Status {
    try {
      tx.exec_params(
          "INSERT INTO subscriptions (source_id, hub_url, topic_url, secret, state, requested_utc, "
          "lease_expires_utc, last_error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
          "ON CONFLICT (source_id) DO UPDATE SET hub_url = EXCLUDED.hub_url, topic_url = EXCLUDED.topic_url, "
          "secret = EXCLUDED.secret, state = EXCLUDED.state, requested_utc = EXCLUDED.requested_utc, "
          "lease_expires_utc = EXCLUDED.lease_expires_utc, last_error = EXCLUDED.last_error",
          s.source_id, PgText(s.hub_url), PgText(s.topic_url), PgText(s.secret), PgText(s.state), s.requested_utc,
          s.lease_expires_utc, PgText(s.last_error));
    } catch (const pqxx::foreign_key_violation&) {
      return MakeError(ErrorKind::kInvalidInput, "source " + std::to_string(s.source_id) + " does not exist");
    }
    return Status::Ok();
  });
}

Result<std::optional<Subscription>> PgStore::GetSubscription(int64_t source_id) {
  std::optional<Subscription> subscription;
  Status st = Transact([&](pqxx::dbtransaction& tx) {
    pqxx::result rows = tx.exec_params("SELECT * FROM subscriptions WHERE source_id = $1", source_id);
    if (!rows.empty()) subscription = ReadSubscription(rows[0]);
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return subscription;
}

Result<std::vector<Subscription>> PgStore::ListSubscriptions() {
  std::vector<Subscription> list;
  Status st = Transact([&](pqxx::dbtransaction& tx) {
    list = ReadAll<Subscription>(tx.exec("SELECT * FROM subscriptions ORDER BY source_id"), ReadSubscription);
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return list;
}

// ---- sharing the work among worker processes ----

Result<std::vector<Source>> PgStore::ClaimSources(const std::string& worker, bool due_only, int64_t now_utc,
                                                  int lease_seconds, int limit) {
  if (limit <= 0) return std::vector<Source>();
  std::vector<Source> sources;
  Status st = Transact([&](pqxx::dbtransaction& tx) {
    sources = ReadAll<Source>(
        tx.exec_params(std::string("UPDATE sources SET claimed_by = $1, claim_expires_utc = $2::bigint + $3::bigint "
                                   "WHERE id IN (SELECT id FROM sources WHERE (NOT $4::boolean OR next_fetch_utc <= $2) "
                                   "AND (claimed_by = '' OR claimed_by = $1 OR claim_expires_utc <= $2) "
                                   "ORDER BY id LIMIT $5 FOR UPDATE SKIP LOCKED) RETURNING ") +
                           pg_values::kSourceColumns,
                       PgText(worker), now_utc, lease_seconds, due_only, limit),
        ReadSource);
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  std::sort(sources.begin(), sources.end(), [](const Source& a, const Source& b) { return a.id < b.id; });
  return sources;
}

Result<int64_t> PgStore::ReleaseSources(const std::string& worker) {
  auto transact = [this](const std::function<Status(pqxx::dbtransaction&)>& work) { return Transact(work); };
  return Changed(transact, "UPDATE sources SET claimed_by = '', claim_expires_utc = 0 WHERE claimed_by = $1",
                 PgText(worker));
}

Result<bool> PgStore::HoldLease(const std::string& name, const std::string& holder, int64_t now_utc,
                                int lease_seconds) {
  auto transact = [this](const std::function<Status(pqxx::dbtransaction&)>& work) { return Transact(work); };
  // Taken or renewed by one upsert; it changes no row while another
  // holder's lease runs.
  Result<int64_t> changed = Changed(transact,
                                    "INSERT INTO leases (name, holder, expires_utc) VALUES ($1, $2, $3::bigint + $4::bigint) "
                                    "ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, "
                                    "expires_utc = EXCLUDED.expires_utc "
                                    "WHERE leases.holder = EXCLUDED.holder OR leases.expires_utc <= $3",
                                    PgText(name), PgText(holder), now_utc, lease_seconds);
  if (!changed.ok()) return changed.error();
  return *changed > 0;
}

Status PgStore::DropLease(const std::string& name, const std::string& holder) {
  auto transact = [this](const std::function<Status(pqxx::dbtransaction&)>& work) { return Transact(work); };
  return Changed(transact, "DELETE FROM leases WHERE name = $1 AND holder = $2", PgText(name), PgText(holder))
      .status();
}

Result<int64_t> PgStore::ReserveHostSlot(const std::string& host, int64_t now_ms, int64_t min_interval_ms) {
  int64_t slot = 0;
  Status st = Transact([&](pqxx::dbtransaction& tx) {
    // One statement: the upsert locks the host's row, so concurrent
    // reservations are taken one after the other and never overlap.
    slot = tx.exec_params1(
                 "INSERT INTO host_slots (host, next_ms) VALUES ($1, $2::bigint + $3::bigint) "
                 "ON CONFLICT (host) DO UPDATE SET next_ms = GREATEST(host_slots.next_ms, $2::bigint) + $3::bigint "
                 "RETURNING next_ms - $3::bigint AS slot",
                 PgText(host), now_ms, min_interval_ms)[0]
               .as<int64_t>();
    return Status::Ok();
  });
  if (!st.ok()) return st.error();
  return slot;
}

}  // namespace herald::store
