// Small string helpers the extractor's files share.
#pragma once

#include <string>
#include <string_view>

namespace herald::extract {

// `text` with every occurrence of `phrase` replaced by `with`, built anew
// (an in-place std::string::replace loop draws a false -Wrestrict from g++ 12 -O2).
std::string ReplaceAll(std::string_view text, std::string_view phrase, std::string_view with);

}  // namespace herald::extract
