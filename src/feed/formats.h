// Internal to feed/: one parser per format (rss.cc, atom.cc, sitemap.cc,
// json_feed.cc), dispatched by feed.cc, and the field clean-up they share
// (fields.cc). The XML parsers leave bozo to feed.cc, which knows how the
// document parsed; ParseJsonFeed sets its own.
#pragma once

#include <libxml/tree.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/time.h"
#include "feed/feed.h"
#include "sanitize/sanitizer.h"

namespace herald::feed {

// <rss> (0.9x/2.0) or <rdf:RDF> (0.90/1.0).
Feed ParseRss(const xmlNode* root, std::string_view url);
// <feed> (Atom 0.3/1.0).
Feed ParseAtom(const xmlNode* root, std::string_view url);
// <urlset> and <sitemapindex>.
Feed ParseSitemap(const xmlNode* root, std::string_view url);
// A JSON document; Error when it is JSON but not a JSON Feed.
Result<Feed> ParseJsonFeed(std::string_view bytes, std::string_view url);

// Field clean-up shared by the parsers.
// SanitizeHtml, with a shortcut for text that holds no markup at all (most
// titles and many summaries): escaping gives the same result without a parse.
std::string SanitizeMarkup(std::string_view html, std::string_view base_url);
std::string SanitizeMarkup(std::string_view html, std::string_view base_url, const SanitizePolicy& policy);
// HTML from the feed -> allowlist-sanitized HTML with URLs made absolute.
std::string CleanHtml(std::string_view html, std::string_view base_url);
// Text that is plain by contract -> the same text as sanitized HTML.
std::string PlainToHtml(std::string_view text);
// HTML-ish text (RSS titles) -> plain text: tags stripped, entities decoded.
std::string HtmlToPlain(std::string_view html);
// Plain text -> valid UTF-8 with white space collapsed.
std::string CleanPlain(std::string_view text);
// A URL from the feed, absolute against `base_url`; "" when unusable.
std::string CleanUrl(std::string_view url, std::string_view base_url);
std::optional<Timestamp> CleanDate(std::string_view text);
// Appends `value` (cleaned plain text) unless empty or already present.
void AddUnique(std::vector<std::string>& list, std::string_view value);
// Last touches every format needs: id falls back to link.
void FinishEntry(Entry& entry);
// True when a MIME type or URL names an image.
bool IsImage(std::string_view mime_type, std::string_view url);

}  // namespace herald::feed
