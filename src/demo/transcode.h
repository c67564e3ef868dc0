// Converting the newsroom's UTF-8 text to the legacy charsets some pages are
// served in (ICU converters).
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace herald::demo {

// Converts a UTF-8 HTML page to `charset` (an ICU converter name such as
// "gbk"). Characters the charset lacks become decimal character references
// (&#169;), as legacy-charset CMSes write them. Invalid UTF-8 is an error.
Result<std::string> EncodeHtml(std::string_view utf8_html, const std::string& charset);

}  // namespace herald::demo
