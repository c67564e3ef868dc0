#include "store/migrations.h"
#include "store/store.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "store/sqlite_db.h"
#include "store/store_test_support.h"

namespace herald::store {
namespace {

using testing::SampleArticle;
using testing::SampleSource;

void ExpectSameArticle(const Article& got, const Article& want) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.source_id, want.source_id);
  EXPECT_EQ(got.url, want.url);
  EXPECT_EQ(got.canonical_url, want.canonical_url);
  EXPECT_EQ(got.title, want.title);
  EXPECT_EQ(got.byline, want.byline);
  EXPECT_EQ(got.published, want.published);
  EXPECT_EQ(got.modified, want.modified);
  EXPECT_EQ(got.site_name, want.site_name);
  EXPECT_EQ(got.lead_image_url, want.lead_image_url);
  EXPECT_EQ(got.lead_image_caption, want.lead_image_caption);
  EXPECT_EQ(got.lead_image_credit, want.lead_image_credit);
  EXPECT_EQ(got.excerpt, want.excerpt);
  EXPECT_EQ(got.text, want.text);
  EXPECT_EQ(got.html, want.html);
  EXPECT_EQ(got.language, want.language);
  EXPECT_EQ(got.paywalled, want.paywalled);
  EXPECT_EQ(got.content_hash, want.content_hash);
  EXPECT_EQ(got.fetched_utc, want.fetched_utc);
  EXPECT_EQ(got.word_count, want.word_count);
}

// A second, raw connection for checking what is really in the file.
std::unique_ptr<Database> RawOpen(const std::string& path) {
  auto db = Database::Open(path, /*read_only=*/false);
  EXPECT_TRUE(db.ok()) << db.message();
  return std::move(db).value();
}

int64_t RawCount(const std::string& path, const std::string& sql) {
  auto db = RawOpen(path);
  auto n = db->QueryInt(sql);
  EXPECT_TRUE(n.ok()) << n.message();
  return n.ok() ? *n : -1;
}

// Every test runs on both backends (store_test_support.h) unless it looks
// inside the SQLite file (SqliteStoreTest below).
class StoreTest : public testing::BackendWithSource {
 protected:

  Article Put(Article a, PutOutcome expected = PutOutcome::kInserted) {
    auto outcome = store_->PutArticle(a);
    EXPECT_TRUE(outcome.ok()) << outcome.message();
    if (outcome.ok()) {
      EXPECT_EQ(*outcome, expected) << a.canonical_url;
    }
    return a;
  }

  // A count read straight from the database, past the store: `sqlite` on
  // SQLite, `postgres` on PostgreSQL.
  int64_t RawCountOf(const std::string& sqlite, const std::string& postgres) {
    if (GetParam() == testing::Backend::kSqlite) return RawCount(options_.path, sqlite);
    try {
      pqxx::connection conn(options_.url);
      pqxx::nontransaction tx(conn);
      return tx.exec1(postgres)[0].as<int64_t>();
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what();
      return -1;
    }
  }
};

HERALD_ON_BOTH_BACKENDS(StoreTest);

// Tests of the SQLite file itself (its journal mode, FTS5 index, query plans).
class SqliteStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    path_ = options_.path;
  }
  std::string path_;
};

INSTANTIATE_TEST_SUITE_P(Sqlite, SqliteStoreTest, ::testing::Values(testing::Backend::kSqlite),
                         testing::BackendParamName);

TEST_P(StoreTest, FreshDatabaseIsAtLatestSchemaVersion) {
  EXPECT_EQ(store_->SchemaVersion(), static_cast<int>(SchemaMigrations().size()));
}

TEST_P(StoreTest, SourcesRoundTripAndFeedUrlIsUnique) {
  Source s = SampleSource("https://other.example/rss");
  s.display = "excerpt";
  s.etag = "\"abc\"";
  s.last_modified = "Thu, 02 Oct 2025 11:53:00 GMT";
  s.last_fetched_utc = 1759000000;
  auto id = store_->AddSource(s);
  ASSERT_TRUE(id.ok()) << id.message();

  auto got = store_->GetSource(*id);
  ASSERT_TRUE(got.ok() && got->has_value());
  const Source& g = **got;
  EXPECT_EQ(g.id, *id);
  EXPECT_EQ(g.name, s.name);
  EXPECT_EQ(g.feed_url, s.feed_url);
  EXPECT_EQ(g.site_url, s.site_url);
  EXPECT_EQ(g.display, "excerpt");
  EXPECT_EQ(g.etag, s.etag);
  EXPECT_EQ(g.last_modified, s.last_modified);
  EXPECT_EQ(g.last_fetched_utc, s.last_fetched_utc);

  auto again = store_->AddSource(s);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(again.message().find("https://other.example/rss"), std::string::npos) << again.message();

  auto list = store_->ListSources();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, source_id_);
  EXPECT_EQ((*list)[1].id, *id);

  auto missing = store_->GetSource(9999);
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

TEST_P(StoreTest, AddSourceRejectsBadInput) {
  Source bad_display = SampleSource("https://x.example/feed");
  bad_display.display = "everything";
  auto a = store_->AddSource(bad_display);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().kind, ErrorKind::kInvalidInput);
  auto b = store_->AddSource(SampleSource(""));
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().kind, ErrorKind::kInvalidInput);
}

TEST_P(StoreTest, FetchStateCountsFailuresAndKeepsValidatorsOnError) {
  ASSERT_TRUE(store_->UpdateFetchState(source_id_, "\"v1\"", "Mon, 01 Jan 2024 00:00:00 GMT", 100, "").ok());
  ASSERT_TRUE(store_->UpdateFetchState(source_id_, "", "", 200, "timeout after 30 s").ok());
  ASSERT_TRUE(store_->UpdateFetchState(source_id_, "", "", 300, "HTTP 503").ok());
  auto s = store_->GetSource(source_id_);
  ASSERT_TRUE(s.ok() && s->has_value());
  EXPECT_EQ((*s)->etag, "\"v1\"");
  EXPECT_EQ((*s)->last_modified, "Mon, 01 Jan 2024 00:00:00 GMT");
  EXPECT_EQ((*s)->last_fetched_utc, 300);
  EXPECT_EQ((*s)->last_error, "HTTP 503");
  EXPECT_EQ((*s)->error_count, 2);

  ASSERT_TRUE(store_->UpdateFetchState(source_id_, "\"v2\"", "", 400, "").ok());
  s = store_->GetSource(source_id_);
  EXPECT_EQ((*s)->etag, "\"v2\"");
  EXPECT_EQ((*s)->last_error, "");
  EXPECT_EQ((*s)->error_count, 0);

  Status missing = store_->UpdateFetchState(4242, "", "", 1, "");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
}

TEST_P(StoreTest, NextFetchTimeIsStoredPerSource) {
  auto fresh = store_->GetSource(source_id_);
  ASSERT_TRUE(fresh.ok() && fresh->has_value());
  EXPECT_EQ((*fresh)->next_fetch_utc, 0);  // never scheduled: due now
  ASSERT_TRUE(store_->ScheduleNextFetch(source_id_, 1760000000).ok());
  EXPECT_EQ((*store_->GetSource(source_id_))->next_fetch_utc, 1760000000);
  EXPECT_EQ((*store_->ListSources())[0].next_fetch_utc, 1760000000);
  Status missing = store_->ScheduleNextFetch(4242, 1);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
}

TEST_P(StoreTest, ArticleRoundTripsEveryField) {
  Article a = Put(SampleArticle(source_id_, "https://example.com/news/1"));
  EXPECT_GT(a.id, 0);
  auto got = store_->GetArticle(a.id);
  ASSERT_TRUE(got.ok()) << got.message();
  ASSERT_TRUE(got->has_value());
  ExpectSameArticle(**got, a);
}

TEST_P(StoreTest, ArticleWithoutOptionalFieldsRoundTrips) {
  Article a;
  a.source_id = source_id_;
  a.canonical_url = "https://example.com/bare";
  a.fetched_utc = 5;
  a = Put(a);
  auto got = store_->GetArticle(a.id);
  ASSERT_TRUE(got.ok() && got->has_value());
  ExpectSameArticle(**got, a);
  EXPECT_FALSE((*got)->published.has_value());
  EXPECT_TRUE((*got)->byline.empty());
}

TEST_P(StoreTest, TimestampOffsetKnownFlagAndZeroOffsetSurvive) {
  Article a = SampleArticle(source_id_, "https://example.com/ts");
  a.published = Timestamp{0, 0, false};       // the epoch itself is a date, not "absent"
  a.modified = Timestamp{-86400, -720, true};  // before the epoch, far west
  a = Put(a);
  auto got = store_->GetArticle(a.id);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->published, a.published);
  EXPECT_EQ((*got)->modified, a.modified);
}

TEST_P(SqliteStoreTest, HostileBytesRoundTripExactly) {
  Article a = SampleArticle(source_id_, "https://example.com/bytes?q='; DROP TABLE articles; --");
  a.title = std::string("nul\0inside", 10) + "\xff\xfe bad utf8";
  a.text = std::string(1 << 20, 'x') + std::string("\0\x01\x80", 3);  // 1 MiB body, control bytes
  a.html = "<script>alert(1)</script>";
  a.byline = {"", "\"quoted\"", "tab\there", "new\nline", "\\u0000", "emoji 🗞️"};
  a = Put(a);
  auto got = store_->GetArticle(a.id);
  ASSERT_TRUE(got.ok() && got->has_value());
  ExpectSameArticle(**got, a);
  EXPECT_EQ(RawCount(path_, "SELECT count(*) FROM sqlite_schema WHERE name = 'articles'"), 1);
}

// PostgreSQL's TEXT holds valid UTF-8 without NUL bytes: such bytes become
// U+FFFD instead of failing the write, and the same article stored again is
// unchanged (SQLite keeps them exactly: SqliteStoreTest above).
class PostgresStoreTest : public StoreTest {};

INSTANTIATE_TEST_SUITE_P(Postgres, PostgresStoreTest, ::testing::Values(testing::Backend::kPostgres),
                         testing::BackendParamName);

TEST_P(PostgresStoreTest, HostileBytesAreStoredAsValidUtf8) {
  Article a = SampleArticle(source_id_, "https://example.com/bytes?q='; DROP TABLE articles; --");
  a.title = std::string("nul\0inside", 10) + "\xff bad utf8";
  a.text = std::string(1 << 20, 'x') + std::string("\0\x01", 2);  // 1 MiB body, control bytes
  a.byline = {"", "\"quoted\"", "tab\there", "new\nline", "\\u0000", "emoji 🗞️"};
  a = Put(a);
  auto got = store_->GetArticle(a.id);
  ASSERT_TRUE(got.ok() && got->has_value()) << got.message();
  EXPECT_EQ((*got)->title, "nul\xEF\xBF\xBDinside\xEF\xBF\xBD bad utf8");
  EXPECT_EQ((*got)->text, std::string(1 << 20, 'x') + "\xEF\xBF\xBD\x01");
  EXPECT_EQ((*got)->byline, a.byline);
  EXPECT_EQ((*got)->canonical_url, a.canonical_url);
  Put(a, PutOutcome::kUnchanged);
  EXPECT_EQ(*store_->CountArticles(), 1);
}

TEST_P(PostgresStoreTest, ABrokenConnectionIsReplacedOnTheNextCall) {
  ASSERT_TRUE(store_->Ping().ok());
  // What a server restart does to every open connection.
  {
    pqxx::connection admin(options_.url);
    pqxx::nontransaction(admin).exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()");
  }
  Status first = store_->Ping();
  if (!first.ok()) {
    EXPECT_EQ(first.error().kind, ErrorKind::kStorage);
    EXPECT_NE(first.message().find("database unavailable"), std::string::npos) << first.message();
  }
  Status second = store_->Ping();
  EXPECT_TRUE(second.ok()) << second.message();
  EXPECT_EQ(*store_->CountArticles(), 0);
  EXPECT_EQ(store_->BackendName(), "postgresql");
}

TEST(PostgresOpenTest, AnUnreachableServerIsNamedWithoutItsPassword) {
  // Port 1 on loopback: nothing listens, the connection is refused at once.
  auto store = Store::Open(StoreOptions{.url = "postgresql://herald:s3cret-pw@127.0.0.1:1/herald?password=other-pw"});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().kind, ErrorKind::kStorage);
  EXPECT_NE(store.message().find("database unavailable"), std::string::npos) << store.message();
  EXPECT_NE(store.message().find("127.0.0.1:1"), std::string::npos) << store.message();
  EXPECT_EQ(store.message().find("s3cret-pw"), std::string::npos) << store.message();
  EXPECT_EQ(store.message().find("other-pw"), std::string::npos) << store.message();
}

TEST(PostgresOpenTest, AnUnknownUrlSchemeIsRefused) {
  auto store = Store::Open(StoreOptions{.url = "mysql://root:pw@localhost/db"});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(store.message().find("pw"), std::string::npos) << store.message();
}

TEST_P(StoreTest, InvalidUtf8InBylineIsReplacedNotFatal) {
  Article a = SampleArticle(source_id_, "https://example.com/bad-byline");
  a.byline = {"ok", "bad \xc3\x28 byte"};
  a = Put(a);
  auto got = store_->GetArticle(a.id);
  ASSERT_TRUE(got.ok() && got->has_value());
  ASSERT_EQ((*got)->byline.size(), 2u);
  EXPECT_EQ((*got)->byline[0], "ok");
  EXPECT_EQ((*got)->byline[1], "bad \xef\xbf\xbd( byte");
  // Storing the same bytes again is still "unchanged".
  Put(a, PutOutcome::kUnchanged);
}

TEST_P(StoreTest, PuttingTheSameArticleAgainIsUnchangedAndNeverDuplicates) {
  Article first = Put(SampleArticle(source_id_, "https://example.com/news/1"));
  Article again = SampleArticle(source_id_, "https://example.com/news/1");
  again.fetched_utc += 3600;  // refetched later: not a change
  again = Put(again, PutOutcome::kUnchanged);
  EXPECT_EQ(again.id, first.id);
  EXPECT_EQ(*store_->CountArticles(), 1);
  auto got = store_->GetArticle(first.id);
  EXPECT_EQ((*got)->fetched_utc, first.fetched_utc) << "fetched_utc records the first fetch";
}

TEST_P(StoreTest, ChangedArticleIsUpdatedInPlace) {
  Article a = Put(SampleArticle(source_id_, "https://example.com/news/1"));
  a.id = 0;
  a.title = "Typhoon makes landfall";
  a.byline.push_back("Second Author");
  a.published.reset();  // NULL vs value must count as a change
  a = Put(a, PutOutcome::kUpdated);
  auto got = store_->GetArticle(a.id);
  ASSERT_TRUE(got.ok() && got->has_value());
  ExpectSameArticle(**got, a);
  EXPECT_EQ(*store_->CountArticles(), 1);

  a.paywalled = !a.paywalled;
  Put(a, PutOutcome::kUpdated);
  Put(a, PutOutcome::kUnchanged);
}

TEST_P(StoreTest, PutArticleRejectsUnknownSourceAndMissingKey) {
  auto orphan = SampleArticle(source_id_ + 100, "https://example.com/orphan");
  auto r = store_->PutArticle(orphan);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(r.message().find("source"), std::string::npos) << r.message();

  auto keyless = SampleArticle(source_id_, "");
  r = store_->PutArticle(keyless);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(*store_->CountArticles(), 0);
}

TEST_P(StoreTest, StoredRevisionTimeLooksUpCanonicalUrl) {
  Article a = SampleArticle(source_id_, "https://example.com/news/1");
  Put(a);
  EXPECT_EQ(*store_->StoredRevisionTime("https://example.com/news/1"), std::optional<int64_t>(1759380000));
  EXPECT_EQ(*store_->StoredRevisionTime("https://example.com/news/2"), std::nullopt);
  EXPECT_EQ(*store_->StoredRevisionTime("https://example.com/news/1?utm_source=feed"), std::nullopt);
  Article undated = SampleArticle(source_id_, "https://example.com/news/3");
  undated.modified.reset();
  Put(undated);
  EXPECT_EQ(*store_->StoredRevisionTime("https://example.com/news/3"), std::optional<int64_t>(1759377180));
  undated = SampleArticle(source_id_, "https://example.com/news/4");
  undated.modified.reset();
  undated.published.reset();
  Put(undated);
  EXPECT_EQ(*store_->StoredRevisionTime("https://example.com/news/4"), std::optional<int64_t>(0));
}

TEST_P(StoreTest, RemoveSourceCascadesToArticlesViewsAndSearchIndex) {
  auto other = store_->AddSource(SampleSource("https://other.example/feed"));
  ASSERT_TRUE(other.ok());
  Article gone = Put(SampleArticle(source_id_, "https://example.com/1"));
  Put(SampleArticle(source_id_, "https://example.com/2"));
  Article kept = Put(SampleArticle(*other, "https://other.example/1"));
  ASSERT_TRUE(store_->AddViews(gone.id, "2025-10-02", 3).ok());
  ASSERT_TRUE(store_->AddViews(kept.id, "2025-10-02", 4).ok());

  ASSERT_TRUE(store_->RemoveSource(source_id_).ok());
  EXPECT_EQ(*store_->CountArticles(), 1);
  EXPECT_FALSE(store_->GetArticle(gone.id)->has_value());
  EXPECT_TRUE(store_->GetArticle(kept.id)->has_value());
  EXPECT_EQ(RawCountOf("SELECT count(*) FROM views", "SELECT count(*) FROM views"), 1);
  EXPECT_EQ(RawCountOf("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'typhoon'",
                       "SELECT count(*) FROM articles WHERE search_vector @@ to_tsquery('simple', 'typhoon')"),
            1);
  EXPECT_EQ(store_->GetViews(kept.id, "2025-10-02")->total, 4);

  Status twice = store_->RemoveSource(source_id_);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().kind, ErrorKind::kNotFound);
}

TEST_P(StoreTest, LatestArticlesNewestFirstWithFetchTimeForUndated) {
  auto make = [&](const std::string& slug, std::optional<int64_t> published, int64_t fetched) {
    Article a = SampleArticle(source_id_, "https://example.com/" + slug);
    a.title = slug;
    a.published = published ? std::optional<Timestamp>(Timestamp{*published, 60, true}) : std::nullopt;
    a.fetched_utc = fetched;
    return Put(a);
  };
  make("old", 1000, 5000);
  make("undated", std::nullopt, 3000);  // sorts by fetch time: between new and old
  make("new", 4000, 4100);
  make("tie-a", 2000, 9000);
  make("tie-b", 2000, 9000);            // same time: higher id first

  auto list = store_->LatestArticles(10, 0);
  ASSERT_TRUE(list.ok()) << list.message();
  std::vector<std::string> titles;
  for (const auto& s : *list) titles.push_back(s.title);
  EXPECT_EQ(titles, (std::vector<std::string>{"new", "undated", "tie-b", "tie-a", "old"}));

  const ArticleSummary& first = (*list)[0];
  EXPECT_EQ(first.source_id, source_id_);
  EXPECT_EQ(first.source_name, "Example News");
  EXPECT_EQ(first.url, "https://example.com/new?utm_source=feed");
  EXPECT_EQ(first.published, (Timestamp{4000, 60, true}));
  EXPECT_EQ(first.excerpt, SampleArticle(0, "").excerpt);
  EXPECT_EQ(first.lead_image_url, "https://img.example.com/lead.jpg");
  EXPECT_EQ(first.language, "en");
  EXPECT_TRUE(first.paywalled);
  EXPECT_FALSE((*list)[1].published.has_value());

  auto page = store_->LatestArticles(2, 2);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].title, "tie-b");
  EXPECT_EQ((*page)[1].title, "tie-a");
  EXPECT_TRUE(store_->LatestArticles(10, 50)->empty());
  EXPECT_TRUE(store_->LatestArticles(0, 0)->empty());
  EXPECT_FALSE(store_->LatestArticles(-1, 0).ok());
  EXPECT_FALSE(store_->LatestArticles(1, -1).ok());
}

TEST_P(SqliteStoreTest, LatestArticlesQueryUsesTheIndexNotASort) {
  auto db = RawOpen(path_);
  auto plan = db->Prepare(
      "EXPLAIN QUERY PLAN SELECT articles.id FROM articles JOIN sources ON sources.id = articles.source_id "
      "ORDER BY COALESCE(articles.published_utc, articles.fetched_utc) DESC, articles.id DESC LIMIT 10");
  ASSERT_TRUE(plan.ok()) << plan.message();
  std::string details;
  while (*plan->Step()) details += plan->Text("detail") + "\n";
  EXPECT_NE(details.find("articles_latest"), std::string::npos) << details;
  EXPECT_EQ(details.find("TEMP B-TREE"), std::string::npos) << details;
}

TEST_P(StoreTest, ViewsAddUpAndSplitToday) {
  Article a = Put(SampleArticle(source_id_, "https://example.com/1"));
  Article b = Put(SampleArticle(source_id_, "https://example.com/2"));
  ASSERT_TRUE(store_->AddViews(a.id, "2025-10-01", 5).ok());
  ASSERT_TRUE(store_->AddViews(a.id, "2025-10-02", 2).ok());
  ASSERT_TRUE(store_->AddViews(a.id, "2025-10-02", 3).ok());
  ASSERT_TRUE(store_->AddViews(b.id, "2025-10-02", 7).ok());
  ASSERT_TRUE(store_->AddViews(a.id, "2025-10-03", 0).ok());

  auto v = store_->GetViews(a.id, "2025-10-02");
  ASSERT_TRUE(v.ok()) << v.message();
  EXPECT_EQ(v->total, 10);
  EXPECT_EQ(v->today, 5);
  EXPECT_EQ(store_->GetViews(a.id, "2025-10-03")->today, 0);
  EXPECT_EQ(RawCountOf("SELECT count(*) FROM views WHERE day = '2025-10-03'",
                       "SELECT count(*) FROM views WHERE day = '2025-10-03'"),
            0);

  auto none = store_->GetViews(b.id + 100, "2025-10-02");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->total, 0);
  EXPECT_EQ(none->today, 0);
}

TEST_P(StoreTest, AddViewsRejectsBadInput) {
  Article a = Put(SampleArticle(source_id_, "https://example.com/1"));
  Status unknown = store_->AddViews(a.id + 100, "2025-10-02", 1);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().kind, ErrorKind::kNotFound);
  for (const char* day : {"", "2025-1-02", "02/10/2025", "2025-10-02T00", "yyyy-mm-dd"}) {
    Status bad = store_->AddViews(a.id, day, 1);
    ASSERT_FALSE(bad.ok()) << day;
    EXPECT_EQ(bad.error().kind, ErrorKind::kInvalidInput) << day;
  }
  EXPECT_FALSE(store_->AddViews(a.id, "2025-10-02", -1).ok());
  EXPECT_EQ(store_->GetViews(a.id, "2025-10-02")->total, 0);
}

TEST_P(StoreTest, ReopeningKeepsDataAndVersion) {
  Article a = Put(SampleArticle(source_id_, "https://example.com/1"));
  ASSERT_TRUE(store_->AddViews(a.id, "2025-10-02", 2).ok());
  store_.reset();

  auto reopened = Open();
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(reopened->SchemaVersion(), static_cast<int>(SchemaMigrations().size()));
  auto got = reopened->GetArticle(a.id);
  ASSERT_TRUE(got.ok() && got->has_value());
  ExpectSameArticle(**got, a);
  EXPECT_EQ(reopened->GetViews(a.id, "2025-10-02")->total, 2);
  EXPECT_EQ(reopened->ListSources()->size(), 1u);
}

TEST_P(StoreTest, IdsAreNeverReusedAfterDeletion) {
  Article a = Put(SampleArticle(source_id_, "https://example.com/1"));
  ASSERT_TRUE(store_->RemoveSource(source_id_).ok());
  auto source = store_->AddSource(SampleSource("https://example.com/feed.xml"));
  ASSERT_TRUE(source.ok());
  EXPECT_GT(*source, source_id_);
  Article b = Put(SampleArticle(*source, "https://example.com/1"));
  EXPECT_GT(b.id, a.id);
}

TEST_P(SqliteStoreTest, SearchIndexFollowsInsertsUpdatesAndDeletes) {
  Article a = SampleArticle(source_id_, "https://example.com/1");
  a.title = "Café owners protest";
  a.text = "Body about coffee";
  a = Put(a);
  // remove_diacritics: "cafe" finds "Café".
  EXPECT_EQ(RawCount(path_, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'cafe'"), 1);
  a.title = "Bakers protest";
  Put(a, PutOutcome::kUpdated);
  EXPECT_EQ(RawCount(path_, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'cafe'"), 0);
  EXPECT_EQ(RawCount(path_, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'bakers'"), 1);

  auto db = RawOpen(path_);
  EXPECT_TRUE(db->Exec("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)").ok());
}

TEST_P(SqliteStoreTest, FileIsWalAndPassesIntegrityCheck) {
  for (int i = 0; i < 20; ++i) Put(SampleArticle(source_id_, "https://example.com/" + std::to_string(i)));
  store_.reset();
  auto db = RawOpen(path_);
  auto mode = db->Prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.ok() && *mode->Step());
  EXPECT_EQ(mode->Text("journal_mode"), "wal");
  auto check = db->Prepare("PRAGMA integrity_check");
  ASSERT_TRUE(check.ok() && *check->Step());
  EXPECT_EQ(check->Text("integrity_check"), "ok");
  auto violations = db->Prepare("PRAGMA foreign_key_check");
  ASSERT_TRUE(violations.ok());
  EXPECT_FALSE(*violations->Step()) << "a foreign key violation";
}

TEST_P(StoreTest, ConcurrentPutsFromFourThreadsLoseNothing) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 50;
  std::vector<std::thread> threads;
  std::vector<int> failures(kThreads, 0);
  std::vector<std::string> first_error(kThreads);
  std::vector<std::set<int64_t>> ids(kThreads);
  // The viewed article is committed before the threads start: on
  // PostgreSQL an id handed out to another thread's insert (id 1, say) has
  // no row yet until that insert commits, and a view of it would fail its
  // foreign key.
  Article viewed = SampleArticle(source_id_, "https://example.com/viewed");
  ASSERT_TRUE(store_->PutArticle(viewed).ok());
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Each thread also re-puts one shared URL: exactly one insert wins.
        for (const std::string& url : {"https://example.com/t" + std::to_string(t) + "/" + std::to_string(i),
                                       std::string("https://example.com/shared")}) {
          Article a = SampleArticle(source_id_, url);
          auto r = store_->PutArticle(a);
          if (!r.ok()) {
            if (failures[t]++ == 0) first_error[t] = r.message();
          } else if (url.find("shared") == std::string::npos) {
            ids[t].insert(a.id);
          }
        }
        if (Status added = store_->AddViews(viewed.id, "2025-10-02", 1); !added.ok() && failures[t]++ == 0)
          first_error[t] = added.message();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(failures[t], 0) << first_error[t];
    EXPECT_EQ(ids[t].size(), size_t{kPerThread});
  }
  EXPECT_EQ(*store_->CountArticles(), kThreads * kPerThread + 2);  // + the shared and the viewed one
  EXPECT_EQ(store_->GetViews(viewed.id, "2025-10-02")->total, kThreads * kPerThread);
}

TEST_P(StoreTest, TwoStoresOnOneFileShareItSafely) {
  auto second = Open();
  ASSERT_NE(second, nullptr);
  constexpr int kPerStore = 40;
  auto writer = [&](Store* store, const std::string& prefix, int* failures) {
    for (int i = 0; i < kPerStore; ++i) {
      Article a = SampleArticle(source_id_, prefix + std::to_string(i));
      if (!store->PutArticle(a).ok()) ++*failures;
      Article shared = SampleArticle(source_id_, "https://example.com/shared");
      if (!store->PutArticle(shared).ok()) ++*failures;
    }
  };
  int failures_a = 0, failures_b = 0;
  std::thread a(writer, store_.get(), "https://example.com/a/", &failures_a);
  std::thread b(writer, second.get(), "https://example.com/b/", &failures_b);
  a.join();
  b.join();
  EXPECT_EQ(failures_a, 0);
  EXPECT_EQ(failures_b, 0);
  EXPECT_EQ(*store_->CountArticles(), 2 * kPerStore + 1);
  EXPECT_EQ(*second->CountArticles(), 2 * kPerStore + 1);
}

using StoreReadOnlyTest = testing::BackendTest;

TEST_P(StoreReadOnlyTest, ReadsButDoesNotWrite) {
  int64_t article_id = 0;
  {
    auto source = store_->AddSource(SampleSource("https://example.com/feed"));
    Article a = SampleArticle(*source, "https://example.com/1");
    ASSERT_TRUE(store_->PutArticle(a).ok());
    article_id = a.id;
  }
  store_.reset();
  StoreOptions read_only = options_;
  read_only.read_only = true;
  auto store = Store::Open(read_only);
  ASSERT_TRUE(store.ok()) << store.message();
  EXPECT_TRUE((*store)->GetArticle(article_id)->has_value());
  Article b = SampleArticle(1, "https://example.com/2");
  EXPECT_FALSE((*store)->PutArticle(b).ok());
  EXPECT_EQ(*(*store)->CountArticles(), 1);
}

HERALD_ON_BOTH_BACKENDS(StoreReadOnlyTest);

TEST_P(StoreTest, ArticleIsFoundByTheUrlItWasAnnouncedUnder) {
  Article a = SampleArticle(source_id_, "https://example.com/news/canonical");
  a.announced_url = "https://m.example.com/news/canonical-amp";
  ASSERT_TRUE(store_->PutArticle(a).ok());
  auto by_alias = store_->StoredRevisionTime("https://m.example.com/news/canonical-amp");
  ASSERT_TRUE(by_alias.ok());
  ASSERT_TRUE(by_alias->has_value());
  EXPECT_EQ(**by_alias, a.modified->utc_seconds);
  EXPECT_TRUE(store_->StoredRevisionTime("https://example.com/news/canonical")->has_value());
  EXPECT_FALSE(store_->StoredRevisionTime("https://example.com/news/other")->has_value());
  // The same article announced again under a second URL: still one article.
  Article again = a;
  again.announced_url = "https://example.com/news/canonical?from=rss";
  ASSERT_EQ(*store_->PutArticle(again), PutOutcome::kUnchanged);
  EXPECT_EQ(*store_->CountArticles(), 1);
  EXPECT_TRUE(store_->StoredRevisionTime("https://example.com/news/canonical?from=rss")->has_value());
  EXPECT_TRUE(store_->StoredRevisionTime("https://m.example.com/news/canonical-amp")->has_value());
}

TEST_P(StoreTest, PutArticlesWritesAllOrNone) {
  std::vector<Article> batch = {SampleArticle(source_id_, "https://example.com/b1"),
                                SampleArticle(source_id_, "https://example.com/b2")};
  batch[1].title = "Second";
  auto outcomes = store_->PutArticles(batch);
  ASSERT_TRUE(outcomes.ok()) << outcomes.message();
  EXPECT_EQ(*outcomes, (std::vector<PutOutcome>{PutOutcome::kInserted, PutOutcome::kInserted}));
  EXPECT_GT(batch[0].id, 0);
  EXPECT_NE(batch[0].id, batch[1].id);
  // Second time: one unchanged, one updated, one bad (unknown source) -> nothing written.
  batch[0].title = "Changed";
  batch.push_back(SampleArticle(source_id_ + 99, "https://example.com/b3"));
  EXPECT_FALSE(store_->PutArticles(batch).ok());
  EXPECT_EQ(*store_->CountArticles(), 2);
  EXPECT_NE((*store_->GetArticle(batch[0].id))->title, "Changed");
  batch.pop_back();
  outcomes = store_->PutArticles(batch);
  ASSERT_TRUE(outcomes.ok());
  EXPECT_EQ(*outcomes, (std::vector<PutOutcome>{PutOutcome::kUpdated, PutOutcome::kUnchanged}));
}

}  // namespace
}  // namespace herald::store
