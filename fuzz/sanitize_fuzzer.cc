// libFuzzer target: the sanitizer must not crash and must emit valid UTF-8
// with no executable markup, whatever the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/strings.h"
#include "sanitize/sanitizer.h"

namespace {

std::string WithoutComments(const std::string& html) {
  std::string out;
  size_t at = 0;
  for (size_t open; (open = html.find("<!--", at)) != std::string::npos;) {
    size_t close = html.find("-->", open + 4);
    if (close == std::string::npos) std::abort();  // an unterminated comment would swallow the page
    if (html.compare(open + 4, 4, "[if ") == 0) std::abort();  // conditional comments never survive
    out.append(html, at, open - at);
    at = close + 3;
  }
  out.append(html, at);
  return out;
}

// An event handler attribute, or a URL attribute whose value is a script,
// in an emitted tag. Attribute values and text may say anything: a title
// reading "javascript:" is harmless, and the compatible policy leaves quotes
// in text unescaped, as feedparser does.
bool HasDangerousAttribute(const std::string& html) {
  for (size_t open = html.find('<'); open != std::string::npos; open = html.find('<', open + 1)) {
    size_t at = open + 1;
    while (at < html.size() && html[at] != ' ' && html[at] != '>') ++at;  // the tag name
    while (at < html.size() && html[at] != '>') {
      while (at < html.size() && html[at] == ' ') ++at;
      size_t name_start = at;
      while (at < html.size() && html[at] != '=' && html[at] != ' ' && html[at] != '>') ++at;
      std::string name = html.substr(name_start, at - name_start);
      std::string value;
      if (at < html.size() && html[at] == '=') {
        ++at;
        char quote = at < html.size() ? html[at] : 0;
        if (quote == '"' || quote == '\'') {
          size_t close = html.find(quote, at + 1);
          if (close == std::string::npos) close = html.size();
          value = html.substr(at + 1, close - at - 1);
          at = close + 1;
        } else {
          size_t start_value = at;
          while (at < html.size() && html[at] != ' ' && html[at] != '>') ++at;
          value = html.substr(start_value, at - start_value);
        }
      }
      if (name.size() > 2 && name.compare(0, 2, "on") == 0) return true;
      bool url_attribute = name == "href" || name == "src" || name == "action" || name == "formaction" ||
                           name == "data" || name == "poster" || name == "background";
      size_t first = value.find_first_not_of(" \t\n\r");
      if (url_attribute && first != std::string::npos &&
          (value.compare(first, 11, "javascript:") == 0 || value.compare(first, 9, "vbscript:") == 0))
        return true;
      if (name.empty() && at < html.size() && html[at] != '>') ++at;  // stray character
    }
    if (at >= html.size()) break;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view html(reinterpret_cast<const char*>(data), size);
  // Both policies: the strict one for republishing, the feedparser-compatible
  // one for `feed parse --format feedparser-json`; neither may emit script,
  // event handlers or javascript: URLs.
  static const herald::SanitizePolicy kPolicies[] = {herald::RepublishPolicy(), herald::FeedparserCompatiblePolicy()};
  for (const herald::SanitizePolicy& policy : kPolicies) {
    std::string out = herald::SanitizeHtml(html, "https://fuzz.example/a/b.html", policy);
    if (out != herald::ToValidUtf8(out)) std::abort();
    // The compatible policy keeps inert comments (no "--" inside, never
    // conditional), whose text may read "<script>": look outside them.
    std::string lower = WithoutComments(herald::ToLowerAscii(out));
    // Text is escaped, so a literal "<script" could only be an emitted tag.
    if (lower.find("<script") != std::string::npos) std::abort();
    if (HasDangerousAttribute(lower)) std::abort();
  }
  (void)herald::HtmlToText(html);
  return 0;
}
