// The PostgreSQL schema runner: a fresh database gets the baseline once
// even when several processes open it at the same moment, a newer database
// is refused untouched, and read-only opening migrates nothing.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include <thread>

#include "store/pg_migrations.h"
#include "store/store.h"
#include "store/store_test_support.h"

namespace herald::store {
namespace {

class PgMigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string cluster = testing::TestPgClusterUrl();
    if (cluster.empty()) {
      if (!HasFailure()) GTEST_SKIP() << "PostgreSQL test cluster not running (HERALD_TEST_PG_URL)";
      return;
    }
    database_ = std::make_unique<testing::ScratchPgDatabase>(cluster);
    ASSERT_FALSE(database_->url().empty());
  }

  int64_t Query(const std::string& sql) {
    pqxx::connection conn(database_->url());
    return pqxx::nontransaction(conn).exec1(sql)[0].as<int64_t>();
  }

  std::unique_ptr<testing::ScratchPgDatabase> database_;
};

TEST_F(PgMigrationsTest, ProcessesOpeningAFreshDatabaseAtOnceMigrateItOnce) {
  constexpr int kProcesses = 4;
  std::vector<std::string> errors(kProcesses);
  std::vector<int> versions(kProcesses, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < kProcesses; ++i) {
    threads.emplace_back([&, i] {
      auto store = Store::Open(StoreOptions{.url = database_->url()});
      if (!store.ok()) errors[i] = store.message();
      else versions[i] = (*store)->SchemaVersion();
    });
  }
  for (auto& thread : threads) thread.join();
  for (int i = 0; i < kProcesses; ++i) {
    EXPECT_EQ(errors[i], "");
    EXPECT_EQ(versions[i], PgKnownSchemaVersion());
  }
  EXPECT_EQ(Query("SELECT count(*) FROM schema_version"), 1);
  EXPECT_EQ(Query("SELECT version FROM schema_version"), PgKnownSchemaVersion());
  EXPECT_EQ(Query("SELECT count(*) FROM content_version"), 1);
}

TEST_F(PgMigrationsTest, ANewerDatabaseIsRefusedUntouched) {
  ASSERT_TRUE(Store::Open(StoreOptions{.url = database_->url()}).ok());
  Query("WITH bumped AS (UPDATE schema_version SET version = 99 RETURNING 1) SELECT count(*) FROM bumped");
  auto store = Store::Open(StoreOptions{.url = database_->url()});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().kind, ErrorKind::kStorage);
  EXPECT_NE(store.message().find("newer"), std::string::npos) << store.message();
  EXPECT_EQ(Query("SELECT version FROM schema_version"), 99);
}

TEST_F(PgMigrationsTest, ReadOnlyNeedsAMigratedDatabaseAndWritesNothing) {
  auto refused = Store::Open(StoreOptions{.url = database_->url(), .read_only = true});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("without read-only"), std::string::npos) << refused.message();
  EXPECT_EQ(Query("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), 0);

  ASSERT_TRUE(Store::Open(StoreOptions{.url = database_->url()}).ok());
  auto store = Store::Open(StoreOptions{.url = database_->url(), .read_only = true});
  ASSERT_TRUE(store.ok()) << store.message();
  EXPECT_TRUE((*store)->ListSources()->empty());
  auto added = (*store)->AddSource(testing::SampleSource("https://example.com/feed.xml"));
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.error().kind, ErrorKind::kStorage);
  EXPECT_EQ(Query("SELECT count(*) FROM sources"), 0);
}

// A v13 database indexed "café" as it was; v14 removes Latin diacritics
// (common/segment.h SearchWords). Opening it queues the rows with such
// letters and writes their search columns again, so "cafe" finds them.
TEST_F(PgMigrationsTest, V14RefoldsTheSearchColumnsOfAV13Database) {
  {
    pqxx::connection conn(database_->url());
    pqxx::work tx(conn);
    ASSERT_TRUE(ApplyPgMigration(tx, PgSchemaMigrations().front(), "test").ok());
    ASSERT_EQ(PgSchemaMigrations().front().version, 13);
    tx.exec("INSERT INTO sources (feed_url) VALUES ('https://example.com/feed')");
    tx.exec("INSERT INTO articles (source_id, url, canonical_url, title, text, fetched_utc, search_title, search_text) "
            "VALUES (1, 'u1', 'https://example.com/1', 'Café owners protest', 'x', 1, 'café owners protest', 'x'), "
            "       (1, 'u2', 'https://example.com/2', 'Nguyễn wins', 'y', 1, 'nguyễn wins', 'y'), "
            "       (1, 'u3', 'https://example.com/3', 'Plain news', 'z', 1, 'plain news', 'z')");
    tx.commit();
  }
  auto store = Store::Open(StoreOptions{.url = database_->url()});
  ASSERT_TRUE(store.ok()) << store.message();
  EXPECT_EQ(Query("SELECT count(*) FROM search_refold"), 0) << "the queue is worked off at open";
  EXPECT_EQ(Query("SELECT count(*) FROM articles WHERE search_title = 'cafe owners protest'"), 1);
  for (const char* query : {"cafe", "café", "nguyen", "Nguyễn", "plain"}) {
    auto hits = (*store)->Search({.text = query});
    ASSERT_TRUE(hits.ok()) << hits.message();
    EXPECT_EQ(hits->size(), 1u) << query;
  }
}

}  // namespace
}  // namespace herald::store
