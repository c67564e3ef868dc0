// URL parsing, resolution and canonicalization (libcurl's URL API underneath).
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace herald {

struct UrlParts {
  std::string scheme;  // lowercase
  std::string host;    // lowercase, no brackets for IPv6
  int port = 0;        // 0 when default for the scheme
  std::string path;    // begins with '/'
  std::string query;   // without '?'
};

// Parses an absolute http(s) URL. Other schemes are an error.
Result<UrlParts> ParseHttpUrl(std::string_view url);

// Resolves `ref` against `base` (RFC 3986). Returns `ref` unchanged when it is
// absolute, "" when it cannot be resolved or is not http(s)/data.
std::string ResolveUrl(std::string_view base, std::string_view ref);

// Canonical form for identity: lowercase scheme/host, default port dropped,
// fragment dropped, tracking parameters (utm_*, fbclid, gclid, ...) removed.
// Returns "" for an unparsable or non-http(s) URL.
std::string CanonicalizeUrl(std::string_view url);

// The site a host belongs to, for "is this link on the same site": the
// last two labels ("www.example.com" -> "example.com"), three under a
// two-letter country code whose second level is short ("news.bbc.co.uk" ->
// "bbc.co.uk", "www.caixin.com.cn" -> "caixin.com.cn"). An approximation of
// the Public Suffix List, which Debian does not package for C++; IP
// addresses are their own site. "" for an unparsable URL.
std::string SiteOf(std::string_view url);

// True for http:// and https:// URLs.
bool IsHttpUrl(std::string_view url);

}  // namespace herald
