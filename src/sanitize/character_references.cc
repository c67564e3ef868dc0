#include "sanitize/character_references.h"

#include <cctype>
#include <cstdint>
#include <cstdio>

namespace herald {
namespace {

// U+E000 + k marks the k-th reference. All markers live in U+E000..U+EFFF,
// whose UTF-8 form starts with 0xEE.
constexpr uint32_t kFirstMarker = 0xE000, kLastMarker = 0xEFFF;

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

bool StartsTag(std::string_view s, size_t i) {
  if (s[i] != '<' || i + 1 >= s.size()) return false;
  char c = s[i + 1];
  return std::isalpha(static_cast<unsigned char>(c)) || c == '/' || c == '!' || c == '?';
}

// The reference as written, lowercased, except that C1 code points are read
// as the windows-1252 characters they meant (as feedparser writes them).
std::string ReferenceAsWritten(std::string ref) {
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

// Copies s[begin, end) without marker characters.
void AppendWithoutMarkers(std::string& out, std::string_view s, size_t begin, size_t end) {
  for (size_t i = begin; i < end;) {
    if (MarkerAt(s.substr(0, end), i) != 0) {
      i += 3;
    } else {
      out += s[i++];
    }
  }
}

// Length of the character reference "&#...;" at s[i] (0 if none); at most 8
// digits, so the value always fits.
size_t ReferenceLength(std::string_view s, size_t i) {
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

}  // namespace

ProtectedReferences ProtectCharacterReferences(std::string_view in) {
  ProtectedReferences p;
  p.html.reserve(in.size());
  for (size_t i = 0; i < in.size();) {
    if (MarkerAt(in, i) != 0) {
      i += 3;
    } else if (in.compare(i, 4, "<!--") == 0) {
      size_t end = in.find("-->", i + 4);
      end = end == std::string_view::npos ? in.size() : end + 3;
      AppendWithoutMarkers(p.html, in, i, end);
      i = end;
    } else if (StartsTag(in, i)) {
      size_t end = TagEnd(in, i);
      AppendWithoutMarkers(p.html, in, i, end);
      i = end;
    } else if (size_t n = ReferenceLength(in, i); n != 0 && kFirstMarker + p.refs.size() <= kLastMarker) {
      AppendMarker(p.html, kFirstMarker + static_cast<uint32_t>(p.refs.size()));
      p.refs.push_back(ReferenceAsWritten(std::string(in.substr(i + 2, n - 3))));
      i += n;
    } else {
      p.html += in[i++];
    }
  }
  return p;
}

std::string RestoreCharacterReferences(std::string_view html, const std::vector<std::string>& refs) {
  std::string out;
  out.reserve(html.size());
  for (size_t i = 0; i < html.size();) {
    uint32_t marker = MarkerAt(html, i);
    if (marker == 0) {
      out += html[i++];
      continue;
    }
    i += 3;
    if (marker - kFirstMarker < refs.size()) out += refs[marker - kFirstMarker];
  }
  return out;
}

}  // namespace herald
