#include "sanitize/sanitizer.h"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>
#include <vector>

#include "common/html_escape.h"
#include "common/strings.h"
#include "common/url.h"
#include "sanitize/character_references.h"
#include "sanitize/html_parse.h"
#include "sanitize/inline_style.h"

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

// Elements whose content browsers without them showed instead (fallback
// content), and title, whose text feedparser keeps.
constexpr auto kFallbackElements = std::to_array<std::string_view>({
    "iframe", "object", "embed", "noembed", "noframes", "noscript", "title"});

// Their content is raw text to the HTML parser, so it is parsed again.
constexpr auto kRawTextFallbackElements = std::to_array<std::string_view>({"iframe", "noembed", "noframes"});

bool IsDropped(const GumboNode* node, const std::string& name, const SanitizePolicy& policy) {
  if (node->type == GUMBO_NODE_TEMPLATE) return true;
  if (node->v.element.tag_namespace != GUMBO_NAMESPACE_HTML) return true;  // svg, mathml
  if (policy.keep_embed_fallback_content && IsOneOf(name, kFallbackElements)) return false;
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

// First URL of a srcset ("a.jpg 1x, b.jpg 2x" -> "a.jpg").
std::string_view FirstSrcsetUrl(std::string_view srcset) {
  srcset = Trim(srcset);
  size_t end = srcset.find_first_of(" \t\n,");
  return srcset.substr(0, end);
}

// A comment that cannot end early, nest, or be read by old browsers as a
// conditional comment; only real "<!--" comments (the parser also makes
// comments of "<?...>" and "</ ...>").
bool IsInertComment(const GumboNode* node) {
  std::string_view original(node->v.text.original_text.data, node->v.text.original_text.length);
  if (original.substr(0, 4) != "<!--") return false;
  std::string text = ToLowerAscii(node->v.text.text);
  if (text.find("--") != std::string::npos || text.find("[if") != std::string::npos ||
      text.find("[endif") != std::string::npos || text.find("<!") != std::string::npos) {
    return false;
  }
  return !text.empty() && text.front() != '>' && text.front() != '-' && text.back() != '-';
}

// Text with & < > escaped and quotes left alone (they mean nothing in text).
std::string EscapeTextMinimally(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else {
      out += c;
    }
  }
  return out;
}

// Concatenated text children of a raw-text element.
std::string RawText(const GumboNode* node) {
  std::string text;
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    auto* child = static_cast<const GumboNode*>(children.data[i]);
    if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE) text += child->v.text.text;
  }
  return text;
}

using Attributes = std::vector<std::pair<std::string, std::string>>;

class FragmentSanitizer {
 public:
  FragmentSanitizer(std::string_view base_url, const SanitizePolicy& policy, int depth)
      : base_url_(base_url), policy_(policy), depth_(depth) {}

  std::string Run(std::string_view html) {
    HtmlDocument document(html, HtmlDocument::Mode::kFragment);
    out_.reserve(html.size());
    Walk(
        document.root(), [&](const GumboNode* node) { return Enter(node); },
        [&](const GumboNode*) {
          out_ += closers_.back();
          closers_.pop_back();
        });
    return std::move(out_);
  }

 private:
  // Writes what `node` opens; true to descend into its children.
  bool Enter(const GumboNode* node) {
    switch (node->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA:
        out_ += policy_.escape_text_minimally ? EscapeTextMinimally(node->v.text.text) : EscapeHtml(node->v.text.text);
        return false;
      case GUMBO_NODE_COMMENT:
        if (policy_.keep_comments && IsInertComment(node)) out_.append("<!--").append(node->v.text.text).append("-->");
        return false;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE:
        break;
      default:
        return false;
    }
    std::string name = TagName(node);
    if (IsDropped(node, name, policy_)) return false;
    if (policy_.keep_embed_fallback_content && IsOneOf(name, kRawTextFallbackElements)) {
      // One level only: fallback inside fallback is dropped.
      if (depth_ == 0) out_ += FragmentSanitizer(base_url_, policy_, depth_ + 1).Run(RawText(node));
      return false;
    }
    if (name == "picture") {
      out_ += PictureTag(node);
      return false;
    }
    if (name == "img") {
      const char* src = Attribute(node, "src");
      if (src) out_ += ImageTag(node, src);
      return false;
    }
    if (name == "h1" && !policy_.keep_h1) name = "h2";
    bool kept = IsOneOf(name, kKeptElements) || (name == "div" && policy_.keep_div);
    std::optional<Attributes> attributes = kept ? KeptAttributes(node, name) : std::nullopt;
    if (!attributes) {
      closers_.emplace_back();
      return true;  // unwrapped: children kept
    }
    out_ += Tag(name, *attributes);
    if (IsOneOf(name, kVoidElements)) return false;
    closers_.push_back("</" + name + ">");
    return true;
  }

  // Opening tag with `attributes` in the policy's order.
  std::string Tag(std::string_view name, Attributes attributes) const {
    if (policy_.sort_attributes) std::sort(attributes.begin(), attributes.end());
    std::string out = "<";
    out.append(name);
    for (const auto& [key, value] : attributes) {
      out.append(" ").append(key).append("=\"").append(EscapeHtml(value)).append("\"");
    }
    out += '>';
    return out;
  }

  // Attributes every policy may add to any kept element.
  void AddCommonAttributes(const GumboNode* node, std::string_view name, Attributes& attributes) const {
    if (policy_.keep_border_attribute && (name == "img" || name == "table")) {
      const char* border = Attribute(node, "border");
      if (border && IsDigits(border, 3)) attributes.emplace_back("border", border);
    }
    if (policy_.keep_title_attributes && name != "abbr") {  // abbr keeps its title anyway
      if (const char* title = Attribute(node, "title")) attributes.emplace_back("title", title);
    }
    if (policy_.keep_safe_inline_styles) {
      const char* style = Attribute(node, "style");
      std::string clean = style ? SanitizeInlineStyle(style) : "";
      if (!clean.empty()) attributes.emplace_back("style", std::move(clean));
    }
  }

  // The allowlisted attributes of a kept element; nullopt when the element is
  // to be unwrapped instead (a link with no safe target).
  std::optional<Attributes> KeptAttributes(const GumboNode* node, const std::string& name) const {
    Attributes attributes;
    if (name == "a") {
      const char* href = Attribute(node, "href");
      std::string url = href ? SafeUrl(href, base_url_, true) : "";
      if (!url.empty()) {
        attributes.emplace_back("href", url);
        attributes.emplace_back("rel", "nofollow noopener noreferrer");
      } else if (policy_.keep_links_without_safe_target) {
        if (href) attributes.emplace_back("href", "");
      } else {
        return std::nullopt;  // a link with no safe target is just text
      }
    } else if (name == "th" || name == "td") {
      for (const char* span : {"colspan", "rowspan"}) {
        const char* value = Attribute(node, span);
        if (value && IsDigits(value, 3)) attributes.emplace_back(span, value);
      }
    } else if (name == "time") {
      if (const char* value = Attribute(node, "datetime")) attributes.emplace_back("datetime", value);
    } else if (name == "abbr") {
      if (const char* value = Attribute(node, "title")) attributes.emplace_back("title", value);
    } else if (name == "ol") {
      const char* value = Attribute(node, "start");
      if (value && IsDigits(value[0] == '-' ? value + 1 : value, 6)) attributes.emplace_back("start", value);
    }
    AddCommonAttributes(node, name, attributes);
    return attributes;
  }

  // <img> with allowlisted attributes, or "" when it has no safe source.
  std::string ImageTag(const GumboNode* img, std::string_view src) const {
    std::string url = SafeUrl(src, base_url_, false);
    if (url.empty()) return "";
    Attributes attributes{{"src", url}};
    if (const char* alt = Attribute(img, "alt")) attributes.emplace_back("alt", alt);
    for (const char* dimension : {"width", "height"}) {
      const char* value = Attribute(img, dimension);
      if (value && IsDigits(value, 5)) attributes.emplace_back(dimension, value);
    }
    AddCommonAttributes(img, "img", attributes);
    return Tag("img", std::move(attributes));
  }

  // A <picture> becomes one <img>: its own img if it has a source, else the
  // first <source srcset>.
  std::string PictureTag(const GumboNode* picture) const {
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
    if (src && *src) return ImageTag(img, src);
    return fallback.empty() ? "" : ImageTag(img, fallback);
  }

  std::string_view base_url_;
  const SanitizePolicy& policy_;
  int depth_;
  std::string out_;
  std::vector<std::string> closers_;  // one per entered element, "" when unwrapped
};

}  // namespace

SanitizePolicy RepublishPolicy() { return SanitizePolicy{}; }

SanitizePolicy FeedparserCompatiblePolicy() {
  SanitizePolicy policy;
  policy.keep_h1 = true;
  policy.keep_div = true;
  policy.keep_safe_inline_styles = true;
  policy.keep_comments = true;
  policy.keep_embed_fallback_content = true;
  policy.keep_character_references = true;
  policy.keep_links_without_safe_target = true;
  policy.keep_title_attributes = true;
  policy.escape_text_minimally = true;
  policy.keep_border_attribute = true;
  policy.sort_attributes = true;
  return policy;
}

// gumbo decodes a numeric reference too large for any code point
// ("&#77777777777777777777150;") into a byte that is not UTF-8 (found by
// the sanitize fuzzer): the output is made valid once, at the end.
std::string SanitizeHtml(std::string_view html, std::string_view base_url, const SanitizePolicy& policy) {
  if (!policy.keep_character_references) return ToValidUtf8(FragmentSanitizer(base_url, policy, 0).Run(html));
  ProtectedReferences p = ProtectCharacterReferences(html);
  return ToValidUtf8(RestoreCharacterReferences(FragmentSanitizer(base_url, policy, 0).Run(p.html), p.refs));
}

std::string SanitizeHtml(std::string_view html, std::string_view base_url) {
  static const SanitizePolicy kRepublish = RepublishPolicy();
  return SanitizeHtml(html, base_url, kRepublish);
}

std::string HtmlToText(std::string_view html) {
  static const SanitizePolicy kRepublish = RepublishPolicy();
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
        if (IsDropped(node, name, kRepublish)) return false;
        if (!IsInlineTag(node->v.element.tag)) out += ' ';  // blocks separate words
        return true;
      },
      [&](const GumboNode* node) {
        if (!IsInlineTag(node->v.element.tag)) out += ' ';
      });
  return CollapseWhitespace(out);
}

}  // namespace herald
