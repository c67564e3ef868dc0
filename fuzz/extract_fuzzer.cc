// libFuzzer target: Extract must not crash on any bytes, and whatever it
// returns must serialize (valid UTF-8 everywhere).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "extract/extract.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  herald::Result<herald::extract::Article> article =
      herald::extract::Extract(bytes, {"https://fuzz.example/news/story.html", ""});
  if (article.ok()) (void)herald::extract::ToJson(*article).dump();
  return 0;
}
