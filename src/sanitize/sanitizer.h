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
//
// A SanitizePolicy loosens a few of these choices. Every policy keeps the
// same guarantees: no script, style or other active element, no event
// handler or unknown attribute, no URL other than http(s) (and mailto for
// links), no CSS url() or expression(), no comment that could end early or
// be read as a conditional comment.
#pragma once

#include <string>
#include <string_view>

namespace herald {

struct SanitizePolicy {
  // <h1> kept as h1 (else renamed h2: on herald's pages the article title is
  // the one h1).
  bool keep_h1 = false;
  // <div> kept, without attributes (else unwrapped).
  bool keep_div = false;
  // style="" on kept elements reduced to declarations that only change looks
  // (colors, sizes, fonts, alignment; background/border/margin/padding only
  // with plain values); dropped when anything else is in it.
  bool keep_safe_inline_styles = false;
  // Comments kept when inert: no "--" inside, not a conditional comment
  // ("[if", "[endif"), not a bogus comment from "<?", "</ " or "<!x".
  bool keep_comments = false;
  // The fallback content of embeds (iframe object embed noembed noframes
  // noscript) and the text of title, shown as browsers without those
  // elements showed it: object/noscript unwrapped, raw-text iframe content
  // parsed as HTML once (by this same policy; deeper levels are dropped).
  bool keep_embed_fallback_content = false;
  // Numeric character references kept as written ("&#38;" stays "&#38;",
  // lowercased; C1 references written as their windows-1252 characters).
  bool keep_character_references = false;
  // A link without a safe target kept: <a href=""> for an unsafe href, <a>
  // without href (else unwrapped).
  bool keep_links_without_safe_target = false;
  // title="" (plain text to a browser) kept on every kept element.
  bool keep_title_attributes = false;
  // border="N" (digits) kept on img and table.
  bool keep_border_attribute = false;
  // Attributes written in alphabetical order (else: the main one first).
  bool sort_attributes = false;
  // Text escapes only & < > (quotes mean nothing in text, so they stay as
  // written); attribute values are always fully escaped.
  bool escape_text_minimally = false;
};

// What herald stores and serves: the strict behaviour described above.
SanitizePolicy RepublishPolicy();

// Output as close to Python feedparser's sanitizer as safety allows: keeps
// h1, div, comments, safe inline styles, embed fallback content and
// character references as written. Used only for the feedparser-json output
// of src/feed (conformance with feedparser), never for republished HTML.
SanitizePolicy FeedparserCompatiblePolicy();

std::string SanitizeHtml(std::string_view html, std::string_view base_url,
                         const SanitizePolicy& policy);
// SanitizeHtml with RepublishPolicy().
std::string SanitizeHtml(std::string_view html, std::string_view base_url);

// Text content of an HTML fragment, entities decoded, whitespace collapsed.
std::string HtmlToText(std::string_view html);

}  // namespace herald
