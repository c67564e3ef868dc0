// `herald reprocess`: changed focus rules re-applied to stored articles, and
// article pages queued to be extracted again, through the real binary on a
// real data directory filled from the demo newsroom over loopback.
#include <gtest/gtest.h>

#include <set>

#include "common/strings.h"
#include "demo/newsroom.h"
#include "process.h"
#include "store/store.h"

namespace herald::testing {
namespace {

const std::string kHerald = HERALD_BINARY_DIR "/herald";
constexpr char kFetch[] = "[fetch]\nallow_private_networks = true\nper_host_delay_ms = 0\nmax_articles_per_feed = 4\n";

// A TOML basic string.
std::string TomlString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;  // titles are one line; drop stray controls
    out += c;
  }
  return out + "\"";
}

class ReprocessCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("herald-reprocess-cli");
    data_ = dir_ + "/data";
    auto newsroom = demo::StartNewsroom("127.0.0.1", 0);
    ASSERT_TRUE(newsroom.ok()) << newsroom.message();
    newsroom_ = std::move(*newsroom);
    feed_ = newsroom_->base_url() + demo::Feeds().front().path;
    config_ = dir_ + "/herald.toml";
    WriteFile(config_, kFetch);
    auto add = Herald({"sources", "add", "--no-fetch", feed_});
    ASSERT_EQ(add.exit_status, 0) << add.err;
    auto ingest = Herald({"ingest", "--once"});
    ASSERT_EQ(ingest.exit_status, 0) << ingest.err;
    listed_ = Listed();
    ASSERT_EQ(listed_.size(), 4u);
  }
  void TearDown() override {
    newsroom_.reset();
    RemoveTree(dir_);
  }

  ProcessResult Herald(std::vector<std::string> args) {
    std::vector<std::string> argv = {kHerald, "--data", data_, "--config", config_};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProcess(argv);
  }

  // `herald articles list` as id -> title.
  std::map<std::string, std::string> Listed() {
    auto list = Herald({"articles", "list"});
    EXPECT_EQ(list.exit_status, 0) << list.err;
    std::map<std::string, std::string> out;
    for (size_t at = 0; at < list.out.size();) {
      size_t eol = list.out.find('\n', at);
      std::string line = list.out.substr(at, eol - at);
      out[line.substr(0, line.find('\t'))] = line.substr(line.rfind('\t') + 1);
      at = eol + 1;
    }
    return out;
  }

  // Ids of stored articles whose title or text holds one of `phrases`, read
  // from the data directory itself: what the rule should leave out.
  std::set<std::string> StoredContaining(const std::vector<std::string>& phrases) {
    auto store = store::Store::Open({.path = data_ + "/herald.db", .read_only = true});
    EXPECT_TRUE(store.ok()) << store.message();
    std::set<std::string> ids;
    if (!store.ok()) return ids;
    auto all = (*store)->ArticlesForRules(0, 1000);
    EXPECT_TRUE(all.ok());
    for (const auto& a : *all)
      for (const std::string& p : phrases)
        if (ContainsIgnoreCase(a.title + "\n" + a.text, p)) ids.insert(std::to_string(a.id));
    return ids;
  }

  std::string Waiting() {
    auto jobs = Herald({"jobs"});
    EXPECT_EQ(jobs.exit_status, 0) << jobs.err;
    return jobs.out.substr(0, jobs.out.find('\n'));
  }

  std::unique_ptr<httpd::Server> newsroom_;
  std::string dir_, data_, config_, feed_;
  std::map<std::string, std::string> listed_;  // after the first ingest
};

TEST_F(ReprocessCliTest, ChangedFocusRulesHideAndRestoreStoredArticles) {
  // Two stored articles' headlines as exclude keywords: they (and anything
  // else quoting them) leave the site; the others stay.
  auto it = listed_.begin();
  const std::string first_title = it->second;
  const std::string second_title = (++it)->second;
  std::set<std::string> excluded = StoredContaining({first_title, second_title});
  ASSERT_GE(excluded.size(), 2u);
  ASSERT_LT(excluded.size(), listed_.size()) << "the rule must leave some articles in focus";
  WriteFile(config_, std::string(kFetch) + "[focus]\nexclude_keywords = [" + TomlString(first_title) + ", " +
                         TomlString(second_title) + "]\n");

  auto narrowed = Herald({"reprocess", "--progress-every", "1"});
  ASSERT_EQ(narrowed.exit_status, 0) << narrowed.err;
  EXPECT_NE(narrowed.out.find("reprocessed 4 article(s)"), std::string::npos) << narrowed.out;
  EXPECT_NE(narrowed.out.find(std::to_string(excluded.size()) + " entered or left the focus"), std::string::npos)
      << narrowed.out;
  EXPECT_NE(narrowed.err.find("reprocess: focus 1/4 articles"), std::string::npos) << narrowed.err;
  EXPECT_NE(narrowed.err.find("reprocess: focus 4/4 articles"), std::string::npos) << narrowed.err;
  auto shown = Listed();
  for (const auto& [id, title] : listed_) {
    SCOPED_TRACE(title);
    EXPECT_EQ(shown.count(id), excluded.count(id) ? 0u : 1u);
  }

  // Nothing changed: a second run changes nothing.
  auto again = Herald({"reprocess"});
  ASSERT_EQ(again.exit_status, 0) << again.err;
  EXPECT_NE(again.out.find("0 entered or left the focus"), std::string::npos) << again.out;

  // The rule removed: every article is back.
  WriteFile(config_, kFetch);
  auto widened = Herald({"reprocess"});
  ASSERT_EQ(widened.exit_status, 0) << widened.err;
  EXPECT_NE(widened.out.find(std::to_string(excluded.size()) + " entered or left the focus (0 outside it now)"),
            std::string::npos)
      << widened.out;
  EXPECT_EQ(Listed(), listed_);
}

TEST_F(ReprocessCliTest, SourceSectionsAreAppliedAtStartTooAndNewArticlesFollowThem) {
  // A section no article of the feed is under: the whole source leaves the
  // site as soon as herald starts with it (the fingerprint changed), and an
  // ingest round keeps it out.
  WriteFile(config_, std::string(kFetch) + "[[sources]]\nurl = " + TomlString(feed_) +
                         "\nsections = [\"/no-such-section/\"]\n");
  auto ingest = Herald({"ingest", "--once"});
  ASSERT_EQ(ingest.exit_status, 0) << ingest.err;
  EXPECT_TRUE(Listed().empty());
  WriteFile(config_, kFetch);
  ASSERT_EQ(Herald({"reprocess"}).exit_status, 0);
  EXPECT_EQ(Listed(), listed_);
}

TEST_F(ReprocessCliTest, RefetchQueuesStoredPagesAndIngestExtractsThemAgain) {
  auto unchanged = Herald({"reprocess"});
  ASSERT_EQ(unchanged.exit_status, 0) << unchanged.err;
  EXPECT_NE(unchanged.out.find("no article pages queued"), std::string::npos) << unchanged.out;
  EXPECT_EQ(Waiting(), "article pages: 0 waiting, 0 being fetched, 0 given up");

  auto forced = Herald({"reprocess", "--refetch"});
  ASSERT_EQ(forced.exit_status, 0) << forced.err;
  EXPECT_NE(forced.out.find("queued 4 article page(s) of 1 source(s)"), std::string::npos) << forced.out;
  EXPECT_EQ(Waiting(), "article pages: 4 waiting, 0 being fetched, 0 given up");
  auto ingest = Herald({"ingest", "--once"});
  ASSERT_EQ(ingest.exit_status, 0) << ingest.err;
  EXPECT_EQ(Waiting(), "article pages: 0 waiting, 0 being fetched, 0 given up");
  EXPECT_EQ(Listed(), listed_);

  // Changed extraction rules for the source: its pages are queued without
  // --refetch, once.
  WriteFile(config_, std::string(kFetch) + "[[sources]]\nurl = " + TomlString(feed_) +
                         "\nremove_selectors = [\".no-such-class\"]\n");
  auto changed = Herald({"reprocess"});
  ASSERT_EQ(changed.exit_status, 0) << changed.err;
  EXPECT_NE(changed.out.find("queued 4 article page(s) of 1 source(s)"), std::string::npos) << changed.out;
  auto after = Herald({"reprocess"});
  ASSERT_EQ(after.exit_status, 0) << after.err;
  EXPECT_NE(after.out.find("no article pages queued"), std::string::npos) << after.out;
}

TEST_F(ReprocessCliTest, BadRulesFailOnOneLineAndChangeNothing) {
  struct Case {
    std::string config;
    std::string must_mention;
  };
  const std::vector<Case> cases = {
      {"[focus]\nexclude_regexes = [\"(unclosed\"]\n", "[focus] exclude_regexes: regex '(unclosed' is invalid"},
      {"[focus]\nkeywords = [\" \"]\n", "[focus] keywords: keyword ' ' is empty"},
      {"[focus]\nmin_words = -1\n", "'focus.min_words' must be at least 0"},
      {"[focus]\ntitle = \"x\"\n", "unknown key 'focus.title'"},
      {"[[sources]]\nurl = \"https://example.com/f\"\nsections = [\"world\"]\n", "'world' is not a URL path"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.config);
    WriteFile(config_, std::string(kFetch) + c.config);
    std::string before = TreeChecksum(data_);
    auto r = Herald({"reprocess"});
    EXPECT_EQ(r.exit_status, 2) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "more than one line: " << r.err;
    EXPECT_NE(r.err.find(c.must_mention), std::string::npos) << r.err;
    EXPECT_EQ(TreeChecksum(data_), before) << "data directory changed";
  }
  WriteFile(config_, std::string(kFetch) + "[fetch]\n");  // a duplicate table: TOML syntax error
  EXPECT_EQ(Herald({"reprocess"}).exit_status, 2);
}

}  // namespace
}  // namespace herald::testing
