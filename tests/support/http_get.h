// Test-only HTTP client (libcurl easy interface): a plain GET over loopback,
// independent of herald's own fetcher so tests of the server do not depend on it.
#pragma once

#include <map>
#include <string>

namespace herald::testing {

struct HttpResult {
  long status = 0;             // 0 when the request failed
  std::string body;
  std::string content_type;
  std::map<std::string, std::string> headers;  // lowercased names
  std::string error;
};

HttpResult HttpGet(const std::string& url, const std::map<std::string, std::string>& headers = {});

// Counts non-overlapping occurrences of `needle` in `haystack`.
size_t CountOccurrences(const std::string& haystack, const std::string& needle);

}  // namespace herald::testing
