// libFuzzer target: any TOML text either parses into a Config or yields an
// Error value (never a crash, hang or escaping exception), and an Error's
// message names the file, as config.h promises.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "config/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view toml(reinterpret_cast<const char*>(data), size);
  auto config = herald::config::ParseConfig(toml, "fuzz.toml");
  if (!config.ok() && config.message().find("fuzz.toml") == std::string::npos) std::abort();
  return 0;
}
