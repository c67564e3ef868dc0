// Article metadata from a parsed page, from every source a real page uses:
// JSON-LD (schema.org Article types, @graph, arrays, @id references),
// microdata (itemscope itemtype=...NewsArticle), OpenGraph and article:*,
// Twitter cards, <meta name> (author, date, description, ...), Dublin Core
// (DC.* and DCTERMS.*), and markup (<time datetime>, rel=author, .byline,
// <h1>, <title>), and last the date in the page URL.
//
// Precedence, field by field (a later source only fills what is still
// empty): JSON-LD > microdata > OpenGraph/article:* > Twitter cards,
// <meta name> and Dublin Core (for names, <meta name=author> before
// twitter:creator) > markup > URL. Markup inside nav, aside, footer,
// related-story and comment blocks is not read. Nothing is invented: a
// field no source states stays empty (dates nullopt).
//
// Dates without a time of day (a URL's /2025/10/02/, <meta name=date
// content="2025-10-02">) are kept as that day at 00:00:00 with
// offset_known = false (time.h: "no zone given") and `*_date_only` set, so a
// caller can show the day alone; no time zone is ever assumed.
#pragma once

#include <gumbo.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.h"
#include "extract/extract.h"

namespace herald::extract {

struct Metadata {
  std::string title;             // site-name suffix removed
  std::vector<std::string> byline;
  std::optional<Timestamp> published;
  std::optional<Timestamp> modified;
  bool published_date_only = false;  // `published` is a day; its time is unknown
  bool modified_date_only = false;
  std::string site_name;
  std::string section;
  std::vector<std::string> tags;
  std::string description;
  std::string language;          // as declared (<html lang>, inLanguage, og:locale)
  std::string canonical_url;     // absolute
  std::optional<Image> image;    // og:image / JSON-LD image, absolute URL
  bool paywalled = false;        // isAccessibleForFree false (also in hasPart), content_tier locked
};

Metadata ReadMetadata(const GumboNode* root, std::string_view page_url);

// "Story title | Site" -> "Story title" (also " - ", " – ", " — ", " :: ").
// The suffix goes when it names the site or when what remains still reads
// as a headline (3+ words); a title that is only the site name stays.
std::string StripSiteSuffix(std::string_view title, std::string_view site_name);

// Author names of a byline, cleaned, without duplicates:
// "By Jane Doe and John Roe" -> {"Jane Doe", "John Roe"};
// "By Jane Doe, Staff Reporter" -> {"Jane Doe"}; "Jane Doe | Reuters" ->
// {"Jane Doe"} (a wire agency stays when it is the only name);
// "Jane Doe in Beijing" -> {"Jane Doe"}. URLs, e-mail addresses, @handles
// and dates are dropped.
std::vector<std::string> SplitAuthors(std::string_view text);

// The day a URL's path names: /2025/10/02/, /2025-10-02-slug, -20251002.
// As a date-only value (00:00:00, offset_known = false); nullopt when the
// path names no valid day between 1990 and 2099.
std::optional<Timestamp> DateFromUrl(std::string_view url);

}  // namespace herald::extract
