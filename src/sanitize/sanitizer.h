// The one HTML sanitizer (allowlist). Everything republished passes through it:
// feed summaries and content, extracted article bodies.
//
// Kept: p br h2 h3 h4 h5 h6 (h1 -> h2) blockquote q cite ul ol li dl dt dd
// figure figcaption img picture(source->img) table thead tbody tfoot tr th td
// caption pre code em strong b i u s sub sup small mark abbr time a hr span.
// Attributes kept: a[href] (http, https, mailto; gets rel="nofollow noopener
// noreferrer"), img[src alt width height] (http, https; lazy data-src/srcset
// resolved by the extractor before), th/td[colspan rowspan], time[datetime],
// abbr[title], ol[start].
// Dropped with content: script style iframe object embed form input button
// select textarea noscript template svg math audio video canvas head.
// Other elements are unwrapped (their text kept). All URLs resolved against
// base_url. Output is valid UTF-8, well-formed HTML fragments.
#pragma once

#include <string>
#include <string_view>

namespace herald {

std::string SanitizeHtml(std::string_view html, std::string_view base_url);

// Text content of an HTML fragment, entities decoded, whitespace collapsed.
std::string HtmlToText(std::string_view html);

}  // namespace herald
