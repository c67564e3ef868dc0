// Internal to store/: list rows and statement parameters shared by the
// PgStore files (pg_search.cc defines them). The list SQL itself is
// portable and shared with SQLite (sqlite_rows.h's kSummarySelect, kShown,
// kVisible: the flags are INTEGER 0/1 on both backends), so both backends
// decide what readers see with the same text.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "store/sqlite_rows.h"
#include "store/store.h"

namespace herald::store::pg_rows {

using sqlite_rows::kShown;
using sqlite_rows::kSummarySelect;
using sqlite_rows::kVisible;

// The list order key: published, else fetched time.
inline constexpr std::string_view kSortTime = "COALESCE(articles.published_utc, articles.fetched_utc)";

// Every row of a kSummarySelect result; with snippet_words (and a "text"
// column) fills each snippet around the first word found.
std::vector<ArticleSummary> ReadSummaries(const pqxx::result& rows,
                                          const std::vector<std::string>* snippet_words = nullptr);

// Stored articles (hidden ones too) with id > after_id that meet
// `condition` (SQL over `articles`, its placeholders from `params`), in id
// order, at most `limit`: what topic rules and the story layer read.
// kInvalidInput for a negative limit. (pg_stories.cc defines it.)
class Params;
Result<std::vector<ArticleForRules>> ReadArticlesForRules(pqxx::dbtransaction& tx, Params& params,
                                                          const std::string& condition, int64_t after_id,
                                                          int limit);

// The positional parameters ($1, $2...) of a statement put together piece
// by piece (optional filters). Each call returns the placeholder to splice
// into the SQL, cast to its type so that PostgreSQL never has to guess;
// the values are bound, never spliced. Text goes through
// pg_values::PgText: a hostile filter (invalid UTF-8, NUL) then matches
// nothing, as on SQLite, instead of failing the call.
class Params {
 public:
  std::string Text(std::string value);
  std::string Bigint(int64_t value);
  std::string BigintArray(const std::vector<int64_t>& values);
  pqxx::result Exec(pqxx::dbtransaction& tx, const std::string& sql) const;

 private:
  std::string Add(std::string value, const char* type);
  std::vector<std::string> values_;
};

}  // namespace herald::store::pg_rows
