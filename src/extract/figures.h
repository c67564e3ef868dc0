// Images of an article: lazy-loading sources, captions and credits.
#pragma once

#include <gumbo.h>

#include <optional>
#include <string>
#include <string_view>

#include "extract/extract.h"

namespace herald::extract {

struct CaptionParts {
  std::string caption;
  std::string credit;
};

// "Trump greets Putin. Photo: Getty Images" -> {"Trump greets Putin.",
// "Getty Images"}; also "Credit:", "Image:", "Photograph:", "Photo by",
// "Source:", "图片来源：" and a trailing "(Reuters)" / "(AP Photo/…)".
CaptionParts SplitCredit(std::string_view text);

// The real, absolute source of an <img>: data-src / data-original /
// data-lazy-src / srcset (widest) before a placeholder src; "" when none is
// an http(s) URL.
std::string ImageUrl(const GumboNode* img, std::string_view base_url);

// The image of a <figure>, <picture> or <img> (including one inside
// <noscript>, the lazy-loading fallback), with figcaption split into caption
// and credit (a child with class credit/copyright/source is the credit).
std::optional<Image> ReadFigure(const GumboNode* node, std::string_view base_url);

}  // namespace herald::extract
