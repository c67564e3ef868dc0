// The pipeline against the demo newsroom over real loopback HTTP, into a real
// SQLite file: what ingest stores must match the newsroom's ground truth.
#include "pipeline/ingest.h"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>

#include "common/strings.h"
#include "demo/faults.h"
#include "demo/newsroom.h"
#include "pipeline/feed_status.h"
#include "store/sqlite_db.h"

namespace herald::pipeline {
namespace {

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/herald-ingest-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    auto newsroom = demo::StartNewsroom("127.0.0.1", 0);
    ASSERT_TRUE(newsroom.ok()) << newsroom.message();
    newsroom_ = std::move(*newsroom);
    auto store = store::Store::Open({dir_ + "/herald.db"});
    ASSERT_TRUE(store.ok()) << store.message();
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    newsroom_.reset();
    std::filesystem::remove_all(dir_);
  }

  void AddDemoSources() {
    for (const auto& f : demo::Feeds()) {
      store::Source s;
      s.name = f.publisher;
      s.feed_url = newsroom_->base_url() + f.path;
      ASSERT_TRUE(store_->AddSource(s).ok());
    }
  }

  net::FetchOptions LoopbackFetch() {
    net::FetchOptions o;
    o.allow_private_networks = true;
    o.per_host_delay_ms = 0;
    o.max_per_host = 4;
    return o;
  }

  // Stored articles keyed by path on the newsroom.
  std::map<std::string, store::Article> StoredByPath() {
    std::map<std::string, store::Article> out;
    auto rows = store_->LatestArticles(1000, 0);
    EXPECT_TRUE(rows.ok());
    for (const auto& row : *rows) {
      auto a = store_->GetArticle(row.id);
      EXPECT_TRUE(a.ok() && a->has_value());
      std::string path = (*a)->canonical_url.substr(newsroom_->base_url().size());
      out[path] = **a;
    }
    return out;
  }

  std::string dir_;
  std::unique_ptr<httpd::Server> newsroom_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(IngestTest, StoresEveryDemoArticleOnceAndReingestAddsNothing) {
  AddDemoSources();
  net::Fetcher fetcher(LoopbackFetch());
  Ingester ingester(*store_, fetcher, {});
  auto first = ingester.RunOnce();
  ASSERT_TRUE(first.ok()) << first.message();
  // Every demo feed advertises the newsroom's WebSub hub.
  EXPECT_EQ(first->hubs.size(), demo::Feeds().size() - 1) << "all but the news sitemap";
  for (const auto& hub : first->hubs) EXPECT_EQ(hub.hub_url, newsroom_->base_url() + "/hub");
  ASSERT_TRUE(first.ok()) << first.message();
  for (const auto& e : first->errors) ADD_FAILURE() << e;
  EXPECT_EQ(first->feeds_failed, 0);
  EXPECT_EQ(first->articles_new, static_cast<int>(demo::Articles().size()));
  EXPECT_EQ(*store_->CountArticles(), static_cast<int64_t>(demo::Articles().size()));

  auto second = ingester.RunOnce();
  ASSERT_TRUE(second.ok()) << second.message();
  EXPECT_EQ(second->articles_new, 0);
  EXPECT_EQ(second->feeds_failed, 0);
  EXPECT_EQ(*store_->CountArticles(), static_cast<int64_t>(demo::Articles().size()));
  // Unchanged feeds answer 304 to the conditional GET.
  EXPECT_EQ(second->feeds_not_modified, static_cast<int>(demo::Feeds().size()));
}

TEST_F(IngestTest, StoredArticlesMatchGroundTruth) {
  AddDemoSources();
  net::Fetcher fetcher(LoopbackFetch());
  ASSERT_TRUE(Ingester(*store_, fetcher, {}).RunOnce().ok());
  auto stored = StoredByPath();
  for (const demo::Truth& t : demo::Articles()) {
    SCOPED_TRACE(t.path);
    auto it = stored.find(t.path);
    ASSERT_NE(it, stored.end());
    const store::Article& a = it->second;
    EXPECT_EQ(a.title, t.title);
    EXPECT_EQ(a.byline, t.byline);
    ASSERT_TRUE(a.published.has_value());
    EXPECT_EQ(FormatIso8601(*a.published), t.published);
    EXPECT_EQ(a.language, t.language);
    EXPECT_EQ(a.paywalled, t.paywalled);
    EXPECT_EQ(a.lead_image_caption, t.lead_image_caption);
    EXPECT_EQ(a.lead_image_credit, t.lead_image_credit);
    std::string text = CollapseWhitespace(a.text);
    for (const std::string& p : t.paragraphs)
      EXPECT_NE(text.find(CollapseWhitespace(p)), std::string::npos) << "missing paragraph: " << p;
    for (const char* junk : {"Your browser does not support", "您的浏览器不支持", "Listen to this article",
                             "Photo:", "Share on", "Newsletter", "PREMIUM"})
      EXPECT_EQ(text.find(junk), std::string::npos) << "junk in text: " << junk;
    // Exactly the article's paragraphs: nothing added from the page around it.
    std::vector<std::string> kept;
    for (const std::string& p : herald::Split(a.text, '\n'))
      if (!CollapseWhitespace(p).empty()) kept.push_back(CollapseWhitespace(p));
    EXPECT_EQ(kept.size(), t.paragraphs.size()) << a.text;
    if (!t.lead_image_caption.empty()) {
      EXPECT_EQ(a.text.find(t.lead_image_caption), std::string::npos) << "caption leaked into the body text";
    }
  }
}

TEST_F(IngestTest, OneBrokenSourceDoesNotStopTheOthers) {
  AddDemoSources();
  store::Source broken;
  broken.name = "Broken";
  broken.feed_url = newsroom_->base_url() + "/no-such-feed.xml";
  ASSERT_TRUE(store_->AddSource(broken).ok());
  net::Fetcher fetcher(LoopbackFetch());
  auto report = Ingester(*store_, fetcher, {}).RunOnce();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->feeds_failed, 1);
  EXPECT_EQ(report->articles_new, static_cast<int>(demo::Articles().size()));
  auto sources = store_->ListSources();
  ASSERT_TRUE(sources.ok());
  for (const auto& s : *sources) {
    if (s.name == "Broken") {
      EXPECT_NE(s.last_error.find("404"), std::string::npos) << s.last_error;
      EXPECT_EQ(s.error_count, 1);
    } else {
      EXPECT_EQ(s.last_error, "") << s.name;
    }
  }
}

TEST_F(IngestTest, PrivateAddressesAreRefusedUnlessAllowed) {
  AddDemoSources();
  net::FetchOptions strict = LoopbackFetch();
  strict.allow_private_networks = false;
  net::Fetcher fetcher(strict);
  auto report = Ingester(*store_, fetcher, {}).RunOnce();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->feeds_failed, static_cast<int>(demo::Feeds().size()));
  EXPECT_EQ(*store_->CountArticles(), 0);
  ASSERT_FALSE(report->errors.empty());
  EXPECT_NE(report->errors[0].find("127.0.0.1"), std::string::npos) << report->errors[0];
}

// A site the automatic path gets wrong: the story is two short paragraphs,
// the page's longest prose is a reader-comments block with no telling class.
httpd::Response OddSite(const httpd::Request& r, const std::string& base) {
  if (r.path == "/feed.xml")
    return {200, "application/rss+xml", {},
            "<rss version=\"2.0\"><channel><title>Odd</title><item><title>Odd story</title><link>" + base +
                "/story.html</link></item></channel></rss>"};
  std::string long_prose;
  for (int i = 0; i < 8; ++i)
    long_prose += "<p>Reader " + std::to_string(i) + " wrote at length about something else entirely, with many "
                  "words, commas, clauses, and opinions, none of which belong to the article itself.</p>";
  return {200, "text/html", {},
          "<html><head><title>Odd story</title></head><body><div id=\"x1\"><p>The council approved the budget on "
          "Monday.</p><p>It takes effect in May.</p><div class=\"promo\">Buy our app</div></div><div id=\"x2\">" +
              long_prose + "</div></body></html>"};
}

TEST_F(IngestTest, PerSourceSelectorsOverrideTheAutomaticExtraction) {
  std::string base;
  auto server = httpd::Server::Start({}, [&base](const httpd::Request& r) { return OddSite(r, base); });
  ASSERT_TRUE(server.ok());
  base = (*server)->base_url();
  store::Source s;
  s.name = "Odd";
  s.feed_url = base + "/feed.xml";
  ASSERT_TRUE(store_->AddSource(s).ok());
  IngestOptions options;
  options.settings_by_feed_url[s.feed_url].extract = {"#x1", {".promo"}};
  net::Fetcher fetcher(LoopbackFetch());
  auto report = Ingester(*store_, fetcher, options).RunOnce();
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->articles_new, 1) << (report->errors.empty() ? "" : report->errors[0]);
  auto rows = store_->LatestArticles(1, 0);
  auto a = store_->GetArticle((*rows)[0].id);
  EXPECT_EQ(CollapseWhitespace((*a)->text), "The council approved the budget on Monday. It takes effect in May.");
}

TEST_F(IngestTest, ArticlePagesHonourRobotsTxt) {
  std::string base;
  std::atomic<int> private_hits{0};
  auto server = httpd::Server::Start({}, [&](const httpd::Request& r) -> httpd::Response {
    if (r.path == "/robots.txt") return {200, "text/plain", {}, "User-agent: *\nDisallow: /private/\n"};
    if (r.path == "/feed.xml")
      return {200, "application/rss+xml", {},
              "<rss version=\"2.0\"><channel><title>R</title><item><title>Open</title><link>" + base +
                  "/open.html</link></item><item><title>Closed</title><link>" + base +
                  "/private/closed.html</link></item></channel></rss>"};
    if (r.path.rfind("/private/", 0) == 0) ++private_hits;
    return {200, "text/html", {}, "<html><head><title>Page</title></head><body><p>Body text of the page.</p></body></html>"};
  });
  ASSERT_TRUE(server.ok());
  base = (*server)->base_url();
  store::Source s;
  s.name = "Robots";
  s.feed_url = base + "/feed.xml";
  ASSERT_TRUE(store_->AddSource(s).ok());
  net::Fetcher fetcher(LoopbackFetch());
  auto report = Ingester(*store_, fetcher, {}).RunOnce();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->articles_new, 1);
  EXPECT_EQ(report->articles_failed, 1);
  EXPECT_EQ(private_hits.load(), 0) << "a disallowed page was requested";
  ASSERT_FALSE(report->errors.empty());
  EXPECT_NE(report->errors[0].find("robots.txt"), std::string::npos) << report->errors[0];
}

TEST_F(IngestTest, PermanentlyMovedFeedIsFollowedAndItsNewUrlStored) {
  std::string base;
  auto server = httpd::Server::Start({}, [&](const httpd::Request& r) -> httpd::Response {
    if (r.path == "/old.xml") return {301, "text/plain", {{"Location", base + "/new.xml"}}, "moved\n"};
    if (r.path == "/new.xml")
      return {200, "application/rss+xml", {},
              "<rss version=\"2.0\"><channel><title>M</title><item><title>Moved story</title><link>" + base +
                  "/story.html</link></item></channel></rss>"};
    return {200, "text/html", {}, "<html><head><title>Moved story</title></head><body><p>Body of the moved story.</p></body></html>"};
  });
  ASSERT_TRUE(server.ok());
  base = (*server)->base_url();
  store::Source s;
  s.name = "Moved";
  s.feed_url = base + "/old.xml";
  int64_t id = *store_->AddSource(s);
  net::Fetcher fetcher(LoopbackFetch());
  auto report = Ingester(*store_, fetcher, {}).RunOnce();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->articles_new, 1);
  EXPECT_EQ((*store_->GetSource(id))->feed_url, base + "/new.xml");
}

TEST_F(IngestTest, PerSourceHeadersAndCookiesReachTheFeedAndItsPages) {
  std::string base;
  auto server = httpd::Server::Start({}, [&](const httpd::Request& r) -> httpd::Response {
    if (r.Header("x-api-key") != "k-42" || r.Header("cookie") != "consent=yes")
      return {403, "text/plain", {}, "forbidden\n"};
    if (r.path == "/feed.xml")
      return {200, "application/rss+xml", {},
              "<rss version=\"2.0\"><channel><title>K</title><item><title>Keyed story</title><link>" + base +
                  "/story.html</link></item></channel></rss>"};
    return {200, "text/html", {},
            "<html><head><title>Keyed story</title></head><body><p>Only readers with the key see this.</p></body></html>"};
  });
  ASSERT_TRUE(server.ok());
  base = (*server)->base_url();
  store::Source s;
  s.name = "Keyed";
  s.feed_url = base + "/feed.xml";
  ASSERT_TRUE(store_->AddSource(s).ok());
  net::Fetcher fetcher(LoopbackFetch());
  auto without = Ingester(*store_, fetcher, {}).RunOnce();
  ASSERT_TRUE(without.ok());
  EXPECT_EQ(without->feeds_failed, 1);
  IngestOptions options;
  options.settings_by_feed_url[s.feed_url].headers = {{"X-Api-Key", "k-42"}};
  options.settings_by_feed_url[s.feed_url].cookies = "consent=yes";
  auto with = Ingester(*store_, fetcher, options).RunOnce();
  ASSERT_TRUE(with.ok());
  EXPECT_EQ(with->feeds_ok, 1);
  EXPECT_EQ(with->articles_new, 1) << (with->errors.empty() ? "" : with->errors[0]);
}

TEST_F(IngestTest, EachFeedIsScheduledAndOnlyDueFeedsAreFetched) {
  AddDemoSources();
  store::Source broken;
  broken.name = "Broken";
  broken.feed_url = newsroom_->base_url() + "/no-such-feed.xml";
  ASSERT_TRUE(store_->AddSource(broken).ok());
  IngestOptions options;
  options.only_due = true;
  net::Fetcher fetcher(LoopbackFetch());
  int64_t before = NowUtcSeconds();
  auto first = Ingester(*store_, fetcher, options).RunOnce();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->feeds_total, static_cast<int>(demo::Feeds().size()) + 1);  // never scheduled: all due
  EXPECT_EQ(first->feeds_not_due, 0);
  auto scheduled = store_->ListSources();
  ASSERT_TRUE(scheduled.ok());
  for (const auto& s : *scheduled) {
    EXPECT_GE(s.next_fetch_utc, before + options.refresh.min_seconds) << s.name;
    EXPECT_LE(s.next_fetch_utc, NowUtcSeconds() + options.refresh.max_seconds) << s.name;
    // The first failure waits the default interval before the next try.
    if (s.name == "Broken") {
      EXPECT_LE(s.next_fetch_utc, NowUtcSeconds() + options.refresh.default_seconds);
    }
  }
  auto second = Ingester(*store_, fetcher, options).RunOnce();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->feeds_total, 0);
  EXPECT_EQ(second->feeds_not_due, static_cast<int>(demo::Feeds().size()) + 1);
  // Without only_due (`herald ingest --all`) every feed is fetched again.
  options.only_due = false;
  auto forced = Ingester(*store_, fetcher, options).RunOnce();
  ASSERT_TRUE(forced.ok());
  EXPECT_EQ(forced->feeds_total, static_cast<int>(demo::Feeds().size()) + 1);
  EXPECT_EQ(forced->articles_new, 0);
}

TEST_F(IngestTest, RepeatedFailuresBackOff) {
  store::Source broken;
  broken.name = "Broken";
  broken.feed_url = newsroom_->base_url() + "/no-such-feed.xml";
  int64_t id = *store_->AddSource(broken);
  net::Fetcher fetcher(LoopbackFetch());
  int64_t previous_wait = 0;
  for (int round = 1; round <= 3; ++round) {
    ASSERT_TRUE(Ingester(*store_, fetcher, {}).RunOnce().ok());
    store::Source s = **store_->GetSource(id);
    EXPECT_EQ(s.error_count, round);
    int64_t wait = s.next_fetch_utc - s.last_fetched_utc;
    EXPECT_GT(wait, previous_wait) << "round " << round;
    previous_wait = wait;
  }
}

TEST_F(IngestTest, AnUpdatedEntryIsFetchedAgainAndItsNewRevisionKept) {
  std::string base;
  std::atomic<int> version{1};
  std::atomic<int> page_requests{0};
  auto server = httpd::Server::Start({}, [&](const httpd::Request& r) -> httpd::Response {
    std::string v = std::to_string(version.load());
    if (r.path == "/atom.xml")
      return {200, "application/atom+xml", {},
              "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>R</title><entry><title>Revised story</title>"
              "<link href=\"" + base + "/story.html\"/><id>tag:r,2025:1</id>"
              "<published>2025-10-02T08:00:00Z</published><updated>2025-10-02T0" + v + ":30:00Z</updated></entry></feed>"};
    if (r.path != "/story.html") return {404, "text/plain", {}, "not here\n"};  // robots.txt among others
    ++page_requests;
    return {200, "text/html", {},
            "<html><head><title>Revised story</title></head><body><article><p>Version " + v +
                " of the story, with enough words to be the body.</p></article></body></html>"};
  });
  ASSERT_TRUE(server.ok());
  base = (*server)->base_url();
  store::Source s;
  s.name = "Revisions";
  s.feed_url = base + "/atom.xml";
  ASSERT_TRUE(store_->AddSource(s).ok());
  net::Fetcher fetcher(LoopbackFetch());
  auto first = Ingester(*store_, fetcher, {}).RunOnce();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->articles_new, 1);
  auto unchanged = Ingester(*store_, fetcher, {}).RunOnce();  // same update date: the page is not fetched again
  ASSERT_TRUE(unchanged.ok());
  EXPECT_EQ(page_requests.load(), 1);
  version = 2;  // the entry's <updated> moves on
  auto revised = Ingester(*store_, fetcher, {}).RunOnce();
  ASSERT_TRUE(revised.ok());
  EXPECT_EQ(revised->articles_updated, 1) << (revised->errors.empty() ? "" : revised->errors[0]);
  EXPECT_EQ(page_requests.load(), 2);
  auto rows = store_->LatestArticles(10, 0);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_NE((*store_->GetArticle((*rows)[0].id))->text.find("Version 2 of the story"), std::string::npos);
  ASSERT_TRUE(Ingester(*store_, fetcher, {}).RunOnce().ok());
  EXPECT_EQ(page_requests.load(), 2);
}

// Every fault fixture of the demo newsroom ends in a clear per-feed status,
// and the healthy sources beside them are ingested as usual.
TEST_F(IngestTest, EveryFaultFixtureEndsInAClearFeedStatus) {
  AddDemoSources();
  std::map<std::string, int64_t> fault_ids;
  for (const auto& fault : demo::Faults()) {
    store::Source s;
    s.name = "Fault " + fault.path;
    s.feed_url = newsroom_->base_url() + fault.path;
    fault_ids[fault.path] = *store_->AddSource(s);
  }
  net::FetchOptions options = LoopbackFetch();
  options.max_retries = 0;
  options.timeout_seconds = 2;  // the drip and the endless body end in a timeout or the size cap
  options.max_body_bytes = 4 << 20;
  net::Fetcher fetcher(options);
  for (int round = 1; round <= 2; ++round) {  // the second round meets 304s and the moved URL
    auto report = Ingester(*store_, fetcher, {}).RunOnce();
    ASSERT_TRUE(report.ok()) << report.message();
    EXPECT_EQ(*store_->CountArticles(), static_cast<int64_t>(demo::Articles().size()));
  }
  const int64_t now = NowUtcSeconds();
  for (const auto& fault : demo::Faults()) {
    store::Source s = **store_->GetSource(fault_ids[fault.path]);
    std::string status = DescribeFeedStatus(s, now);
    if (fault.expect_status.empty()) {
      EXPECT_EQ(s.error_count, 0) << fault.path << ": " << status;
      EXPECT_EQ(status.rfind("ok; next fetch in ", 0), 0u) << fault.path << ": " << status;
    } else {
      EXPECT_EQ(s.error_count, 2) << fault.path << ": " << status;
      EXPECT_NE(status.find(fault.expect_status), std::string::npos) << fault.path << ": " << status;
      EXPECT_NE(status.find("; next try in "), std::string::npos) << fault.path << ": " << status;
    }
  }
  EXPECT_EQ((*store_->GetSource(fault_ids["/faults/moved.xml"]))->feed_url,
            newsroom_->base_url() + "/faults/new-home.xml");
}

// A round that dies after fetching the feeds but before queueing their
// entries (here: another process holds the database's write lock) must not
// lose them: the feeds' new validators are saved only once their entries are
// queued, so the next round fetches the feeds whole again instead of 304s.
TEST_F(IngestTest, ARoundThatDiesBeforeQueueingLosesNoArticle) {
  store_.reset();
  auto impatient = store::Store::Open({.path = dir_ + "/herald.db", .busy_timeout_ms = 50});
  ASSERT_TRUE(impatient.ok());
  store_ = std::move(*impatient);
  AddDemoSources();
  auto blocker = store::Database::Open(dir_ + "/herald.db", /*read_only=*/false);
  ASSERT_TRUE(blocker.ok()) << blocker.message();
  // Another connection holds the write lock for the whole round: the feeds
  // are read and fetched (WAL readers are not blocked), no write succeeds.
  ASSERT_TRUE((*blocker)->Exec("BEGIN EXCLUSIVE").ok());
  net::Fetcher fetcher(LoopbackFetch());
  auto died = Ingester(*store_, fetcher, {}).RunOnce();
  ASSERT_FALSE(died.ok());
  EXPECT_EQ(died.error().kind, ErrorKind::kStorage) << died.message();
  ASSERT_TRUE((*blocker)->Exec("ROLLBACK").ok());

  auto next = Ingester(*store_, fetcher, {}).RunOnce();
  ASSERT_TRUE(next.ok()) << next.message();
  EXPECT_EQ(next->feeds_not_modified, 0);
  EXPECT_EQ(*store_->CountArticles(), static_cast<int64_t>(demo::Articles().size()));
  // With everything stored, the validators are saved: the round after is all 304s.
  auto after = Ingester(*store_, fetcher, {}).RunOnce();
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->feeds_not_modified, after->feeds_total);
}

// The queue is durable: a process that dies with article jobs queued (here
// after its first batch) leaves them in the file; the next process, on a
// fresh connection, finishes them, and nothing is stored twice.
TEST_F(IngestTest, QueuedArticlesSurviveARestartAndAreStoredOnce) {
  store_.reset();
  auto impatient = store::Store::Open({.path = dir_ + "/herald.db", .busy_timeout_ms = 50});
  ASSERT_TRUE(impatient.ok());
  store_ = std::move(*impatient);
  AddDemoSources();
  auto blocker = store::Database::Open(dir_ + "/herald.db", /*read_only=*/false);
  ASSERT_TRUE(blocker.ok());
  bool locked = false;
  auto die_after_first_batch = [&](const std::string& stage, size_t, size_t) {
    if (stage == "articles" && !locked) locked = (*blocker)->Exec("BEGIN EXCLUSIVE").ok();
  };
  IngestOptions options;
  options.job_batch = 5;
  options.worker_id = "first";
  net::Fetcher fetcher(LoopbackFetch());
  auto died = Ingester(*store_, fetcher, options).RunOnce(die_after_first_batch);
  ASSERT_TRUE(locked);
  ASSERT_FALSE(died.ok());
  ASSERT_TRUE((*blocker)->Exec("ROLLBACK").ok());
  const int64_t total = static_cast<int64_t>(demo::Articles().size());
  EXPECT_EQ(*store_->CountArticles(), 5);

  store_.reset();  // the restart
  auto reopened = store::Store::Open({.path = dir_ + "/herald.db"});
  ASSERT_TRUE(reopened.ok()) << reopened.message();
  store_ = std::move(*reopened);
  EXPECT_EQ(store_->CountJobs()->pending, total - 5);
  options.worker_id = "second";
  auto resumed = Ingester(*store_, fetcher, options).RunOnce();
  ASSERT_TRUE(resumed.ok()) << resumed.message();
  EXPECT_EQ(resumed->feeds_not_modified, resumed->feeds_total) << "entries were queued, so validators were saved";
  EXPECT_EQ(resumed->articles_queued, 0);
  EXPECT_EQ(resumed->articles_new, total - 5);
  EXPECT_EQ(*store_->CountArticles(), total);
  auto left = store_->CountJobs();
  EXPECT_EQ(left->pending + left->claimed + left->failed, 0);
}

// A worker killed while holding claims: once its lease is over, another
// worker takes the jobs over; ReleaseClaims (a clean stop) hands them over
// at once.
TEST_F(IngestTest, ClaimsOfADeadWorkerAreTakenOver) {
  store::Source s;
  s.name = "Harbour";
  s.feed_url = newsroom_->base_url() + demo::Feeds()[0].path;
  s.id = *store_->AddSource(s);
  net::Fetcher fetcher(LoopbackFetch());
  auto feed = fetcher.FetchAll({{s.feed_url, "", ""}});
  ASSERT_TRUE(feed[0].ok());
  IngestOptions options;
  options.worker_id = "survivor";
  Ingester survivor(*store_, fetcher, options);
  auto queued = survivor.AcceptPushedFeed(s, feed[0]->body, feed[0]->content_type);
  ASSERT_TRUE(queued.ok()) << queued.message();
  ASSERT_GT(*queued, 1);
  // A stopped worker holds all jobs but one under a long lease; a dead one
  // holds the last under a lease that is already over.
  ASSERT_EQ(store_->ClaimJobs("stopped", *queued - 1, NowUtcSeconds(), 3600)->size(), static_cast<size_t>(*queued - 1));
  ASSERT_EQ(store_->ClaimJobs("dead", 1, NowUtcSeconds(), 0)->size(), 1u);
  IngestReport report;
  ASSERT_TRUE(survivor.DrainJobs(report).ok());
  EXPECT_EQ(report.articles_new, 1);
  IngestOptions stopped_options;
  stopped_options.worker_id = "stopped";
  ASSERT_TRUE(Ingester(*store_, fetcher, stopped_options).ReleaseClaims().ok());
  ASSERT_TRUE(survivor.DrainJobs(report).ok());
  EXPECT_EQ(report.articles_new, *queued);
  EXPECT_EQ(*store_->CountArticles(), *queued);
}

// Two workers never fetch one feed at once: a round takes only the feeds no
// other worker's claim holds; a dead worker's feeds come back after its
// lease, a stopped one's at once (ReleaseClaims).
TEST_F(IngestTest, FeedsClaimedByAnotherWorkerAreLeftToIt) {
  AddDemoSources();
  const int feeds = static_cast<int>(demo::Feeds().size());
  ASSERT_GT(feeds, 2);
  const int64_t now = NowUtcSeconds();
  ASSERT_EQ(store_->ClaimSources("busy", false, now, 3600, 1)->size(), 1u);
  ASSERT_EQ(store_->ClaimSources("dead", false, now, 0, 1)->size(), 1u);  // its lease is already over
  net::Fetcher fetcher(LoopbackFetch());
  IngestOptions options;
  options.worker_id = "me";
  options.fetch_article_pages = false;
  auto first = Ingester(*store_, fetcher, options).RunOnce();
  ASSERT_TRUE(first.ok()) << first.message();
  EXPECT_EQ(first->feeds_total, feeds - 1);  // all but the busy worker's
  // Recording the fetches ended this worker's claims; the busy one's stays.
  EXPECT_EQ(store_->ClaimSources("other", false, now, 3600, 1000)->size(), static_cast<size_t>(feeds - 1));
  ASSERT_EQ(*store_->ReleaseSources("other"), feeds - 1);
  IngestOptions busy_options = options;
  busy_options.worker_id = "busy";
  ASSERT_TRUE(Ingester(*store_, fetcher, busy_options).ReleaseClaims().ok());
  auto second = Ingester(*store_, fetcher, options).RunOnce();
  ASSERT_TRUE(second.ok()) << second.message();
  EXPECT_EQ(second->feeds_total, feeds);
}

TEST_F(IngestTest, AStopRequestEndsTheRoundBeforeTheNextClaim) {
  AddDemoSources();
  net::Fetcher fetcher(LoopbackFetch());
  IngestOptions options;
  options.worker_id = "stopping";
  options.job_batch = 2;
  int asked = 0;
  options.stop_requested = [&asked] { return ++asked > 2; };  // feeds, one page batch, then stop
  auto report = Ingester(*store_, fetcher, options).RunOnce();
  ASSERT_TRUE(report.ok()) << report.message();
  EXPECT_EQ(report->feeds_total, static_cast<int>(demo::Feeds().size()));
  EXPECT_GT(report->articles_queued, 2);
  EXPECT_EQ(report->articles_new + report->articles_failed, 2);
  EXPECT_GE(store_->CountJobs()->pending, report->articles_queued - 2);  // untouched (a failed try waits too)
  EXPECT_EQ(*store_->ReleaseSources("stopping"), 0);  // every fetched feed's claim ended with its record
}

// A worker of this host killed with claims (its pid is gone) is recognised at
// once; a live one, and one of another host, keep theirs until the lease.
TEST_F(IngestTest, ClaimsOfAKilledLocalWorkerAreFreedAtOnce) {
  store::Source s;
  s.name = "Harbour";
  s.feed_url = newsroom_->base_url() + demo::Feeds()[0].path;
  s.id = *store_->AddSource(s);
  net::Fetcher fetcher(LoopbackFetch());
  auto feed = fetcher.FetchAll({{s.feed_url, "", ""}});
  ASSERT_TRUE(feed[0].ok());
  Ingester ingester(*store_, fetcher, {});
  auto queued = ingester.AcceptPushedFeed(s, feed[0]->body, feed[0]->content_type);
  ASSERT_TRUE(queued.ok() && *queued >= 3);
  char host[256] = {};
  ASSERT_EQ(gethostname(host, sizeof host - 1), 0);
  pid_t child = fork();
  if (child == 0) _exit(0);
  ASSERT_GT(child, 0);
  ASSERT_EQ(waitpid(child, nullptr, 0), child);  // a pid that existed and is gone
  const int64_t now = NowUtcSeconds();
  ASSERT_EQ(store_->ClaimJobs(std::string(host) + ":" + std::to_string(child), 1, now, 3600)->size(), 1u);
  ASSERT_EQ(store_->ClaimJobs(std::string(host) + ":" + std::to_string(getppid()), 1, now, 3600)->size(), 1u);
  ASSERT_EQ(store_->ClaimJobs("elsewhere.example:1", 1, now, 3600)->size(), 1u);
  auto freed = ingester.ReleaseClaimsOfDeadLocalWorkers();
  ASSERT_TRUE(freed.ok()) << freed.message();
  EXPECT_EQ(*freed, 1);
  EXPECT_EQ(store_->CountJobs()->claimed, 2);
}

// A page that fails for good (robots.txt says no) is given up and kept with
// its error; one that fails for now waits for its retry time.
TEST_F(IngestTest, FailedPagesAreRetriedLaterOrGivenUp) {
  std::string base;
  std::atomic<bool> flaky_up{false};
  auto server = httpd::Server::Start({}, [&](const httpd::Request& r) -> httpd::Response {
    if (r.path == "/robots.txt") return {200, "text/plain", {}, "User-agent: *\nDisallow: /private/\n"};
    if (r.path == "/feed.xml")
      return {200, "application/rss+xml", {},
              "<rss version=\"2.0\"><channel><title>R</title><item><title>Flaky</title><link>" + base +
                  "/flaky.html</link></item><item><title>Closed</title><link>" + base +
                  "/private/closed.html</link></item></channel></rss>"};
    if (r.path == "/flaky.html" && !flaky_up) return {503, "text/plain", {}, "busy"};
    return {200, "text/html", {}, "<html><head><title>Page</title></head><body><p>Body text of the page.</p></body></html>"};
  });
  ASSERT_TRUE(server.ok());
  base = (*server)->base_url();
  store::Source s;
  s.name = "Flaky";
  s.feed_url = base + "/feed.xml";
  ASSERT_TRUE(store_->AddSource(s).ok());
  net::FetchOptions fetch_options = LoopbackFetch();
  fetch_options.max_retries = 0;
  net::Fetcher fetcher(fetch_options);
  IngestOptions options;
  options.job_retry_base_seconds = 0;  // retry at once: the test drives the rounds
  auto first = Ingester(*store_, fetcher, options).RunOnce();
  ASSERT_TRUE(first.ok());
  // robots.txt: given up at the first attempt; the flaky page: retried at
  // once (retry base 0) until max_job_attempts, then given up too.
  EXPECT_EQ(first->articles_given_up, 2);
  EXPECT_EQ(first->articles_failed, 1 + options.max_job_attempts);
  auto failed = store_->FailedJobs(10);
  ASSERT_EQ(failed->size(), 2u);
  for (const store::Job& job : *failed) {
    if (job.key.find("/private/closed.html") != std::string::npos) {
      EXPECT_EQ(job.attempts, 1);
      EXPECT_NE(job.last_error.find("robots.txt"), std::string::npos) << job.last_error;
    } else {
      EXPECT_EQ(job.attempts, options.max_job_attempts);
      EXPECT_NE(job.last_error.find("503"), std::string::npos) << job.last_error;
    }
  }
  flaky_up = true;
  ASSERT_EQ(*store_->RetryFailedJobs(), 2);
  IngestReport report;
  ASSERT_TRUE(Ingester(*store_, fetcher, options).DrainJobs(report).ok());
  EXPECT_EQ(report.articles_new, 1);
  EXPECT_EQ(store_->CountJobs()->failed, 1) << "robots.txt still says no";
}

// One article reached under several URLs (a tracking variant in one feed, a
// mobile host in another) is stored once, under the page's canonical URL on
// its own site; a canonical URL on another site is ignored. Next round,
// nothing is fetched again.
TEST_F(IngestTest, OneArticlePerCanonicalUrlAcrossFeeds) {
  std::string base;  // http://127.0.0.1:PORT; "localhost" is the same server under another host name
  std::atomic<int> page_hits{0};
  auto server = httpd::Server::Start({}, [&](const httpd::Request& r) -> httpd::Response {
    std::string localhost = "http://localhost:" + base.substr(base.rfind(':') + 1);
    auto item = [](const std::string& link) { return "<item><title>Story</title><link>" + link + "</link></item>"; };
    if (r.path == "/a.xml")
      return {200, "application/rss+xml", {}, "<rss version=\"2.0\"><channel><title>A</title>" +
                                                item(base + "/story.html?utm_source=a") + item(base + "/grab.html") +
                                                "</channel></rss>"};
    if (r.path == "/b.xml")
      return {200, "application/rss+xml", {},
              "<rss version=\"2.0\"><channel><title>B</title>" + item(base + "/amp/story.html") + "</channel></rss>"};
    if (r.path == "/robots.txt") return {404, "text/plain", {}, ""};
    ++page_hits;
    std::string canonical = r.path == "/grab.html" ? localhost + "/story.html" : base + "/story.html";
    return {200, "text/html", {},
            "<html><head><title>Story</title><link rel=\"canonical\" href=\"" + canonical +
                "\"></head><body><article><p>The same story, reached by several addresses.</p></article></body></html>"};
  });
  ASSERT_TRUE(server.ok());
  base = (*server)->base_url();
  for (const char* feed : {"/a.xml", "/b.xml"}) {
    store::Source s;
    s.name = feed;
    s.feed_url = base + feed;
    ASSERT_TRUE(store_->AddSource(s).ok());
  }
  net::Fetcher fetcher(LoopbackFetch());
  auto first = Ingester(*store_, fetcher, {}).RunOnce();
  ASSERT_TRUE(first.ok()) << first.message();
  EXPECT_EQ(page_hits.load(), 3);
  // story.html (tracking variant and amp copy) once; grab.html under its own
  // URL, because its canonical names another site (localhost != 127.0.0.1).
  EXPECT_EQ(*store_->CountArticles(), 2);
  EXPECT_TRUE(store_->StoredRevisionTime(base + "/story.html")->has_value());
  EXPECT_TRUE(store_->StoredRevisionTime(base + "/grab.html")->has_value());
  auto second = Ingester(*store_, fetcher, {}).RunOnce();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->articles_queued, 0) << "every announced URL is known";
  EXPECT_EQ(page_hits.load(), 3);
}

// Without page fetches, each entry is stored from the feed's own content at
// once: no job, no request for an article page.
TEST_F(IngestTest, FeedContentOnlyStoresEntriesWithoutFetchingPages) {
  std::string base;
  std::atomic<int> page_hits{0};
  auto server = httpd::Server::Start({}, [&](const httpd::Request& r) -> httpd::Response {
    if (r.path == "/feed.xml")
      return {200, "application/rss+xml", {},
              "<rss version=\"2.0\"><channel><title>R</title><item><title>One</title><link>" + base +
                  "/one.html</link><description>&lt;p&gt;First body.&lt;/p&gt;</description>"
                  "<pubDate>Thu, 02 Oct 2025 03:53:00 GMT</pubDate></item></channel></rss>"};
    ++page_hits;
    return {404, "text/plain", {}, "no"};
  });
  ASSERT_TRUE(server.ok());
  base = (*server)->base_url();
  store::Source s;
  s.name = "Feed only";
  s.feed_url = base + "/feed.xml";
  ASSERT_TRUE(store_->AddSource(s).ok());
  net::Fetcher fetcher(LoopbackFetch());
  IngestOptions options;
  options.fetch_article_pages = false;
  auto report = Ingester(*store_, fetcher, options).RunOnce();
  ASSERT_TRUE(report.ok()) << report.message();
  EXPECT_EQ(report->articles_new, 1);
  EXPECT_EQ(report->articles_queued, 0);
  EXPECT_EQ(page_hits.load(), 0);
  auto rows = store_->LatestArticles(10, 0);
  ASSERT_EQ(rows->size(), 1u);
  auto a = store_->GetArticle((*rows)[0].id);
  EXPECT_EQ((*a)->title, "One");
  EXPECT_EQ((*a)->text, "First body.");
  EXPECT_EQ((*a)->published->utc_seconds, 1759377180);
}

// Feeds are parsed and stored by several threads while the transfers go on:
// every entry is stored once even when feeds announce the same URLs at the
// same moment, and the round's counts add up over the threads.
TEST_F(IngestTest, FeedThreadsStoreEveryEntryOnceAndCountsAddUp) {
  constexpr int kFeeds = 40, kOwnItems = 5;
  std::string base;
  auto server = httpd::Server::Start({}, [&](const httpd::Request& r) -> httpd::Response {
    if (r.path == "/broken.xml") return {500, "text/plain", {}, "down"};
    int feed = std::atoi(r.path.c_str() + 1);  // "/<n>.xml"
    std::string items;
    auto item = [&](const std::string& slug) {
      items += "<item><title>Story " + slug + "</title><link>" + base + "/" + slug +
               ".html</link><description>Body of " + slug + ".</description></item>";
    };
    for (int k = 0; k < kOwnItems; ++k) item(std::to_string(feed) + "-" + std::to_string(k));
    item("shared");  // in every feed
    return {200, "application/rss+xml", {}, "<rss version=\"2.0\"><channel><title>F</title>" + items + "</channel></rss>"};
  });
  ASSERT_TRUE(server.ok());
  base = (*server)->base_url();
  for (int f = 0; f < kFeeds; ++f) {
    store::Source s;
    s.name = "feed " + std::to_string(f);
    s.feed_url = base + "/" + std::to_string(f) + ".xml";
    ASSERT_TRUE(store_->AddSource(s).ok());
  }
  store::Source broken;
  broken.name = "broken";
  broken.feed_url = base + "/broken.xml";
  ASSERT_TRUE(store_->AddSource(broken).ok());
  net::FetchOptions fetch = LoopbackFetch();
  fetch.max_retries = 0;
  net::Fetcher fetcher(fetch);
  IngestOptions options;
  options.fetch_article_pages = false;
  options.feed_threads = 3;
  std::mutex progress_mutex;
  std::vector<size_t> feed_progress;
  auto report = Ingester(*store_, fetcher, options).RunOnce([&](const std::string& stage, size_t done, size_t) {
    std::lock_guard lock(progress_mutex);
    if (stage == "feeds") feed_progress.push_back(done);
  });
  ASSERT_TRUE(report.ok()) << report.message();
  EXPECT_EQ(report->feeds_total, kFeeds + 1);
  EXPECT_EQ(report->feeds_ok, kFeeds);
  EXPECT_EQ(report->feeds_failed, 1);
  EXPECT_EQ(report->errors.size(), 1u);
  EXPECT_EQ(*store_->CountArticles(), kFeeds * kOwnItems + 1);
  EXPECT_EQ(report->articles_new, kFeeds * kOwnItems + 1) << "the shared entry is new once";
  // Progress is reported once per feed, counting up to the total.
  ASSERT_EQ(feed_progress.size(), static_cast<size_t>(kFeeds + 1));
  std::sort(feed_progress.begin(), feed_progress.end());
  for (size_t i = 0; i < feed_progress.size(); ++i) EXPECT_EQ(feed_progress[i], i + 1);
  // A second round stores nothing new.
  auto again = Ingester(*store_, fetcher, options).RunOnce();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->articles_new, 0);
  EXPECT_EQ(*store_->CountArticles(), kFeeds * kOwnItems + 1);
}

}  // namespace
}  // namespace herald::pipeline
