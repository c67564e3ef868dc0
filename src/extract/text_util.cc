#include "extract/text_util.h"

#include <algorithm>
#include <optional>

#include "common/strings.h"

namespace herald::extract {

std::string ReplaceAll(std::string_view text, std::string_view phrase, std::string_view with) {
  if (phrase.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  size_t from = 0;
  for (size_t at = text.find(phrase); at != std::string_view::npos; at = text.find(phrase, from)) {
    out.append(text.substr(from, at - from));
    out.append(with);
    from = at + phrase.size();
  }
  out.append(text.substr(from));
  return out;
}

namespace {

constexpr size_t kEnd = std::string_view::npos;

bool IsHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool EndsTagName(char c) { return IsHtmlSpace(c) || c == '/' || c == '>'; }

// A start or end tag read by the tokenizer's rules.
struct Tag {
  std::string name;                 // lowercase
  std::optional<std::string> type;  // raw value of the first "type" attribute
  bool self_closing = false;
  size_t end = kEnd;                // just past '>'; kEnd when the page ends first
};

// Reads the tag whose name starts at `at` (after "<" or "</"), attribute by
// attribute, so a '>' or "<script" inside a quoted value is not mistaken for
// markup.
Tag ReadTag(std::string_view html, size_t at) {
  Tag tag;
  size_t i = at;
  while (i < html.size() && !EndsTagName(html[i])) ++i;
  tag.name = ToLowerAscii(html.substr(at, i - at));
  while (i < html.size()) {
    char c = html[i];
    if (IsHtmlSpace(c)) {
      ++i;
      continue;
    }
    if (c == '>') {
      tag.end = i + 1;
      return tag;
    }
    if (c == '/') {
      tag.self_closing = i + 1 < html.size() && html[i + 1] == '>';
      ++i;
      continue;
    }
    // Attribute name: a leading '=' belongs to it; quotes and '<' do too.
    size_t name_start = i++;
    while (i < html.size() && !EndsTagName(html[i]) && html[i] != '=') ++i;
    std::string_view name = html.substr(name_start, i - name_start);
    while (i < html.size() && IsHtmlSpace(html[i])) ++i;
    if (i >= html.size() || html[i] != '=') continue;
    ++i;
    while (i < html.size() && IsHtmlSpace(html[i])) ++i;
    if (i >= html.size()) break;
    size_t value_start = i;
    size_t value_end;
    if (html[i] == '"' || html[i] == '\'') {
      value_start = i + 1;
      value_end = html.find(html[i], value_start);
      if (value_end == kEnd) break;
      i = value_end + 1;
    } else {
      while (i < html.size() && !IsHtmlSpace(html[i]) && html[i] != '>') ++i;
      value_end = i;
    }
    if (!tag.type && name.size() == 4 && ToLowerAscii(name) == "type") tag.type = std::string(html.substr(value_start, value_end - value_start));
  }
  return tag;  // unterminated: end stays kEnd
}

// Where the raw text of element `name` ends: the "</name" (any case)
// followed by a space, '/' or '>' from `from` on; kEnd when there is none.
size_t FindEndTag(std::string_view html, size_t from, std::string_view name) {
  for (size_t at = html.find("</", from); at != kEnd; at = html.find("</", at + 2)) {
    size_t after = at + 2 + name.size();
    if (after < html.size() && EndsTagName(html[after]) &&
        StartsWithIgnoreCase(html.substr(at + 2), name)) {
      return at;
    }
  }
  return kEnd;
}

// Scripts some reader of the page may want (JSON-LD metadata, JSON state),
// or whose type is written with a character reference we do not decode.
bool KeepsScriptBody(const Tag& tag) {
  if (!tag.type) return false;
  std::string type = ToLowerAscii(*tag.type);
  return type.find("json") != std::string::npos || type.find('&') != std::string::npos;
}

bool IsRawTextElement(std::string_view name) {
  // Not <noscript>: gumbo parses it as markup (scripting disabled).
  return name == "title" || name == "textarea" || name == "xmp" || name == "iframe" ||
         name == "noembed" || name == "noframes";
}

}  // namespace

std::string EmptyScriptAndStyleBodies(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  size_t copied = 0;   // html[copied..] is not yet in out
  int svg = 0;         // open <svg>, <math>: there script and style are markup
  int math = 0;
  bool in_select = false;  // <select> ignores <style> tags: their text is markup
  size_t at = 0;
  // Copies the rest unchanged: the safe answer wherever the tokenizer's
  // state is not certain.
  auto copy_rest = [&] {
    out.append(html.substr(copied));
    return out;
  };
  while ((at = html.find('<', at)) != kEnd) {
    std::string_view rest = html.substr(at);
    if (rest.starts_with("<!--")) {
      // "<!-->" and "<!--->" are whole comments, hence the search from +2;
      // "--!>" ends one too.
      size_t close = std::min(html.find("-->", at + 2), html.find("--!>", at + 2));
      if (close == kEnd) return copy_rest();
      at = html.find('>', close) + 1;
      continue;
    }
    if (rest.starts_with("<![CDATA[")) {  // CDATA in foreign content, else a bogus comment
      size_t close = html.find("]]>", at);
      if (close == kEnd) return copy_rest();
      at = close + 3;
      continue;
    }
    if (rest.starts_with("<!") || rest.starts_with("<?") ||
        (rest.starts_with("</") && (rest.size() < 3 || !IsAsciiAlpha(rest[2])))) {
      size_t close = html.find('>', at + 1);  // doctype, bogus comment
      if (close == kEnd) return copy_rest();
      at = close + 1;
      continue;
    }
    bool end_tag = rest.starts_with("</");
    size_t name_at = at + (end_tag ? 2 : 1);
    if (name_at >= html.size() || !IsAsciiAlpha(html[name_at])) {
      ++at;  // a '<' in text
      continue;
    }
    Tag tag = ReadTag(html, name_at);
    if (tag.end == kEnd) return copy_rest();
    at = tag.end;
    if (tag.name == "svg" || tag.name == "math") {
      int& depth = tag.name == "svg" ? svg : math;
      if (end_tag) {
        depth = depth > 0 ? depth - 1 : 0;
      } else if (!tag.self_closing) {
        ++depth;
      }
      continue;
    }
    // Only </select> surely ends a select; staying "inside" longer is safe.
    if (tag.name == "select") in_select = !end_tag;
    if (end_tag || svg > 0 || math > 0) continue;
    if (tag.name == "plaintext") return copy_rest();
    if (IsRawTextElement(tag.name)) {
      size_t close = FindEndTag(html, at, tag.name);
      if (close == kEnd) return copy_rest();
      at = close;
      continue;
    }
    if (in_select) continue;
    bool script = tag.name == "script";
    if (!script && tag.name != "style") continue;
    size_t close = FindEndTag(html, at, tag.name);
    if (close == kEnd) return copy_rest();
    // "<!--" in a script starts the tokenizer's escaped states, where
    // "</script>" may not end it.
    bool escaped = script && html.substr(at, close - at).find("<!--") != kEnd;
    if (escaped) return copy_rest();
    if (!(script && KeepsScriptBody(tag))) {
      out.append(html.substr(copied, at - copied));
      copied = close;
    }
    at = close;
  }
  return copy_rest();
}

}  // namespace herald::extract
