#include "store/sqlite_backup.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "store/migrations.h"
#include "store/store.h"

namespace herald::store {
namespace {

namespace fs = std::filesystem;

class SqliteBackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/herald-backup-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Store> Open(const std::string& path) {
    auto store = Store::Open({.path = path});
    EXPECT_TRUE(store.ok()) << store.message();
    return store.ok() ? std::move(*store) : nullptr;
  }
  // A store with one source and `n` articles.
  std::unique_ptr<Store> Populated(const std::string& path, int n) {
    auto store = Open(path);
    auto source = store->AddSource({.name = "Paper", .feed_url = "https://paper.example/feed"});
    EXPECT_TRUE(source.ok());
    for (int i = 0; i < n; ++i) Put(*store, *source, std::string("a").append(std::to_string(i)));  // not "a" + ...: GCC 12 -Wrestrict false positive
    return store;
  }
  static void Put(Store& store, int64_t source_id, const std::string& slug) {
    Article a;
    a.source_id = source_id;
    a.url = a.canonical_url = "https://paper.example/" + slug;
    a.title = "Article " + slug;
    a.text = std::string(2000, 'x') + slug;  // some pages per article
    a.fetched_utc = 1767225600;
    auto put = store.PutArticle(a);
    ASSERT_TRUE(put.ok()) << put.message();
  }
  static int Latest() { return SchemaMigrations().back().version; }
  std::string dir_;
};

TEST_F(SqliteBackupTest, CopiesALiveStoreWhileAnotherThreadWrites) {
  auto store = Populated(dir_ + "/herald.db", 300);
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    for (int i = 0; !stop; ++i) {
      Put(*store, 1, "live" + std::to_string(i));
      ++written;
    }
  });
  int progress_calls = 0;
  int64_t last_total = 0;
  auto report = BackupSqlite(dir_ + "/herald.db", dir_ + "/copy.db", [&](int64_t copied, int64_t total) {
    ++progress_calls;
    EXPECT_LE(copied, total);
    last_total = total;
  });
  // Keep writing until the writer has certainly overlapped the copy.
  while (written < 5) std::this_thread::yield();
  stop = true;
  writer.join();
  ASSERT_TRUE(report.ok()) << report.message();
  EXPECT_GT(report->pages, 0);
  EXPECT_EQ(report->pages, last_total);
  EXPECT_GT(progress_calls, 1);
  EXPECT_FALSE(fs::exists(dir_ + "/copy.db.partial"));
  EXPECT_FALSE(fs::exists(dir_ + "/copy.db-wal"));

  // The copy is a consistent herald store with at least what was there before.
  ASSERT_TRUE(CheckHeraldBackup(dir_ + "/copy.db", Latest()).ok());
  auto copy = Open(dir_ + "/copy.db");
  int64_t copied = *copy->CountArticles();
  EXPECT_GE(copied, 300);
  EXPECT_LE(copied, 300 + written.load());
}

TEST_F(SqliteBackupTest, NeverOverwritesAnExistingFile) {
  auto store = Populated(dir_ + "/herald.db", 3);
  std::ofstream(dir_ + "/precious") << "keep me";
  auto report = BackupSqlite(dir_ + "/herald.db", dir_ + "/precious");
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(report.message().find("already exists"), std::string::npos);
  std::ifstream in(dir_ + "/precious");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "keep me");
}

TEST_F(SqliteBackupTest, MissingSourceOrTargetFolderIsAnError) {
  EXPECT_FALSE(BackupSqlite(dir_ + "/none.db", dir_ + "/copy.db").ok());
  auto store = Populated(dir_ + "/herald.db", 1);
  auto report = BackupSqlite(dir_ + "/herald.db", dir_ + "/no/such/folder/copy.db");
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.message().find("writable"), std::string::npos) << report.message();
}

TEST_F(SqliteBackupTest, CheckRefusesGarbageTruncatedForeignAndNewer) {
  std::ofstream(dir_ + "/garbage.db") << std::string(8192, '\x5a');
  auto garbage = CheckHeraldBackup(dir_ + "/garbage.db", Latest());
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(garbage.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(garbage.message().find("not a herald backup"), std::string::npos) << garbage.message();

  {
    auto store = Populated(dir_ + "/herald.db", 50);
  }
  ASSERT_TRUE(BackupSqlite(dir_ + "/herald.db", dir_ + "/good.db").ok());
  // Truncated to half: SQLite sees missing pages.
  fs::copy_file(dir_ + "/good.db", dir_ + "/half.db");
  fs::resize_file(dir_ + "/half.db", fs::file_size(dir_ + "/good.db") / 2);
  EXPECT_FALSE(CheckHeraldBackup(dir_ + "/half.db", Latest()).ok());

  // Some other program's SQLite database.
  {
    sqlite3* other = nullptr;
    ASSERT_EQ(sqlite3_open(std::string(dir_ + "/plain.db").c_str(), &other), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(other, "CREATE TABLE notes (t TEXT)", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(other);
  }
  auto foreign = CheckHeraldBackup(dir_ + "/plain.db", Latest());
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.message().find("no herald tables"), std::string::npos) << foreign.message();
  EXPECT_FALSE(CheckHeraldBackup(dir_ + "/absent.db", Latest()).ok());

  // A newer herald's backup.
  auto newer = CheckHeraldBackup(dir_ + "/good.db", Latest() - 1);
  ASSERT_FALSE(newer.ok());
  EXPECT_NE(newer.message().find("newer"), std::string::npos) << newer.message();
  EXPECT_EQ(*CheckHeraldBackup(dir_ + "/good.db", Latest()), Latest());
}

TEST_F(SqliteBackupTest, RestoreReplacesAndKeepsThePrevious) {
  {
    auto store = Populated(dir_ + "/herald.db", 20);
  }
  ASSERT_TRUE(BackupSqlite(dir_ + "/herald.db", dir_ + "/b.db").ok());
  fs::create_directories(dir_ + "/data");
  {
    auto current = Populated(dir_ + "/data/herald.db", 5);
  }
  auto restored = RestoreSqlite(dir_ + "/b.db", dir_ + "/data/herald.db", Latest(), false);
  ASSERT_TRUE(restored.ok()) << restored.message();
  EXPECT_EQ(restored->previous_path, dir_ + "/data/herald.db.before-restore");
  EXPECT_FALSE(fs::exists(dir_ + "/data/herald.db.restoring"));
  EXPECT_EQ(*Open(dir_ + "/data/herald.db")->CountArticles(), 20);
  EXPECT_EQ(*Open(dir_ + "/data/herald.db.before-restore")->CountArticles(), 5);
}

TEST_F(SqliteBackupTest, RestoreRefusesWhileOpenElsewhereAndChangesNothing) {
  {
    auto store = Populated(dir_ + "/herald.db", 20);
  }
  ASSERT_TRUE(BackupSqlite(dir_ + "/herald.db", dir_ + "/b.db").ok());
  fs::create_directories(dir_ + "/data");
  Populated(dir_ + "/data/herald.db", 5).reset();
  // The lock that tells is per process: the holder must be another process,
  // forked with no connection open (SQLite's state must not cross a fork).
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto held = Store::Open({.path = dir_ + "/data/herald.db"});
    (void)held.ok();
    pause();
    _exit(0);
  }
  bool in_use = false;
  for (int i = 0; i < 500 && !in_use; ++i) {  // until the child has opened it
    auto probe = DatabaseInUse(dir_ + "/data/herald.db");
    ASSERT_TRUE(probe.ok()) << probe.message();
    in_use = *probe;
    if (!in_use) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(in_use);
  auto refused = RestoreSqlite(dir_ + "/b.db", dir_ + "/data/herald.db", Latest(), false);
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kRefused);
  EXPECT_NE(refused.message().find("--force"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir_ + "/data/herald.db.before-restore"));
  EXPECT_EQ(*Open(dir_ + "/data/herald.db")->CountArticles(), 5);
  EXPECT_FALSE(*DatabaseInUse(dir_ + "/data/herald.db"));
}

TEST_F(SqliteBackupTest, RestoreOfGarbageChangesNothing) {
  fs::create_directories(dir_ + "/data");
  {
    auto current = Populated(dir_ + "/data/herald.db", 5);
  }
  std::ofstream(dir_ + "/garbage.db") << "SQLite format 3" << std::string(5000, '\0');
  auto refused = RestoreSqlite(dir_ + "/garbage.db", dir_ + "/data/herald.db", Latest(), true);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(*Open(dir_ + "/data/herald.db")->CountArticles(), 5);
  EXPECT_FALSE(fs::exists(dir_ + "/data/herald.db.restoring"));
}

}  // namespace
}  // namespace herald::store
