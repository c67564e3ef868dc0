// Page bytes in any charset -> UTF-8 text.
#pragma once

#include <string>
#include <string_view>

namespace herald::extract {

// The page's charset, by precedence: byte order mark, the HTTP Content-Type
// charset, <meta charset> or <meta http-equiv=Content-Type> in the first
// 4 KiB, "UTF-8" when the bytes are valid UTF-8, else ICU detection. Labels
// are normalized the way browsers read them (gb2312/gbk -> GB18030,
// iso-8859-1/us-ascii -> windows-1252).
std::string DetectCharset(std::string_view bytes, std::string_view content_type);

// The bytes converted to valid UTF-8 (BOM removed). Unknown charsets and
// undecodable bytes degrade to U+FFFD, never to an error.
std::string ToUtf8(std::string_view bytes, std::string_view content_type);

}  // namespace herald::extract
