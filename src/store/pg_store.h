// The PostgreSQL implementation of Store (see store.h for the contract), for
// several herald processes on several machines around one database.
//
// Files: pg_store.cc (open, connections, sources, articles, editorial, views,
// meta, operations), pg_migrations.cc (the schema), pg_jobs.cc (job queue,
// source claims, host slots: FOR UPDATE SKIP LOCKED), pg_search.cc (search
// and related articles), pg_topics.cc, pg_stories.cc.
//
// Full-text search: PostgreSQL's parsers do not cut Chinese or Japanese into
// words, so, as on SQLite, the store writes ICU-segmented copies of title and
// text (common/segment.h) and indexes those with the 'simple' configuration
// (a tsvector with a GIN index); queries are segmented the same way, so both
// backends find the same articles for the same words.
//
// Connections: a small pool, one connection per concurrent call. A lost
// connection (the server restarted) is reopened on the next call; a call
// that fails because the server is away returns kStorage ("database
// unavailable") and the caller retries later with back-off.
#pragma once

#include <functional>
#include <atomic>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "store/store.h"

// pqxx::connection is an alias in libpqxx 6, so only the transaction is
// declared here.
namespace pqxx {
class dbtransaction;
}  // namespace pqxx

namespace herald::store {

class PgStore final : public Store {
 public:
  // Connects to options.url and migrates the database (read_only: requires
  // an up-to-date schema and migrates nothing). Errors name the server
  // (never the password) and what to do.
  static Result<std::unique_ptr<PgStore>> OpenPg(const StoreOptions& options);
  ~PgStore() override;

  int SchemaVersion() override;

  Result<int64_t> AddSource(const Source& source) override;
  Result<std::vector<Source>> ListSources() override;
  Result<std::optional<Source>> GetSource(int64_t id) override;
  Status RemoveSource(int64_t id) override;
  Status UpdateFeedUrl(int64_t source_id, const std::string& feed_url) override;
  Status UpdateFetchState(int64_t source_id, const std::string& etag, const std::string& last_modified,
                          int64_t fetched_utc, const std::string& error) override;

  Status ScheduleNextFetch(int64_t source_id, int64_t next_fetch_utc) override;

  Result<std::optional<int64_t>> StoredRevisionTime(const std::string& canonical_url) override;
  Result<PutOutcome> PutArticle(Article& article) override;
  Result<std::vector<PutOutcome>> PutArticles(std::vector<Article>& articles) override;
  Status RecordFeeds(std::vector<FeedRecord>& records, int64_t now_utc) override;
  Result<std::optional<Article>> GetArticle(int64_t id) override;
  Result<std::vector<ArticleSummary>> LatestArticles(int limit, int offset) override;
  Result<int64_t> CountArticles() override;
  Result<std::vector<ArticleSummary>> SourceArticles(int64_t source_id, int limit, int offset) override;
  Result<std::vector<ArticleSummary>> ListArticles(const ArticleFilter& filter, int limit) override;
  Result<std::vector<ArticleSummary>> Search(const SearchQuery& query) override;
  Result<std::vector<ArticleSummary>> RelatedArticles(int64_t article_id, int limit) override;

  Status EnqueueJobs(const std::vector<Job>& jobs, int64_t now_utc) override;
  Result<std::vector<Job>> ClaimJobs(const std::string& worker, int limit, int64_t now_utc,
                                     int lease_seconds) override;
  Status CompleteJob(int64_t job_id) override;
  Result<PutOutcome> PutArticleCompletingJob(Article& article, int64_t job_id) override;
  Status FailJob(int64_t job_id, const std::string& error, int64_t retry_at_utc) override;
  Result<int64_t> ReleaseJobs(const std::string& worker) override;
  Result<std::vector<std::string>> ClaimingWorkers() override;
  Result<int64_t> RetryFailedJobs() override;
  Result<JobCounts> CountJobs() override;
  Result<std::vector<Job>> FailedJobs(int limit) override;

  Status PutSubscription(const Subscription& subscription) override;
  Result<std::optional<Subscription>> GetSubscription(int64_t source_id) override;
  Result<std::vector<Subscription>> ListSubscriptions() override;

  Status SetHidden(int64_t article_id, bool hidden) override;
  Status SetFeatured(int64_t article_id, bool featured) override;
  Result<std::vector<ArticleSummary>> FeaturedArticles(int limit) override;

  Result<int64_t> ContentVersion() override;

  // pg_topics.cc
  Status SetArticleTopics(const std::vector<ArticleTopics>& memberships) override;
  Result<std::vector<std::string>> TopicsOfArticle(int64_t article_id) override;
  Result<std::vector<TopicCount>> TopicCounts() override;
  Result<std::vector<ArticleForRules>> ArticlesForRules(int64_t after_id, int limit) override;
  Status SetOutOfFocus(const std::vector<std::pair<int64_t, bool>>& articles) override;
  Result<std::string> GetMeta(const std::string& key) override;
  Status SetMeta(const std::string& key, const std::string& value) override;
  // pg_stories.cc
  Result<std::vector<ArticleForRules>> ArticlesWithoutStory(int64_t after_id, int limit) override;
  Result<std::vector<ArticleForRules>> ArticlesWithStorySince(int64_t since_utc, int64_t after_id,
                                                                int limit) override;
  Status RecordStories(const std::vector<StoryAssignment>& assignments,
                       const std::vector<StoryMerge>& merges) override;
  Result<std::vector<StoryMerge>> StoryMerges() override;
  Result<int64_t> ResolveStory(int64_t story_id) override;
  Result<std::optional<StorySummary>> GetStory(int64_t story_id) override;
  Result<std::vector<StorySummary>> LatestStories(int min_sources, int64_t before_last_utc, int64_t before_id,
                                                  int limit) override;
  Result<std::vector<ArticleSummary>> StoryArticles(int64_t story_id) override;
  Result<std::vector<ArticleSummary>> CopiesOf(int64_t article_id) override;

  Result<std::vector<Source>> ClaimSources(const std::string& worker, bool due_only, int64_t now_utc,
                                           int lease_seconds, int limit) override;
  Result<int64_t> ReleaseSources(const std::string& worker) override;
  Result<int64_t> ReserveHostSlot(const std::string& host, int64_t now_ms, int64_t min_interval_ms) override;
  Result<bool> HoldLease(const std::string& name, const std::string& holder, int64_t now_utc,
                         int lease_seconds) override;
  Status DropLease(const std::string& name, const std::string& holder) override;
  Result<int64_t> RecordVisits(const std::string& day, const std::vector<Visit>& visits) override;
  Result<std::string> DailySalt(const std::string& day, const std::string& candidate) override;
  Result<int64_t> PurgeArticlesBefore(int64_t cutoff_utc, int limit) override;
  Status Ping() override;
  std::string BackendName() const override { return "postgresql"; }

  Status AddViews(int64_t article_id, const std::string& day, int64_t count) override;
  Result<ViewCounts> GetViews(int64_t article_id, const std::string& today) override;

 private:
  // Up to 8 connections, opened when first needed, each used by one call at
  // a time. A connection found dead is dropped; a call that finds one dead
  // (each pooled connection after a server restart, once) fails with
  // "database unavailable" rather than retrying work whose effects on the
  // caller's variables it cannot undo. Never call Transact inside Transact:
  // the inner call would wait for a second connection.
  struct Pool;
  PgStore(std::unique_ptr<Pool> pool, int schema_version, const StoreOptions& options);

  // Writes the segmented search columns of the articles queued in
  // search_refold (schema v14) again and empties the queue.
  Status RefoldSearchColumns();

  // Runs `work` in one transaction on a pooled connection and commits it.
  // Library exceptions become errors (kStorage, the server's message; a
  // unique violation kInvalidInput where the caller says so); a broken
  // connection is dropped from the pool, so the next call reconnects.
  Status Transact(const std::function<Status(pqxx::dbtransaction&)>& work);

  // ---- pieces of one transaction, shared by the methods that combine them ----
  // The segmented copies of title and text that search_vector indexes;
  // segmenting is the costly part of a write, so it is done before a
  // connection is taken.
  struct SearchColumns {
    std::string title, text;
  };
  static std::vector<SearchColumns> SearchColumnsOf(std::span<const Article> articles);
  // Upserts `articles` (ids set), outcomes in order (pg_store.cc).
  static Result<std::vector<PutOutcome>> PutArticlesIn(pqxx::dbtransaction& tx, std::span<Article> articles,
                                                       const std::vector<SearchColumns>& search);
  static Status UpdateFetchStateIn(pqxx::dbtransaction& tx, int64_t source_id, const std::string& etag,
                                   const std::string& last_modified, int64_t fetched_utc, const std::string& error);
  static Status ScheduleNextFetchIn(pqxx::dbtransaction& tx, int64_t source_id, int64_t next_fetch_utc);
  static Status EnqueueJobsIn(pqxx::dbtransaction& tx, const std::vector<Job>& jobs, int64_t now_utc);  // pg_jobs.cc
  static Status CompleteJobIn(pqxx::dbtransaction& tx, int64_t job_id);                                 // pg_jobs.cc
  // UPDATE articles SET `column` = value WHERE id; kNotFound when absent.
  Status SetFlag(const char* column, int64_t article_id, bool value);

  std::unique_ptr<Pool> pool_;
  int schema_version_;
  int64_t search_window_;
  int64_t related_window_;
  std::atomic<int64_t> claim_cursor_{0};  // ClaimJobs: the source the last claim reached (job_turns.h)
};

}  // namespace herald::store
