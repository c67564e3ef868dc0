// Small string helpers the extractor's files share.
#pragma once

#include <string>
#include <string_view>

namespace herald::extract {

// `text` with every occurrence of `phrase` replaced by `with`, built anew
// (an in-place std::string::replace loop draws a false -Wrestrict from g++ 12 -O2).
std::string ReplaceAll(std::string_view text, std::string_view phrase, std::string_view with);

// `html` with the bodies of <style> elements and of <script> elements whose
// type does not mention JSON emptied (tags and attributes kept). Nothing in
// the extractor reads that text, yet it is about half the bytes of a news
// page and the HTML parser reads it a character at a time. Follows the HTML
// tokenizer (comments, quoted attributes, raw-text elements, foreign
// content); wherever it cannot be sure a body is script or style text
// (a <!-- inside a script, a missing end tag, <plaintext>), it copies the
// rest of the page unchanged, so the parse tree differs only by those bodies.
std::string EmptyScriptAndStyleBodies(std::string_view html);

}  // namespace herald::extract
