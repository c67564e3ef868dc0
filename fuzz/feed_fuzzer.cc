// libFuzzer target: ParseFeed must never crash, hang or leak on any bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "feed/feed.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  herald::feed::ParseOptions options;
  options.url = "https://fuzz.example.com/feed.xml";
  (void)herald::feed::ParseFeed(bytes, options);
  return 0;
}
