// Markers from the Private Use Area carry what feedparser keeps through the
// sanitizer as plain text, and are turned back into fixed strings after it.
#include "feed/feedparser_html.h"

#include <cctype>
#include <cstdint>
#include <vector>

#include "feed/formats.h"

namespace herald::feed {
namespace {

// U+E000 <div>, U+E001 </div>, U+E002 + k the k-th saved character reference.
// All markers live in U+E000..U+EFFF, whose UTF-8 form starts with 0xEE.
constexpr uint32_t kDivOpen = 0xE000, kDivClose = 0xE001, kFirstRef = 0xE002, kLastMarker = 0xEFFF;

void AppendMarker(std::string& out, uint32_t cp) {
  out += static_cast<char>(0xE0 | (cp >> 12));
  out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out += static_cast<char>(0x80 | (cp & 0x3F));
}

// The marker at s[i], or 0 when s[i] does not start one.
uint32_t MarkerAt(std::string_view s, size_t i) {
  if (i + 2 >= s.size() || static_cast<unsigned char>(s[i]) != 0xEE) return 0;
  auto b1 = static_cast<unsigned char>(s[i + 1]), b2 = static_cast<unsigned char>(s[i + 2]);
  if ((b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) return 0;
  return 0xE000 | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
}

// Index just past the '>' closing the tag that starts at s[i] ('<'); quoted
// attribute values may hold '>'.
size_t TagEnd(std::string_view s, size_t i) {
  char quote = 0;
  for (size_t j = i + 1; j < s.size(); ++j) {
    char c = s[j];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      if (s[j - 1] == '=' || std::isspace(static_cast<unsigned char>(s[j - 1]))) quote = c;
    } else if (c == '>') {
      return j + 1;
    }
  }
  return s.size();
}

bool IsDivTag(std::string_view s, size_t i) {
  size_t n = i + 1 + (i + 1 < s.size() && s[i + 1] == '/' ? 1 : 0);
  if (n + 3 > s.size()) return false;
  for (size_t k = 0; k < 3; ++k) {
    if (std::tolower(static_cast<unsigned char>(s[n + k])) != "div"[k]) return false;
  }
  return n + 3 == s.size() || s[n + 3] == '>' || s[n + 3] == '/' || std::isspace(static_cast<unsigned char>(s[n + 3]));
}

// feedparser's handle_charref: the reference as written, lowercased, except
// that C1 code points are read as the windows-1252 characters they meant.
std::string CharrefAsFeedparserWrites(std::string ref) {
  for (char& c : ref) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  bool hex = ref[0] == 'x';
  unsigned long value = std::stoul(ref.substr(hex ? 1 : 0), nullptr, hex ? 16 : 10);
  static const uint16_t kCp1252[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                       0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                       0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                       0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
  if (value >= 0x80 && value < 0xA0 && kCp1252[value - 0x80] != 0) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "x%x", kCp1252[value - 0x80]);
    ref = buf;
  }
  return "&#" + ref + ";";
}

// Length of the character reference "&#...;" at s[i] (0 if none).
size_t CharrefLength(std::string_view s, size_t i) {
  if (s.compare(i, 2, "&#") != 0) return 0;
  size_t j = i + 2;
  bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
  if (hex) ++j;
  size_t digits = 0;
  while (j < s.size() && digits <= 8 &&
         (hex ? std::isxdigit(static_cast<unsigned char>(s[j])) : std::isdigit(static_cast<unsigned char>(s[j])))) {
    ++j;
    ++digits;
  }
  if (digits == 0 || digits > 8 || j >= s.size() || s[j] != ';') return 0;
  return j + 1 - i;
}

struct Protected {
  std::string html;
  std::vector<std::string> refs;
};

// Replaces div tags and character references in text with markers; drops
// marker-range characters the input already had, so every marker after the
// sanitizer is ours.
Protected Protect(std::string_view in) {
  Protected p;
  p.html.reserve(in.size());
  for (size_t i = 0; i < in.size();) {
    if (MarkerAt(in, i) != 0) {
      i += 3;
    } else if (in[i] == '<' && in.compare(i, 4, "<!--") == 0) {
      size_t end = in.find("-->", i + 4);
      end = end == std::string_view::npos ? in.size() : end + 3;
      p.html.append(in.substr(i, end - i));
      i = end;
    } else if (in[i] == '<' && IsDivTag(in, i)) {
      size_t end = TagEnd(in, i);
      // A tag cut off by the end of input is no tag (as an HTML parser reads it).
      if (in[end - 1] == '>') AppendMarker(p.html, in[i + 1] == '/' ? kDivClose : kDivOpen);
      i = end;
    } else if (in[i] == '<' && i + 1 < in.size() &&
               (std::isalpha(static_cast<unsigned char>(in[i + 1])) || in[i + 1] == '/' || in[i + 1] == '!' ||
                in[i + 1] == '?')) {
      size_t end = TagEnd(in, i);
      p.html.append(in.substr(i, end - i));
      i = end;
    } else if (size_t n = CharrefLength(in, i); n != 0 && kFirstRef + p.refs.size() <= kLastMarker) {
      AppendMarker(p.html, kFirstRef + static_cast<uint32_t>(p.refs.size()));
      p.refs.push_back(CharrefAsFeedparserWrites(std::string(in.substr(i + 2, n - 3))));
      i += n;
    } else {
      p.html += in[i++];
    }
  }
  return p;
}

std::string Restore(std::string_view html, const std::vector<std::string>& refs) {
  std::string out;
  out.reserve(html.size());
  int open_divs = 0;
  for (size_t i = 0; i < html.size();) {
    uint32_t marker = MarkerAt(html, i);
    if (marker == 0) {
      out += html[i++];
      continue;
    }
    i += 3;
    if (marker == kDivOpen) {
      out += "<div>";
      ++open_divs;
    } else if (marker == kDivClose) {
      if (open_divs > 0) {
        out += "</div>";
        --open_divs;
      }
    } else if (marker >= kFirstRef && marker - kFirstRef < refs.size()) {
      out += refs[marker - kFirstRef];
    }
  }
  for (; open_divs > 0; --open_divs) out += "</div>";
  return out;
}

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

std::string FeedparserSerialization(std::string_view html) {
  static constexpr std::string_view kRel = " rel=\"nofollow noopener noreferrer\"";
  std::string out;
  out.reserve(html.size());
  for (size_t i = 0; i < html.size();) {
    if (html[i] == '<' && StartsVoidTag(html, i)) {
      size_t end = TagEnd(html, i);
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
  Protected p = Protect(html);
  return Restore(FeedparserSerialization(SanitizeMarkup(p.html, base_url)), p.refs);
}

}  // namespace herald::feed
