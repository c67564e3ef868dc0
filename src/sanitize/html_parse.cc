#include "sanitize/html_parse.h"

#include <algorithm>
#include <array>
#include <string>

#include "common/strings.h"

namespace herald {
namespace {

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool IsTagNameChar(char c) {
  return c != '>' && c != '/' && c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f';
}

// Elements that never nest by themselves: void, or closed by their siblings.
bool DoesNotDeepen(std::string_view name) {
  static constexpr std::array<std::string_view, 30> kNames = {
      "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
      "param", "source", "track", "wbr", "keygen", "frame", "basefont", "bgsound",
      "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp"};
  return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

bool IsRawText(std::string_view name) {
  return name == "script" || name == "style" || name == "textarea" || name == "title" ||
         name == "xmp" || name == "noembed" || name == "noframes" || name == "iframe";
}

// Index just after the '>' closing the tag that starts at `from`, or npos.
size_t TagEnd(std::string_view html, size_t from) {
  char quote = 0;
  for (size_t i = from; i < html.size(); ++i) {
    char c = html[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      // Quotes only matter inside attribute values (after '=').
      size_t j = i;
      while (j > from && (html[j - 1] == ' ' || html[j - 1] == '\t' || html[j - 1] == '\n')) --j;
      if (j > from && html[j - 1] == '=') quote = c;
    } else if (c == '>') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

}  // namespace

std::string LimitNesting(std::string_view html, int max_depth) {
  std::string out;
  out.reserve(html.size());
  int depth = 0;
  size_t i = 0;
  while (i < html.size()) {
    size_t lt = html.find('<', i);
    if (lt == std::string_view::npos || lt + 1 >= html.size()) break;
    out.append(html.substr(i, lt - i));
    if (html.compare(lt, 4, "<!--") == 0) {
      size_t end = html.find("-->", lt + 4);
      size_t stop = end == std::string_view::npos ? html.size() : end + 3;
      out.append(html.substr(lt, stop - lt));
      i = stop;
      continue;
    }
    bool closing = html[lt + 1] == '/';
    size_t name_start = lt + (closing ? 2 : 1);
    if (name_start >= html.size() || !IsAsciiAlpha(html[name_start])) {
      out += '<';
      i = lt + 1;
      continue;
    }
    size_t name_end = name_start;
    while (name_end < html.size() && IsTagNameChar(html[name_end])) ++name_end;
    std::string name = ToLowerAscii(html.substr(name_start, name_end - name_start));
    size_t end = TagEnd(html, name_end);
    if (end == std::string_view::npos) end = html.size();
    std::string_view tag = html.substr(lt, end - lt);
    if (closing) {
      if (!DoesNotDeepen(name) && depth > 0) --depth;
      out.append(tag);
      i = end;
      continue;
    }
    bool self_closing = tag.size() >= 2 && tag[tag.size() - 2] == '/';
    if (IsRawText(name)) {
      // Copy through the matching end tag so '<' inside is not read as tags.
      std::string close = "</" + name;
      size_t stop = end;
      while (stop < html.size()) {
        size_t found = html.find("</", stop);
        if (found == std::string_view::npos) { stop = html.size(); break; }
        if (StartsWithIgnoreCase(html.substr(found), close)) {
          size_t close_end = html.find('>', found);
          stop = close_end == std::string_view::npos ? html.size() : close_end + 1;
          break;
        }
        stop = found + 2;
      }
      out.append(html.substr(lt, stop - lt));
      i = stop;
      continue;
    }
    if (DoesNotDeepen(name) || self_closing) {
      out.append(tag);
    } else if (depth < max_depth) {
      ++depth;
      out.append(tag);
    }  // else: dropped, too deep
    i = end;
  }
  if (i < html.size()) out.append(html.substr(i));
  return out;
}

HtmlDocument::HtmlDocument(std::string_view html, Mode mode)
    : text_(LimitNesting(ToValidUtf8(html))), options_(kGumboDefaultOptions) {
  options_.max_errors = 0;  // errors are not used; do not collect them
  if (mode == Mode::kFragment) {
    options_.fragment_context = GUMBO_TAG_DIV;
    options_.fragment_namespace = GUMBO_NAMESPACE_HTML;
  }
  output_ = gumbo_parse_with_options(&options_, text_.data(), text_.size());
}

HtmlDocument::~HtmlDocument() { gumbo_destroy_output(&options_, output_); }

std::string TagName(const GumboNode* node) {
  if (!node || (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE)) return "";
  const GumboElement& element = node->v.element;
  if (element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(element.tag);
  GumboStringPiece piece = element.original_tag;
  gumbo_tag_from_original_text(&piece);
  return ToLowerAscii(std::string_view(piece.data, piece.length));
}

const char* Attribute(const GumboNode* node, const char* name) {
  if (!node || (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE)) return nullptr;
  const GumboAttribute* attribute = gumbo_get_attribute(&node->v.element.attributes, name);
  return attribute ? attribute->value : nullptr;
}

bool IsInlineTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_A: case GUMBO_TAG_B: case GUMBO_TAG_I: case GUMBO_TAG_EM:
    case GUMBO_TAG_STRONG: case GUMBO_TAG_SPAN: case GUMBO_TAG_SMALL: case GUMBO_TAG_SUB:
    case GUMBO_TAG_SUP: case GUMBO_TAG_MARK: case GUMBO_TAG_ABBR: case GUMBO_TAG_CODE:
    case GUMBO_TAG_Q: case GUMBO_TAG_S: case GUMBO_TAG_U: case GUMBO_TAG_TIME:
    case GUMBO_TAG_FONT: case GUMBO_TAG_CITE: case GUMBO_TAG_UNKNOWN:
      return true;
    default:
      return false;
  }
}

std::string TextContent(const GumboNode* node) {
  std::string out;
  auto enter = [&](const GumboNode* child) {
    if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE ||
        child->type == GUMBO_NODE_CDATA) {
      out += child->v.text.text;
      return false;
    }
    if (child->type != GUMBO_NODE_ELEMENT) return false;
    GumboTag tag = child->v.element.tag;
    if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_TEMPLATE) return false;
    if (tag == GUMBO_TAG_BR) out += ' ';
    return true;
  };
  if (!enter(node)) return CollapseWhitespace(out);
  Walk(node, enter, [&](const GumboNode* child) {
    if (!IsInlineTag(child->v.element.tag)) out += ' ';
  });
  return CollapseWhitespace(out);
}

}  // namespace herald
