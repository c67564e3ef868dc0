// `herald articles`: editorial control through the real binary on a real
// data directory. Bad input fails on one line with exit status 2 and leaves
// the data directory byte-identical.
#include <gtest/gtest.h>

#include <algorithm>

#include "process.h"
#include "demo/newsroom.h"

namespace herald::testing {
namespace {

const std::string kHerald = HERALD_BINARY_DIR "/herald";

class ArticlesCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("herald-articles-cli");
    data_ = dir_ + "/data";
    // Three real articles, ingested by herald from the demo newsroom on loopback.
    auto newsroom = demo::StartNewsroom("127.0.0.1", 0);
    ASSERT_TRUE(newsroom.ok()) << newsroom.message();
    std::string feed = (*newsroom)->base_url() + demo::Feeds().front().path;
    config_ = dir_ + "/herald.toml";
    WriteFile(config_, "[fetch]\nallow_private_networks = true\nper_host_delay_ms = 0\nmax_articles_per_feed = 3\n");
    auto add = Herald({"sources", "add", "--no-fetch", feed});
    ASSERT_EQ(add.exit_status, 0) << add.err;
    auto ingest = Herald({"ingest", "--once"});
    ASSERT_EQ(ingest.exit_status, 0) << ingest.err;
    auto list = Herald({"articles", "list"});
    ASSERT_EQ(list.exit_status, 0) << list.err;
    // "ID\tSTATE\tPUBLISHED\tTITLE" lines, newest first.
    for (size_t at = 0; at < list.out.size();) {
      size_t eol = list.out.find('\n', at);
      std::string line = list.out.substr(at, eol - at);
      ids_.push_back(line.substr(0, line.find('\t')));
      titles_.push_back(line.substr(line.rfind('\t') + 1));
      at = eol + 1;
    }
    ASSERT_EQ(ids_.size(), 3u) << list.out;
  }
  void TearDown() override { RemoveTree(dir_); }

  ProcessResult Herald(std::vector<std::string> args) {
    std::vector<std::string> argv = {kHerald, "--data", data_};
    if (!config_.empty()) argv.insert(argv.end(), {"--config", config_});
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProcess(argv);
  }

  std::string dir_, data_, config_;
  std::vector<std::string> ids_, titles_;  // as `articles list` printed them
};

TEST_F(ArticlesCliTest, HideUnhideFeatureAndList) {
  auto list = Herald({"articles", "list"});
  ASSERT_EQ(list.exit_status, 0) << list.err;
  EXPECT_NE(list.out.find(ids_[1] + "\t-\t"), std::string::npos) << list.out;

  auto hide = Herald({"articles", "hide", ids_[1]});
  ASSERT_EQ(hide.exit_status, 0) << hide.err;
  EXPECT_EQ(hide.out, "hidden " + ids_[1] + "\n");
  list = Herald({"articles", "list"});
  EXPECT_EQ(list.out.find(titles_[1]), std::string::npos) << list.out;
  auto hidden = Herald({"articles", "list", "--hidden"});
  ASSERT_EQ(hidden.exit_status, 0) << hidden.err;
  EXPECT_EQ(hidden.out.rfind(ids_[1] + "\thidden\t", 0), 0u) << hidden.out;
  EXPECT_EQ(hidden.out.find(titles_[0]), std::string::npos) << hidden.out;
  EXPECT_EQ(Herald({"articles", "hide", ids_[1]}).exit_status, 0) << "hiding twice is fine";

  ASSERT_EQ(Herald({"articles", "unhide", ids_[1]}).exit_status, 0);
  EXPECT_NE(Herald({"articles", "list"}).out.find(titles_[1]), std::string::npos);
  EXPECT_EQ(Herald({"articles", "list", "--hidden"}).out, "");

  auto feature = Herald({"articles", "feature", ids_[0]});
  ASSERT_EQ(feature.exit_status, 0) << feature.err;
  EXPECT_EQ(feature.out, "featured " + ids_[0] + "\n");
  EXPECT_NE(Herald({"articles", "list"}).out.find(ids_[0] + "\tfeatured\t"), std::string::npos);
  ASSERT_EQ(Herald({"articles", "unfeature", ids_[0]}).exit_status, 0);
  EXPECT_NE(Herald({"articles", "list"}).out.find(ids_[0] + "\t-\t"), std::string::npos);

  auto limited = Herald({"articles", "list", "--limit", "1"});
  EXPECT_EQ(std::count(limited.out.begin(), limited.out.end(), '\n'), 1) << limited.out;
}

TEST_F(ArticlesCliTest, BadInputFailsOnOneLineAndChangesNothing) {
  struct Case {
    std::vector<std::string> args;
    std::string must_mention;
  };
  const std::vector<Case> cases = {
      {{"articles", "hide", "abc"}, "'abc' is not an article id"},
      {{"articles", "hide", "-5"}, "-5"},
      {{"articles", "hide", "0"}, "'0' is not an article id"},
      {{"articles", "feature", "99999999999999999999999"}, "is not an article id"},
      {{"articles", "unhide", "1; DROP TABLE articles"}, "is not an article id"},
      {{"articles", "hide", "424242"}, "article 424242 not found"},
      {{"articles", "unfeature", "424242"}, "herald articles list"},
      {{"articles", "hide"}, "id is required"},
      {{"articles", "list", "--limit", "0"}, "--limit"},
      {{"articles", "bury", "1"}, "bury"},
  };
  for (const auto& c : cases) {
    std::string before = TreeChecksum(data_);
    auto r = Herald(c.args);
    std::string cmd;
    for (const auto& a : c.args) cmd += a + " ";
    SCOPED_TRACE(cmd);
    EXPECT_EQ(r.exit_status, 2) << r.err;
    ASSERT_FALSE(r.err.empty());
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "more than one line: " << r.err;
    EXPECT_EQ(r.err.rfind("herald: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find(c.must_mention), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(TreeChecksum(data_), before) << "data directory changed";
  }
}

}  // namespace
}  // namespace herald::testing
