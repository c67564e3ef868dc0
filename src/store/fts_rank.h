// Related articles' ranking on SQLite, without FTS5's bm25(): bm25() finds
// each word's document frequency by walking the word's whole doclist, every
// query (160 ms for 8 common words at a million articles, however few rows
// are ranked). Here the frequencies come from the rows being ranked, the
// window of matches stored nearest the article (a local IDF), so a ranking
// costs what its window holds and no more.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace herald::store::fts_rank {

// Registers the FTS5 auxiliary function herald_phrase_hits(fts_table) on
// `db`: for each phrase of the MATCH, in order, its hits in the row's first
// column (title) and second (text), as text "TITLE:TEXT TITLE:TEXT ...".
Status RegisterPhraseHits(sqlite3* db);

struct PhraseHits {
  int title = 0;
  int text = 0;
};

// Parses herald_phrase_hits' text; a malformed pair reads as no hits.
std::vector<PhraseHits> ParsePhraseHits(std::string_view text);

struct Candidate {
  int64_t id = 0;
  int64_t sort_utc = 0;
  std::vector<PhraseHits> hits;  // one entry per phrase
};

// The candidates' indexes, best first (ties: the higher id first). Score:
// BM25 (k1 = 1.2, no length normalisation, a title hit counting twice) with
// each phrase's IDF taken over `candidates`, divided by 1 + the distance in
// time from `when_utc` in 30-day units.
std::vector<size_t> RankCandidates(const std::vector<Candidate>& candidates, int64_t when_utc);

}  // namespace herald::store::fts_rank
