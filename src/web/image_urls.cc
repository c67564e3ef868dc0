#include "web/image_urls.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "common/html_escape.h"
#include "common/strings.h"

namespace herald::web {
namespace {

struct Attribute {
  std::string name;   // lowercase
  std::string value;  // decoded
};

// Decodes the references EscapeHtml writes: the sanitizer escapes every
// attribute value with it.
std::string DecodeAttribute(std::string_view value) {
  static constexpr std::pair<std::string_view, char> kNamed[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&#x27;", '\''}};
  std::string out;
  for (size_t i = 0; i < value.size();) {
    bool replaced = false;
    if (value[i] == '&') {
      for (const auto& [reference, c] : kNamed) {
        if (value.substr(i, reference.size()) == reference) {
          out += c;
          i += reference.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += value[i++];
  }
  return out;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// The attributes of a start tag's inside ("img src=x alt='y'"), after the name.
std::vector<Attribute> ParseAttributes(std::string_view inside) {
  std::vector<Attribute> attributes;
  size_t i = 0;
  while (i < inside.size()) {
    while (i < inside.size() && (IsSpace(inside[i]) || inside[i] == '/')) ++i;
    size_t name_start = i;
    while (i < inside.size() && !IsSpace(inside[i]) && inside[i] != '=' && inside[i] != '/') ++i;
    if (i == name_start) break;
    Attribute attribute{ToLowerAscii(inside.substr(name_start, i - name_start)), ""};
    while (i < inside.size() && IsSpace(inside[i])) ++i;
    if (i < inside.size() && inside[i] == '=') {
      ++i;
      while (i < inside.size() && IsSpace(inside[i])) ++i;
      if (i < inside.size() && (inside[i] == '"' || inside[i] == '\'')) {
        char quote = inside[i++];
        size_t end = inside.find(quote, i);
        if (end == std::string_view::npos) end = inside.size();
        attribute.value = DecodeAttribute(inside.substr(i, end - i));
        i = end + 1;
      } else {
        size_t start = i;
        while (i < inside.size() && !IsSpace(inside[i])) ++i;
        attribute.value = DecodeAttribute(inside.substr(start, i - start));
      }
    }
    attributes.push_back(std::move(attribute));
  }
  return attributes;
}

// The rewritten tag, or nullopt when the image must go.
std::optional<std::string> RewriteImageTag(const ImagePathFunction& image_path, std::string_view inside, int width) {
  std::string out = "<img";
  bool has_source = false;
  for (Attribute& attribute : ParseAttributes(inside)) {
    if (attribute.name == "srcset") continue;
    if (attribute.name == "src") {
      if (has_source) continue;
      attribute.value = ProxiedImageUrl(image_path, Trim(attribute.value), width);
      if (attribute.value.empty()) return std::nullopt;
      has_source = true;
    }
    out += " " + attribute.name + "=\"" + EscapeHtml(attribute.value) + "\"";
  }
  if (!has_source) return std::nullopt;
  return out + ">";
}

bool IsImageTagAt(std::string_view html, size_t at) {
  return at + 4 < html.size() && StartsWithIgnoreCase(html.substr(at), "<img") &&
         (IsSpace(html[at + 4]) || html[at + 4] == '>' || html[at + 4] == '/');
}

}  // namespace

std::string ProxiedImageUrl(const ImagePathFunction& image_path, std::string_view url, int width) {
  if (!image_path) return std::string(url);
  return image_path(url, width);
}

std::string ProxyImagesInHtml(const ImagePathFunction& image_path, std::string_view html, int width) {
  if (!image_path) return std::string(html);
  std::string out;
  out.reserve(html.size());
  size_t copied = 0;
  for (size_t at = html.find('<'); at != std::string_view::npos; at = html.find('<', at + 1)) {
    if (!IsImageTagAt(html, at)) continue;
    // Attribute values from the sanitizer are escaped, so '>' ends the tag;
    // a tag cut off by the end of the text ends there.
    size_t end = std::min(html.find('>', at), html.size());
    out.append(html.substr(copied, at - copied));
    std::string_view inside = html.substr(at + 4, end - at - 4);
    if (std::optional<std::string> tag = RewriteImageTag(image_path, inside, width)) out += *tag;
    copied = std::min(end + 1, html.size());
    at = end;
  }
  out.append(html.substr(copied));
  return out;
}

}  // namespace herald::web
