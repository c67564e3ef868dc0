// libFuzzer target: ParseOpml must never crash on any bytes, and what it reads
// must survive WriteOpml -> ParseOpml.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "feed/opml.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto outlines = herald::feed::ParseOpml(bytes);
  if (!outlines.ok()) return 0;
  auto again = herald::feed::ParseOpml(herald::feed::WriteOpml("fuzz", *outlines));
  if (!again.ok() || again->size() != outlines->size()) std::abort();
  return 0;
}
