// libFuzzer target: robots.txt parsing and matching must never crash or hang
// on any bytes, and /robots.txt itself stays allowed whatever the rules say.
// The paths asked about come from the input itself (its first lines' values), so
// hostile patterns meet paths built to almost match them.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "net/robots.h"

namespace {

// The text after the first ':' of each of the first lines, trimmed of
// spaces: the pattern of an Allow/Disallow line, or any other value, asked
// about as a path. (Each question costs rules x pattern x path: asking about
// every line of a 64 KiB input would time the fuzzer out, not find bugs.)
void AskLineValues(const herald::net::RobotsRules& rules, std::string_view text) {
  int asked = 0;
  for (size_t at = 0; at < text.size() && asked < 32; ++asked) {
    size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    if (size_t colon = line.find(':'); colon != std::string_view::npos) {
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      (void)rules.IsAllowed(value);
      (void)rules.IsAllowed(std::string(value) + "/x?y=1");
    }
    at = end + 1;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  // Our own token, and one taken from the input (its first line as a User-Agent).
  std::string own_token = herald::net::ProductToken("herald/0.1 (self-hosted news aggregator)");
  std::string input_token = herald::net::ProductToken(text.substr(0, text.find('\n')));
  for (const std::string& token : {own_token, input_token}) {
    auto rules = herald::net::RobotsRules::Parse(text, token);
    if (!rules.IsAllowed("/robots.txt")) std::abort();
    for (std::string_view path : {"/", "", "/news/2024/01/a.html", "/search?q=x", "/%E4%B8%AD", "//", "/*$"})
      (void)rules.IsAllowed(path);
    AskLineValues(rules, text);
  }
  return 0;
}
