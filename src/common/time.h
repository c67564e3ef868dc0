// A point in time as news carries it: an instant (UTC) plus the UTC offset the
// publisher wrote it in, so "11:53 GMT+8" can be shown as the publisher meant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace herald {

struct Timestamp {
  int64_t utc_seconds = 0;     // seconds since 1970-01-01T00:00:00Z
  int offset_minutes = 0;      // publisher's UTC offset, e.g. +480 for GMT+8
  bool offset_known = false;   // false when the source gave no zone (UTC assumed)

  friend bool operator==(const Timestamp&, const Timestamp&) = default;
};

// Parses the date forms feeds and pages use: RFC 822/1123/2822 ("Thu, 02 Oct
// 2025 11:53:00 +0800", named zones GMT/UTC/EST/EDT/CST/.../Z, "GMT+8"),
// ISO 8601/RFC 3339 ("2025-10-02T11:53:00+08:00", with or without seconds,
// fractions, 'T' or space, basic or extended offsets, date-only), and the
// common broken variants (missing zone -> UTC with offset_known=false, two-digit
// years, missing weekday, wrong weekday). Returns nullopt when nothing sane
// can be read; never invents a date.
std::optional<Timestamp> ParseDate(std::string_view text);

// "2025-10-02T11:53:00+08:00" (the publisher's offset; "Z" when offset is 0
// and known; "+00:00" style otherwise).
std::string FormatIso8601(const Timestamp& t);

// Seconds since the epoch now.
int64_t NowUtcSeconds();

}  // namespace herald
