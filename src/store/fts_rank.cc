#include "store/fts_rank.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <string>

namespace herald::store::fts_rank {
namespace {

// herald_phrase_hits(fts_table): see the header.
void PhraseHitsFunction(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* result, int, sqlite3_value**) {
  const int phrases = api->xPhraseCount(fts);
  std::vector<PhraseHits> hits(static_cast<size_t>(std::max(phrases, 0)));
  // xPhraseFirst walks each phrase's own hits: cheaper than xInst, which
  // gathers and sorts every phrase's hits first.
  for (int phrase = 0; phrase < phrases; ++phrase) {
    Fts5PhraseIter iter;
    int column = -1, offset = -1;
    if (int rc = api->xPhraseFirst(fts, phrase, &iter, &column, &offset); rc != SQLITE_OK) {
      sqlite3_result_error_code(result, rc);
      return;
    }
    for (; column >= 0; api->xPhraseNext(fts, &iter, &column, &offset)) ++(column == 0 ? hits[phrase].title : hits[phrase].text);
  }
  std::string out;
  for (const PhraseHits& h : hits) {
    if (!out.empty()) out += ' ';
    out += std::to_string(h.title) + ":" + std::to_string(h.text);
  }
  sqlite3_result_text(result, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}

// A count: digits only, within int.
bool ReadCount(std::string_view text, int& value) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && !text.empty() && text[0] != '-';
}

}  // namespace

Status RegisterPhraseHits(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(stmt, 1, &api, "fts5_api_ptr", nullptr);
    sqlite3_step(stmt);
  }
  sqlite3_finalize(stmt);
  if (api == nullptr) {
    return MakeError(ErrorKind::kInternal, "this SQLite has no FTS5; install Debian's libsqlite3-0 (3.40 or later)");
  }
  if (api->xCreateFunction(api, "herald_phrase_hits", nullptr, PhraseHitsFunction, nullptr) != SQLITE_OK) {
    return MakeError(ErrorKind::kInternal, "cannot register herald_phrase_hits with FTS5");
  }
  return Status::Ok();
}

std::vector<PhraseHits> ParsePhraseHits(std::string_view text) {
  std::vector<PhraseHits> hits;
  while (!text.empty()) {
    size_t space = text.find(' ');
    std::string_view pair = text.substr(0, space);
    size_t colon = pair.find(':');
    PhraseHits h;
    if (colon == std::string_view::npos || !ReadCount(pair.substr(0, colon), h.title) ||
        !ReadCount(pair.substr(colon + 1), h.text)) {
      h = {};
    }
    hits.push_back(h);
    text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
  }
  return hits;
}

std::vector<size_t> RankCandidates(const std::vector<Candidate>& candidates, int64_t when_utc) {
  constexpr double kK1 = 1.2;
  constexpr double kMonth = 2592000.0;
  size_t phrases = 0;
  for (const Candidate& c : candidates) phrases = std::max(phrases, c.hits.size());
  std::vector<double> rows_with(phrases, 0.0);
  for (const Candidate& c : candidates)
    for (size_t p = 0; p < c.hits.size(); ++p)
      if (c.hits[p].title + c.hits[p].text > 0) rows_with[p] += 1;
  const double n = static_cast<double>(candidates.size());
  std::vector<double> idf(phrases);
  for (size_t p = 0; p < phrases; ++p) idf[p] = std::log(1.0 + (n - rows_with[p] + 0.5) / (rows_with[p] + 0.5));

  std::vector<double> score(candidates.size(), 0.0);
  for (size_t i = 0; i < candidates.size(); ++i) {
    const Candidate& c = candidates[i];
    double sum = 0;
    for (size_t p = 0; p < c.hits.size(); ++p) {
      const double tf = 2.0 * c.hits[p].title + c.hits[p].text;
      sum += idf[p] * tf * (kK1 + 1) / (tf + kK1);
    }
    score[i] = sum / (1.0 + std::abs(static_cast<double>(c.sort_utc - when_utc)) / kMonth);
  }
  std::vector<size_t> order(candidates.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (score[a] != score[b]) return score[a] > score[b];
    return candidates[a].id > candidates[b].id;
  });
  return order;
}

}  // namespace herald::store::fts_rank
