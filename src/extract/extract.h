// extract/: bytes of an article page -> clean main text and metadata.
//
// Contract: Extract never throws and never crashes on any input. It returns
// an Error only when there is no HTML document to read (empty or binary
// input), with a message naming what was found. Unknown fields stay empty
// (dates nullopt): nothing is invented. All strings are valid UTF-8; `html` is
// allowlist-sanitized (sanitize/sanitizer.h); URLs are absolute.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/result.h"
#include "common/time.h"

namespace herald::extract {

struct Image {
  std::string url;
  std::string caption;   // without the credit ("Photo: Getty Images" removed)
  std::string credit;    // "Getty Images"
  int width = 0;         // 0 when unknown
  int height = 0;
};

struct Article {
  std::string title;
  std::vector<std::string> byline;        // author names, in page order
  std::optional<Timestamp> published;
  std::optional<Timestamp> modified;
  // The page gave only a day (a date in the URL, <meta name=date
  // content="2025-10-02">): the time and zone are unknown, and ToJson prints
  // "2025-10-02" rather than inventing them.
  bool published_date_only = false;
  bool modified_date_only = false;
  std::string site_name;
  std::string section;
  std::vector<std::string> tags;
  std::string language;                   // BCP 47 primary tag, e.g. "en", "zh"
  std::string canonical_url;
  std::optional<Image> lead_image;
  std::string excerpt;                    // <= 300 code points, never cut mid-word
  bool paywalled = false;
  std::string text;                       // plain; paragraphs separated by "\n\n"
  std::string html;                       // sanitized, structure kept
  int word_count = 0;
  int reading_time_minutes = 0;
};

// Names what Extract makes of a page; bumped whenever that output changes,
// so that `herald reprocess` fetches and extracts stored articles again.
constexpr char kExtractorVersion[] = "extract-1";

// Extract reads at most this many bytes of a page; the rest is ignored. It
// matches the fetcher's default body cap; real news pages are under 2 MiB.
inline constexpr size_t kMaxPageBytes = 16u << 20;

struct Options {
  std::string url;           // page URL: base for relative links ("" if unknown)
  std::string content_type;  // HTTP Content-Type, may carry charset ("" if unknown)
  // Per-source overrides, for the few sites the automatic path gets wrong
  // (CSS selectors, syntax in extract/selector.h). Applied before the
  // automatic algorithm: elements matching `remove_selectors` never count
  // nor show; when `body_selector` matches, its elements (in page order) are
  // the body instead of the scored container; when it matches nothing the
  // automatic algorithm runs. Metadata is read from the whole page either way.
  std::string body_selector;
  std::vector<std::string> remove_selectors;
};

// Checks the selectors of `options` (for validating a configuration up
// front); the error names the bad selector.
Status ValidateOptions(const Options& options);

// An invalid selector in `options` is an kInvalidInput error.
Result<Article> Extract(std::string_view bytes, const Options& options);

// The JSON shape printed by `herald extract --json` (see docs/cli.md).
nlohmann::json ToJson(const Article& article);

}  // namespace herald::extract
