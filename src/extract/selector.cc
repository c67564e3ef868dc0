#include "extract/selector.h"

#include "common/strings.h"
#include "sanitize/html_parse.h"

namespace herald::extract {
namespace {

bool IsNameChar(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || u >= 0x80;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// A cursor over the selector text.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}
  bool AtEnd() const { return at_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[at_]; }
  char Next() { return AtEnd() ? '\0' : text_[at_++]; }
  bool SkipSpaces() {
    size_t start = at_;
    while (!AtEnd() && IsSpace(text_[at_])) ++at_;
    return at_ > start;
  }
  std::string Name() {
    size_t start = at_;
    while (!AtEnd() && IsNameChar(text_[at_])) ++at_;
    return std::string(text_.substr(start, at_ - start));
  }
  size_t position() const { return at_; }

 private:
  std::string_view text_;
  size_t at_ = 0;
};

bool HasClass(const GumboNode* element, std::string_view name) {
  const char* value = herald::Attribute(element, "class");
  if (!value) return false;
  std::string_view classes(value);
  size_t at = 0;
  while (at < classes.size()) {
    while (at < classes.size() && IsSpace(classes[at])) ++at;
    size_t end = at;
    while (end < classes.size() && !IsSpace(classes[end])) ++end;
    if (end > at && classes.substr(at, end - at) == name) return true;
    at = end;
  }
  return false;
}

}  // namespace

Result<Selector> Selector::Parse(std::string_view text) {
  auto error = [&](const std::string& what) {
    return MakeError(ErrorKind::kInvalidInput, "CSS selector \"" + std::string(text) + "\": " + what +
                                                   " (supported: tag .class #id [attr] [attr=value], "
                                                   "descendant and > combinators, comma lists)");
  };
  Selector selector;
  Scanner in(text);
  Complex complex;
  bool pending_child = false;
  in.SkipSpaces();
  while (true) {
    Compound compound;
    compound.child_of_previous = pending_child;
    pending_child = false;
    bool any = false;
    if (in.Peek() == '*') {
      in.Next();
      any = true;
    } else if (IsNameChar(in.Peek())) {
      compound.tag = ToLowerAscii(in.Name());
      any = true;
    }
    while (true) {
      char c = in.Peek();
      if (c == '.' || c == '#') {
        in.Next();
        std::string name = in.Name();
        if (name.empty()) return error(std::string("a name must follow '") + c + "'");
        if (c == '.') compound.classes.push_back(name);
        else compound.id = name;
      } else if (c == '[') {
        in.Next();
        in.SkipSpaces();
        Attribute attribute{ToLowerAscii(in.Name()), "", false};
        if (attribute.name.empty()) return error("an attribute name must follow '['");
        in.SkipSpaces();
        if (in.Peek() == '=') {
          in.Next();
          in.SkipSpaces();
          attribute.has_value = true;
          char quote = in.Peek();
          if (quote == '"' || quote == '\'') {
            in.Next();
            while (!in.AtEnd() && in.Peek() != quote) attribute.value += in.Next();
            if (in.Next() != quote) return error("unterminated quoted value");
          } else {
            attribute.value = in.Name();
          }
          in.SkipSpaces();
        }
        if (in.Next() != ']') return error("expected ']' (only [attr] and [attr=value] are supported)");
        compound.attributes.push_back(std::move(attribute));
      } else {
        break;
      }
      any = true;
    }
    if (!any) {
      if (in.AtEnd()) return error(complex.empty() ? "empty selector" : "a combinator or ',' ends it");
      return error("unsupported syntax at offset " + std::to_string(in.position()) + " ('" +
                   std::string(1, in.Peek()) + "')");
    }
    complex.push_back(std::move(compound));
    bool spaced = in.SkipSpaces();
    if (in.AtEnd()) break;
    char c = in.Peek();
    if (c == ',') {
      in.Next();
      in.SkipSpaces();
      selector.alternatives_.push_back(std::move(complex));
      complex.clear();
      continue;
    }
    if (c == '>') {
      in.Next();
      in.SkipSpaces();
      pending_child = true;
      continue;
    }
    if (!spaced) {
      return error("unsupported syntax at offset " + std::to_string(in.position()) + " ('" +
                   std::string(1, c) + "')");
    }
  }
  selector.alternatives_.push_back(std::move(complex));
  return selector;
}

bool Selector::MatchesCompound(const Compound& compound, const GumboNode* element) {
  if (element->type != GUMBO_NODE_ELEMENT) return false;
  if (!compound.tag.empty() && TagName(element) != compound.tag) return false;
  if (!compound.id.empty()) {
    const char* id = herald::Attribute(element, "id");
    if (!id || compound.id != id) return false;
  }
  for (const std::string& name : compound.classes) {
    if (!HasClass(element, name)) return false;
  }
  for (const Attribute& attribute : compound.attributes) {
    const char* value = herald::Attribute(element, attribute.name.c_str());
    if (!value || (attribute.has_value && attribute.value != value)) return false;
  }
  return true;
}

// Right to left: the last compound matches `element`, each earlier one an
// ancestor (any for descendant, the parent for '>'). Depth is bounded by the
// parser's nesting limit, and the recursion by the selector's length.
bool Selector::MatchesComplex(const Complex& complex, size_t last, const GumboNode* element) {
  if (!MatchesCompound(complex[last], element)) return false;
  if (last == 0) return true;
  const GumboNode* ancestor = element->parent;
  if (complex[last].child_of_previous) {
    return ancestor && MatchesComplex(complex, last - 1, ancestor);
  }
  for (; ancestor && ancestor->type == GUMBO_NODE_ELEMENT; ancestor = ancestor->parent) {
    if (MatchesComplex(complex, last - 1, ancestor)) return true;
  }
  return false;
}

bool Selector::Matches(const GumboNode* element) const {
  if (element->type != GUMBO_NODE_ELEMENT) return false;
  for (const Complex& complex : alternatives_) {
    if (MatchesComplex(complex, complex.size() - 1, element)) return true;
  }
  return false;
}

std::vector<const GumboNode*> Selector::SelectAll(const GumboNode* root) const {
  std::vector<const GumboNode*> found;
  if (Matches(root)) found.push_back(root);
  Walk(
      root,
      [&](const GumboNode* n) {
        if (n->type != GUMBO_NODE_ELEMENT) return false;
        if (Matches(n)) found.push_back(n);
        return true;
      },
      [](const GumboNode*) {});
  return found;
}

}  // namespace herald::extract
