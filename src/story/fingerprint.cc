#include "story/fingerprint.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <array>
#include <cstdint>

#include "common/strings.h"

namespace herald::story {

namespace {

bool IsIgnored(UChar32 c) {
  return u_isUWhiteSpace(c) || u_ispunct(c) || u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

// IsIgnored for ASCII, looked up once: most text is mostly ASCII.
const std::array<bool, 128>& IgnoredAscii() {
  static const std::array<bool, 128> table = [] {
    std::array<bool, 128> t{};
    for (UChar32 c = 0; c < 128; ++c) t[c] = IsIgnored(c);
    return t;
  }();
  return table;
}

// Valid UTF-8 as ICU's UTF-16 conversion repairs it (each ill-formed
// subsequence becomes U+FFFD), so fingerprints do not depend on the path.
std::string RepairedUtf8(std::string_view text) {
  std::string repaired;
  icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())))
      .toUTF8String(repaired);
  return repaired;
}

bool IsValidUtf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

}  // namespace

// Works on UTF-8 throughout (no UTF-16 copy): this runs for every stored article.
std::string NormalizeForFingerprint(std::string_view text) {
  std::string valid = IsValidUtf8(text) ? std::string(text) : RepairedUtf8(text);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  std::string folded;
  if (U_SUCCESS(status)) {
    icu::StringByteSink<std::string> sink(&folded);
    nfkc_cf->normalizeUTF8(0, icu::StringPiece(valid.data(), static_cast<int32_t>(valid.size())), sink, nullptr,
                           status);
  }
  if (U_FAILURE(status)) folded = valid;
  const std::array<bool, 128>& ignored_ascii = IgnoredAscii();
  std::string out;
  out.reserve(folded.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(folded.data());
  const auto length = static_cast<int32_t>(folded.size());
  for (int32_t i = 0; i < length;) {
    if (bytes[i] < 0x80) {
      if (!ignored_ascii[bytes[i]]) out += static_cast<char>(bytes[i]);
      ++i;
      continue;
    }
    int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c >= 0 && !IsIgnored(c)) out.append(folded, start, i - start);
  }
  return out;
}

std::string ContentFingerprint(std::string_view text) { return Sha256Hex(NormalizeForFingerprint(text)); }

}  // namespace herald::story
