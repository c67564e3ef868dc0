// feed/feedparser_json.h: a feed document -> the JSON object Python's
// feedparser would return for it (bozo, bozo_exception, version, encoding,
// namespaces, headers, feed, entries with feedparser's key names and
// *_parsed dates as 9-item lists). It exists so herald can be measured
// against feedparser's conformance suite (shared/tools/feed-conformance) and
// so tools that expect feedparser's shape can read herald's output.
//
// Contract: never throws, never crashes, always returns an object. The
// document is parsed with the same safe libxml2 settings as ParseFeed (no
// DTD, no external entity, no network). HTML in summaries, content and
// titles goes through the project's allowlist sanitizer with its
// FeedparserCompatiblePolicy (src/sanitize/sanitizer.h): this output is
// compared with feedparser's, so it keeps what feedparser keeps where that
// is harmless (h1, div, inert comments, safe inline CSS, embed fallback
// content, character references as written, title attributes), and it is
// still stricter than feedparser (fewer elements and attributes, no
// comments with "--", no url() in CSS). Everything herald stores and serves
// uses ParseFeed and the stricter RepublishPolicy instead.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <string_view>

namespace herald::feed {

struct FeedparserInput {
  std::string url;                             // document URL, "" if unknown
  std::map<std::string, std::string> headers;  // HTTP response headers as received
};

nlohmann::json ParseAsFeedparser(std::string_view bytes, const FeedparserInput& input);

}  // namespace herald::feed
