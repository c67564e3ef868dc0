#include "story/fingerprint.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "common/strings.h"

namespace herald::story {

std::string NormalizeForFingerprint(std::string_view text) {
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  icu::UnicodeString folded = U_SUCCESS(status) ? nfkc_cf->normalize(s, status) : s;
  if (U_FAILURE(status)) folded = s;
  icu::UnicodeString kept;
  for (int32_t i = 0; i < folded.length();) {
    UChar32 c = folded.char32At(i);
    i += U16_LENGTH(c);
    if (u_isUWhiteSpace(c) || u_ispunct(c) || u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) continue;
    kept.append(c);
  }
  std::string out;
  kept.toUTF8String(out);
  return out;
}

std::string ContentFingerprint(std::string_view text) { return Sha256Hex(NormalizeForFingerprint(text)); }

}  // namespace herald::story
