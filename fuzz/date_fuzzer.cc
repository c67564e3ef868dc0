// libFuzzer target: ParseDate must never crash, and a date it reads must
// format and read back to the same instant.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/time.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = herald::ParseDate(text);
  if (!parsed) return 0;
  auto again = herald::ParseDate(herald::FormatIso8601(*parsed));
  if (!again || again->utc_seconds != parsed->utc_seconds) std::abort();
  return 0;
}
