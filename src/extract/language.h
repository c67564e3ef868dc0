// Language of article text, for pages that do not declare one.
#pragma once

#include <string>
#include <string_view>

namespace herald::extract {

// BCP 47 primary tag ("en", "zh", "ja") detected by CLD2, or "" when the
// text is too short or CLD2 is not confident.
std::string DetectLanguage(std::string_view utf8_text);

// "en-US" -> "en", "zh_Hans_CN" -> "zh"; "" for empty or malformed tags.
std::string PrimaryLanguageTag(std::string_view tag);

}  // namespace herald::extract
