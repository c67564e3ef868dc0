// Internal to feed/: HTML for the feedparser-shaped output. herald's one
// sanitizer (src/sanitize) does all the security work; this wrapper only puts
// back serialization that feedparser keeps and the sanitizer normalizes away:
//   - <div> wrappers (the sanitizer unwraps div; feedparser keeps it),
//   - character references as written ("&#38;" stays "&#38;", lowercased),
//   - XHTML-style void elements ("<br />") and no link-policy rel attribute.
// What it re-inserts are fixed, attribute-less strings ("<div>", "</div>",
// "&#NNN;") at places the sanitizer let plain text through, so nothing the
// sanitizer removed can come back. divs are re-balanced.
#pragma once

#include <string>
#include <string_view>

namespace herald::feed {

std::string SanitizeLikeFeedparser(std::string_view html, std::string_view base_url);

// The sanitizer's HTML with void elements closed XHTML-style and without the
// rel="nofollow noopener noreferrer" herald's own pages carry.
std::string FeedparserSerialization(std::string_view html);

}  // namespace herald::feed
