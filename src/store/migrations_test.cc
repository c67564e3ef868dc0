#include "store/migrations.h"

#include <gtest/gtest.h>

#include "store/store_test_support.h"

namespace herald::store {
namespace {

using testing::TempDir;

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::Open(dir_.File("m.db"), /*read_only=*/false);
    ASSERT_TRUE(db.ok()) << db.message();
    db_ = std::move(db).value();
  }

  int Version() {
    auto v = ReadSchemaVersion(*db_);
    EXPECT_TRUE(v.ok()) << v.message();
    return v.ok() ? *v : -1;
  }

  bool HasTable(const std::string& name) {
    auto n = db_->QueryInt("SELECT count(*) FROM sqlite_schema WHERE name = '" + name + "'");
    return n.ok() && *n == 1;
  }

  TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(MigrationsTest, FreshDatabaseGetsEveryMigrationOnce) {
  EXPECT_EQ(Version(), 0);
  auto applied = ApplyMigrations(*db_, SchemaMigrations());
  ASSERT_TRUE(applied.ok()) << applied.message();
  EXPECT_EQ(*applied, static_cast<int>(SchemaMigrations().size()));
  EXPECT_EQ(Version(), static_cast<int>(SchemaMigrations().size()));
  for (const char* table : {"sources", "articles", "views", "articles_fts"}) EXPECT_TRUE(HasTable(table)) << table;

  auto again = ApplyMigrations(*db_, SchemaMigrations());
  ASSERT_TRUE(again.ok()) << again.message();
  EXPECT_EQ(*again, 0);
}

TEST_F(MigrationsTest, AppliedMigrationsAreNotRunAgain) {
  // Each migration leaves a mark; a re-run would add a second one.
  const std::vector<Migration> steps = {
      {1, "CREATE TABLE log (step INTEGER); INSERT INTO log VALUES (1);"},
      {2, "INSERT INTO log VALUES (2);"},
  };
  ASSERT_TRUE(ApplyMigrations(*db_, std::span(steps).first(1)).ok());
  auto applied = ApplyMigrations(*db_, steps);
  ASSERT_TRUE(applied.ok()) << applied.message();
  EXPECT_EQ(*applied, 1);
  ASSERT_TRUE(ApplyMigrations(*db_, steps).ok());
  EXPECT_EQ(*db_->QueryInt("SELECT count(*) FROM log"), 2);
  EXPECT_EQ(*db_->QueryInt("SELECT sum(step) FROM log"), 3);
}

TEST_F(MigrationsTest, FailingMigrationLeavesThePreviousVersion) {
  const std::vector<Migration> steps = {
      {1, "CREATE TABLE one (x);"},
      {2, "CREATE TABLE two (x); INSERT INTO no_such_table VALUES (1);"},
  };
  auto applied = ApplyMigrations(*db_, steps);
  ASSERT_FALSE(applied.ok());
  EXPECT_NE(applied.message().find("schema migration 2 failed"), std::string::npos) << applied.message();
  EXPECT_NE(applied.message().find("no_such_table"), std::string::npos) << applied.message();
  EXPECT_EQ(Version(), 1);
  EXPECT_TRUE(HasTable("one"));
  EXPECT_FALSE(HasTable("two")) << "half of migration 2 was kept";
}

TEST_F(MigrationsTest, NewerDatabaseIsRefusedUntouched) {
  const std::string newer = std::to_string(SchemaMigrations().size() + 1);
  ASSERT_TRUE(db_->Exec("PRAGMA user_version = " + newer).ok());
  auto applied = ApplyMigrations(*db_, SchemaMigrations());
  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.error().kind, ErrorKind::kStorage);
  EXPECT_NE(applied.message().find("version " + newer + " is newer than this herald knows (" +
                                   std::to_string(SchemaMigrations().size()) + ")"), std::string::npos)
      << applied.message();
  EXPECT_NE(applied.message().find(dir_.File("m.db")), std::string::npos) << applied.message();
  EXPECT_EQ(Version(), static_cast<int>(SchemaMigrations().size()) + 1);
  EXPECT_FALSE(HasTable("sources"));
}

TEST_F(MigrationsTest, MisnumberedListIsABug) {
  const std::vector<Migration> gap = {{1, "CREATE TABLE a (x);"}, {3, "CREATE TABLE b (x);"}};
  auto applied = ApplyMigrations(*db_, gap);
  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.error().kind, ErrorKind::kInternal);
  EXPECT_EQ(Version(), 0);
}

TEST_F(MigrationsTest, SearchIndexMigrationsApplyOverExistingArticles) {
  ASSERT_TRUE(ApplyMigrations(*db_, std::span(SchemaMigrations()).first(1)).ok());
  ASSERT_EQ(Version(), 1);
  ASSERT_TRUE(db_->Exec("PRAGMA foreign_keys = ON;"
                        "INSERT INTO sources (feed_url) VALUES ('https://example.com/feed');"
                        "INSERT INTO articles (source_id, url, canonical_url, title, text, fetched_utc) "
                        "VALUES (1, 'u', 'https://example.com/a', 'Election results', 'Votes counted', 1);")
                  .ok());
  auto applied = ApplyMigrations(*db_, SchemaMigrations());
  ASSERT_TRUE(applied.ok()) << applied.message();
  EXPECT_EQ(*applied, static_cast<int>(SchemaMigrations().size()) - 1);
  // v3 indexes the segmented copies, which the store backfills at open
  // (search_test.cc); raw SQL rows carry empty copies until then.
  EXPECT_EQ(*db_->QueryInt("SELECT count(*) FROM articles WHERE search_text = ''"), 1);
  EXPECT_TRUE(db_->Exec("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)").ok());
  // v4: existing articles stay visible and unfeatured.
  EXPECT_EQ(*db_->QueryInt("SELECT count(*) FROM articles WHERE hidden = 0 AND featured = 0"), 1);
}

}  // namespace
}  // namespace herald::store
