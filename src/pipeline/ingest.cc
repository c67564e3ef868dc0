#include "pipeline/ingest.h"

#include <algorithm>
#include <set>

#include "common/strings.h"
#include "common/url.h"
#include "extract/extract.h"
#include "feed/feed.h"
#include "sanitize/sanitizer.h"
#include "story/fingerprint.h"

namespace herald::pipeline {
namespace {

// An article page to fetch, with the feed entry that announced it.
struct Candidate {
  int64_t source_id = 0;
  const SourceSettings* settings = nullptr;  // the source's overrides, if any
  std::string canonical_url;
  feed::Entry entry;
};

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
store::Article ToStoredArticle(const Candidate& c, const net::FetchResponse& page, extract::Article x) {
  const feed::Entry& e = c.entry;
  store::Article a;
  a.source_id = c.source_id;
  a.url = page.url.empty() ? e.link : page.url;
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
  if (x.text.empty()) {  // page had no readable body: use the feed's content
    const std::string& html = !e.content.empty() ? e.content : e.summary;
    a.html = html;  // already sanitized by the feed parser
    a.text = HtmlToText(html);
  } else {
    a.html = std::move(x.html);
    a.text = std::move(x.text);
  }
  a.excerpt = !x.excerpt.empty() ? x.excerpt : HtmlToText(e.summary);
  a.language = !x.language.empty() ? x.language : e.language;
  a.paywalled = x.paywalled;
  a.word_count = x.word_count;
  a.content_hash = story::ContentFingerprint(a.text);
  a.fetched_utc = NowUtcSeconds();
  return a;
}

}  // namespace

const SourceSettings* Ingester::SettingsFor(const store::Source& source) const {
  auto found = options_.settings_by_feed_url.find(source.feed_url);
  return found == options_.settings_by_feed_url.end() ? nullptr : &found->second;
}

void Ingester::ScheduleNext(const store::Source& source, FeedFetchOutcome outcome, int64_t now,
                            IngestReport& report) {
  if (source.next_fetch_utc > source.last_fetched_utc && source.last_fetched_utc > 0)
    outcome.previous_interval_seconds = source.next_fetch_utc - source.last_fetched_utc;
  int64_t next = now + RefreshInterval(options_.refresh, outcome, now);
  if (Status st = store_.ScheduleNextFetch(source.id, next); !st.ok())
    report.errors.push_back(source.feed_url + ": cannot store its next fetch time: " + st.message());
}

Result<IngestReport> Ingester::RunOnce(const ProgressFn& progress) {
  auto all_sources = store_.ListSources();
  if (!all_sources.ok()) return all_sources.error();
  IngestReport report;
  const int64_t now = NowUtcSeconds();
  std::vector<store::Source> due;
  for (auto& s : *all_sources) {
    if (options_.only_due && s.next_fetch_utc > now) ++report.feeds_not_due;
    else due.push_back(std::move(s));
  }
  report.feeds_total = static_cast<int>(due.size());

  std::vector<net::FetchRequest> feed_requests;
  for (const auto& s : due) {
    net::FetchRequest request = RequestFor(s.feed_url, SettingsFor(s));
    request.etag = s.etag;
    request.last_modified = s.last_modified;
    feed_requests.push_back(std::move(request));
  }
  auto feed_progress = [&](size_t done, size_t total) {
    if (progress) progress("feeds", done, total);
  };
  auto feed_responses = fetcher_.FetchAll(feed_requests, feed_progress);

  // New validators (ETag, Last-Modified) of the feeds that changed are stored
  // only once their new articles are: a round that dies in between leaves the
  // old validators, so the next round fetches the whole feed again and no
  // announced article is lost.
  struct Validators {
    const store::Source* source;
    std::string etag, last_modified;
  };
  std::vector<Validators> validators_to_save;
  std::vector<Candidate> candidates;
  std::set<std::string> seen;
  for (size_t i = 0; i < due.size(); ++i) {
    const store::Source& source = due[i];
    auto& response = feed_responses[i];
    auto fail = [&](const std::string& message) {
      ++report.feeds_failed;
      report.errors.push_back(source.feed_url + ": " + message);
      (void)store_.UpdateFetchState(source.id, source.etag, source.last_modified, now, message);
      FeedFetchOutcome outcome;
      outcome.kind = FeedFetchOutcome::Kind::kFailed;
      outcome.consecutive_failures = source.error_count + 1;
      ScheduleNext(source, outcome, now, report);
    };
    if (!response.ok()) {
      fail(response.message());
      continue;
    }
    if (response->status == 304) {
      ++report.feeds_not_modified;
      (void)store_.UpdateFetchState(source.id, source.etag, source.last_modified, now, "");
      FeedFetchOutcome outcome;
      outcome.kind = FeedFetchOutcome::Kind::kUnchanged;
      outcome.max_age_seconds = response->max_age_seconds;
      ScheduleNext(source, outcome, now, report);
      continue;
    }
    auto parsed = ParseFetchedFeed(fetcher_, *response, options_.max_child_sitemaps);
    if (!parsed.ok()) {
      fail(parsed.message());
      continue;
    }
    ++report.feeds_ok;
    (void)store_.UpdateFetchState(source.id, source.etag, source.last_modified, now, "");
    validators_to_save.push_back({&source, response->etag, response->last_modified});
    FeedFetchOutcome outcome;
    outcome.kind = FeedFetchOutcome::Kind::kChanged;
    outcome.entry_times_utc = EntryTimes(parsed->entries);
    outcome.max_age_seconds = response->max_age_seconds;
    ScheduleNext(source, outcome, now, report);
    // A feed that moved for good (301/308 all the way) is fetched at its new address from now on.
    if (!response->permanent_redirect_url.empty() && response->permanent_redirect_url != source.feed_url) {
      if (Status moved = store_.UpdateFeedUrl(source.id, response->permanent_redirect_url); !moved.ok())
        report.errors.push_back(source.feed_url + ": moved permanently, but " + moved.message());
    }
    for (auto& entry : NewestEntries(std::move(parsed->entries), options_.max_articles_per_feed)) {
      std::string canonical = CanonicalizeUrl(entry.link);
      if (canonical.empty() || !seen.insert(canonical).second) continue;
      auto stored = store_.StoredRevisionTime(canonical);
      if (!stored.ok()) return stored.error();
      if (*stored && !AnnouncesNewRevision(entry, **stored)) continue;
      candidates.push_back({source.id, SettingsFor(source), canonical, std::move(entry)});
    }
  }

  std::vector<net::FetchRequest> page_requests;
  for (const auto& c : candidates) {
    net::FetchRequest request = RequestFor(c.entry.link, c.settings);
    request.obey_robots = true;  // article pages honour robots.txt; feeds are meant for machines
    page_requests.push_back(request);
  }
  auto page_progress = [&](size_t done, size_t total) {
    if (progress) progress("articles", done, total);
  };
  auto pages = fetcher_.FetchAll(page_requests, page_progress);

  for (size_t i = 0; i < candidates.size(); ++i) {
    const Candidate& c = candidates[i];
    auto fail = [&](const std::string& message) {
      ++report.articles_failed;
      report.errors.push_back(c.entry.link + ": " + message);
    };
    if (!pages[i].ok()) {
      fail(pages[i].message());
      continue;
    }
    extract::Options extract_options;
    extract_options.url = pages[i]->url;
    extract_options.content_type = pages[i]->content_type;
    if (c.settings) {
      extract_options.body_selector = c.settings->extract.body_selector;
      extract_options.remove_selectors = c.settings->extract.remove_selectors;
    }
    auto extracted = extract::Extract(pages[i]->body, extract_options);
    if (!extracted.ok()) {
      fail(extracted.message());
      continue;
    }
    store::Article article = ToStoredArticle(c, *pages[i], std::move(*extracted));
    if (article.title.empty() && article.text.empty()) {
      fail("no title and no text found; the page may need a per-source extraction rule");
      continue;
    }
    auto outcome = store_.PutArticle(article);
    if (!outcome.ok()) return outcome.error();  // storage failure stops the round
    if (*outcome == store::PutOutcome::kInserted) ++report.articles_new;
    if (*outcome == store::PutOutcome::kUpdated) ++report.articles_updated;
  }
  for (const Validators& v : validators_to_save)
    (void)store_.UpdateFetchState(v.source->id, v.etag, v.last_modified, now, "");
  return report;
}

}  // namespace herald::pipeline
