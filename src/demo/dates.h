// The date forms the newsroom prints, from the content's wall-clock times.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/time.h"
#include "demo/content.h"

namespace herald::demo {

Timestamp ToTimestamp(const LocalTime& t);
std::string Iso8601(const LocalTime& t);   // "2025-10-02T11:53:00+08:00"
std::string Rfc822(const LocalTime& t);    // "Thu, 02 Oct 2025 11:53:00 +0800"
std::string HttpDate(int64_t utc_seconds); // "Thu, 02 Oct 2025 03:53:00 GMT"
// Reads the IMF-fixdate form HttpDate writes (what clients echo back in
// If-Modified-Since); nullopt for anything else.
std::optional<int64_t> ParseHttpDate(std::string_view text);

}  // namespace herald::demo
