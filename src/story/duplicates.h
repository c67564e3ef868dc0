// When is an article a copy of another? Exact copies have one fingerprint;
// syndicated copies (new headline, cut or added paragraphs, boilerplate,
// house style) share most word shingles AND agree on the numbers they share.
// Texts written from one template (next month's release) share shingles too,
// but say "fifth" where the other said "fourth": that disagreement vetoes.
#pragma once

#include "story/features.h"

namespace herald::story {

struct DuplicateOptions {
  // Estimated share of the shorter body's shingles found in the longer one.
  double min_containment = 0.5;
  // Numbers seen in the same word context in both texts that differ, as a
  // share of all such numbers, above which the texts are template twins.
  double max_number_disagreement = 0.15;
};

struct DuplicateVerdict {
  bool duplicate = false;
  double containment = 0;          // 1 for identical fingerprints
  int numbers_agreeing = 0;        // same context, same number
  int numbers_disagreeing = 0;     // same context, different number
};

// Compares two articles' bodies. Symmetric. Articles in different languages
// are never duplicates (a translation is a new text).
DuplicateVerdict CompareForDuplicate(const ArticleFeatures& a, const ArticleFeatures& b,
                                     const DuplicateOptions& options = {});

}  // namespace herald::story
