// Small string helpers used by every stage. All functions take and return
// UTF-8; none throw.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace herald {

std::string_view Trim(std::string_view s);
std::string ToLowerAscii(std::string_view s);
bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix);
bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle);
std::vector<std::string> Split(std::string_view s, char sep);

// Collapses runs of Unicode white space (including NBSP and ideographic space)
// into one ASCII space and trims both ends.
std::string CollapseWhitespace(std::string_view s);

// Replaces invalid UTF-8 sequences with U+FFFD so output is always valid.
std::string ToValidUtf8(std::string_view s);

// Number of Unicode code points in valid UTF-8.
size_t CodePointCount(std::string_view s);

// Lowercase hex SHA-256 of the bytes.
std::string Sha256Hex(std::string_view bytes);

}  // namespace herald
