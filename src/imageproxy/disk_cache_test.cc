#include "imageproxy/disk_cache.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <vector>

namespace herald::imageproxy {
namespace {

namespace fs = std::filesystem;

class DiskCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("herald-diskcache-" + std::to_string(getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  std::unique_ptr<DiskCache> Open(uint64_t max_bytes, int failure_ttl = 600) {
    auto cache = DiskCache::Open({(root_ / "images").string(), max_bytes, failure_ttl});
    EXPECT_TRUE(cache.ok()) << cache.message();
    return cache.ok() ? std::move(*cache) : nullptr;
  }
  size_t FileCount() const {
    size_t n = 0;
    for (const auto& entry : fs::directory_iterator(root_ / "images")) n += entry.is_regular_file();
    return n;
  }

  fs::path root_;
};

TEST_F(DiskCacheTest, StoresAndReadsBack) {
  auto cache = Open(1 << 20);
  EXPECT_FALSE(cache->Get("a"));
  ASSERT_TRUE(cache->Put("a", "alpha").ok());
  EXPECT_EQ(cache->Get("a"), "alpha");
  ASSERT_TRUE(cache->Put("a", "ALPHA!").ok());
  EXPECT_EQ(cache->Get("a"), "ALPHA!");
  EXPECT_EQ(cache->size_bytes(), 6u);
  EXPECT_EQ(FileCount(), 1u);  // no temporary left behind
}

TEST_F(DiskCacheTest, KeysNeverBecomePaths) {
  auto cache = Open(1 << 20);
  for (std::string key : std::vector<std::string>{"../../escape", "/etc/passwd", "..", "a/../../b", "%2e%2e/%2e%2e", std::string("nul\0x", 5)}) {
    ASSERT_TRUE(cache->Put(key, "x").ok());
    EXPECT_EQ(cache->Get(key), "x");
  }
  for (const auto& entry : fs::recursive_directory_iterator(root_)) {
    if (entry.is_directory()) {
      EXPECT_EQ(entry.path(), root_ / "images");
      continue;
    }
    EXPECT_EQ(entry.path().parent_path(), root_ / "images");
    EXPECT_EQ(entry.path().filename().string().size(), 64u);
  }
  EXPECT_FALSE(fs::exists(root_ / "escape"));
}

TEST_F(DiskCacheTest, EvictsLeastRecentlyUsedOverTheCap) {
  auto cache = Open(30);
  std::string ten(10, 'x');
  ASSERT_TRUE(cache->Put("a", ten).ok());
  ASSERT_TRUE(cache->Put("b", ten).ok());
  ASSERT_TRUE(cache->Put("c", ten).ok());
  ASSERT_TRUE(cache->Get("a"));  // a is now more recent than b
  ASSERT_TRUE(cache->Put("d", ten).ok());
  EXPECT_FALSE(cache->Get("b"));
  EXPECT_TRUE(cache->Get("a"));
  EXPECT_TRUE(cache->Get("c"));
  EXPECT_TRUE(cache->Get("d"));
  EXPECT_LE(cache->size_bytes(), 30u);
  EXPECT_EQ(FileCount(), 3u);
}

TEST_F(DiskCacheTest, AnEntryLargerThanTheCapIsNotKept) {
  auto cache = Open(5);
  ASSERT_TRUE(cache->Put("big", "0123456789").ok());
  EXPECT_FALSE(cache->Get("big"));
  EXPECT_EQ(cache->size_bytes(), 0u);
}

TEST_F(DiskCacheTest, ReopeningKnowsTheFilesAndEnforcesANewCap) {
  {
    auto cache = Open(1 << 20);
    ASSERT_TRUE(cache->Put("a", std::string(10, 'a')).ok());
    ASSERT_TRUE(cache->Put("b", std::string(10, 'b')).ok());
  }
  // A crashed write leaves a temporary file: reopening removes it.
  std::ofstream(root_ / "images" / "leftover.part") << "half";
  auto cache = Open(1 << 20);
  EXPECT_EQ(cache->size_bytes(), 20u);
  EXPECT_FALSE(fs::exists(root_ / "images" / "leftover.part"));
  auto smaller = Open(15);
  EXPECT_LE(smaller->size_bytes(), 15u);
  EXPECT_EQ(FileCount(), 1u);
}

TEST_F(DiskCacheTest, RemembersFailuresForTheTtl) {
  auto cache = Open(1 << 20);
  EXPECT_FALSE(cache->GetFailure("a"));
  ASSERT_TRUE(cache->PutFailure("a", {415, "not an image"}).ok());
  auto failure = cache->GetFailure("a");
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->status, 415);
  EXPECT_EQ(failure->message, "not an image");
  EXPECT_FALSE(cache->Get("a"));  // a failure is not an image

  auto expired = Open(1 << 20, 0);
  EXPECT_FALSE(expired->GetFailure("a"));
}

TEST_F(DiskCacheTest, CorruptFailureFileIsIgnored) {
  auto cache = Open(1 << 20);
  ASSERT_TRUE(cache->PutFailure("a", {415, "x"}).ok());
  for (const auto& entry : fs::directory_iterator(root_ / "images")) std::ofstream(entry.path()) << "garbage";
  EXPECT_FALSE(cache->GetFailure("a"));
}

}  // namespace
}  // namespace herald::imageproxy
