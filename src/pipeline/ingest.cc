#include "pipeline/ingest.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "common/metrics.h"
#include "common/strings.h"
#include "common/url.h"
#include "extract/extract.h"
#include "extract/language.h"
#include "feed/feed.h"
#include "pipeline/entry_job.h"
#include "pipeline/work_queue.h"
#include "sanitize/sanitizer.h"
#include "story/fingerprint.h"

namespace herald::pipeline {
namespace {

// An article to store: its source, the key it is stored under, the feed
// entry that announced it.
struct Candidate {
  int64_t source_id = 0;
  std::string canonical_url;
  feed::Entry entry;
};

std::string HostName() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) return "localhost";
  return host;
}

std::string DefaultWorkerId() { return HostName() + ":" + std::to_string(getpid()); }

// A default worker id of this host whose process no longer exists.
bool IsDeadLocalWorker(const std::string& worker, const std::string& host) {
  if (worker.size() <= host.size() + 1 || worker.compare(0, host.size() + 1, host + ":") != 0) return false;
  std::string pid_text = worker.substr(host.size() + 1);
  if (pid_text.empty() || pid_text.size() > 9 || pid_text.find_first_not_of("0123456789") != std::string::npos)
    return false;
  pid_t pid = static_cast<pid_t>(std::stol(pid_text));
  return pid > 0 && kill(pid, 0) != 0 && errno == ESRCH;
}

// The key an article is stored under: the page's own canonical URL
// (rel=canonical, og:url) when it names one on the same site as the page,
// so that one article reached by several URLs (tracking variants, mobile
// hosts, several feeds) is stored once; else the feed's link. Another site's
// canonical URL is ignored: a page cannot claim a URL of someone else's.
std::string PreferredKey(const std::string& announced_key, const std::string& page_url,
                         const std::string& page_canonical) {
  std::string canonical = CanonicalizeUrl(page_canonical);
  if (canonical.empty() || SiteOf(canonical) != SiteOf(page_url.empty() ? announced_key : page_url))
    return announced_key;
  return canonical;
}

// Waiting is pointless when the answer cannot change: a policy refusal
// (robots.txt, size cap, private address) or a page that is not an article.
bool IsPermanent(const Error& error) {
  return error.kind == ErrorKind::kRefused || error.kind == ErrorKind::kInvalidInput;
}

// Parses a fetched feed; follows a sitemap index's children (one level).
Result<feed::Feed> ParseFetchedFeed(net::Fetcher& fetcher, const net::FetchResponse& response,
                                    int max_child_sitemaps) {
  auto parsed = feed::ParseFeed(response.body, {response.url, response.content_type});
  if (!parsed.ok() || parsed->child_sitemaps.empty()) return parsed;
  std::vector<net::FetchRequest> children;
  for (const std::string& url : parsed->child_sitemaps) {
    if (static_cast<int>(children.size()) >= max_child_sitemaps) break;
    children.push_back({url, "", ""});
  }
  for (auto& child : fetcher.FetchAll(children)) {
    // Cut off by a stop: the index is read again at the next start, not
    // recorded with missing children (its validators would hide them).
    if (!child.ok() && net::IsCancelled(child.error())) return child.error();
    if (!child.ok()) continue;
    auto child_feed = feed::ParseFeed(child->body, {child->url, child->content_type});
    if (!child_feed.ok()) continue;
    for (auto& e : child_feed->entries) parsed->entries.push_back(std::move(e));
  }
  return parsed;
}

// The request for a URL of a source, with the source's fetch settings.
net::FetchRequest RequestFor(const std::string& url, const SourceSettings* settings) {
  net::FetchRequest request{url, "", ""};
  if (settings != nullptr) {
    request.headers = settings->headers;
    request.cookies = settings->cookies;
    request.proxy = settings->proxy;
  }
  return request;
}

std::vector<int64_t> EntryTimes(const std::vector<feed::Entry>& entries) {
  std::vector<int64_t> times;
  for (const feed::Entry& e : entries) {
    if (e.published) times.push_back(e.published->utc_seconds);
    else if (e.updated) times.push_back(e.updated->utc_seconds);
  }
  return times;
}

// An entry whose update date is later than the stored revision's announces a
// new revision of the article. A stored revision of unknown time is kept:
// without a date there is nothing to compare, and refetching it every round
// would hammer the site.
bool AnnouncesNewRevision(const feed::Entry& entry, int64_t stored_revision_utc) {
  return entry.updated && stored_revision_utc > 0 && entry.updated->utc_seconds > stored_revision_utc;
}

// The later of two optional times.
std::optional<Timestamp> Later(const std::optional<Timestamp>& a, const std::optional<Timestamp>& b) {
  if (!a) return b;
  if (!b) return a;
  return b->utc_seconds > a->utc_seconds ? b : a;
}

// Newest entries first; entries without a date keep feed order after dated ones.
std::vector<feed::Entry> NewestEntries(std::vector<feed::Entry> entries, int limit) {
  std::stable_sort(entries.begin(), entries.end(), [](const feed::Entry& a, const feed::Entry& b) {
    int64_t ta = a.published ? a.published->utc_seconds : (a.updated ? a.updated->utc_seconds : INT64_MIN);
    int64_t tb = b.published ? b.published->utc_seconds : (b.updated ? b.updated->utc_seconds : INT64_MIN);
    return ta > tb;
  });
  if (static_cast<int>(entries.size()) > limit) entries.resize(limit);
  return entries;
}

// Builds the stored article from what the page said, falling back to what the
// feed said when the page is silent.
store::Article ToStoredArticle(const Candidate& c, const std::string& page_url, extract::Article x) {
  const feed::Entry& e = c.entry;
  store::Article a;
  a.source_id = c.source_id;
  a.url = page_url.empty() ? e.link : page_url;
  a.canonical_url = c.canonical_url;
  a.title = !x.title.empty() ? x.title : e.title;
  a.byline = !x.byline.empty() ? x.byline : e.authors;
  // A page date that is only a day (from its URL, say) yields to the feed's full time.
  std::optional<Timestamp> feed_time = e.published ? e.published : e.updated;
  a.published = x.published && !(x.published_date_only && feed_time) ? x.published : feed_time;
  // The latest news of a change, from the page or the feed, so that an entry
  // update already fetched is not taken for a new one next round.
  a.modified = Later(x.modified, e.updated);
  a.site_name = x.site_name;
  if (x.lead_image) {
    a.lead_image_url = x.lead_image->url;
    a.lead_image_caption = x.lead_image->caption;
    a.lead_image_credit = x.lead_image->credit;
  } else {
    a.lead_image_url = e.image_url;
  }
  // The summary's text is needed for the excerpt, and for the text when the
  // summary is all the feed has: parse it once.
  std::string summary_text =
      x.excerpt.empty() || (x.text.empty() && e.content.empty()) ? HtmlToText(e.summary) : "";
  if (x.text.empty()) {  // page had no readable body: use the feed's content
    a.html = !e.content.empty() ? e.content : e.summary;  // already sanitized by the feed parser
    a.text = !e.content.empty() ? HtmlToText(e.content) : summary_text;
  } else {
    a.html = std::move(x.html);
    a.text = std::move(x.text);
  }
  a.excerpt = !x.excerpt.empty() ? x.excerpt : summary_text;
  a.language = !x.language.empty() ? x.language : e.language;
  // Feeds rarely say an entry's language, and the page may not be fetched.
  if (a.language.empty()) a.language = extract::DetectLanguage(a.title + "\n" + a.text);
  a.paywalled = x.paywalled;
  a.word_count = x.word_count;
  a.content_hash = story::ContentFingerprint(a.text);
  a.fetched_utc = NowUtcSeconds();
  return a;
}

// Adds the counts and lists of `part` (one feed thread's share of a round) to `total`.
void AddTo(IngestReport& total, IngestReport part) {
  total.feeds_total += part.feeds_total;
  total.feeds_not_due += part.feeds_not_due;
  total.feeds_ok += part.feeds_ok;
  total.feeds_not_modified += part.feeds_not_modified;
  total.feeds_failed += part.feeds_failed;
  total.articles_queued += part.articles_queued;
  total.articles_new += part.articles_new;
  total.articles_updated += part.articles_updated;
  total.articles_failed += part.articles_failed;
  total.articles_given_up += part.articles_given_up;
  for (auto& e : part.errors) total.errors.push_back(std::move(e));
  for (auto& h : part.hubs) total.hubs.push_back(std::move(h));
}

// Answers waiting for a feed thread; beyond this the transfers wait.
constexpr size_t kAnswersInFlight = 64;
// A feed thread writes what it prepared once this much has piled up (or
// when no answer is waiting): large enough that a commit's rewritten index
// pages serve many feeds, small enough to keep the memory and the lock
// hold short.
constexpr size_t kArticlesPerWrite = 400;
constexpr size_t kFeedsPerWrite = 64;

// IngestOptions::after_store, if set, for one stored article.
void AfterStore(const IngestOptions& options, store::Store& store, const store::Article& article,
                IngestReport& report) {
  if (!options.after_store) return;
  if (Status done = options.after_store(store, article); !done.ok())
    report.errors.push_back(article.canonical_url + ": stored, but " + done.message());
}

}  // namespace

Ingester::Ingester(store::Store& store, net::Fetcher& fetcher, IngestOptions options)
    : store_(store), fetcher_(fetcher), options_(std::move(options)) {
  if (options_.worker_id.empty()) options_.worker_id = DefaultWorkerId();
}

bool Ingester::StopRequested() const { return options_.stop_requested && options_.stop_requested(); }

const SourceSettings* Ingester::SettingsFor(const store::Source& source) const {
  auto found = options_.settings_by_feed_url.find(source.feed_url);
  return found == options_.settings_by_feed_url.end() ? nullptr : &found->second;
}

int64_t Ingester::NextFetchTime(const store::Source& source, FeedFetchOutcome outcome,
                                const std::vector<int>& skip_hours, int64_t now) const {
  if (source.next_fetch_utc > source.last_fetched_utc && source.last_fetched_utc > 0)
    outcome.previous_interval_seconds = source.next_fetch_utc - source.last_fetched_utc;
  return OutsideSkipHours(now + RefreshInterval(options_.refresh, outcome, now), skip_hours);
}

Status Ingester::Accept(const store::Source& source, std::vector<feed::Entry> entries, store::FeedRecord& record) {
  std::vector<Candidate> accepted;
  std::set<std::string> seen;
  for (auto& entry : NewestEntries(std::move(entries), options_.max_articles_per_feed)) {
    std::string canonical = CanonicalizeUrl(entry.link);
    if (canonical.empty() || !seen.insert(canonical).second) continue;
    auto stored = store_.StoredRevisionTime(canonical);
    if (!stored.ok()) return stored.error();
    if (*stored && !AnnouncesNewRevision(entry, **stored)) continue;
    accepted.push_back({source.id, std::move(canonical), std::move(entry)});
  }
  for (Candidate& c : accepted) {
    if (options_.fetch_article_pages) {
      record.jobs.push_back({0, kArticleJob, c.source_id, c.canonical_url, EncodeEntry(c.entry), 0, ""});
      continue;
    }
    // The feed's own content, stored at once.
    store::Article article = ToStoredArticle(c, "", extract::Article{});
    if (!article.title.empty() || !article.text.empty()) record.articles.push_back(std::move(article));
  }
  return Status::Ok();
}

Status Ingester::Write(std::vector<store::FeedRecord>& records, IngestReport& report) {
  if (records.empty()) return Status::Ok();
  if (Status written = store_.RecordFeeds(records, NowUtcSeconds()); !written.ok()) return written;
  for (const store::FeedRecord& record : records) {
    report.articles_queued += static_cast<int>(record.jobs.size());
    for (store::PutOutcome outcome : record.outcomes) {
      if (outcome == store::PutOutcome::kInserted) ++report.articles_new;
      if (outcome == store::PutOutcome::kUpdated) ++report.articles_updated;
      if (outcome != store::PutOutcome::kUnchanged) metrics::CountArticlesStored(1);
    }
    for (const store::Article& article : record.articles) AfterStore(options_, store_, article, report);
  }
  records.clear();
  return Status::Ok();
}

Result<int> Ingester::AcceptPushedFeed(const store::Source& source, std::string_view body,
                                       std::string_view content_type) {
  auto parsed = feed::ParseFeed(body, {source.feed_url, std::string(content_type)});
  if (!parsed.ok()) return parsed.error();
  std::vector<store::FeedRecord> records(1);
  records[0].source_id = source.id;
  if (Status accepted = Accept(source, std::move(parsed->entries), records[0]); !accepted.ok()) return accepted.error();
  IngestReport report;
  if (Status written = Write(records, report); !written.ok()) return written.error();
  return report.articles_queued + report.articles_new + report.articles_updated;
}

Result<IngestReport> Ingester::RunOnce(const ProgressFn& progress) {
  IngestReport report;
  if (StopRequested()) return report;
  const int64_t now = NowUtcSeconds();
  // Claimed, not listed: another worker fetching at the same time gets
  // other feeds (or none), never these. Recording each fetch ends its claim.
  auto due = store_.ClaimSources(options_.worker_id, options_.only_due, now, options_.source_lease_seconds,
                                 options_.max_sources_per_round);
  if (!due.ok()) return due.error();
  if (options_.only_due) {
    auto all_sources = store_.ListSources();
    if (!all_sources.ok()) return all_sources.error();
    for (const auto& s : *all_sources) report.feeds_not_due += s.next_fetch_utc > now ? 1 : 0;
  }
  report.feeds_total = static_cast<int>(due->size());
  Status fed = FetchAndAcceptFeeds(*due, now, report, progress);
  if (!fed.ok()) {
    (void)store_.ReleaseSources(options_.worker_id);  // best effort: the lease frees them anyway
    return fed.error();
  }
  if (Status drained = DrainJobs(report, progress); !drained.ok()) return drained.error();
  return report;
}

// One thread runs the transfers; feed_threads others parse and store each
// answer as it arrives, so parsing overlaps the network and uses every core.
Status Ingester::FetchAndAcceptFeeds(const std::vector<store::Source>& due, int64_t now, IngestReport& report,
                                     const ProgressFn& progress) {
  std::vector<net::FetchRequest> requests;
  for (const auto& s : due) {
    net::FetchRequest request = RequestFor(s.feed_url, SettingsFor(s));
    request.etag = s.etag;
    request.last_modified = s.last_modified;
    requests.push_back(std::move(request));
  }
  using Answer = std::pair<size_t, Result<net::FetchResponse>>;
  WorkQueue<Answer> answers(kAnswersInFlight);
  std::thread fetching([&] {
    fetcher_.FetchEach(requests, [&](size_t i, Result<net::FetchResponse> r) { answers.Push({i, std::move(r)}); });
    answers.Close();
  });

  std::mutex mutex;  // guards what the feed threads share: report, first_failure, progress
  size_t done = 0;
  Status first_failure = Status::Ok();
  // Each thread writes the feeds it has prepared together, when no answer
  // is waiting or enough have piled up: one commit for many feeds.
  auto accept_answers = [&] {
    IngestReport mine;
    std::vector<store::FeedRecord> prepared;
    size_t prepared_articles = 0;
    Status failure = Status::Ok();
    auto write = [&] {
      size_t feeds = prepared.size();
      if (failure.ok()) failure = Write(prepared, mine);
      prepared.clear();
      prepared_articles = 0;
      std::lock_guard lock(mutex);
      if (!failure.ok() && first_failure.ok()) first_failure = failure;
      for (size_t i = 0; i < feeds && progress; ++i) progress("feeds", ++done, due.size());
    };
    for (;;) {
      std::optional<Answer> answer = answers.TryPop();
      if (!answer) {
        write();
        if (!(answer = answers.Pop())) break;
      }
      if (!failure.ok()) continue;  // drain: this thread's writes failed
      store::FeedRecord record;
      failure = AcceptFeedAnswer(due[answer->first], std::move(answer->second), now, mine, record);
      prepared_articles += record.articles.size() + record.jobs.size();
      prepared.push_back(std::move(record));
      if (prepared_articles >= kArticlesPerWrite || prepared.size() >= kFeedsPerWrite) write();
    }
    write();
    std::lock_guard lock(mutex);
    AddTo(report, std::move(mine));
  };
  std::vector<std::thread> feed_threads;
  for (int t = 1; t < FeedThreads(); ++t) feed_threads.emplace_back(accept_answers);
  accept_answers();
  for (auto& t : feed_threads) t.join();
  fetching.join();
  return first_failure;
}

int Ingester::FeedThreads() const {
  if (options_.feed_threads > 0) return options_.feed_threads;
  return static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 4u));
}

Status Ingester::AcceptFeedAnswer(const store::Source& source, Result<net::FetchResponse> response, int64_t now,
                                  IngestReport& report, store::FeedRecord& record) {
  record.source_id = source.id;
  // A failure or a 304 keeps the stored validators.
  record.fetch = store::FeedRecord::Fetch{source.etag, source.last_modified, "", now, 0};
  FeedFetchOutcome outcome;
  auto fail = [&](const std::string& message) {
    ++report.feeds_failed;
    report.errors.push_back(source.feed_url + ": " + message);
    record.fetch->error = message;
    outcome.kind = FeedFetchOutcome::Kind::kFailed;
    outcome.consecutive_failures = source.error_count + 1;
    record.fetch->next_fetch_utc = NextFetchTime(source, outcome, {}, now);
  };
  // Not fetched because of a stop: no fetch to record; the release at the
  // stop frees the feed's claim.
  auto cancelled = [&record] {
    record.fetch.reset();
    return Status::Ok();
  };
  if (!response.ok() && net::IsCancelled(response.error())) return cancelled();
  if (!response.ok()) {
    fail(response.message());
    return Status::Ok();
  }
  if (response->status == 304) {
    ++report.feeds_not_modified;
    outcome.kind = FeedFetchOutcome::Kind::kUnchanged;
    outcome.max_age_seconds = response->max_age_seconds;
    record.fetch->next_fetch_utc = NextFetchTime(source, outcome, {}, now);
    return Status::Ok();
  }
  auto parsed = ParseFetchedFeed(fetcher_, *response, options_.max_child_sitemaps);
  if (!parsed.ok() && net::IsCancelled(parsed.error())) return cancelled();
  if (!parsed.ok()) {
    fail(parsed.message());
    return Status::Ok();
  }
  ++report.feeds_ok;
  if (!parsed->hub_url.empty()) report.hubs.push_back({source.id, parsed->hub_url, parsed->self_url});
  outcome.kind = FeedFetchOutcome::Kind::kChanged;
  outcome.entry_times_utc = EntryTimes(parsed->entries);
  outcome.max_age_seconds = response->max_age_seconds;
  outcome.ttl_seconds = int64_t{parsed->ttl_minutes} * 60;
  record.fetch->next_fetch_utc = NextFetchTime(source, outcome, parsed->skip_hours, now);
  // A feed that moved for good (301/308 all the way) is fetched at its new address from now on.
  if (!response->permanent_redirect_url.empty() && response->permanent_redirect_url != source.feed_url) {
    if (Status moved = store_.UpdateFeedUrl(source.id, response->permanent_redirect_url); !moved.ok())
      report.errors.push_back(source.feed_url + ": moved permanently, but " + moved.message());
  }
  // The new validators (ETag, Last-Modified) are written in the same
  // transaction as the feed's new entries: a process that dies before it
  // keeps the old ones, fetches the whole feed again and loses no article.
  record.fetch->etag = response->etag;
  record.fetch->last_modified = response->last_modified;
  return Accept(source, std::move(parsed->entries), record);
}

Status Ingester::DrainJobs(IngestReport& report, const ProgressFn& progress) {
  size_t done = 0;
  for (;;) {
    if (StopRequested()) return Status::Ok();
    auto jobs = store_.ClaimJobs(options_.worker_id, options_.job_batch, NowUtcSeconds(), options_.job_lease_seconds);
    if (!jobs.ok()) return jobs.error();
    if (jobs->empty()) return Status::Ok();
    if (Status processed = ProcessJobs(*jobs, report); !processed.ok()) return processed;
    done += jobs->size();
    if (progress) {
      auto left = store_.CountJobs();
      progress("articles", done, done + (left.ok() ? static_cast<size_t>(left->pending) : 0));
    }
  }
}

Status Ingester::ReleaseClaims() {
  auto jobs = store_.ReleaseJobs(options_.worker_id);
  if (!jobs.ok()) return jobs.error();
  auto sources = store_.ReleaseSources(options_.worker_id);
  return sources.ok() ? Status::Ok() : Status(sources.error());
}

Result<int64_t> Ingester::ReleaseClaimsOfDeadLocalWorkers() {
  auto workers = store_.ClaimingWorkers();
  if (!workers.ok()) return workers.error();
  const std::string host = HostName();
  int64_t freed = 0;
  for (const std::string& worker : *workers) {
    if (worker == options_.worker_id || !IsDeadLocalWorker(worker, host)) continue;
    auto released = store_.ReleaseJobs(worker);
    if (!released.ok()) return released.error();
    freed += *released;
  }
  return freed;
}

void Ingester::FailJob(const store::Job& job, const Error& error, IngestReport& report) {
  ++report.articles_failed;
  const bool give_up = IsPermanent(error) || job.attempts >= options_.max_job_attempts;
  int64_t retry_at = 0;
  if (!give_up) retry_at = NowUtcSeconds() + (options_.job_retry_base_seconds << std::min(job.attempts - 1, 20));
  if (give_up) ++report.articles_given_up;
  report.errors.push_back(job.key + ": " + error.message + (give_up ? " (given up)" : " (will retry)"));
  if (Status st = store_.FailJob(job.id, error.message, retry_at); !st.ok())
    report.errors.push_back(job.key + ": cannot record the failure: " + st.message());
}

Status Ingester::ProcessJobs(const std::vector<store::Job>& jobs, IngestReport& report) {
  // Sources by id, for each job's fetch and extraction settings.
  auto sources = store_.ListSources();
  if (!sources.ok()) return sources.error();
  std::map<int64_t, store::Source> source_by_id;
  for (auto& s : *sources) source_by_id.emplace(s.id, std::move(s));

  std::vector<feed::Entry> entries;
  std::vector<const store::Job*> fetching;
  std::vector<net::FetchRequest> requests;
  for (const store::Job& job : jobs) {
    auto entry = DecodeEntry(job.payload);
    auto source = source_by_id.find(job.source_id);
    if (!entry.ok() || source == source_by_id.end()) {
      FailJob(job, entry.ok() ? MakeError(ErrorKind::kInvalidInput, "its source is gone") : entry.error(), report);
      continue;
    }
    net::FetchRequest request = RequestFor(entry->link, SettingsFor(source->second));
    request.obey_robots = true;  // article pages honour robots.txt; feeds are meant for machines
    requests.push_back(std::move(request));
    entries.push_back(std::move(*entry));
    fetching.push_back(&job);
  }
  // Pages are stored once the batch is back, not as each arrives: storing
  // uses the store connection that reserves the per-host slots shared with
  // other workers, and would delay the next start. A stop bounds the wait:
  // no page starts after it, and those in flight are cut off at its deadline.
  std::vector<Result<net::FetchResponse>> pages = fetcher_.FetchAll(requests);
  for (size_t i = 0; i < pages.size(); ++i) {
    const store::Job& job = *fetching[i];
    Status stored =
        StorePage(job, std::move(entries[i]), SettingsFor(source_by_id[job.source_id]), std::move(pages[i]), report);
    if (!stored.ok()) return stored;  // storage failure stops the round; the rest stay claimed
  }
  return Status::Ok();
}

Status Ingester::StorePage(const store::Job& job, feed::Entry entry, const SourceSettings* settings,
                           Result<net::FetchResponse> page, IngestReport& report) {
  // Not fetched because of a stop: the job stays claimed, and the release
  // at the stop puts it back in the queue, its attempt not counted.
  if (!page.ok() && net::IsCancelled(page.error())) return Status::Ok();
  if (!page.ok()) {
    FailJob(job, page.error(), report);
    return Status::Ok();
  }
  extract::Options extract_options;
  extract_options.url = page->url;
  extract_options.content_type = page->content_type;
  if (settings != nullptr) {
    extract_options.body_selector = settings->extract.body_selector;
    extract_options.remove_selectors = settings->extract.remove_selectors;
  }
  auto extract_started = std::chrono::steady_clock::now();
  auto extracted = extract::Extract(page->body, extract_options);
  metrics::ObserveExtractSeconds(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - extract_started).count());
  if (!extracted.ok()) {
    FailJob(job, extracted.error(), report);
    return Status::Ok();
  }
  const Candidate c{job.source_id, job.key, std::move(entry)};
  std::string key = PreferredKey(c.canonical_url, page->url, extracted->canonical_url);
  store::Article article = ToStoredArticle(c, page->url, std::move(*extracted));
  if (key != c.canonical_url) {
    article.canonical_url = key;
    article.announced_url = c.canonical_url;
  }
  if (article.title.empty() && article.text.empty()) {
    FailJob(job,
            MakeError(ErrorKind::kInvalidInput,
                      "no title and no text found; the page may need a per-source extraction rule"),
            report);
    return Status::Ok();
  }
  auto outcome = store_.PutArticleCompletingJob(article, job.id);
  if (!outcome.ok()) return outcome.error();  // storage failure stops the round
  if (*outcome == store::PutOutcome::kInserted) ++report.articles_new;
  if (*outcome == store::PutOutcome::kUpdated) ++report.articles_updated;
  if (*outcome != store::PutOutcome::kUnchanged) metrics::CountArticlesStored(1);
  AfterStore(options_, store_, article, report);
  return Status::Ok();
}

}  // namespace herald::pipeline
