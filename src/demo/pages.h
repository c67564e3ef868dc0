// HTML pages of the demo newsroom. Each publisher has its own skin (class
// names, block order, metadata shape) over shared block renderers, so an
// extractor tuned to one site does not pass by accident on the others.
#pragma once

#include <string>

#include "demo/content.h"

namespace herald::demo {

// The full article page as UTF-8 text; its <meta charset> names
// article.charset (the caller transcodes the bytes for non-UTF-8 pages).
std::string RenderArticlePage(const Article& article, const std::string& base_url);

// "/" lists publishers, feeds and articles; "/<publisher>/" one publisher.
std::string RenderIndexPage();
std::string RenderPublisherHome(const Publisher& publisher);

std::string RenderNotFoundPage(const std::string& path);

}  // namespace herald::demo
