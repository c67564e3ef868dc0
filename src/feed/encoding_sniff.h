// Internal to feed/: feedparser's character-encoding rules (RFC 3023 media
// types, HTTP charset, byte order mark, XML declaration, then fallbacks), so
// the feedparser-shaped output reports the encoding feedparser would, and the
// document can be re-encoded as UTF-8 before XML parsing.
#pragma once

#include <string>
#include <string_view>

namespace herald::feed {

struct EncodingReport {
  std::string name;       // e.g. "utf-8", "iso-8859-1", "" when nothing decodes
  std::string utf8;       // the document as UTF-8 (BOM removed); raw bytes when nothing decodes
  std::string exception;  // "CharacterEncodingOverride: ...", "NonXMLContentType: ..." or ""
};

// `content_type` is the HTTP Content-Type ("" when the document was not
// fetched over HTTP and `http` is false).
EncodingReport SniffEncoding(std::string_view bytes, std::string_view content_type, bool http);

}  // namespace herald::feed
