// Full-text search and related articles, in English, Chinese, Japanese and
// mixed text, on a real SQLite file.
#include <gtest/gtest.h>

#include <set>

#include "store/migrations.h"
#include "store/sqlite_db.h"
#include "store/store_test_support.h"

namespace herald::store {
namespace {

using testing::OpenOrDie;
using testing::SampleArticle;
using testing::SampleSource;
using testing::TempDir;

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenOrDie(dir_.File("herald.db"));
    source_id_ = *store_->AddSource(SampleSource("https://example.com/feed"));
  }

  int64_t Put(const std::string& slug, const std::string& title, const std::string& text,
              const std::string& language = "en", const std::string& hash = "") {
    Article a = SampleArticle(source_id_, "https://example.com/" + slug);
    a.title = title;
    a.text = text;
    a.language = language;
    a.content_hash = hash.empty() ? slug : hash;
    EXPECT_TRUE(store_->PutArticle(a).ok());
    return a.id;
  }

  std::vector<int64_t> Ids(const Result<std::vector<ArticleSummary>>& r) {
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.message());
    std::vector<int64_t> ids;
    if (r.ok())
      for (const auto& a : *r) ids.push_back(a.id);
    return ids;
  }

  std::vector<int64_t> Find(const std::string& text) { return Ids(store_->Search({.text = text})); }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  int64_t source_id_ = 0;
};

// New rows enter the index once per batch; an article inserted and updated
// in the same batch, and updates in later batches, leave the index exact.
TEST_F(SearchTest, BatchWritesKeepTheIndexExact) {
  std::vector<Article> batch;
  for (int i = 0; i < 20; ++i) {
    Article a = SampleArticle(source_id_, "https://example.com/b" + std::to_string(i));
    a.title = "Harbour report " + std::to_string(i);
    a.text = "Ferries resume sailing number" + std::to_string(i);
    batch.push_back(a);
  }
  Article again = batch[3];  // the same URL later in the batch, new words
  again.title = "Harbour closed";
  again.text = "Lighthouse keepers evacuate";
  batch.push_back(again);
  auto outcomes = store_->PutArticles(batch);
  ASSERT_TRUE(outcomes.ok()) << outcomes.message();
  EXPECT_EQ(outcomes->back(), PutOutcome::kUpdated);
  EXPECT_EQ(Find("harbour").size(), 20u);
  EXPECT_EQ(Find("lighthouse"), std::vector<int64_t>{batch[3].id});
  EXPECT_TRUE(Find("number3").empty()) << "the replaced words left the index";
  Put("later", "Lighthouse tours reopen", "Visitors return");
  batch[5].text = "Lighthouse lamp replaced";
  ASSERT_TRUE(store_->PutArticles(batch).ok());
  EXPECT_EQ(Find("lighthouse").size(), 3u);
  auto db = Database::Open(dir_.File("herald.db"), /*read_only=*/false);
  ASSERT_TRUE(db.ok());
  EXPECT_TRUE((*db)->Exec("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)").ok())
      << "the full-text index matches the articles";
}

// Ranking reads the most recently stored matches only (the window), so a
// common word stays cheap; filters narrow the window's matches first, and a
// page beyond the window ranks every match.
TEST(SearchWindowTest, RanksTheNewestMatchesAndPagesBeyondReachEveryMatch) {
  TempDir dir;
  auto store = Store::Open({.path = dir.File("herald.db"), .search_window = 3});
  ASSERT_TRUE(store.ok()) << store.message();
  int64_t a = *(*store)->AddSource(SampleSource("https://a.example/feed"));
  int64_t b = *(*store)->AddSource(SampleSource("https://b.example/feed"));
  std::vector<int64_t> ids;
  for (int i = 0; i < 6; ++i) {
    Article x = SampleArticle(i < 5 ? a : b, "https://example.com/w" + std::to_string(i));
    // The oldest article is the best match by far: the word in its title.
    x.title = i == 0 ? "Tide tide tide" : "Harbour " + std::to_string(i);
    x.text = "The tide turned at " + std::to_string(i) + ".";
    ASSERT_TRUE((*store)->PutArticle(x).ok());
    ids.push_back(x.id);
  }
  auto search = [&](SearchQuery q) {
    auto r = (*store)->Search(q);
    EXPECT_TRUE(r.ok()) << r.message();
    std::set<int64_t> found;
    for (const auto& s : *r) found.insert(s.id);
    return found;
  };
  EXPECT_EQ(search({.text = "tide", .limit = 3}), (std::set<int64_t>{ids[3], ids[4], ids[5]}));
  EXPECT_EQ(search({.text = "tide", .source_id = a, .limit = 3}), (std::set<int64_t>{ids[2], ids[3], ids[4]}));
  EXPECT_EQ(search({.text = "tide", .limit = 6}).size(), 6u) << "a page reaching past the window ranks every match";
  EXPECT_EQ(search({.text = "tide", .limit = 3, .offset = 3}).size(), 3u);
  auto everything = Store::Open({.path = dir.File("herald.db"), .search_window = 0});
  ASSERT_TRUE(everything.ok());
  auto best = (*everything)->Search({.text = "tide", .limit = 1});
  ASSERT_TRUE(best.ok());
  ASSERT_EQ(best->size(), 1u);
  EXPECT_EQ(best->front().id, ids[0]) << "window 0 ranks every match";
}

TEST_F(SearchTest, TwoCharacterChineseQueriesFindChineseArticles) {
  int64_t typhoon = Put("zh-typhoon", "超强台风桦加沙登陆广东", "受台风影响，广东多地停课停工，中国气象局发布红色预警。", "zh");
  int64_t economy = Put("zh-economy", "九月新经济指数回升", "中国新经济行业投入占比上升，生物医药等行业贡献增加。", "zh");
  Put("en", "Typhoon nears Hong Kong", "Schools are closed as the storm approaches.");
  auto t = Find("台风");
  ASSERT_FALSE(t.empty());
  EXPECT_EQ(t[0], typhoon);
  auto c = Find("中国");
  EXPECT_EQ(c.size(), 2u);
  EXPECT_EQ(Find("经济").front(), economy);
}

TEST_F(SearchTest, JapaneseAndMixedQueries) {
  int64_t ja = Put("ja", "北極海航路の通航が過去最多に", "中国の海運会社が北極海航路の利用を増やしている。", "ja");
  int64_t mixed = Put("mixed", "中国AI机器人竞赛", "中国工厂去年安装的工业机器人数量超过世界其他地区总和。robots 与 AI 结合。", "zh");
  Put("other", "Solar panels", "Ningxia desert turns blue.");
  EXPECT_EQ(Find("北極海").front(), ja);
  EXPECT_EQ(Find("AI 机器人").front(), mixed);
  EXPECT_EQ(Find("robots 机器人").front(), mixed);
}

TEST_F(SearchTest, EnglishRankingFiltersAndSyntaxSafety) {
  int64_t in_title = Put("a", "Arctic shipping record", "Ships crossed the route.");
  int64_t in_body = Put("b", "Trade talks", "The Arctic came up once.");
  EXPECT_EQ(Find("arctic"), (std::vector<int64_t>{in_title, in_body}));
  EXPECT_EQ(Find("ARCTIC record"), (std::vector<int64_t>{in_title}));
  EXPECT_TRUE(Find("").empty());
  EXPECT_TRUE(Find(" ,;! ").empty());
  // FTS5 syntax in a query is just text.
  EXPECT_TRUE(Find("arctic NOT record").empty());
  EXPECT_NO_FATAL_FAILURE(Find("\"unbalanced * NEAR( title:x"));
  EXPECT_EQ(Ids(store_->Search({.text = "arctic", .language = "fr"})).size(), 0u);
  EXPECT_EQ(Ids(store_->Search({.text = "arctic", .limit = 1, .offset = 1})), (std::vector<int64_t>{in_body}));
}

TEST_F(SearchTest, RelatedFindsTheSameSubjectButNeverItselfOrACopy) {
  int64_t a = Put("a", "Typhoon Mirae lashes Hong Kong", "Typhoon Mirae brought gales and flooding to Hong Kong. Typhoon signal 8.");
  int64_t b = Put("b", "Typhoon Mirae makes landfall in Guangdong", "The typhoon weakened after landfall near Yangjiang.");
  Put("copy", "Typhoon Mirae lashes Hong Kong (copy)", "Typhoon Mirae brought gales and flooding to Hong Kong.", "en", "a");
  int64_t unrelated = Put("c", "Solar panels in Ningxia", "The desert turns blue with solar panels.");
  auto related = Ids(store_->RelatedArticles(a, 5));
  ASSERT_FALSE(related.empty());
  EXPECT_EQ(related.front(), b);
  for (int64_t id : related) {
    EXPECT_NE(id, a);
    EXPECT_NE(id, unrelated);
  }
  EXPECT_EQ(related.size(), 1u) << "the copy with the same content hash must not appear";
  EXPECT_TRUE(Ids(store_->RelatedArticles(999, 5)).empty());
}

TEST(SearchBackfillTest, ArticlesStoredBeforeTheSegmentedIndexBecomeSearchable) {
  TempDir dir;
  std::string path = dir.File("old.db");
  {
    auto db = Database::Open(path, false);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(ApplyMigrations(**db, std::span(SchemaMigrations()).first(2)).ok());
    ASSERT_TRUE((*db)->Exec("INSERT INTO sources (feed_url) VALUES ('https://example.com/feed');"
                            "INSERT INTO articles (source_id, url, canonical_url, title, text, fetched_utc) "
                            "VALUES (1, 'u', 'https://example.com/a', '台风登陆', '广东停课', 1);")
                    .ok());
  }
  auto store = OpenOrDie(path);
  ASSERT_NE(store, nullptr);
  auto hits = store->Search({.text = "台风"});
  ASSERT_TRUE(hits.ok()) << hits.message();
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].title, "台风登陆");
}

}  // namespace
}  // namespace herald::store

namespace herald::store {
namespace {

TEST(ListArticlesTest, KeysetCursorWalksEveryArticleOnceWithFilters) {
  testing::TempDir dir;
  auto store = testing::OpenOrDie(dir.File("herald.db"));
  int64_t a = *store->AddSource(testing::SampleSource("https://a.example/feed"));
  int64_t b = *store->AddSource(testing::SampleSource("https://b.example/feed"));
  for (int i = 0; i < 7; ++i) {
    Article x = testing::SampleArticle(i % 2 ? a : b, "https://example.com/" + std::to_string(i));
    x.published = Timestamp{1759377180 + (i / 2) * 60, 0, true};  // ties on purpose
    x.language = i == 6 ? "zh" : "en";
    ASSERT_TRUE(store->PutArticle(x).ok());
  }
  std::vector<int64_t> seen;
  ArticleFilter filter;
  for (int round = 0; round < 10; ++round) {
    auto page = store->ListArticles(filter, 3);
    ASSERT_TRUE(page.ok());
    if (page->empty()) break;
    for (const auto& s : *page) seen.push_back(s.id);
    filter.before_sort_utc = page->back().sort_utc;
    filter.before_id = page->back().id;
  }
  ASSERT_EQ(seen.size(), 7u);
  EXPECT_EQ(std::set<int64_t>(seen.begin(), seen.end()).size(), 7u);
  auto latest = store->LatestArticles(7, 0);
  for (size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], (*latest)[i].id);
  EXPECT_EQ(store->ListArticles({.source_id = a}, 10)->size(), 3u);
  EXPECT_EQ(store->ListArticles({.language = "zh"}, 10)->size(), 1u);
}

}  // namespace
}  // namespace herald::store
