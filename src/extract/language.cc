#include "extract/language.h"

#include <cld2/public/compact_lang_det.h>

#include <algorithm>

#include "common/strings.h"

namespace herald::extract {

std::string DetectLanguage(std::string_view utf8_text) {
  std::string text = ToValidUtf8(utf8_text.substr(0, 64 * 1024));
  if (CodePointCount(text) < 20) return "";
  bool reliable = false;
  CLD2::Language language =
      CLD2::DetectLanguage(text.data(), static_cast<int>(text.size()), /*is_plain_text=*/true,
                           &reliable);
  if (!reliable || language == CLD2::UNKNOWN_LANGUAGE) return "";
  return PrimaryLanguageTag(CLD2::LanguageCode(language));
}

std::string PrimaryLanguageTag(std::string_view tag) {
  std::string primary = ToLowerAscii(Trim(tag).substr(0, Trim(tag).find_first_of("-_")));
  bool letters = !primary.empty() && primary.size() <= 3 &&
                 std::all_of(primary.begin(), primary.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  return letters ? primary : "";
}

}  // namespace herald::extract
