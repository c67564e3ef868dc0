// libFuzzer target: the sanitizer must not crash and must emit valid UTF-8
// with no executable markup, whatever the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/strings.h"
#include "sanitize/sanitizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view html(reinterpret_cast<const char*>(data), size);
  std::string out = herald::SanitizeHtml(html, "https://fuzz.example/a/b.html");
  if (out != herald::ToValidUtf8(out)) std::abort();
  std::string lower = herald::ToLowerAscii(out);
  // Text is escaped, so a literal "<script" could only be an emitted tag.
  if (lower.find("<script") != std::string::npos) std::abort();
  (void)herald::HtmlToText(html);
  return 0;
}
