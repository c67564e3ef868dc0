// How times look on the site.
#pragma once

#include <string>

#include "common/result.h"
#include "common/time.h"

namespace herald::web {

// AP style in the timestamp's own offset, zone shown:
// "Oct. 2, 2025 11:53 a.m. GMT+8"; "GMT" when the offset is 0 or unknown.
std::string FormatPublished(const Timestamp& t);
// The same in Chinese: "2025年10月2日 11:53 GMT+8".
std::string FormatPublishedZh(const Timestamp& t);

// "GMT+8", "GMT-4", "GMT+5:30", "GMT".
std::string FormatZone(int offset_minutes);

// Shows times in the site's zone (or each publisher's own offset when the
// site has none) and language.
class TimeFormatter {
 public:
  // time_zone "" keeps publishers' offsets; an unknown zone is an Error.
  static Result<TimeFormatter> Create(const std::string& time_zone, const std::string& language);

  // The same instant with the offset it is shown in.
  Timestamp ForDisplay(const Timestamp& t) const;
  // "Oct. 2, 2025 11:53 a.m. GMT+8" in the display zone and language.
  std::string Human(const Timestamp& t) const;
  // ISO 8601 in the display zone, for <time datetime>.
  std::string Iso(const Timestamp& t) const { return FormatIso8601(ForDisplay(t)); }

 private:
  const void* zone_ = nullptr;  // const date::time_zone*, null = publisher's offset
  bool chinese_ = false;
};

}  // namespace herald::web
