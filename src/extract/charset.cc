#include "extract/charset.h"

#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <cstdint>
#include <cstring>
#include <memory>

#include "common/charset_guess.h"
#include "common/strings.h"

namespace herald::extract {
namespace {

std::string NormalizeLabel(std::string_view label) {
  std::string lower = ToLowerAscii(Trim(label));
  while (!lower.empty() && (lower.back() == '"' || lower.back() == '\'' || lower.back() == ';')) {
    lower.pop_back();
  }
  while (!lower.empty() && (lower.front() == '"' || lower.front() == '\'')) lower.erase(0, 1);
  if (lower == "gb2312" || lower == "gbk" || lower == "x-gbk" || lower == "cp936") return "GB18030";
  if (lower == "iso-8859-1" || lower == "latin1" || lower == "us-ascii" || lower == "ascii") {
    return "windows-1252";
  }
  if (lower == "utf8") return "UTF-8";
  if (lower == "big5") return "Big5-HKSCS";
  return lower;
}

// Value of "charset=" in `text` (case-insensitive), up to a delimiter.
std::string CharsetParameter(std::string_view text) {
  std::string lower = ToLowerAscii(text);
  size_t at = lower.find("charset");
  while (at != std::string::npos) {
    size_t i = at + 7;
    while (i < lower.size() && lower[i] == ' ') ++i;
    if (i < lower.size() && lower[i] == '=') {
      ++i;
      while (i < lower.size() && (lower[i] == ' ' || lower[i] == '"' || lower[i] == '\'')) ++i;
      size_t end = lower.find_first_of(" \"';>/,\t\r\n", i);
      std::string label(lower.substr(i, end == std::string::npos ? std::string::npos : end - i));
      if (!label.empty()) return label;
    }
    at = lower.find("charset", at + 7);
  }
  return "";
}

// Charset declared by a <meta> in the first 4 KiB; "" if none.
std::string MetaCharset(std::string_view bytes) {
  std::string head = ToLowerAscii(bytes.substr(0, 4096));
  for (size_t at = head.find("<meta"); at != std::string::npos; at = head.find("<meta", at + 5)) {
    size_t end = head.find('>', at);
    std::string label = CharsetParameter(std::string_view(head).substr(at, end - at));
    if (!label.empty()) return label;
  }
  return "";
}

std::string BomCharset(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") return "UTF-8";
  if (bytes.substr(0, 2) == "\xFF\xFE") return "UTF-16LE";
  if (bytes.substr(0, 2) == "\xFE\xFF") return "UTF-16BE";
  return "";
}

// Well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
// Runs over whole pages, so ASCII goes eight bytes at a time.
bool IsValidUtf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t n = bytes.size();
  size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      uint64_t chunk;
      std::memcpy(&chunk, s + i, 8);
      if ((chunk & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (length == 0 || c > 0xF4 || i + length > n) return false;
    for (size_t k = 1; k < length; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
    }
    unsigned char second = s[i + 1];
    if ((c == 0xE0 && second < 0xA0) || (c == 0xED && second > 0x9F) ||
        (c == 0xF0 && second < 0x90) || (c == 0xF4 && second > 0x8F)) {
      return false;
    }
    i += length;
  }
  return true;
}

std::string IcuDetect(std::string_view bytes) {
  std::string guess = GuessCharset(bytes, 0);
  return guess.empty() ? "windows-1252" : NormalizeLabel(guess);
}

bool IsKnownToIcu(const std::string& label) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* converter = ucnv_open(label.c_str(), &status);
  if (converter) ucnv_close(converter);
  return U_SUCCESS(status);
}

}  // namespace

std::string DetectCharset(std::string_view bytes, std::string_view content_type) {
  if (std::string bom = BomCharset(bytes); !bom.empty()) return bom;
  for (const std::string& declared : {CharsetParameter(content_type), MetaCharset(bytes)}) {
    if (declared.empty()) continue;
    std::string label = NormalizeLabel(declared);
    // A page declaring UTF-16 in a meta is really ASCII-compatible (HTML spec).
    if (label.starts_with("utf-16")) return "UTF-8";
    if (IsKnownToIcu(label)) return label == "utf-8" ? "UTF-8" : label;
  }
  if (IsValidUtf8(bytes)) return "UTF-8";
  return IcuDetect(bytes);
}

std::string ToUtf8(std::string_view bytes, std::string_view content_type) {
  std::string charset = DetectCharset(bytes, content_type);
  if (charset == "UTF-8") {
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    return IsValidUtf8(bytes) ? std::string(bytes) : ToValidUtf8(bytes);
  }
  if (charset.starts_with("UTF-16") && bytes.size() >= 2) bytes.remove_prefix(2);  // BOM
  icu::UnicodeString text(bytes.data(), static_cast<int32_t>(bytes.size()), charset.c_str());
  if (text.isBogus()) return ToValidUtf8(bytes);
  std::string out;
  text.toUTF8String(out);
  return ToValidUtf8(out);
}

}  // namespace herald::extract
