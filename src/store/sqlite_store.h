// The SQLite implementation of Store (see store.h for the contract).
//
// One connection, guarded by one mutex: every call runs alone. That is ample
// for herald's load (a handful of fetch workers and page views batched by the
// caller); a pool of read connections can come later behind the same class.
// The file uses WAL, so other processes (a second `herald` command, the
// sqlite3 shell) can read while this one writes; writers wait up to
// busy_timeout_ms for each other.
#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <string>

#include "store/sqlite_db.h"
#include "store/store.h"

namespace herald::store {

class SqliteStore final : public Store {
 public:
  // Opens or creates options.path and migrates it (read-only: requires an
  // up-to-date schema and migrates nothing). The caller creates the parent
  // directory. Errors name the path and what to do.
  static Result<std::unique_ptr<SqliteStore>> OpenSqlite(const StoreOptions& options);

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

  Result<int64_t> ContentVersion() override;  // sqlite_content_version.cc

  // sqlite_topics.cc
  Status SetArticleTopics(const std::vector<ArticleTopics>& memberships) override;
  Result<std::vector<std::string>> TopicsOfArticle(int64_t article_id) override;
  Result<std::vector<TopicCount>> TopicCounts() override;
  Result<std::vector<ArticleForRules>> ArticlesForRules(int64_t after_id, int limit) override;
  Status SetOutOfFocus(const std::vector<std::pair<int64_t, bool>>& articles) override;
  Result<std::string> GetMeta(const std::string& key) override;
  Status SetMeta(const std::string& key, const std::string& value) override;
  // The condition list queries AND in for a topic filter (binds :topic).
  static const char* TopicCondition();

  // sqlite_stories.cc
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
  std::string BackendName() const override { return "sqlite"; }

  Status AddViews(int64_t article_id, const std::string& day, int64_t count) override;
  Result<ViewCounts> GetViews(int64_t article_id, const std::string& today) override;

 private:
  SqliteStore(std::unique_ptr<Database> db, int schema_version, const StoreOptions& options)
      : db_(std::move(db)),
        schema_version_(schema_version),
        search_window_(options.search_window),
        related_window_(options.related_window) {}

  // The segmented copies of title and text that the full-text index reads.
  // Segmenting is the costly part of a write, so it is done before taking
  // the lock: other threads' writes go on meanwhile.
  struct SearchColumns {
    std::string title, text;
  };
  static std::vector<SearchColumns> SearchColumnsOf(std::span<const Article> articles);
  // Rows inserted in the current write transaction that the full-text index
  // does not have yet; one statement adds them all at FlushIndexLocked.
  struct PendingIndex {
    int64_t last_indexed_id = 0;
    std::set<std::string> canonical_urls;
  };
  Result<PendingIndex> StartIndexLocked();
  Status FlushIndexLocked(PendingIndex& pending);
  // Inside a write transaction: upserts `articles` (ids set); new ones wait in `pending`.
  Result<std::vector<PutOutcome>> PutArticlesLocked(std::span<Article> articles,
                                                    const std::vector<SearchColumns>& search, PendingIndex& pending);
  Result<PutOutcome> PutArticleLocked(Article& article, const SearchColumns& search);
  Status UpdateFetchStateLocked(int64_t source_id, const std::string& etag, const std::string& last_modified,
                                int64_t fetched_utc, const std::string& error);
  Status ScheduleNextFetchLocked(int64_t source_id, int64_t next_fetch_utc);
  Status EnqueueJobsLocked(const std::vector<Job>& jobs, int64_t now_utc);
  Status CompleteJobLocked(int64_t job_id);
  // Related articles' window: the rowid of the (related_window_/2)-th match
  // of `match` stored before (or after) the article; 0 (or the largest
  // rowid) when fewer match on that side or there is no window.
  Result<int64_t> NearbyMatchBound(const std::string& match, int64_t article_id, bool before);
  // UPDATE articles SET `column` = value WHERE id; kNotFound when absent.
  Status SetFlag(const char* column, int64_t article_id, bool value);
  // Articles for the story layer (sqlite_stories.cc): `where` selects them.
  Result<std::vector<ArticleForRules>> ArticlesForStoriesLocked(const std::string& where, int64_t since_utc,
                                                               int64_t after_id, int limit);
  // Writes the segmented search columns of the articles queued in
  // search_refold (schema v14) again and empties the queue.
  Status RefoldSearchColumns();

  std::mutex mutex_;
  std::unique_ptr<Database> db_;
  int schema_version_;
  int64_t search_window_;
  int64_t related_window_;
  int64_t claim_cursor_ = 0;  // ClaimJobs: the source the last claim reached (job_turns.h)
};

}  // namespace herald::store
