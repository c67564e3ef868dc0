// Internal to store/: the word handling that Search and RelatedArticles
// share on every backend, so that SQLite and PostgreSQL pick the same words
// and show the same snippets.
#pragma once

#include <string>
#include <vector>

namespace herald::store {

// Up to ~160 code points of `text` around the first of `words` found
// (case-insensitive for ASCII), cut at spaces where the text has them, with
// "…" where it was cut.
std::string SnippetAround(const std::string& text, const std::vector<std::string>& words);

// The words that say what an article is about: every title word, then the
// body's most frequent words (at most 16 in all), skipping stop words,
// numbers and single letters. Folded like common/segment.h's
// SearchWords, so they match the segmented index.
std::vector<std::string> SalientWords(const std::string& title, const std::string& text);

}  // namespace herald::store
