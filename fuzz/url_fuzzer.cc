// libFuzzer target: URL canonicalization and resolution must not crash, and
// a canonical URL must be a fixed point (canonicalizing it again changes
// nothing), http(s) only, without a fragment or a tracking parameter.
// Input: "base\nref" (no newline: the whole input is both).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/url.h"

namespace {

void CheckCanonical(std::string_view url) {
  std::string canonical = herald::CanonicalizeUrl(url);
  if (canonical.empty()) return;
  if (herald::CanonicalizeUrl(canonical) != canonical) std::abort();
  if (!herald::IsHttpUrl(canonical)) std::abort();
  if (canonical.find('#') != std::string::npos) std::abort();
  // No query parameter is a tracking one (the first '?' starts the query).
  size_t query = canonical.find('?');
  for (size_t at = query; at != std::string::npos && at + 1 < canonical.size(); at = canonical.find('&', at + 1)) {
    std::string_view param = std::string_view(canonical).substr(at + 1);
    if (param.substr(0, 4) == "utm_" || param.substr(0, 7) == "fbclid=" || param.substr(0, 6) == "gclid=") std::abort();
  }
  if (!herald::ParseHttpUrl(canonical).ok()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t newline = input.find('\n');
  std::string_view base = newline == std::string_view::npos ? input : input.substr(0, newline);
  std::string_view ref = newline == std::string_view::npos ? input : input.substr(newline + 1);
  CheckCanonical(base);
  CheckCanonical(ref);
  std::string resolved = herald::ResolveUrl(base, ref);
  CheckCanonical(resolved);
  return 0;
}
