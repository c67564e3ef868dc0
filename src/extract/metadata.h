// Article metadata from a parsed page: JSON-LD, OpenGraph, Twitter cards,
// <meta name>, and markup (<time>, rel=author, .byline, <title>, <h1>).
// Precedence: JSON-LD > OpenGraph > twitter/<meta> > markup.
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
  std::string site_name;
  std::string section;
  std::vector<std::string> tags;
  std::string description;
  std::string language;          // as declared (<html lang>, inLanguage, og:locale)
  std::string canonical_url;     // absolute
  std::optional<Image> image;    // og:image / JSON-LD image, absolute URL
  bool paywalled = false;        // JSON-LD isAccessibleForFree: false
};

Metadata ReadMetadata(const GumboNode* root, std::string_view page_url);

// "Story title | Site" -> "Story title" (also " - ", " – ", " — ", " :: ").
// The suffix goes when it names the site or when what remains still reads
// as a headline (3+ words); a title that is only the site name stays.
std::string StripSiteSuffix(std::string_view title, std::string_view site_name);

// "By Jane Doe and John Roe" -> {"Jane Doe", "John Roe"}.
std::vector<std::string> SplitAuthors(std::string_view text);

}  // namespace herald::extract
