// What is not the article: page chrome, widgets and their leftover text.
#pragma once

#include <gumbo.h>

#include <string>
#include <string_view>
#include <vector>

#include "extract/content.h"

namespace herald::extract {

// What an element's subtree holds: tells a page wrapper that happens to
// carry a chrome word ("container penci_sidebar", an ASP.NET <form> around
// the whole page) from the chrome itself.
struct SubtreeFacts {
  size_t prose_bytes = 0;       // text inside <p> elements below
  bool holds_h1 = false;        // the headline is below
  size_t page_prose_bytes = 0;  // prose of the whole page (0 = unknown)
};

// Facts of `node`'s subtree, by walking it.
SubtreeFacts ReadSubtreeFacts(const GumboNode* node);

// True for elements to skip with their whole subtree: navigation, asides,
// forms, media players (audio/video and their fallback text), share bars,
// newsletter/subscribe/donate boxes, related/read-more teasers, comments,
// cookie banners, ads, hidden elements (hidden, aria-hidden=true,
// display:none), <noscript> copies, scripts and styles. Structural tags and
// class/id/role words decide; an element whose class also says it is the
// article (article, story, content, body) is kept, and so is a wrapper of
// the page (a form or chrome-named element that holds the headline or most
// of the prose). The one-argument form reads the facts when it needs them.
bool IsBoilerplateElement(const GumboNode* node, const SubtreeFacts& facts);
bool IsBoilerplateElement(const GumboNode* node);

// Negative / positive class-id weight of an element for content scoring:
// > 0 for article/body/content/story/entry/main/text, < 0 for chrome words.
int ClassWeight(const GumboNode* node);

// `text` without media-player leftovers: "Your browser does not support the
// audio element." in any language, "Listen to this article", speed labels
// ("1x", "1.5x"). Collapses whitespace.
std::string RemovePlayerNoise(std::string_view text);

// True for a short block that is chrome, not prose: "Related Article",
// "Read more", "Source link", "Visited 3 times", "Advertisement",
// "Subscribe ...", "Donate", "Share this", cookie notices.
bool IsBoilerplateText(std::string_view text);

// The article's blocks without what repeats or frames it: the title and the
// byline/dateline repeated in the body, chrome text (IsBoilerplateText),
// player leftovers (RemovePlayerNoise), identical repeated blocks, figures
// already shown (same image), captions repeated as paragraphs, and section
// labels ("kickers": a short block equal to one of `labels`, e.g. the
// article:section) that stand before the first paragraph of prose.
std::vector<Block> CleanBlocks(std::vector<Block> blocks, std::string_view title,
                               const std::vector<std::string>& byline,
                               const std::vector<std::string>& labels = {});

}  // namespace herald::extract
