// Gumbo parsing shared by the sanitizer and the extractor, made safe for
// hostile input: gumbo's tree construction is quadratic in nesting depth (in
// time and memory), so tags opening past kMaxNestingDepth are removed before
// parsing. Every walk over the tree must still be iterative or depth-limited.
#pragma once

#include <gumbo.h>

#include <string>
#include <string_view>
#include <vector>

namespace herald {

inline constexpr int kMaxNestingDepth = 200;

// Returns `html` with start tags that would open an element deeper than
// `max_depth` removed (their text is kept). Void elements and elements whose
// end tag is optional (p, li, td, ...) are not counted; comments and raw-text
// elements (script, style, textarea, title, xmp) are skipped over.
std::string LimitNesting(std::string_view html, int max_depth = kMaxNestingDepth);

// An owned gumbo parse of valid UTF-8 text (invalid bytes become U+FFFD).
class HtmlDocument {
 public:
  enum class Mode { kDocument, kFragment };  // kFragment: parsed as inside <div>
  HtmlDocument(std::string_view html, Mode mode);
  ~HtmlDocument();
  HtmlDocument(const HtmlDocument&) = delete;
  HtmlDocument& operator=(const HtmlDocument&) = delete;

  // The <html> element; for a fragment its children are the fragment's nodes.
  const GumboNode* root() const { return output_->root; }

 private:
  std::string text_;  // gumbo points into it
  GumboOptions options_;
  GumboOutput* output_;
};

// Lowercase tag name of an element (also unknown tags); "" for other nodes.
std::string TagName(const GumboNode* node);

// Attribute value, or nullptr when absent or `node` is not an element.
const char* Attribute(const GumboNode* node, const char* name);

// Phrasing elements that do not separate words (a, b, em, span, ...).
bool IsInlineTag(GumboTag tag);

// Text of a node and its descendants, entities decoded, script/style text
// skipped, whitespace collapsed. Iterative, so safe on deep trees.
std::string TextContent(const GumboNode* node);

// Children of an element, template or document node; nullptr for others.
inline const GumboVector* Children(const GumboNode* node) {
  if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) {
    return &node->v.element.children;
  }
  if (node->type == GUMBO_NODE_DOCUMENT) return &node->v.document.children;
  return nullptr;
}

// Iterative pre-order walk below `root` (no recursion: trees may be deep).
// `enter(node)` returns true to descend into it; `leave(node)` runs after the
// children of every node entered.
template <typename Enter, typename Leave>
void Walk(const GumboNode* root, Enter enter, Leave leave) {
  struct Frame {
    const GumboNode* node;
    unsigned next;
  };
  std::vector<Frame> stack{{root, 0}};
  while (!stack.empty()) {
    Frame& top = stack.back();
    const GumboVector* children = Children(top.node);
    if (!children || top.next >= children->length) {
      const GumboNode* done = top.node;
      stack.pop_back();
      if (!stack.empty()) leave(done);
      continue;
    }
    auto* child = static_cast<const GumboNode*>(children->data[top.next++]);
    if (enter(child)) stack.push_back({child, 0});
  }
}

}  // namespace herald
