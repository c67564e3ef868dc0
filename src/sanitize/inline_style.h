// Internal to sanitize/: the CSS of a style="" attribute reduced to
// declarations that can only change looks (colors, sizes, fonts, alignment),
// as feedparser's sanitizer does it. The whole attribute is refused when any
// character could start something active: url() is removed first, then only
// letters, digits, white space, : , ; # % . ! and -, plain quoted words and
// (digits) pass, so expression(), url(), comments, escapes and at-rules
// never do.
#pragma once

#include <string>
#include <string_view>

namespace herald {

// "prop: value; ..." of the safe declarations, or "" when nothing is kept.
std::string SanitizeInlineStyle(std::string_view style);

}  // namespace herald
