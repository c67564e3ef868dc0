// Port of feedparser's convert_to_utf8: which encoding a feed is in, by the
// same precedence feedparser applies, checked by actually decoding (iconv).
#include "feed/encoding_sniff.h"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <unordered_map>
#include <vector>

#include "common/charset_guess.h"
#include "common/strings.h"

namespace herald::feed {
namespace {

// Decodes `bytes` from `encoding` to UTF-8; false when the encoding is
// unknown or the bytes are invalid in it.
// Python codec spellings ("windows_1250", "cp_is", "ebcdic-cp-be", "437")
// -> names glibc's iconv knows.
// Not inlined: GCC 12 reports a false -Wrestrict when it is (GCC bug 105329).
[[gnu::noinline]] std::string IconvName(const std::string& python_name) {
  std::string n = ToLowerAscii(python_name);
  std::replace(n.begin(), n.end(), '_', '-');
  if (!n.empty() && std::all_of(n.begin(), n.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return std::string("CP").append(n);
  if (n == "cp-is" || n == "csibm861") return "CP861";
  if (n == "ebcdic-cp-be" || n == "ebcdic-cp-ch") return "CP500";  // Python's aliases
  if (n.rfind("ebcdic-cp-", 0) == 0 || n == "ibm039") return "CP037";
  if (n == "macroman" || n == "mac-roman") return "MACINTOSH";
  if (n == "maccentraleurope" || n == "maclatin2") return "MAC-CENTRALEUROPE";
  if (n == "maciceland") return "MAC-IS";
  if (n == "maccyrillic") return "MAC-CYRILLIC";
  return n;
}

// An iconv converter to UTF-8, reset to its initial state; cached per thread
// because iconv_open loads (dlopen) a gconv module each time. (iconv_t)-1
// when the encoding is unknown.
// Open converters, closed when the thread ends (LeakSanitizer checks that).
struct ConverterCache {
  std::unordered_map<std::string, iconv_t> open;
  void Clear() {
    for (auto& [name, cd] : open)
      if (cd != reinterpret_cast<iconv_t>(-1)) iconv_close(cd);
    open.clear();
  }
  ~ConverterCache() { Clear(); }
};

iconv_t Converter(const std::string& from) {
  thread_local ConverterCache cache;
  auto it = cache.open.find(from);
  if (it == cache.open.end()) {
    if (cache.open.size() >= 64) cache.Clear();
    it = cache.open.emplace(from, iconv_open("UTF-8", from.c_str())).first;
  }
  if (it->second != reinterpret_cast<iconv_t>(-1)) iconv(it->second, nullptr, nullptr, nullptr, nullptr);
  return it->second;
}

bool IsAscii(std::string_view bytes) {
  for (char c : bytes) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Encodings whose first 128 code points are ASCII's, so ASCII input needs no
// conversion.
bool IsAsciiCompatible(const std::string& iconv_name) {
  for (const char* prefix : {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-", "iso8859-", "windows-", "cp125",
                             "latin", "koi8-"}) {
    if (iconv_name.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

bool Decode(std::string_view bytes, const std::string& encoding, std::string* out) {
  std::string from = IconvName(encoding);
  // Most feeds are UTF-8 or ASCII: a validity check instead of iconv.
  if (from == "utf-8" || from == "utf8" || (IsAsciiCompatible(from) && IsAscii(bytes))) {
    std::string valid = ToValidUtf8(bytes);
    if (valid.size() != bytes.size() || valid != bytes) return false;
    *out = std::move(valid);
    return true;
  }
  iconv_t cd = Converter(from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  std::string result;
  result.resize(bytes.size() * 4 + 16);
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  char* dst = result.data();
  size_t out_left = result.size();
  size_t rc = iconv(cd, &in, &in_left, &dst, &out_left);
  if (rc == static_cast<size_t>(-1) || in_left != 0) return false;
  result.resize(result.size() - out_left);
  // Python's utf-8 codec refuses what iconv may let through (surrogates).
  if (ToValidUtf8(result) != result) return false;
  *out = std::move(result);
  return true;
}

bool IsApplicationXml(const std::string& t) {
  return t == "application/xml" || t == "application/xml-dtd" || t == "application/xml-external-parsed-entity" ||
         (t.rfind("application/", 0) == 0 && t.size() > 4 && t.compare(t.size() - 4, 4, "+xml") == 0);
}

bool IsTextXml(const std::string& t) {
  return t == "text/xml" || t == "text/xml-external-parsed-entity" ||
         (t.rfind("text/", 0) == 0 && t.size() > 4 && t.compare(t.size() - 4, 4, "+xml") == 0);
}

// feedparser's XML declaration pattern, ^<\?.*encoding=['"](.*?)['"].*\?> on
// one line: the value of the last encoding= in "<?...?>", "" when none.
std::string DeclaredEncoding(std::string_view decl) {
  if (decl.substr(0, 2) != "<?" || decl.size() < 4 || decl.substr(decl.size() - 2) != "?>" ||
      decl.find_first_of("\r\n") != std::string_view::npos)
    return "";
  for (size_t at = decl.rfind("encoding="); at != std::string_view::npos && at >= 2;
       at = at == 0 ? std::string_view::npos : decl.rfind("encoding=", at - 1)) {
    size_t open = at + 9;
    if (open >= decl.size() || (decl[open] != '"' && decl[open] != '\'')) continue;
    size_t close = decl.find_first_of("'\"", open + 1);
    if (close == std::string_view::npos || close + 3 > decl.size()) continue;
    return std::string(decl.substr(open + 1, close - open - 1));
  }
  return "";
}

struct Sniffed {
  std::string bom_encoding;  // from a byte order mark
  size_t bom_length = 0;
  std::string declared;      // from the XML declaration, lowercased
};

Sniffed SniffDocument(std::string_view data) {
  Sniffed s;
  std::string head_encoding;  // how to read the declaration
  auto starts = [&](std::string_view p) { return data.substr(0, p.size()) == p; };
  using namespace std::string_view_literals;
  if (starts("\x00\x3c\x00\x3f"sv)) {
    head_encoding = "utf-16be";
  } else if (data.size() >= 4 && starts("\xfe\xff"sv) && data.substr(2, 2) != "\x00\x00"sv) {
    s.bom_encoding = head_encoding = "utf-16be";
    s.bom_length = 2;
  } else if (starts("\x3c\x00\x3f\x00"sv)) {
    head_encoding = "utf-16le";
  } else if (data.size() >= 4 && starts("\xff\xfe"sv) && data.substr(2, 2) != "\x00\x00"sv) {
    s.bom_encoding = head_encoding = "utf-16le";
    s.bom_length = 2;
  } else if (starts("\x00\x00\x00\x3c"sv)) {
    head_encoding = "utf-32be";
  } else if (starts("\x3c\x00\x00\x00"sv)) {
    head_encoding = "utf-32le";
  } else if (starts("\x00\x00\xfe\xff"sv)) {
    s.bom_encoding = head_encoding = "utf-32be";
    s.bom_length = 4;
  } else if (starts("\xff\xfe\x00\x00"sv)) {
    s.bom_encoding = head_encoding = "utf-32le";
    s.bom_length = 4;
  } else if (starts("\xef\xbb\xbf"sv)) {
    s.bom_encoding = "utf-8";
    s.bom_length = 3;
  } else if (starts("\x4c\x6f\xa7\x94"sv)) {
    head_encoding = "cp037";
  }
  std::string head;
  std::string_view raw = data.substr(s.bom_length, 1024);
  if (head_encoding.empty() || !Decode(raw.substr(0, raw.size() - raw.size() % 4), head_encoding, &head))
    head = std::string(raw);
  std::string first_line = head.substr(0, head.find('>') == std::string::npos ? head.size() : head.find('>') + 1);
  s.declared = ToLowerAscii(DeclaredEncoding(first_line));
  static const char* const kWide[] = {"iso-10646-ucs-2", "ucs-2", "csunicode", "iso-10646-ucs-4", "ucs-4",
                                      "csucs4", "utf-16", "utf-32", "utf_16", "utf_32", "utf16", "u16"};
  for (const char* w : kWide) {
    if (s.declared == w) {
      if (!s.bom_encoding.empty()) s.declared = s.bom_encoding;
      else if (!head_encoding.empty()) s.declared = head_encoding;
    }
  }
  if (s.declared.empty() && !head_encoding.empty() && s.bom_encoding.empty()) s.declared = head_encoding;
  return s;
}

}  // namespace

EncodingReport SniffEncoding(std::string_view bytes, std::string_view content_type_header, bool http) {
  EncodingReport report;
  std::string content_type = ToLowerAscii(content_type_header);
  std::string media = std::string(Trim(std::string_view(content_type).substr(0, content_type.find(';'))));
  std::string http_charset;
  // "charset=x", also written "charset = x".
  size_t at = content_type.find("charset");
  size_t eq = at == std::string::npos ? at : content_type.find_first_not_of(" \t", at + 7);
  if (eq != std::string::npos && content_type[eq] == '=') {
    std::string_view v = std::string_view(content_type).substr(eq + 1);
    v = Trim(v.substr(0, v.find(';')));
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'')) v = v.substr(1, v.size() - 2);
    http_charset = std::string(v);
  }
  Sniffed sniffed = SniffDocument(bytes);
  std::string& xml_encoding = sniffed.declared;
  bool acceptable = IsApplicationXml(media) || IsTextXml(media);
  if (http && !acceptable) {
    report.exception = media.empty() ? "NonXMLContentType: no Content-type specified"
                                     : "NonXMLContentType: " + std::string(content_type_header) +
                                           " is not an XML media type";
  }
  std::string rfc3023;
  if (IsApplicationXml(media)) rfc3023 = !http_charset.empty() ? http_charset : !xml_encoding.empty() ? xml_encoding : "utf-8";
  else if (IsTextXml(media) || media.rfind("text/", 0) == 0) rfc3023 = !http_charset.empty() ? http_charset : "us-ascii";
  else if (http && media.empty()) rfc3023 = !xml_encoding.empty() ? xml_encoding : "iso-8859-1";
  else rfc3023 = !xml_encoding.empty() ? xml_encoding : "utf-8";
  if (rfc3023 == "gb2312") rfc3023 = "gb18030";
  if (xml_encoding == "gb2312") xml_encoding = "gb18030";

  std::string_view body = bytes.substr(sniffed.bom_length);
  // feedparser asks chardet after the declared encodings; herald asks ICU,
  // and only for bytes that declare nothing and are not UTF-8.
  std::string guessed;
  if (http_charset.empty() && xml_encoding.empty() && sniffed.bom_encoding.empty() && ToValidUtf8(body) != body)
    guessed = GuessCharset(body);
  std::string proposed;
  for (const std::string& candidate :
       {rfc3023, xml_encoding, sniffed.bom_encoding, guessed, std::string("utf-8"), std::string("windows-1252"),
        std::string("iso-8859-2")}) {
    if (candidate.empty()) continue;
    std::string decoded;
    std::string_view input = candidate == sniffed.bom_encoding ? body : bytes.substr(candidate.rfind("utf-", 0) == 0 ? sniffed.bom_length : 0);
    if (Decode(input, candidate, &decoded)) {
      proposed = candidate;
      report.utf8 = std::move(decoded);
      break;
    }
  }
  if (proposed.empty()) {
    report.exception = "CharacterEncodingUnknown: document encoding unknown, I tried " + rfc3023 + ", " + xml_encoding +
                       ", utf-8, windows-1252 and iso-8859-2 but nothing worked";
    report.utf8 = std::string(bytes);
    return report;
  }
  if (proposed != rfc3023 && report.exception.empty()) {
    report.exception = "CharacterEncodingOverride: document declared as " + rfc3023 + ", but parsed as " + proposed;
  }
  report.name = proposed;
  // The declaration now lies about the bytes; feedparser rewrites it too.
  if (report.utf8.rfind("<?xml", 0) == 0) {
    size_t end = report.utf8.find("?>");
    if (end != std::string::npos) report.utf8.replace(0, end + 2, "<?xml version='1.0' encoding='utf-8'?>");
  }
  return report;
}

}  // namespace herald::feed
