// story/: what articles have to do with each other. This first piece decides
// when two article texts are the same text: the content fingerprint.
// Near-duplicates and story clusters build on it: see engine.h.
#pragma once

#include <string>
#include <string_view>

namespace herald::story {

// Text normalized for identity: case-folded, punctuation and white space
// removed, Unicode NFKC, so that curly vs straight quotes, spacing and case do
// not make two copies of one text differ.
std::string NormalizeForFingerprint(std::string_view text);

// Hex SHA-256 of NormalizeForFingerprint(text). Equal texts up to the
// normalization above have equal fingerprints.
std::string ContentFingerprint(std::string_view text);

}  // namespace herald::story
