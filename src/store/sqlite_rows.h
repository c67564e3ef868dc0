// Internal to store/: the SQL of list rows and their reader, shared by the
// SqliteStore files (sqlite_store.cc defines them).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "store/sqlite_db.h"
#include "store/store.h"

namespace herald::store::sqlite_rows {

// "SELECT <ArticleSummary columns> FROM articles JOIN sources ... " (append WHERE).
extern const std::string_view kSummarySelect;
// What readers may see at all: not hidden, not outside the site's focus
// (copies included: a story's coverage and "Also published by" list them).
extern const std::string_view kShown;
// Every reader-facing list ANDs this in: kShown, and no copy.
extern const std::string_view kVisible;
// Reads every row of a kSummarySelect statement; with snippet_words (and a
// "text" column) fills each snippet around the first word found.
Result<std::vector<ArticleSummary>> ReadSummaries(Statement& stmt,
                                                  const std::vector<std::string>* snippet_words = nullptr);

}  // namespace herald::store::sqlite_rows
