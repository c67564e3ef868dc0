// A guess at the charset of bytes that say nothing about it (no BOM, no
// declaration, no HTTP charset), for the last resort of feed and page
// decoding: ICU's statistical detector (ucsdet), which knows the legacy
// encodings of Chinese, Japanese, Korean, Cyrillic and others.
#pragma once

#include <string>
#include <string_view>

namespace herald {

// ICU's best guess ("Big5", "GB18030", "Shift_JIS", "EUC-KR", "KOI8-R",
// "windows-1251", ...) from the first 64 KiB, markup ignored; never a
// UTF-16/32 guess (text without a BOM is ASCII-compatible); "" when ICU has
// no guess or only one below `min_confidence` (0-100).
std::string GuessCharset(std::string_view bytes, int min_confidence = 10);

}  // namespace herald
