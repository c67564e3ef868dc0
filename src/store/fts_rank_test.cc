// fts_rank: parsing herald_phrase_hits' text, and the window-local BM25
// ranking (rare words outweigh common ones; time distance discounts).
#include "store/fts_rank.h"

#include <gtest/gtest.h>

namespace herald::store::fts_rank {
namespace {

TEST(FtsRankTest, ParsesPhraseHitsAndReadsMalformedPairsAsNone) {
  auto hits = ParsePhraseHits("1:3 0:0 2:1");
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].title, 1);
  EXPECT_EQ(hits[0].text, 3);
  EXPECT_EQ(hits[2].title, 2);
  auto bad = ParsePhraseHits("x:1 4 -2:5 7:9999999999999");
  ASSERT_EQ(bad.size(), 4u);
  for (const PhraseHits& h : bad) EXPECT_EQ(h.title + h.text, 0) << "a pair is read whole or not at all";
  EXPECT_TRUE(ParsePhraseHits("").empty());
}

TEST(FtsRankTest, ARareWordOutweighsACommonOne) {
  // Phrase 0 is in every row, phrase 1 in one row only.
  std::vector<Candidate> rows;
  for (int i = 1; i <= 9; ++i) rows.push_back({i, 0, {{0, 3}, {0, 0}}});
  rows.push_back({10, 0, {{0, 0}, {0, 1}}});
  auto order = RankCandidates(rows, 0);
  ASSERT_EQ(order.size(), rows.size());
  EXPECT_EQ(rows[order[0]].id, 10);
  EXPECT_EQ(rows[order[1]].id, 9) << "ties go to the higher id";
}

TEST(FtsRankTest, TitleHitsCountMoreAndDistanceInTimeDiscounts) {
  std::vector<Candidate> rows = {{1, 0, {{0, 1}}}, {2, 0, {{1, 0}}}, {3, 0, {{0, 0}}}};
  auto order = RankCandidates(rows, 0);
  EXPECT_EQ(rows[order[0]].id, 2);
  EXPECT_EQ(rows[order[1]].id, 1);
  // The same hits, one a year away: the nearer first.
  std::vector<Candidate> dated = {{1, 0, {{1, 1}}}, {2, 365 * 86400, {{1, 1}}}, {3, 0, {{0, 0}}}};
  EXPECT_EQ(dated[RankCandidates(dated, 0)[0]].id, 1);
  EXPECT_TRUE(RankCandidates({}, 0).empty());
}

}  // namespace
}  // namespace herald::store::fts_rank
