// store/: what herald keeps. One abstract Store; SQLite is the embedded
// default (sqlite_store.cc), PostgreSQL (pg_store.cc) serves several
// processes on several machines. Open() picks by StoreOptions.
//
// Contract: Open() applies numbered schema migrations in one transaction each,
// so a crash mid-migration leaves the previous version. Every write is its own
// transaction unless stated; a failed write changes nothing. Methods are safe
// to call from several threads (the implementation serializes as it needs).
// Times are UTC seconds since the epoch.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "common/time.h"

namespace herald::store {

struct StoreOptions {
  std::string path;          // SQLite file, e.g. "data/herald.db"
  // "postgresql://user@host:port/db" (or "postgres://"): PostgreSQL instead
  // of the SQLite file. Never logged whole (it may hold a password).
  std::string url;
  int busy_timeout_ms = 5000;
  bool read_only = false;
  // Search ranks at most this many of the most recently stored matching
  // articles (see Store::Search); 0 ranks every match.
  int64_t search_window = 5000;
  // Related articles rank at most this many of the matches stored nearest
  // the article, half before and half after (see RelatedArticles); 0 ranks
  // every match.
  int64_t related_window = 1000;
};

struct Source {
  int64_t id = 0;
  std::string name;          // publisher name shown to readers
  std::string feed_url;      // unique
  std::string site_url;
  std::string display = "full";  // "full" | "excerpt"
  // Fetch state of the feed.
  std::string etag;
  std::string last_modified;
  int64_t last_fetched_utc = 0;
  std::string last_error;    // "" when the last fetch succeeded
  int error_count = 0;       // consecutive failures
  int64_t next_fetch_utc = 0;  // due when <= now (0 = never scheduled: due)
};

struct Article {
  int64_t id = 0;
  int64_t source_id = 0;
  std::string url;                  // as fetched
  std::string canonical_url;        // unique key
  // Another URL the article was announced under (a feed's link when the
  // page named a different canonical URL); PutArticle records it, and
  // StoredRevisionTime finds the article by it. "" = none.
  std::string announced_url;
  std::string title;
  std::vector<std::string> byline;
  std::optional<Timestamp> published;
  std::optional<Timestamp> modified;
  std::string site_name;
  std::string lead_image_url;
  std::string lead_image_caption;
  std::string lead_image_credit;
  std::string excerpt;
  std::string text;
  std::string html;                 // sanitized
  std::string language;
  bool paywalled = false;
  std::string content_hash;         // hex SHA-256 of normalized text
  int64_t fetched_utc = 0;
  int word_count = 0;
  // Editorial state, set only by SetHidden/SetFeatured (PutArticle neither
  // writes nor compares them, so refetching keeps a takedown). A hidden
  // article is left out of every list and search; GetArticle still returns it
  // so that callers serving readers must check `hidden` and answer 404.
  bool hidden = false;
  bool featured = false;
  // The story layer's assignment, set only by RecordStories (0 = not yet
  // assigned / not a copy). A copy (duplicate_of = its group's
  // representative) is left out of every list, feed and search: readers see
  // the representative with "Also published by".
  int64_t story_id = 0;
  int64_t duplicate_of = 0;
  // Outside the site's focus (config [focus] and source sections), set only
  // by SetOutOfFocus: left out of every list, feed and search like a hidden
  // article, and shown again when the rules take it back in.
  bool out_of_focus = false;
  // Whether readers may open it at all: pages answer 404 for the others
  // (a copy is shown: its page names the original's publishers).
  bool shown() const { return !hidden && !out_of_focus; }
};

// A row for lists (home page): no body.
struct ArticleSummary {
  int64_t id = 0;
  int64_t source_id = 0;
  std::string source_name;
  std::string url;
  std::string title;
  std::optional<Timestamp> published;
  std::string excerpt;
  std::string lead_image_url;
  std::string language;
  bool paywalled = false;
  std::string snippet;  // Search only: plain text around the first matching word
  int64_t sort_utc = 0; // the list order key: published, else fetched time
  bool featured = false;
  int64_t story_id = 0;  // 0 until the story layer has seen it
};

// Filters and a keyset cursor for ListArticles (the API's pagination): the
// cursor is the (sort_utc, id) of the last article already seen.
struct ArticleFilter {
  int64_t source_id = 0;        // 0 = any
  std::string language;         // "" = any
  int64_t before_sort_utc = 0;  // with before_id: only articles after this one
  int64_t before_id = 0;        // 0 = start from the newest
  bool hidden = false;          // true: only hidden articles (editors' list), else only visible ones
  std::string topic;            // "" = any; else only members of this topic (SetArticleTopics)
  int offset = 0;               // rows skipped, for numbered pages; the cursor is stabler
};

enum class PutOutcome { kInserted, kUpdated, kUnchanged };

// A unit of pending work kept in the store, so that a restart loses none and
// several workers (processes, machines) share it without running one twice.
struct Job {
  int64_t id = 0;
  std::string kind;        // "article": fetch, extract and store one page
  int64_t source_id = 0;   // the job goes when its source is removed
  std::string key;         // unique per kind among unfinished jobs (the canonical URL)
  std::string payload;     // what the kind needs (JSON)
  int attempts = 0;        // claims so far, the current one included
  std::string last_error;  // of the previous attempt
};

struct JobCounts {
  int64_t pending = 0;     // waiting (a retry's time may not have come)
  int64_t claimed = 0;     // held by a worker under a lease
  int64_t failed = 0;      // given up; kept for `herald jobs` with their error
};

// A WebSub subscription of one source's feed (W3C WebSub, subscriber side).
struct Subscription {
  int64_t source_id = 0;
  std::string hub_url;
  std::string topic_url;          // the feed's self URL, as announced
  std::string secret;             // HMAC key of pushes; never logged or shown
  std::string state;              // "requested" | "active" | "denied" | "unsubscribed"
  int64_t requested_utc = 0;      // when the last (re)subscription was sent
  int64_t lease_expires_utc = 0;  // 0 = no lease granted yet
  std::string last_error;         // "" when the hub's last answer was fine
};

// What topic rules read of a stored article (Store::ArticlesForRules).
struct ArticleForRules {
  int64_t id = 0;
  int64_t source_id = 0;
  std::string source_name;
  std::string url;           // as fetched (source sections match its path)
  std::string title;
  std::string text;
  std::string language;
  int word_count = 0;
  int64_t sort_utc = 0;      // published, else fetched time
  int64_t story_id = 0;      // as stored (0 = not yet assigned)
  int64_t duplicate_of = 0;  // as stored (0 = not a copy)
  bool out_of_focus = false; // as stored (Article::out_of_focus)
};

// The story layer's verdict on one article (story/engine.h's Assignment in
// store ids).
struct StoryAssignment {
  int64_t article_id = 0;
  int64_t story_id = 0;      // > 0
  int64_t duplicate_of = 0;  // the representative's article id; 0 = not a copy
};

// Story `absorbed` was merged into `survivor`: its articles move to the
// survivor, and the absorbed id keeps answering (a redirect) for good.
struct StoryMerge {
  int64_t absorbed = 0;
  int64_t survivor = 0;
};

// A story as readers see it: visible articles only.
struct StorySummary {
  int64_t id = 0;
  int64_t headline_article_id = 0;  // the article whose title heads the story
  std::string headline;
  int64_t first_utc = 0;            // earliest and latest sort time
  int64_t last_utc = 0;
  int64_t articles = 0;             // visible articles, copies included
  int64_t sources = 0;              // distinct publishers among them
  std::vector<std::string> languages;  // sorted, distinct
};

// One article's topic membership, replacing what it had.
struct ArticleTopics {
  int64_t article_id = 0;
  std::vector<std::string> topics;
};

struct TopicCount {
  std::string topic;
  int64_t articles = 0;  // visible ones
};

struct SearchQuery {
  std::string text;         // every word must match; any language (ICU word breaks)
  int64_t source_id = 0;    // 0 = any source
  std::string language;     // "" = any language
  int64_t from_utc = 0;     // 0 = no bound; else published (fetched if undated) >= from_utc
  int64_t to_utc = 0;       // 0 = no bound; else < to_utc
  std::string topic;        // "" = any topic; else only its members
  int limit = 20;
  int offset = 0;
};

// What one fetched feed changes in the store. Store::RecordFeeds writes
// several in one transaction: an ingest writes its feeds in batches rather
// than one commit per feed (each commit rewrites every index page it
// touched), and a feed's new validators are never saved without its entries.
struct FeedRecord {
  int64_t source_id = 0;
  std::vector<Article> articles;   // stored as PutArticles does (ids set)
  std::vector<PutOutcome> outcomes;  // filled by RecordFeeds, in article order
  std::vector<Job> jobs;           // queued as EnqueueJobs does
  // The fetch's outcome, as UpdateFetchState and ScheduleNextFetch store it;
  // absent for entries that did not come from a fetch (a WebSub push).
  struct Fetch {
    std::string etag, last_modified, error;
    int64_t fetched_utc = 0;
    int64_t next_fetch_utc = 0;
  };
  std::optional<Fetch> fetch;
};

// ClaimJobs takes turns among the sources of this many oldest due jobs.
inline constexpr int64_t kJobsConsideredPerClaim = 4096;

class Store {
 public:
  static Result<std::unique_ptr<Store>> Open(const StoreOptions& options);
  virtual ~Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Schema version after migrations.
  virtual int SchemaVersion() = 0;

  // Sources. AddSource fails (kInvalidInput) when feed_url is already present.
  virtual Result<int64_t> AddSource(const Source& source) = 0;
  virtual Result<std::vector<Source>> ListSources() = 0;
  virtual Result<std::optional<Source>> GetSource(int64_t id) = 0;
  // Removes the source and its articles. kNotFound when absent.
  virtual Status RemoveSource(int64_t id) = 0;
  // Moves a source to a new feed URL (after a permanent redirect).
  // kInvalidInput when another source has that URL, kNotFound when absent.
  virtual Status UpdateFeedUrl(int64_t source_id, const std::string& feed_url) = 0;
  // Records the outcome of one feed fetch (error "" = success). A failure
  // increments error_count and keeps the stored etag/last_modified; a success
  // resets error_count. kNotFound when the source is absent.
  virtual Status UpdateFetchState(int64_t source_id, const std::string& etag, const std::string& last_modified,
                                  int64_t fetched_utc, const std::string& error) = 0;

  // When the feed is due again (UTC seconds). kNotFound when absent.
  virtual Status ScheduleNextFetch(int64_t source_id, int64_t next_fetch_utc) = 0;

  // The stored article's last-modified time (UTC seconds; its published time
  // when it has none, 0 when neither is known), or nullopt when no article
  // has this canonical URL or was announced under it (Article::announced_url). Ingest compares it with a feed entry's update
  // date to decide whether to fetch the page again.
  virtual Result<std::optional<int64_t>> StoredRevisionTime(const std::string& canonical_url) = 0;
  // Inserts, or updates the row with the same canonical_url when any field
  // differs. Sets article.id on insert. (Also sets it on kUpdated/kUnchanged;
  // fetched_utc keeps the first fetch and is not compared. kInvalidInput when
  // canonical_url is empty or source_id does not exist.)
  virtual Result<PutOutcome> PutArticle(Article& article) = 0;
  // PutArticle for many articles in one transaction (a feed's entries stored
  // at once): all are written or, on error, none. Outcomes in input order.
  virtual Result<std::vector<PutOutcome>> PutArticles(std::vector<Article>& articles) = 0;
  // Writes every record in one transaction: all or, on error, none (a
  // record whose source is gone fails the whole call with kInvalidInput).
  virtual Status RecordFeeds(std::vector<FeedRecord>& records, int64_t now_utc) = 0;
  // Any stored article, hidden ones included (see Article::hidden).
  virtual Result<std::optional<Article>> GetArticle(int64_t id) = 0;
  // Newest first by published (fetched when unknown). Like every list and
  // search below, leaves hidden articles out.
  virtual Result<std::vector<ArticleSummary>> LatestArticles(int limit, int offset) = 0;
  // Every stored article, hidden ones included.
  virtual Result<int64_t> CountArticles() = 0;
  // Newest first like LatestArticles, filtered, continuing after a cursor;
  // stable under concurrent inserts (no offset).
  virtual Result<std::vector<ArticleSummary>> ListArticles(const ArticleFilter& filter, int limit) = 0;
  // One source's articles, newest first like LatestArticles.
  virtual Result<std::vector<ArticleSummary>> SourceArticles(int64_t source_id, int limit, int offset) = 0;

  // Articles containing every word of query.text, best first (BM25 over the
  // segmented title and text, title weighted) among the
  // StoreOptions::search_window most recently stored matches (a news
  // reader's search; every match when offset + limit reaches past the
  // window). Empty when the text has no words; query syntax in the text is
  // never interpreted.
  virtual Result<std::vector<ArticleSummary>> Search(const SearchQuery& query) = 0;
  // Up to `limit` other articles on the same subject: first the other
  // publishers' articles in its story (newest first), then similar articles
  // (BM25 over its salient words) from other stories, at most one per story,
  // ranked among the StoreOptions::related_window matches stored nearest the
  // article (half before it, half after), so the cost stays flat as the
  // store grows. Never the article itself, a copy of it (same copy group or content
  // hash) or a copy of anything listed. Empty for an unknown id.
  virtual Result<std::vector<ArticleSummary>> RelatedArticles(int64_t article_id, int limit) = 0;

  // ---- Job queue ----
  // Adds jobs in one transaction. A job whose (kind, key) is already waiting
  // takes the new payload (the latest announcement wins) and its retry time
  // is kept; one already claimed or failed is left as it is (a failed one is
  // enqueued afresh only after RetryFailedJobs).
  virtual Status EnqueueJobs(const std::vector<Job>& jobs, int64_t now_utc) = 0;
  // Claims up to `limit` jobs for `worker`: waiting ones whose time has come
  // and claimed ones whose lease ran out (their worker died). Among the
  // kJobsConsideredPerClaim oldest, sources take turns: each source's oldest
  // job, then each one's second, and so on, so that a batch spreads over
  // many hosts instead of waiting on one host's politeness delay. A claim
  // lasts lease_seconds and counts one attempt; no other claim sees the job
  // meanwhile. The jobs come back in id order.
  virtual Result<std::vector<Job>> ClaimJobs(const std::string& worker, int limit, int64_t now_utc,
                                             int lease_seconds) = 0;
  // Done: the job is removed. Not an error when it is already gone.
  virtual Status CompleteJob(int64_t job_id) = 0;
  // PutArticle and CompleteJob in one transaction: a crash leaves both or neither.
  virtual Result<PutOutcome> PutArticleCompletingJob(Article& article, int64_t job_id) = 0;
  // A failed attempt: waits until retry_at_utc, or with retry_at_utc == 0 is
  // given up and kept as failed with its error.
  virtual Status FailJob(int64_t job_id, const std::string& error, int64_t retry_at_utc) = 0;
  // Frees every claim of `worker` (at a clean stop, or when it is known to
  // be dead); returns how many.
  virtual Result<int64_t> ReleaseJobs(const std::string& worker) = 0;
  // The workers holding claims now (lease over or not), distinct.
  virtual Result<std::vector<std::string>> ClaimingWorkers() = 0;
  // Puts failed jobs back in the queue with their attempts reset; returns how many.
  virtual Result<int64_t> RetryFailedJobs() = 0;
  virtual Result<JobCounts> CountJobs() = 0;
  // Failed jobs, newest first, for `herald jobs`.
  virtual Result<std::vector<Job>> FailedJobs(int limit) = 0;

  // ---- WebSub subscriptions (one per source) ----
  // Inserts or replaces the source's subscription. kInvalidInput when the
  // source does not exist.
  virtual Status PutSubscription(const Subscription& subscription) = 0;
  virtual Result<std::optional<Subscription>> GetSubscription(int64_t source_id) = 0;
  virtual Result<std::vector<Subscription>> ListSubscriptions() = 0;

  // Editorial control, effective for the next read. kNotFound for an
  // unknown id; setting the current value again is not an error.
  virtual Status SetHidden(int64_t article_id, bool hidden) = 0;
  virtual Status SetFeatured(int64_t article_id, bool featured) = 0;
  // Visible featured articles, newest first (the top of the home page).
  virtual Result<std::vector<ArticleSummary>> FeaturedArticles(int limit) = 0;

  // A number that grows whenever something readers see may have changed
  // (articles written, hidden, featured or removed; sources added, renamed
  // or removed), in this process or another one on the same store. View
  // counts do not move it. One cheap read: caches poll it.
  virtual Result<int64_t> ContentVersion() = 0;

  // Adds `count` views to (article, day) where day is "YYYY-MM-DD" in the
  // site's time zone; batched by the caller. kInvalidInput for a malformed
  // day or a negative count, kNotFound for an unknown article.
  virtual Status AddViews(int64_t article_id, const std::string& day, int64_t count) = 0;
  struct ViewCounts { int64_t total = 0; int64_t today = 0; };
  // Zeros for an article with no views (or no such article).
  virtual Result<ViewCounts> GetViews(int64_t article_id, const std::string& today) = 0;

  // ---- Topics (names from the config's [topics.NAME] rules) ----
  // Replaces the topics of each listed article, all in one transaction.
  // Articles that no longer exist are skipped (deleted meanwhile).
  virtual Status SetArticleTopics(const std::vector<ArticleTopics>& memberships) = 0;
  // The topics of one article, sorted by name; empty for an unknown id.
  virtual Result<std::vector<std::string>> TopicsOfArticle(int64_t article_id) = 0;
  // Visible articles per topic, for every topic with at least one.
  virtual Result<std::vector<TopicCount>> TopicCounts() = 0;
  // Stored articles (hidden ones too) with id > after_id, in id order: the
  // batches in which rules are applied again to everything stored.
  virtual Result<std::vector<ArticleForRules>> ArticlesForRules(int64_t after_id, int limit) = 0;
  // Sets each listed article's Article::out_of_focus, all in one
  // transaction. Only rows whose flag changes are written (so re-applying
  // unchanged rules moves no content version); unknown ids are skipped.
  virtual Status SetOutOfFocus(const std::vector<std::pair<int64_t, bool>>& articles) = 0;

  // ---- Stories (assigned by the story layer, story/engine.h) ----
  // Articles the story layer has not seen yet (story_id 0), hidden ones
  // too, with id > after_id in id order: the order they were stored in.
  virtual Result<std::vector<ArticleForRules>> ArticlesWithoutStory(int64_t after_id, int limit) = 0;
  // Articles with a story whose sort time is >= since_utc, id > after_id,
  // in id order: what the story layer restores after a restart.
  virtual Result<std::vector<ArticleForRules>> ArticlesWithStorySince(int64_t since_utc, int64_t after_id,
                                                                        int limit) = 0;
  // Writes assignments and merges in one transaction (merges first: every
  // article of an absorbed story moves to its survivor, and earlier merges
  // into the absorbed story are re-pointed). Articles deleted meanwhile are
  // skipped. kInvalidInput for a story id <= 0 or a merge into itself.
  virtual Status RecordStories(const std::vector<StoryAssignment>& assignments,
                               const std::vector<StoryMerge>& merges) = 0;
  // Every merge recorded, absorbed id ascending.
  virtual Result<std::vector<StoryMerge>> StoryMerges() = 0;
  // The surviving id for `story_id` (itself unless it was merged away).
  virtual Result<int64_t> ResolveStory(int64_t story_id) = 0;
  // The story with its visible articles; nullopt when it has none (unknown,
  // merged away: ResolveStory first, or all hidden). The headline is the
  // title of the article with the most visible copies, earliest on a tie.
  virtual Result<std::optional<StorySummary>> GetStory(int64_t story_id) = 0;
  // Stories with at least `min_sources` publishers, most recently updated
  // first (last_utc, then id), continuing below the cursor (0, 0 = newest).
  virtual Result<std::vector<StorySummary>> LatestStories(int min_sources, int64_t before_last_utc,
                                                          int64_t before_id, int limit) = 0;
  // The story's visible articles, copies included, oldest first.
  virtual Result<std::vector<ArticleSummary>> StoryArticles(int64_t story_id) = 0;
  // The other visible members of the article's copy group (its
  // representative and the representative's copies), oldest first.
  virtual Result<std::vector<ArticleSummary>> CopiesOf(int64_t article_id) = 0;

  // ---- Sharing the work among worker processes (herald worker) ----
  // Claims up to `limit` sources for `worker` to fetch, lowest id first:
  // with due_only those whose next_fetch_utc <= now_utc, else every one; in
  // both cases none that another worker's unexpired claim holds. A claim
  // lasts lease_seconds; recording the source's fetch (RecordFeeds with a
  // fetch, UpdateFetchState) or ReleaseSources ends it.
  virtual Result<std::vector<Source>> ClaimSources(const std::string& worker, bool due_only, int64_t now_utc,
                                                   int lease_seconds, int limit) = 0;
  // Ends every source claim of `worker`; returns how many.
  virtual Result<int64_t> ReleaseSources(const std::string& worker) = 0;
  // A named lease for work only one process may do at a time (the story
  // layer keeps its state in memory): true when `holder` has it now, taken
  // because it was free or expired, or renewed because holder already had
  // it; it lasts lease_seconds from now_utc. false: someone else holds it.
  virtual Result<bool> HoldLease(const std::string& name, const std::string& holder, int64_t now_utc,
                                 int lease_seconds) = 0;
  // Gives the lease up if `holder` has it (at a clean stop).
  virtual Status DropLease(const std::string& name, const std::string& holder) = 0;
  // Per-host politeness shared by every process: reserves the next request
  // to `host` at the earliest time >= now_ms that is min_interval_ms after
  // the previous reservation (by anyone), and returns it (ms since the
  // epoch); the caller waits until then.
  virtual Result<int64_t> ReserveHostSlot(const std::string& host, int64_t now_ms, int64_t min_interval_ms) = 0;

  // ---- Views shared by web processes (web/view_counter.h) ----
  struct Visit {
    int64_t article_id = 0;
    std::string visitor;  // salted hash of the visitor (never an address)
  };
  // Adds one view of (article, day) per visit not yet recorded that day by
  // any process, all in one transaction; returns how many counted. Visits
  // of unknown articles are skipped. kInvalidInput for a malformed day.
  virtual Result<int64_t> RecordVisits(const std::string& day, const std::vector<Visit>& visits) = 0;
  // The visitor salt of `day` shared by every web process: the stored one,
  // or `candidate` when the day has none yet. Storing a new day's salt
  // deletes earlier days' salts and visits, so old hashes cannot be
  // recomputed.
  virtual Result<std::string> DailySalt(const std::string& day, const std::string& candidate) = 0;

  // ---- Operations ----
  // Deletes up to `limit` articles whose sort time (published, else
  // fetched) is before cutoff_utc, except featured ones, with everything
  // hanging from them (topics, views, aliases); returns how many.
  virtual Result<int64_t> PurgeArticlesBefore(int64_t cutoff_utc, int limit) = 0;
  // One round trip to the database: Ok when it answers.
  virtual Status Ping() = 0;
  // "sqlite" or "postgresql".
  virtual std::string BackendName() const = 0;

  // ---- Small durable settings of the store's own (e.g. "topics.fingerprint") ----
  // "" when the key was never set.
  virtual Result<std::string> GetMeta(const std::string& key) = 0;
  virtual Status SetMeta(const std::string& key, const std::string& value) = 0;

 protected:
  Store() = default;
};

}  // namespace herald::store
