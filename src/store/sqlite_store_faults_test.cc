// Opening things that are not a usable herald database: each must give one
// clear Error naming the path and what to do, and must not damage the file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "store/migrations.h"
#include "store/sqlite_db.h"
#include "store/store.h"
#include "store/store_test_support.h"

namespace herald::store {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

void ExpectRefused(const Result<std::unique_ptr<Store>>& store, const std::string& path, const std::string& says) {
  ASSERT_FALSE(store.ok()) << path;
  EXPECT_NE(store.message().find(path), std::string::npos) << store.message();
  EXPECT_NE(store.message().find(says), std::string::npos) << store.message();
  EXPECT_EQ(store.message().find('\n'), std::string::npos) << "one line: " << store.message();
}

TEST(SqliteStoreFaultsTest, DirectoryAsPathIsRefused) {
  TempDir dir;
  auto store = Store::Open(StoreOptions{.path = dir.path()});
  ExpectRefused(store, dir.path(), "is a directory, not a database file");
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(SqliteStoreFaultsTest, GarbageFileIsRefusedAndLeftByteIdentical) {
  TempDir dir;
  std::string path = dir.File("herald.db");
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 131 + 7) % 256);
  WriteBytes(path, garbage);

  auto store = Store::Open(StoreOptions{.path = path});
  ExpectRefused(store, path, "file is not a SQLite database; move it away or choose another --data directory");
  EXPECT_EQ(ReadBytes(path), garbage);
  EXPECT_FALSE(fs::exists(path + "-wal"));
  EXPECT_FALSE(fs::exists(path + "-shm"));
  EXPECT_FALSE(fs::exists(path + "-journal"));
}

TEST(SqliteStoreFaultsTest, TextFileIsRefusedAndLeftByteIdentical) {
  TempDir dir;
  std::string path = dir.File("notes.txt");
  const std::string text = "[server]\nport = 8080\n";  // e.g. a config given as --db by mistake
  WriteBytes(path, text);
  ExpectRefused(Store::Open(StoreOptions{.path = path}), path, "file is not a SQLite database");
  EXPECT_EQ(ReadBytes(path), text);
}

TEST(SqliteStoreFaultsTest, DamagedDatabaseIsRefusedCleanly) {
  TempDir dir;
  std::string path = dir.File("herald.db");
  {
    auto store = testing::OpenOrDie(path);
    ASSERT_NE(store, nullptr);
  }
  // Keep SQLite's valid 100-byte header, scribble over the schema page.
  std::string bytes = ReadBytes(path);
  ASSERT_GT(bytes.size(), 4096u);
  for (size_t i = 100; i < 4096; ++i) bytes[i] = static_cast<char>(0xA5);
  WriteBytes(path, bytes);
  fs::remove(path + "-wal");
  fs::remove(path + "-shm");

  auto store = Store::Open(StoreOptions{.path = path});
  ExpectRefused(store, path, "database file is damaged");
  EXPECT_NE(store.message().find("restore a backup"), std::string::npos) << store.message();
}

TEST(SqliteStoreFaultsTest, MissingParentDirectoryIsNamedAndNotCreated) {
  TempDir dir;
  std::string parent = dir.File("no-such-dir");
  std::string path = parent + "/herald.db";
  auto store = Store::Open(StoreOptions{.path = path});
  ExpectRefused(store, path, "directory " + parent + " does not exist");
  EXPECT_FALSE(fs::exists(parent));
}

TEST(SqliteStoreFaultsTest, EmptyPathIsInvalidInput) {
  auto store = Store::Open(StoreOptions{.path = ""});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().kind, ErrorKind::kInvalidInput);
}

TEST(SqliteStoreFaultsTest, EmptyFileBecomesANewDatabase) {
  TempDir dir;
  std::string path = dir.File("herald.db");
  WriteBytes(path, "");
  auto store = Store::Open(StoreOptions{.path = path});
  ASSERT_TRUE(store.ok()) << store.message();
  EXPECT_EQ((*store)->SchemaVersion(), static_cast<int>(SchemaMigrations().size()));
}

TEST(SqliteStoreFaultsTest, NewerSchemaIsRefusedWithAClearMessage) {
  TempDir dir;
  std::string path = dir.File("herald.db");
  {
    auto store = testing::OpenOrDie(path);
    ASSERT_NE(store, nullptr);
  }
  {
    auto db = Database::Open(path, false);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Exec("PRAGMA user_version = 99").ok());
  }
  auto store = Store::Open(StoreOptions{.path = path});
  ExpectRefused(store, path,
                "database schema version 99 is newer than this herald knows (" +
                    std::to_string(SchemaMigrations().size()) + "); upgrade herald");
  auto db = Database::Open(path, false);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(*(*db)->QueryInt("PRAGMA user_version"), 99);

  auto read_only = Store::Open(StoreOptions{.path = path, .read_only = true});
  ExpectRefused(read_only, path, "database schema version 99");
}

TEST(SqliteStoreFaultsTest, ReadOnlyNeedsAnExistingFile) {
  TempDir dir;
  std::string path = dir.File("herald.db");
  auto store = Store::Open(StoreOptions{.path = path, .read_only = true});
  ExpectRefused(store, path, "no database to open read-only");
  EXPECT_FALSE(fs::exists(path));
}

TEST(SqliteStoreFaultsTest, ReadOnlyRefusesAnOldSchema) {
  TempDir dir;
  std::string path = dir.File("herald.db");
  {
    auto db = Database::Open(path, false);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Exec("CREATE TABLE t (x); PRAGMA user_version = 1").ok());
  }
  auto store = Store::Open(StoreOptions{.path = path, .read_only = true});
  ExpectRefused(store, path, "open it once without read-only");
}

}  // namespace
}  // namespace herald::store
