#include "store/sqlite_db.h"

#include <gtest/gtest.h>

#include "store/store_test_support.h"

namespace herald::store {
namespace {

using testing::TempDir;

class SqliteDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::Open(dir_.File("t.db"), /*read_only=*/false);
    ASSERT_TRUE(db.ok()) << db.message();
    db_ = std::move(db).value();
    ASSERT_TRUE(db_->Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT, n INTEGER)").ok());
  }

  int64_t Rows() { return *db_->QueryInt("SELECT count(*) FROM t"); }

  TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(SqliteDbTest, NamedBindingsRoundTripTextWithNulsAndNulls) {
  const std::string text("a\0b\xff", 4);
  {
    auto insert = db_->Prepare("INSERT INTO t (s, n) VALUES (:s, :n)");
    ASSERT_TRUE(insert.ok());
    ASSERT_TRUE(insert->Bind(":s", text).Bind(":n", std::optional<int64_t>()).Run().ok());
  }
  auto select = db_->Prepare("SELECT s, n FROM t");
  ASSERT_TRUE(select.ok());
  ASSERT_TRUE(*select->Step());
  EXPECT_EQ(select->Text("s"), text);
  EXPECT_TRUE(select->IsNull("n"));
  EXPECT_EQ(select->OptionalInt("n"), std::nullopt);
  EXPECT_FALSE(*select->Step());
}

TEST_F(SqliteDbTest, UnknownParameterNameFailsTheStep) {
  auto insert = db_->Prepare("INSERT INTO t (s) VALUES (:s)");
  ASSERT_TRUE(insert.ok());
  Status status = insert->Bind(":s", std::string_view("x")).Bind(":typo", int64_t{1}).Run();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::kInternal);
  EXPECT_EQ(Rows(), 0);
}

TEST_F(SqliteDbTest, CachedStatementIsResetAndReusable) {
  for (int i = 0; i < 3; ++i) {
    auto insert = db_->Prepare("INSERT INTO t (n) VALUES (:n)");
    ASSERT_TRUE(insert.ok());
    ASSERT_TRUE(insert->Bind(":n", int64_t{i}).Run().ok());
  }
  EXPECT_EQ(Rows(), 3);
  EXPECT_EQ(*db_->QueryInt("SELECT sum(n) FROM t"), 3);
}

TEST_F(SqliteDbTest, TransactionRollsBackUnlessCommitted) {
  {
    Transaction tx(*db_);
    ASSERT_TRUE(tx.Begin().ok());
    ASSERT_TRUE(db_->Exec("INSERT INTO t (n) VALUES (1)").ok());
  }
  EXPECT_EQ(Rows(), 0);
  {
    Transaction tx(*db_);
    ASSERT_TRUE(tx.Begin().ok());
    ASSERT_TRUE(db_->Exec("INSERT INTO t (n) VALUES (1)").ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  EXPECT_EQ(Rows(), 1);
}

TEST_F(SqliteDbTest, ErrorsNameTheFileAndCarrySqlitesReason) {
  Status status = db_->Exec("INSERT INTO missing VALUES (1)");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::kStorage);
  EXPECT_EQ(status.message().rfind(dir_.File("t.db") + ": ", 0), 0u) << status.message();
  EXPECT_NE(status.message().find("no such table: missing"), std::string::npos) << status.message();

  auto bad = db_->Prepare("SELEC nonsense");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.message().find("preparing a query"), std::string::npos) << bad.message();
}

// A full database (here capped by max_page_count, like a full volume) must
// say so, where, and what to do: "disk I/O error" leaves an operator guessing.
TEST_F(SqliteDbTest, AFullDatabaseSaysDiskFullAndWhereToFreeSpace) {
  ASSERT_TRUE(db_->Exec("PRAGMA max_page_count = 4").ok());
  Status status;
  for (int i = 0; i < 100 && status.ok(); ++i) {
    auto insert = db_->Prepare("INSERT INTO t (s) VALUES (:s)");
    ASSERT_TRUE(insert.ok());
    status = insert->Bind(":s", std::string(2000, 'x')).Run();
  }
  ASSERT_FALSE(status.ok()) << "never filled up";
  EXPECT_EQ(status.error().kind, ErrorKind::kIo);
  EXPECT_NE(status.message().find("disk full"), std::string::npos) << status.message();
  std::string folder = dir_.File("t.db").substr(0, dir_.File("t.db").rfind('/'));
  EXPECT_NE(status.message().find("free space on " + folder + " "), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("--data"), std::string::npos) << status.message();
}

}  // namespace
}  // namespace herald::store
