// Per-element facts of one parsed page, computed once in two linear passes
// so that scoring and rendering never re-walk subtrees (no quadratic cost on
// deep or wide pages).
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <unordered_map>
#include <vector>

#include "extract/selector.h"

namespace herald::extract {

class PageStats {
 public:
  // `root`: the <html> element of a parsed document (or any subtree root).
  // Elements matching one of `removed` count as boilerplate too.
  explicit PageStats(const GumboNode* root, const std::vector<Selector>& removed = {});

  // True when the element is chrome to skip with its subtree
  // (IsBoilerplateElement with the page's facts).
  bool IsBoilerplate(const GumboNode* node) const;

  // Bytes of visible text below `node`, boilerplate subtrees excluded, and
  // the share of it inside links (0 = none, 1 = all links).
  size_t TextBytes(const GumboNode* node) const;
  double LinkDensity(const GumboNode* node) const;

  // True when an <h1> is at or below `node`.
  bool HoldsH1(const GumboNode* node) const;

  // Number of <article> elements at or below `node` (teaser lists hold many).
  size_t ArticleCount(const GumboNode* node) const;

 private:
  struct Facts {
    size_t prose = 0;      // <p> text below, every subtree
    bool holds_h1 = false;
    size_t articles = 0;   // <article> elements at or below
    bool boilerplate = false;
    size_t text = 0;       // visible text below, boilerplate excluded
    size_t link_text = 0;  // of which inside <a>
  };
  const Facts* Find(const GumboNode* node) const;

  std::unordered_map<const GumboNode*, Facts> facts_;
};

}  // namespace herald::extract
