// Internal to feed/: HTML for the feedparser-shaped output. herald's one
// sanitizer (src/sanitize) does all the security work, with its
// FeedparserCompatiblePolicy (h1, div, comments, safe inline styles, embed
// fallback content and character references kept as feedparser keeps them).
// Around it this file only does what is about feedparser's tokenizer and
// serialization, not about safety:
//   - before: the input read as feedparser's SGML tokenizer reads it where an
//     HTML5 parser reads it differently (see FeedparserTokenization);
//   - after: XHTML-style void elements ("<br />"), no link-policy rel
//     attribute, surrounding white space stripped.
// The sanitizer runs on whatever the tokenization step produces, so that step
// cannot let anything unsafe through.
#pragma once

#include <string>
#include <string_view>

namespace herald::feed {

std::string SanitizeLikeFeedparser(std::string_view html, std::string_view base_url);

// `html` rewritten so that an HTML5 parser reads it as feedparser's
// sgmllib-based tokenizer does:
//   - "<![CDATA[" is text (feedparser escapes it before parsing);
//   - "<!" not starting a comment, DOCTYPE or "[" is text;
//   - declarations and processing instructions are dropped;
//   - a comment ends at the first "--", optional spaces, ">"; one without
//     such an end is dropped up to the first "--...>", or to the end;
//     comments with "--" inside are dropped;
//   - script, style and applet tags are dropped, and text is dropped while
//     feedparser's count of those start tags minus their end tags is not
//     zero (it reads script content as markup, and a stray end tag makes the
//     count negative);
//   - a tag cut off by the end of input is text.
std::string FeedparserTokenization(std::string_view html);

// The sanitizer's HTML with void elements closed XHTML-style and without the
// rel="nofollow noopener noreferrer" herald's own pages carry.
std::string FeedparserSerialization(std::string_view html);

}  // namespace herald::feed
