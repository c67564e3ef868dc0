// Robustness over feedparser's conformance corpus (~2,200 small, often
// deliberately broken feeds): every file must give a Feed or a clean Error.
// Conformance scoring itself is shared/tools/feed-conformance's job.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "common/strings.h"
#include "feed/feed.h"

namespace herald::feed {
namespace {

namespace fs = std::filesystem;

TEST(FeedparserSuite, EveryFileParsesOrFailsCleanly) {
  fs::path root = fs::path(HERALD_SHARED_DIR) / "datasets" / "feedparser-tests";
  if (!fs::is_directory(root)) GTEST_SKIP() << "feedparser corpus not found at " << root << "; skipping";
  int files = 0, feeds = 0, errors = 0;
  for (const auto& item : fs::recursive_directory_iterator(root)) {
    if (!item.is_regular_file()) continue;
    std::string ext = item.path().extension().string();
    if (ext != ".xml" && ext != ".rss" && ext != ".atom" && ext != ".rdf" && ext != ".json") continue;
    std::ifstream in(item.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    ++files;
    auto result = ParseFeed(bytes.str(), ParseOptions{"http://example.com/feed.xml", ""});
    if (result.ok()) {
      ++feeds;
      for (const Entry& e : result->entries) {
        ASSERT_EQ(ToValidUtf8(e.title), e.title) << item.path();
        ASSERT_EQ(ToValidUtf8(e.content), e.content) << item.path();
      }
    } else {
      ++errors;
      ASSERT_FALSE(result.message().empty()) << item.path();
    }
  }
  EXPECT_GT(files, 1000);
  // Nearly the whole corpus is feeds; a parser refusing many of them is broken.
  EXPECT_GT(feeds, files * 9 / 10) << feeds << " feeds, " << errors << " errors of " << files;
}

}  // namespace
}  // namespace herald::feed
