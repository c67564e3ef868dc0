#include "sanitize/sanitizer.h"

#include <algorithm>
#include <array>
#include <vector>

#include "common/html_escape.h"
#include "common/strings.h"
#include "common/url.h"
#include "sanitize/html_parse.h"

namespace herald {
namespace {

template <size_t N>
bool IsOneOf(std::string_view name, const std::array<std::string_view, N>& names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

constexpr auto kKeptElements = std::to_array<std::string_view>({
    "p", "br", "h2", "h3", "h4", "h5", "h6", "blockquote", "q", "cite", "ul", "ol", "li",
    "dl", "dt", "dd", "figure", "figcaption", "img", "table", "thead", "tbody", "tfoot",
    "tr", "th", "td", "caption", "pre", "code", "em", "strong", "b", "i", "u", "s", "sub",
    "sup", "small", "mark", "abbr", "time", "a", "hr", "span",
    // renamed or handled specially below
    "h1", "picture"});

// Removed together with everything inside: active content, forms, embedded
// documents, and elements whose text is never article prose.
constexpr auto kDroppedElements = std::to_array<std::string_view>({
    "script", "style", "iframe", "object", "embed", "form", "input", "button", "select",
    "textarea", "noscript", "template", "svg", "math", "audio", "video", "canvas", "head",
    "title", "frame", "frameset", "applet", "param", "base", "link", "meta", "xmp",
    "noembed", "noframes", "plaintext", "source", "track"});

constexpr auto kVoidElements = std::to_array<std::string_view>({"br", "hr", "img"});

bool IsDropped(const GumboNode* node, const std::string& name) {
  if (node->type == GUMBO_NODE_TEMPLATE) return true;
  if (node->v.element.tag_namespace != GUMBO_NAMESPACE_HTML) return true;  // svg, mathml
  return IsOneOf(name, kDroppedElements);
}

// True when `url` names a scheme ("javascript:", "data:", "x-foo:") before
// any path, query or fragment character.
bool HasScheme(std::string_view url) {
  for (char c : url) {
    if (c == ':') return true;
    if (c == '/' || c == '?' || c == '#') return false;
  }
  return false;
}

// The URL made absolute and safe to follow, or "" to drop the attribute.
// Tabs and newlines are removed and controls trimmed as browsers do, so
// "java\tscript:" cannot pass as a relative URL.
std::string SafeUrl(std::string_view raw, std::string_view base_url, bool allow_mailto) {
  std::string url;
  for (char c : raw) {
    if (c != '\t' && c != '\n' && c != '\r') url += c;
  }
  size_t begin = 0;
  while (begin < url.size() && static_cast<unsigned char>(url[begin]) <= 0x20) ++begin;
  size_t end = url.size();
  while (end > begin && static_cast<unsigned char>(url[end - 1]) <= 0x20) --end;
  url = url.substr(begin, end - begin);
  if (url.empty()) return "";
  if (allow_mailto && StartsWithIgnoreCase(url, "mailto:")) return url;
  if (HasScheme(url)) return IsHttpUrl(url) ? url : "";
  if (base_url.empty()) return url;  // relative, nothing to resolve against
  std::string resolved = ResolveUrl(base_url, url);
  return IsHttpUrl(resolved) ? resolved : "";
}

bool IsDigits(std::string_view s, size_t max_len) {
  if (s.empty() || s.size() > max_len) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void AppendAttribute(std::string& out, std::string_view name, std::string_view value) {
  out += ' ';
  out += name;
  out += "=\"";
  out += EscapeHtml(value);
  out += '"';
}

// First URL of a srcset ("a.jpg 1x, b.jpg 2x" -> "a.jpg").
std::string_view FirstSrcsetUrl(std::string_view srcset) {
  srcset = Trim(srcset);
  size_t end = srcset.find_first_of(" \t\n,");
  return srcset.substr(0, end);
}

// <img> with allowlisted attributes, or "" when it has no safe source.
std::string ImageTag(const GumboNode* img, std::string_view src, std::string_view base_url) {
  std::string url = SafeUrl(src, base_url, false);
  if (url.empty()) return "";
  std::string out = "<img";
  AppendAttribute(out, "src", url);
  if (const char* alt = Attribute(img, "alt")) AppendAttribute(out, "alt", alt);
  for (const char* dimension : {"width", "height"}) {
    const char* value = Attribute(img, dimension);
    if (value && IsDigits(value, 5)) AppendAttribute(out, dimension, value);
  }
  out += '>';
  return out;
}

// A <picture> becomes one <img>: its own img if it has a source, else the
// first <source srcset>.
std::string PictureTag(const GumboNode* picture, std::string_view base_url) {
  const GumboNode* img = nullptr;
  std::string_view fallback;
  const GumboVector& children = picture->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    auto* child = static_cast<const GumboNode*>(children.data[i]);
    std::string name = TagName(child);
    if (name == "img") img = child;
    const char* srcset = Attribute(child, "srcset");
    if (name == "source" && srcset && fallback.empty()) fallback = FirstSrcsetUrl(srcset);
  }
  const char* src = img ? Attribute(img, "src") : nullptr;
  if (src && *src) return ImageTag(img, src, base_url);
  return fallback.empty() ? "" : ImageTag(img, fallback, base_url);
}

// Opening tag with the allowlisted attributes.
std::string OpenTag(const GumboNode* node, std::string name, std::string_view base_url) {
  std::string out = "<" + name;
  if (name == "a") {
    const char* href = Attribute(node, "href");
    std::string url = href ? SafeUrl(href, base_url, true) : "";
    if (!url.empty()) {
      AppendAttribute(out, "href", url);
      AppendAttribute(out, "rel", "nofollow noopener noreferrer");
    }
  } else if (name == "th" || name == "td") {
    for (const char* span : {"colspan", "rowspan"}) {
      const char* value = Attribute(node, span);
      if (value && IsDigits(value, 3)) AppendAttribute(out, span, value);
    }
  } else if (name == "time") {
    if (const char* value = Attribute(node, "datetime")) AppendAttribute(out, "datetime", value);
  } else if (name == "abbr") {
    if (const char* value = Attribute(node, "title")) AppendAttribute(out, "title", value);
  } else if (name == "ol") {
    const char* value = Attribute(node, "start");
    if (value && IsDigits(value[0] == '-' ? value + 1 : value, 6)) AppendAttribute(out, "start", value);
  }
  out += '>';
  return out;
}

}  // namespace

std::string SanitizeHtml(std::string_view html, std::string_view base_url) {
  HtmlDocument document(html, HtmlDocument::Mode::kFragment);
  std::string out;
  out.reserve(html.size());
  std::vector<std::string> closers;  // one per entered element, "" when unwrapped
  Walk(
      document.root(),
      [&](const GumboNode* node) {
        switch (node->type) {
          case GUMBO_NODE_TEXT:
          case GUMBO_NODE_WHITESPACE:
          case GUMBO_NODE_CDATA:
            out += EscapeHtml(node->v.text.text);
            return false;
          case GUMBO_NODE_ELEMENT:
          case GUMBO_NODE_TEMPLATE:
            break;
          default:
            return false;  // comments
        }
        std::string name = TagName(node);
        if (IsDropped(node, name)) return false;
        if (name == "picture") {
          out += PictureTag(node, base_url);
          return false;
        }
        if (name == "img") {
          const char* src = Attribute(node, "src");
          if (src) out += ImageTag(node, src, base_url);
          return false;
        }
        if (name == "h1") name = "h2";
        if (!IsOneOf(name, kKeptElements)) {
          closers.emplace_back();
          return true;  // unwrapped: children kept
        }
        if (name == "a" && (!Attribute(node, "href") || OpenTag(node, "a", base_url) == "<a>")) {
          closers.emplace_back();
          return true;  // a link with no safe target is just text
        }
        out += OpenTag(node, name, base_url);
        if (IsOneOf(name, kVoidElements)) return false;
        closers.push_back("</" + name + ">");
        return true;
      },
      [&](const GumboNode*) {
        out += closers.back();
        closers.pop_back();
      });
  return out;
}

std::string HtmlToText(std::string_view html) {
  HtmlDocument document(html, HtmlDocument::Mode::kFragment);
  std::string out;
  Walk(
      document.root(),
      [&](const GumboNode* node) {
        if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
            node->type == GUMBO_NODE_CDATA) {
          out += node->v.text.text;
          return false;
        }
        if (node->type != GUMBO_NODE_ELEMENT) return false;
        std::string name = TagName(node);
        if (IsDropped(node, name)) return false;
        if (!IsInlineTag(node->v.element.tag)) out += ' ';  // blocks separate words
        return true;
      },
      [&](const GumboNode* node) {
        if (!IsInlineTag(node->v.element.tag)) out += ' ';
      });
  return CollapseWhitespace(out);
}

}  // namespace herald
