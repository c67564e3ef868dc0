// Full-text search and related articles, in English, Chinese, Japanese and
// mixed text, on both backends (a real SQLite file, a real PostgreSQL
// database); the SQLite index's own checks stay SQLite-only.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include <algorithm>
#include <optional>
#include <set>

#include "store/migrations.h"
#include "store/sqlite_db.h"
#include "store/store_test_support.h"

namespace herald::store {
namespace {

using testing::Backend;
using testing::OpenOrDie;
using testing::SampleArticle;
using testing::SampleSource;
using testing::TempDir;

class SearchTest : public testing::BackendWithSource {
 protected:
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
};
HERALD_ON_BOTH_BACKENDS(SearchTest);

// New rows enter the index once per batch; an article inserted and updated
// in the same batch, and updates in later batches, leave the index exact.
TEST_P(SearchTest, BatchWritesKeepTheIndexExact) {
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
  if (GetParam() != Backend::kSqlite) return;
  auto db = Database::Open(options_.path, /*read_only=*/false);
  ASSERT_TRUE(db.ok());
  EXPECT_TRUE((*db)->Exec("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)").ok())
      << "the full-text index matches the articles";
}

// Ranking reads the most recently stored matches only (the window), so a
// common word stays cheap; filters narrow the window's matches first, and a
// page beyond the window ranks every match.
class SearchWindowTest : public testing::BackendTest {};
HERALD_ON_BOTH_BACKENDS(SearchWindowTest);

TEST_P(SearchWindowTest, RanksTheNewestMatchesAndPagesBeyondReachEveryMatch) {
  options_.search_window = 3;
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  int64_t a = *store->AddSource(SampleSource("https://a.example/feed"));
  int64_t b = *store->AddSource(SampleSource("https://b.example/feed"));
  std::vector<int64_t> ids;
  for (int i = 0; i < 6; ++i) {
    Article x = SampleArticle(i < 5 ? a : b, "https://example.com/w" + std::to_string(i));
    // The oldest article is the best match by far: the word in its title.
    x.title = i == 0 ? "Tide tide tide" : "Harbour " + std::to_string(i);
    x.text = "The tide turned at " + std::to_string(i) + ".";
    ASSERT_TRUE(store->PutArticle(x).ok());
    ids.push_back(x.id);
  }
  auto search = [&](SearchQuery q) {
    auto r = store->Search(q);
    EXPECT_TRUE(r.ok()) << r.message();
    std::set<int64_t> found;
    for (const auto& s : *r) found.insert(s.id);
    return found;
  };
  EXPECT_EQ(search({.text = "tide", .limit = 3}), (std::set<int64_t>{ids[3], ids[4], ids[5]}));
  EXPECT_EQ(search({.text = "tide", .source_id = a, .limit = 3}), (std::set<int64_t>{ids[2], ids[3], ids[4]}));
  EXPECT_EQ(search({.text = "tide", .limit = 6}).size(), 6u) << "a page reaching past the window ranks every match";
  EXPECT_EQ(search({.text = "tide", .limit = 3, .offset = 3}).size(), 3u);
  options_.search_window = 0;
  std::unique_ptr<Store> everything = Open();
  ASSERT_NE(everything, nullptr);
  auto best = everything->Search({.text = "tide", .limit = 1});
  ASSERT_TRUE(best.ok());
  ASSERT_EQ(best->size(), 1u);
  EXPECT_EQ(best->front().id, ids[0]) << "window 0 ranks every match";
}

// Related articles rank the window's matches nearest the article, half
// stored before it and half after: the best match far away is not ranked,
// and window 0 ranks every match.
TEST_P(SearchWindowTest, RelatedRanksTheMatchesStoredNearestTheArticle) {
  options_.related_window = 4;
  std::unique_ptr<Store> store = Open();
  ASSERT_NE(store, nullptr);
  int64_t source = *store->AddSource(SampleSource("https://a.example/feed"));
  std::vector<int64_t> ids;
  for (int i = 0; i < 10; ++i) {
    Article x = SampleArticle(source, "https://example.com/r" + std::to_string(i));
    // The oldest shares every word with the article (5); the others one.
    const bool close = i == 0 || i == 5;
    x.title = close ? "Lighthouse keepers strike over ferries" : "Lighthouse report " + std::to_string(i);
    x.text = close ? "Lighthouse keepers strike; ferries halted at the harbour." : "Routine notes number " + std::to_string(i);
    x.content_hash = "r" + std::to_string(i);
    ASSERT_TRUE(store->PutArticle(x).ok());
    ids.push_back(x.id);
  }
  auto related = [](Store& from, int64_t id) {
    auto r = from.RelatedArticles(id, 10);
    EXPECT_TRUE(r.ok()) << r.message();
    std::set<int64_t> found;
    for (const auto& a : *r) found.insert(a.id);
    return found;
  };
  EXPECT_EQ(related(*store, ids[5]), (std::set<int64_t>{ids[3], ids[4], ids[6], ids[7]}));
  EXPECT_EQ(related(*store, ids[0]), (std::set<int64_t>{ids[1], ids[2]})) << "nothing before the oldest";
  options_.related_window = 0;
  std::unique_ptr<Store> everything = Open();
  ASSERT_NE(everything, nullptr);
  auto best = everything->RelatedArticles(ids[5], 1);
  ASSERT_TRUE(best.ok()) << best.message();
  ASSERT_EQ(best->size(), 1u);
  EXPECT_EQ(best->front().id, ids[0]) << "window 0 ranks every match";
}

TEST_P(SearchTest, TwoCharacterChineseQueriesFindChineseArticles) {
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

TEST_P(SearchTest, JapaneseAndMixedQueries) {
  int64_t ja = Put("ja", "北極海航路の通航が過去最多に", "中国の海運会社が北極海航路の利用を増やしている。", "ja");
  int64_t mixed = Put("mixed", "中国AI机器人竞赛", "中国工厂去年安装的工业机器人数量超过世界其他地区总和。robots 与 AI 结合。", "zh");
  Put("other", "Solar panels", "Ningxia desert turns blue.");
  EXPECT_EQ(Find("北極海").front(), ja);
  EXPECT_EQ(Find("AI 机器人").front(), mixed);
  EXPECT_EQ(Find("robots 机器人").front(), mixed);
}

TEST_P(SearchTest, EnglishRankingFiltersAndSyntaxSafety) {
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

// Both backends cut the same plain text around the first matching word.
TEST_P(SearchTest, SnippetsShowTheTextAroundTheFirstMatch) {
  std::string filler;
  for (int i = 0; i < 40; ++i) filler += "Filler sentence number " + std::to_string(i) + ". ";
  Put("long", "Port report", filler + "The Lighthouse keepers returned at dawn. " + filler);
  Put("zh", "台风报道", "受台风影响，广东多地停课停工。", "zh");
  auto hits = store_->Search({.text = "lighthouse keepers"});
  ASSERT_TRUE(hits.ok()) << hits.message();
  ASSERT_EQ(hits->size(), 1u);
  const std::string& snippet = (*hits)[0].snippet;
  EXPECT_NE(snippet.find("The Lighthouse keepers returned at dawn."), std::string::npos) << snippet;
  EXPECT_EQ(snippet.rfind("… ", 0), 0u) << "cut before the match: " << snippet;
  EXPECT_EQ(snippet.substr(snippet.size() - 4), " …") << "cut after it: " << snippet;
  EXPECT_LT(snippet.size(), 600u);
  auto zh = store_->Search({.text = "台风"});
  ASSERT_TRUE(zh.ok()) << zh.message();
  ASSERT_EQ(zh->size(), 1u);
  EXPECT_EQ((*zh)[0].snippet, "受台风影响，广东多地停课停工。");
}

// from/to compare the published time, else the fetch time; language and
// source narrow the matches too.
TEST_P(SearchTest, DateLanguageAndSourceFiltersNarrowTheMatches) {
  int64_t other_source = *store_->AddSource(SampleSource("https://other.example/feed"));
  auto put = [&](const std::string& slug, int64_t source, std::optional<int64_t> published, const std::string& language) {
    Article a = SampleArticle(source, "https://example.com/" + slug);
    a.title = "Harbour " + slug;
    a.text = "Cranes and tides.";
    a.content_hash = slug;
    a.language = language;
    a.published = published ? std::optional<Timestamp>(Timestamp{*published, 0, true}) : std::nullopt;
    a.fetched_utc = 2000;
    EXPECT_TRUE(store_->PutArticle(a).ok());
    return a.id;
  };
  int64_t early = put("early", source_id_, 1000, "en");
  int64_t undated = put("undated", source_id_, std::nullopt, "en");
  int64_t late = put("late", source_id_, 3000, "fr");
  int64_t elsewhere = put("elsewhere", other_source, 3000, "en");
  auto found = [&](SearchQuery q) {
    q.text = "harbour";
    auto ids = Ids(store_->Search(q));
    return std::set<int64_t>(ids.begin(), ids.end());
  };
  EXPECT_EQ(found({.from_utc = 2000}), (std::set<int64_t>{undated, late, elsewhere}));
  EXPECT_EQ(found({.to_utc = 2000}), (std::set<int64_t>{early}));
  EXPECT_EQ(found({.from_utc = 1500, .to_utc = 2500}), (std::set<int64_t>{undated}));
  EXPECT_EQ(found({.language = "fr"}), (std::set<int64_t>{late}));
  EXPECT_EQ(found({.source_id = other_source}), (std::set<int64_t>{elsewhere}));
  EXPECT_EQ(found({.source_id = source_id_, .language = "en", .from_utc = 1}), (std::set<int64_t>{early, undated}));
  EXPECT_FALSE(store_->Search({.text = "harbour", .limit = -1}).ok());
  EXPECT_FALSE(store_->Search({.text = "harbour", .offset = -1}).ok());
}

// Hostile filters and query text match nothing they should not and fail
// nothing: invalid UTF-8, NUL bytes, SQL, and the query syntax of either
// backend (FTS5's and PostgreSQL's tsquery operators are just text).
TEST_P(SearchTest, HostileInputIsTextNeverSyntax) {
  int64_t harbour = Put("a", "Harbour news", "Cranes return to the harbour.");
  const std::vector<std::string> bad = {"\xff\xfe", std::string("en\0x", 4), "' OR 1=1 --", "en' OR 'x'='x"};
  for (const std::string& value : bad) {
    auto by_language = store_->Search({.text = "harbour", .language = value});
    ASSERT_TRUE(by_language.ok()) << by_language.message();
    EXPECT_TRUE(by_language->empty());
    auto by_topic = store_->Search({.text = "harbour", .topic = value});
    ASSERT_TRUE(by_topic.ok()) << by_topic.message();
    EXPECT_TRUE(by_topic->empty());
  }
  EXPECT_EQ(Find("harbour & !cranes"), std::vector<int64_t>{harbour}) << "every word, none negated";
  EXPECT_EQ(Find("harbour:* | (x"), std::vector<int64_t>{});
  EXPECT_EQ(Find("harbour <-> cranes"), std::vector<int64_t>{harbour});
  EXPECT_EQ(Find("'harbour' \"cranes\""), std::vector<int64_t>{harbour});
  EXPECT_EQ(Find("\xff harbour \xc3"), std::vector<int64_t>{harbour});
  EXPECT_NO_FATAL_FAILURE(Find(std::string("harbour\0cranes", 15)));
  std::string many;
  for (int i = 0; i < 2000; ++i) many += "harbour" + std::to_string(i) + " ";
  EXPECT_TRUE(Find(many).empty());
  EXPECT_TRUE(Find(std::string(5000, 'x')).empty()) << "a word too long to index";
  EXPECT_TRUE(Find("harbour " + std::string(5000, 'x')).empty()) << "every word must match, even that one";
}

TEST_P(SearchTest, RelatedFindsTheSameSubjectButNeverItselfOrACopy) {
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

// As SQLite's FTS5 (remove_diacritics), on every backend: a Latin letter
// matches with or without its accents; other scripts keep theirs.
TEST_P(SearchTest, LatinAccentsMatchEitherWayOnEveryBackend) {
  int64_t cafe = Put("cafe-accent", "Café owners protest", "Owners of the Café Procope gathered.");
  int64_t plain = Put("cafe-plain", "Cafe culture returns", "A NGUYEN family cafe reopens.");
  int64_t name = Put("nguyen", "Nguyễn Thị Lan elected", "The vote in Hà Nội was close.");
  auto found = [&](const std::string& query) {
    std::vector<int64_t> ids = Find(query);
    return std::set<int64_t>(ids.begin(), ids.end());
  };
  EXPECT_EQ(found("cafe"), (std::set<int64_t>{cafe, plain}));
  EXPECT_EQ(found("CAFÉ"), (std::set<int64_t>{cafe, plain}));
  EXPECT_EQ(found("nguyen"), (std::set<int64_t>{plain, name}));
  EXPECT_EQ(Find("ha noi"), std::vector<int64_t>{name});
  // The snippet still shows the text as written around the word as typed.
  auto hits = store_->Search({.text = "Procope"});
  ASSERT_TRUE(hits.ok() && hits->size() == 1u);
  EXPECT_NE((*hits)[0].snippet.find("Café Procope"), std::string::npos) << (*hits)[0].snippet;
  // Related articles fold too: the accented article relates to the plain one.
  auto related = Ids(store_->RelatedArticles(cafe, 5));
  EXPECT_NE(std::find(related.begin(), related.end(), plain), related.end());
  // Japanese voiced kana stay apart from their unvoiced forms.
  int64_t ga = Put("ja-ga", "がっこう", "がっこう", "ja");
  EXPECT_EQ(Find("がっこう"), std::vector<int64_t>{ga});
  EXPECT_TRUE(Find("かっこう").empty());
}

// Rows queued in search_refold (schema v14) get their search columns written
// again when the store opens, and the queue empties.
TEST_P(SearchTest, QueuedRowsAreRefoldedWhenTheStoreOpens) {
  int64_t id = Put("queued", "Café owners protest", "Owners gathered.");
  const std::string stale = "UPDATE articles SET search_title = 'stale', search_text = 'stale' WHERE id = " +
                            std::to_string(id) + "; INSERT INTO search_refold (article_id) VALUES (" +
                            std::to_string(id) + ")";
  if (GetParam() == Backend::kSqlite) {
    auto db = Database::Open(options_.path, false);
    ASSERT_TRUE(db.ok() && (*db)->Exec(stale).ok());
  } else {
    pqxx::connection conn(options_.url);
    pqxx::nontransaction(conn).exec(stale);
  }
  store_.reset();
  store_ = Open();
  ASSERT_NE(store_, nullptr);
  EXPECT_TRUE(Find("stale").empty());
  EXPECT_EQ(Find("cafe owners"), std::vector<int64_t>{id});
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

class ListArticlesTest : public testing::BackendTest {};
HERALD_ON_BOTH_BACKENDS(ListArticlesTest);

TEST_P(ListArticlesTest, KeysetCursorWalksEveryArticleOnceWithFilters) {
  Store* store = store_.get();
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
