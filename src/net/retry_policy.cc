#include "net/retry_policy.h"

#include <curl/curl.h>

#include <algorithm>
#include <string>

#include "common/strings.h"

namespace herald::net {

bool IsTransientStatus(int status) { return status == 429 || status == 502 || status == 503 || status == 504; }

std::chrono::milliseconds BackoffDelay(int retry, std::chrono::milliseconds base, double unit,
                                       std::chrono::milliseconds cap) {
  // Doubling stops at 2^20: beyond that every wait is the cap anyway.
  long long full = base.count() << std::clamp(retry, 0, 20);
  full = std::min(std::max(0LL, full), static_cast<long long>(cap.count()));
  double jittered = static_cast<double>(full) * (0.5 + 0.5 * std::clamp(unit, 0.0, 1.0));
  return std::chrono::milliseconds(static_cast<long long>(jittered));
}

std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value, long long now_unix) {
  value = Trim(value);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    // Absurd lengths saturate instead of overflowing; the caller caps the wait.
    if (value.size() > 9) return std::chrono::seconds(999999999);
    return std::chrono::seconds(std::stoll(std::string(value)));
  }
  // curl_getdate reads the three HTTP date formats RFC 9110 requires.
  time_t when = curl_getdate(std::string(value).c_str(), nullptr);
  if (when == -1) return std::nullopt;
  return std::chrono::seconds(std::max(0LL, static_cast<long long>(when) - now_unix));
}

}  // namespace herald::net
