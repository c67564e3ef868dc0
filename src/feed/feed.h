// feed/: bytes of a feed document -> entries. Formats: RSS 0.9x/1.0 (RDF)/2.0,
// Atom 0.3/1.0, JSON Feed 1.0/1.1, Google News sitemaps and sitemap indexes.
// OPML lives in feed/opml.h.
//
// Contract: ParseFeed never throws and never crashes on any input. Ill-formed
// but readable feeds parse with bozo=true and bozo_message set (libxml2
// recover mode). Input that is not a feed at all (binary, HTML page, empty)
// returns an Error whose message says what was found and what to do.
// All text fields are valid UTF-8; summary/content are allowlist-sanitized
// HTML; links are absolute (resolved against xml:base / the feed URL).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/time.h"

namespace herald::feed {

struct Entry {
  std::string id;          // guid / id / loc; falls back to link
  std::string link;        // absolute URL of the article page
  std::string title;       // plain text
  std::string summary;     // sanitized HTML
  std::string content;     // sanitized HTML (content:encoded, atom content)
  std::vector<std::string> authors;
  std::vector<std::string> categories;
  std::optional<Timestamp> published;
  std::optional<Timestamp> updated;
  std::string image_url;   // enclosure/media:content/media:thumbnail/image
  std::string language;    // news:language in sitemaps, else ""
};

struct Feed {
  std::string format;       // "rss20", "rss10", "rss09x", "atom10", "atom03", "json1", "sitemap", "sitemapindex"
  std::string title;
  std::string link;         // site URL
  std::string description;  // plain text
  std::string language;
  std::vector<Entry> entries;
  std::vector<std::string> child_sitemaps;  // for sitemap indexes
  // WebSub: the hub the feed advertises and its own URL (the topic), both
  // absolute; "" when not announced (atom:link / link rel="hub" | "self",
  // JSON Feed "hubs" and "feed_url").
  std::string hub_url;
  std::string self_url;
  // RSS refresh hints: <ttl> minutes (0 = none) and <skipHours> (UTC hours
  // 0-23 in which the publisher asks not to be fetched).
  int ttl_minutes = 0;
  std::vector<int> skip_hours;
  bool bozo = false;        // ill-formed but read
  std::string bozo_message;
};

struct ParseOptions {
  std::string url;           // the feed's own URL, base for relative links ("" if unknown)
  std::string content_type;  // HTTP Content-Type, may carry charset ("" if unknown)
};

Result<Feed> ParseFeed(std::string_view bytes, const ParseOptions& options);

}  // namespace herald::feed
