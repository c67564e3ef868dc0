// A small CSS selector matcher over gumbo trees, for per-source overrides
// (extract.h Options::body_selector / remove_selectors).
//
// Supported: type (div), universal (*), .class, #id, [attr], [attr=value]
// (value bare or quoted), compounds of these (div.story#main[data-x]),
// descendant (a b) and child (a > b) combinators, and comma lists (a, b).
// Tag, attribute names and ids compare as HTML does: tags and attribute names
// case-insensitively, classes, ids and values exactly. Anything else
// (pseudo-classes, ~ + combinators, [attr^=...]) is a parse error.
#pragma once

#include <gumbo.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace herald::extract {

class Selector {
 public:
  // Parses `text`; the error names the selector and what is wrong.
  static Result<Selector> Parse(std::string_view text);

  // True when the element matches any alternative of the list.
  bool Matches(const GumboNode* element) const;

  // Matching elements below `root` (root included), in document order;
  // an element inside an earlier match is also returned.
  std::vector<const GumboNode*> SelectAll(const GumboNode* root) const;

 private:
  struct Attribute {
    std::string name;   // lowercase
    std::string value;
    bool has_value = false;
  };
  struct Compound {
    std::string tag;    // lowercase; "" = any
    std::string id;
    std::vector<std::string> classes;
    std::vector<Attribute> attributes;
    bool child_of_previous = false;  // joined to the previous compound by '>'
  };
  using Complex = std::vector<Compound>;  // left to right

  static bool MatchesCompound(const Compound& compound, const GumboNode* element);
  static bool MatchesComplex(const Complex& complex, size_t last, const GumboNode* element);

  std::vector<Complex> alternatives_;
};

}  // namespace herald::extract
