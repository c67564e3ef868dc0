// Main-content detection and rendering into blocks.
#pragma once

#include <gumbo.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extract/extract.h"
#include "extract/page_stats.h"

namespace herald::extract {

// One unit of article body: a paragraph, heading, list item, quote, table,
// preformatted block or figure.
struct Block {
  std::string tag;                   // p h2 h3 h4 li blockquote pre table figure
  std::string list;                  // "ul"/"ol" for li blocks, else ""
  std::string text;                  // plain, whitespace collapsed ("" for figures)
  std::string html;                  // inner HTML (unsanitized, built from allowlisted parts)
  std::optional<Image> image;        // for figures
};

// The elements holding the article body, in document order: the container
// with the best score (paragraph text and commas, discounted by link density,
// raised or lowered by class/id words) plus siblings that continue it.
// Boilerplate subtrees (boilerplate.h) never count. Falls back to <body>.
std::vector<const GumboNode*> FindMainContent(const GumboNode* root, const PageStats& stats);

// Blocks of the given elements, skipping boilerplate subtrees; image URLs
// are made absolute against `base_url` (lazy sources resolved).
std::vector<Block> RenderBlocks(const std::vector<const GumboNode*>& nodes,
                                std::string_view base_url, const PageStats& stats);

}  // namespace herald::extract
