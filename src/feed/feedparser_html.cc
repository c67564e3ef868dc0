#include "feed/feedparser_html.h"

#include <algorithm>
#include <cctype>

#include "common/strings.h"
#include "feed/formats.h"
#include "sanitize/sanitizer.h"

namespace herald::feed {
namespace {

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }
bool IsAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

// Index just past the '>' closing the tag that starts at s[i] ('<'), quoted
// attribute values may hold '>'; npos when the input ends first.
size_t TagEnd(std::string_view s, size_t i) {
  char quote = 0;
  for (size_t j = i + 1; j < s.size(); ++j) {
    char c = s[j];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      if (s[j - 1] == '=' || IsSpace(s[j - 1])) quote = c;
    } else if (c == '>') {
      return j + 1;
    }
  }
  return std::string_view::npos;
}

// Lowercase name of the tag "<name" or "</name" at s[i].
std::string TagNameAt(std::string_view s, size_t i) {
  size_t j = i + 1 + (s[i + 1] == '/' ? 1 : 0);
  std::string name;
  while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '-' || s[j] == '_' || s[j] == '.')) {
    name += static_cast<char>(std::tolower(static_cast<unsigned char>(s[j++])));
  }
  return name;
}

// End of the comment at s[i] ("<!--") as feedparser finds it, and whether it
// is kept: it ends at "--" + spaces + ">"; else at the first "--...>"
// (dropped), else at the end of input (dropped).
struct CommentSpan {
  size_t end;
  std::string_view text;  // empty when dropped
};

CommentSpan FindComment(std::string_view s, size_t i) {
  for (size_t j = s.find("--", i + 4); j != std::string_view::npos; j = s.find("--", j + 1)) {
    size_t k = j + 2;
    while (k < s.size() && IsSpace(s[k])) ++k;
    if (k < s.size() && s[k] == '>') {
      std::string_view text = s.substr(i + 4, j - i - 4);
      // A comment with "--" inside would end early in an HTML5 parser.
      if (text.find("--") != std::string_view::npos) text = {};
      return {k + 1, text};
    }
  }
  size_t dashes = s.find("--", i + 4);
  size_t close = dashes == std::string_view::npos ? dashes : s.find('>', dashes);
  return {close == std::string_view::npos ? s.size() : close + 1, {}};
}

bool IsScriptLike(std::string_view name) { return name == "script" || name == "style" || name == "applet"; }

bool StartsVoidTag(std::string_view s, size_t i) {
  for (std::string_view name : {"br", "hr", "img"}) {
    size_t end = i + 1 + name.size();
    if (s.compare(i + 1, name.size(), name) == 0 && end < s.size() &&
        (s[end] == '>' || s[end] == '/' || std::isspace(static_cast<unsigned char>(s[end]))))
      return true;
  }
  return false;
}

}  // namespace

std::string FeedparserTokenization(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  int hidden_depth = 0;  // script/style/applet start tags minus end tags
  size_t text_start = 0;
  // Text (also "<" read as text) is dropped inside script, style, applet.
  auto text = [&](std::string_view t) {
    if (hidden_depth == 0) out.append(t);
  };
  auto flush_text = [&](size_t end) { text(html.substr(text_start, end - text_start)); };
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    flush_text(i);
    std::string_view rest = html.substr(i);
    size_t next = i + 1;
    if (rest.starts_with("<![CDATA[")) {
      text("&lt;");
    } else if (rest.starts_with("<!--")) {
      CommentSpan comment = FindComment(html, i);
      if (!comment.text.empty()) out.append("<!--").append(comment.text).append("-->");
      next = comment.end;
    } else if (rest.starts_with("<!") && !rest.starts_with("<!DOCTYPE") && !rest.starts_with("<![")) {
      text("&lt;");
    } else if (rest.starts_with("<!") || rest.starts_with("<?")) {
      size_t end = TagEnd(html, i);
      if (end == std::string_view::npos) {
        text("&lt;");  // unterminated: feedparser escapes it and reads on
      } else {
        next = end;  // declarations and processing instructions are dropped
      }
    } else if (rest.size() > 1 && (IsAlpha(rest[1]) || (rest[1] == '/' && rest.size() > 2 && IsAlpha(rest[2])))) {
      size_t end = TagEnd(html, i);
      if (end == std::string_view::npos) {
        text("&lt;");  // cut off by the end of input: text
      } else {
        std::string name = TagNameAt(html, i);
        if (IsScriptLike(name)) {
          hidden_depth += rest[1] == '/' ? -1 : 1;
        } else {
          out.append(html.substr(i, end - i));
        }
        next = end;
      }
    } else {
      text("&lt;");
    }
    i = text_start = next;
  }
  flush_text(html.size());
  return out;
}

std::string FeedparserSerialization(std::string_view html) {
  static constexpr std::string_view kRel = " rel=\"nofollow noopener noreferrer\"";
  std::string out;
  out.reserve(html.size());
  for (size_t i = 0; i < html.size();) {
    if (html[i] == '<' && StartsVoidTag(html, i)) {
      size_t end = std::min(TagEnd(html, i), html.size());
      std::string_view inner = html.substr(i, end - i);
      if (!inner.empty() && inner.back() == '>') inner.remove_suffix(1);
      while (!inner.empty() && (inner.back() == '/' || std::isspace(static_cast<unsigned char>(inner.back()))))
        inner.remove_suffix(1);
      out.append(inner);
      out += " />";
      i = end;
    } else if (html[i] == ' ' && html.compare(i, kRel.size(), kRel) == 0) {
      i += kRel.size();
    } else {
      out += html[i++];
    }
  }
  return out;
}

std::string SanitizeLikeFeedparser(std::string_view html, std::string_view base_url) {
  static const SanitizePolicy kPolicy = FeedparserCompatiblePolicy();
  std::string clean = FeedparserSerialization(SanitizeMarkup(FeedparserTokenization(html), base_url, kPolicy));
  return std::string(Trim(clean));
}

}  // namespace herald::feed
