// When and how long to wait before retrying a failed fetch. Pure functions, so
// the policy is tested without sockets or clocks.
//
// Contract: only transient failures are retried (connect errors, timeouts,
// dropped connections, HTTP 429/502/503/504); the wait grows exponentially
// with "equal jitter" (between half and all of base * 2^retry) so that many
// feeds failing together do not come back together; a server's Retry-After
// wins over the backoff for 429/503; every wait is capped.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace herald::net {

// HTTP statuses worth another try: the server is overloaded or a gateway failed.
bool IsTransientStatus(int status);

// The wait before retry number `retry` (0 = first retry), given a uniform
// random `unit` in [0, 1) for the jitter; never more than `cap`.
std::chrono::milliseconds BackoffDelay(int retry, std::chrono::milliseconds base, double unit,
                                       std::chrono::milliseconds cap);

// A Retry-After value (RFC 9110 §10.2.3): delay-seconds or an HTTP date,
// relative to `now_unix` (seconds since the epoch). A date in the past is 0;
// nullopt when the value is neither.
std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value, long long now_unix);

}  // namespace herald::net
