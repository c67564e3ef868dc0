#include <string>

#include "common/html_escape.h"
#include "common/strings.h"
#include "common/url.h"
#include "feed/formats.h"
#include "sanitize/sanitizer.h"

namespace herald::feed {

namespace {

// True when an HTML parser would read `text` as one text node holding exactly
// these characters: no markup or references, nothing the HTML input stream
// rewrites (CR, NUL, other controls), valid UTF-8.
bool IsInertText(std::string_view text) {
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '<' || c == '&' || (c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) return false;
  }
  return ToValidUtf8(text) == text;
}

}  // namespace

std::string SanitizeMarkup(std::string_view html, std::string_view base_url, const SanitizePolicy& policy) {
  // Exactly the sanitizer's output for inert text: escaped as the policy
  // escapes text. A policy keeping character references also drops its
  // marker range (U+E000..U+EFFF, lead byte 0xEE), so such text is parsed.
  bool shortcut = IsInertText(html) &&
                  !(policy.keep_character_references && html.find('\xEE') != std::string_view::npos) &&
                  !(policy.escape_text_minimally && html.find('>') != std::string_view::npos);
  if (!shortcut) return SanitizeHtml(html, base_url, policy);
  return policy.escape_text_minimally ? std::string(html) : EscapeHtml(html);
}

std::string SanitizeMarkup(std::string_view html, std::string_view base_url) {
  static const SanitizePolicy kRepublish = RepublishPolicy();
  return SanitizeMarkup(html, base_url, kRepublish);
}

std::string CleanHtml(std::string_view html, std::string_view base_url) {
  std::string_view trimmed = Trim(html);
  if (trimmed.empty()) return "";
  return SanitizeMarkup(ToValidUtf8(trimmed), base_url);
}

std::string PlainToHtml(std::string_view text) {
  std::string plain = CleanPlain(text);
  return plain.empty() ? "" : EscapeHtml(plain);
}

std::string HtmlToPlain(std::string_view html) {
  std::string valid = ToValidUtf8(html);
  // Plain text with no markup or references needs no HTML parser.
  if (valid.find_first_of("<&") == std::string::npos) return CollapseWhitespace(valid);
  return CollapseWhitespace(HtmlToText(valid));
}

std::string CleanPlain(std::string_view text) { return CollapseWhitespace(ToValidUtf8(text)); }

std::string CleanUrl(std::string_view url, std::string_view base_url) {
  std::string trimmed(Trim(url));
  if (trimmed.empty()) return "";
  std::string resolved = ResolveUrl(base_url, trimmed);
  if (StartsWithIgnoreCase(resolved, "data:")) return "";
  return ToValidUtf8(resolved);
}

std::optional<Timestamp> CleanDate(std::string_view text) { return ParseDate(text); }

void AddUnique(std::vector<std::string>& list, std::string_view value) {
  std::string clean = CleanPlain(value);
  if (clean.empty()) return;
  for (const auto& existing : list) {
    if (existing == clean) return;
  }
  list.push_back(std::move(clean));
}

void FinishEntry(Entry& entry) {
  entry.id = CleanPlain(entry.id);
  if (entry.id.empty()) entry.id = entry.link;
}

bool IsImage(std::string_view mime_type, std::string_view url) {
  if (!mime_type.empty()) return StartsWithIgnoreCase(mime_type, "image/");
  std::string lower = ToLowerAscii(url.substr(0, url.find('?')));
  for (const char* ext : {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"}) {
    std::string_view e(ext);
    if (lower.size() >= e.size() && lower.compare(lower.size() - e.size(), e.size(), e) == 0) return true;
  }
  return false;
}

}  // namespace herald::feed
