#include "extract/figures.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <vector>

#include "common/strings.h"
#include "common/url.h"
#include "sanitize/html_parse.h"

namespace herald::extract {
namespace {

bool IsCreditElement(const GumboNode* node) {
  const char* cls = Attribute(node, "class");
  if (!cls) return false;
  std::string lower = ToLowerAscii(cls);
  for (const char* word : {"credit", "copyright", "photographer", "source", "byline"}) {
    if (lower.find(word) != std::string::npos) return true;
  }
  return false;
}

bool IsPlaceholder(std::string_view url) {
  std::string lower = ToLowerAscii(url);
  for (const char* mark : {"data:", "placeholder", "blank.gif", "spacer", "1x1", "pixel.gif",
                           "grey.gif", "lazy.png", "loading.gif"}) {
    if (lower.find(mark) != std::string::npos) return true;
  }
  return Trim(url).empty();
}

// Widest candidate of a srcset ("a.jpg 480w, b.jpg 1024w" -> "b.jpg").
std::string WidestSrcsetUrl(std::string_view srcset) {
  std::string best;
  double best_size = -1;
  for (const std::string& candidate : Split(srcset, ',')) {
    std::vector<std::string> parts = Split(CollapseWhitespace(candidate), ' ');
    if (parts.empty() || parts[0].empty()) continue;
    double size = 0;
    if (parts.size() > 1 && !parts[1].empty()) size = std::atof(parts[1].c_str());
    if (size > best_size) best_size = size, best = parts[0];
  }
  return best;
}

std::string Absolute(std::string_view base, std::string_view url) {
  if (IsPlaceholder(url)) return "";
  std::string resolved = base.empty() ? std::string(Trim(url)) : ResolveUrl(base, Trim(url));
  return IsHttpUrl(resolved) ? resolved : "";
}

int Digits(const char* value) {
  if (!value) return 0;
  int n = 0;
  for (const char* p = value; *p >= '0' && *p <= '9' && n < 100000; ++p) n = n * 10 + (*p - '0');
  return n;
}

// First descendant (or self) with `tag`, looking inside <noscript> too.
const GumboNode* FindFirst(const GumboNode* node, GumboTag tag, bool want_real_src,
                           std::string_view base_url) {
  const GumboNode* found = nullptr;
  auto matches = [&](const GumboNode* n) {
    return n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == tag &&
           (!want_real_src || !ImageUrl(n, base_url).empty());
  };
  if (matches(node)) return node;
  Walk(
      node,
      [&](const GumboNode* n) {
        if (found || n->type != GUMBO_NODE_ELEMENT) return false;
        if (matches(n)) {
          found = n;
          return false;
        }
        return true;
      },
      [](const GumboNode*) {});
  return found;
}

}  // namespace

CaptionParts SplitCredit(std::string_view text) {
  std::string clean = CollapseWhitespace(text);
  static constexpr auto kMarkers = std::to_array<std::string_view>({
      "Photo credit:", "Image credit:", "Photograph:", "Photographs:", "Photos:", "Photo:",
      "Photo by ", "Credit:", "Credits:", "Image:", "Picture:", "Source:", "Foto:",
      "图片来源：", "图片来源:", "图：", "摄影：", "圖片來源：", "写真："});
  size_t best = std::string::npos;
  size_t marker_size = 0;
  for (std::string_view marker : kMarkers) {
    std::string lower_marker = ToLowerAscii(marker);
    std::string lower = ToLowerAscii(clean);
    size_t at = lower.rfind(lower_marker);
    bool starts_word = at != std::string::npos && (at == 0 || lower[at - 1] == ' ' ||
                                                   lower[at - 1] == '(' || lower[at - 1] == '|' ||
                                                   static_cast<unsigned char>(lower[at - 1]) >= 0x80);
    if (starts_word && (best == std::string::npos || at > best)) best = at, marker_size = marker.size();
  }
  CaptionParts parts;
  if (best != std::string::npos) {
    parts.caption = clean.substr(0, best);
    parts.credit = clean.substr(best + marker_size);
    if (best > 0 && clean[best - 1] == '(' && parts.credit.ends_with(")")) {
      parts.caption.pop_back();
      parts.credit.pop_back();
    }
  } else if (clean.ends_with(")")) {
    size_t open = clean.rfind('(');
    std::string inner = open == std::string::npos ? "" : clean.substr(open + 1, clean.size() - open - 2);
    static constexpr auto kAgencies = std::to_array<std::string_view>({
        "Reuters", "AP", "AFP", "Getty", "EPA", "Xinhua", "Bloomberg", "AAP", "PA", "Shutterstock",
        "Alamy", "iStock", "Associated Press", "Photo", "Courtesy", "Handout", "Supplied"});
    bool is_credit = !inner.empty() && CodePointCount(inner) <= 60 &&
                     std::any_of(kAgencies.begin(), kAgencies.end(),
                                 [&](std::string_view a) { return inner.starts_with(a); });
    if (is_credit) {
      parts.caption = clean.substr(0, open);
      parts.credit = inner;
    } else {
      parts.caption = clean;
    }
  } else {
    parts.caption = clean;
  }
  auto trim_separators = [](std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '|' || s.back() == '/' || s.back() == '-')) {
      s.pop_back();
    }
    for (std::string_view dash : {"–", "—"}) {
      if (s.ends_with(dash)) s.resize(s.size() - dash.size());
    }
    return CollapseWhitespace(s);
  };
  parts.caption = trim_separators(parts.caption);
  parts.credit = CollapseWhitespace(parts.credit);
  if (parts.credit.starts_with("Photo: ")) parts.credit = parts.credit.substr(7);
  return parts;
}

std::string ImageUrl(const GumboNode* img, std::string_view base_url) {
  for (const char* lazy : {"data-src", "data-original", "data-lazy-src", "data-url", "data-hi-res-src"}) {
    if (const char* value = Attribute(img, lazy)) {
      std::string url = Absolute(base_url, value);
      if (!url.empty()) return url;
    }
  }
  for (const char* set : {"data-srcset", "srcset", "data-lazy-srcset"}) {
    if (const char* value = Attribute(img, set)) {
      std::string url = Absolute(base_url, WidestSrcsetUrl(value));
      if (!url.empty()) return url;
    }
  }
  if (const char* src = Attribute(img, "src")) return Absolute(base_url, src);
  return "";
}

std::optional<Image> ReadFigure(const GumboNode* node, std::string_view base_url) {
  const GumboNode* img = FindFirst(node, GUMBO_TAG_IMG, /*want_real_src=*/true, base_url);
  Image image;
  if (img) {
    image.url = ImageUrl(img, base_url);
    image.width = Digits(Attribute(img, "width"));
    image.height = Digits(Attribute(img, "height"));
  } else if (const GumboNode* source = FindFirst(node, GUMBO_TAG_SOURCE, false, base_url)) {
    const char* srcset = Attribute(source, "srcset");
    if (!srcset) srcset = Attribute(source, "data-srcset");
    if (srcset) image.url = Absolute(base_url, WidestSrcsetUrl(srcset));
  }
  if (image.url.empty()) return std::nullopt;

  const GumboNode* figcaption = FindFirst(node, GUMBO_TAG_FIGCAPTION, false, base_url);
  if (!figcaption) return image;
  std::string credit;
  std::string caption;
  // Caption text without any credit element's text.
  Walk(
      figcaption,
      [&](const GumboNode* n) {
        if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE) {
          caption += n->v.text.text;
          return false;
        }
        if (n->type != GUMBO_NODE_ELEMENT) return false;
        if (IsCreditElement(n)) {
          if (!credit.empty()) credit += ' ';
          credit += TextContent(n);
          caption += ' ';
          return false;
        }
        if (!IsInlineTag(n->v.element.tag)) caption += ' ';
        return true;
      },
      [](const GumboNode*) {});
  CaptionParts parts = SplitCredit(caption);
  image.caption = parts.caption;
  image.credit = parts.credit;
  if (!credit.empty()) {
    std::string named = SplitCredit(credit).credit;  // "Photo: X" -> "X"
    image.credit = named.empty() ? CollapseWhitespace(credit) : named;
  }
  return image;
}

}  // namespace herald::extract
