// How times look on the site.
#pragma once

#include <string>

#include "common/time.h"

namespace herald::web {

// AP style in the publisher's own offset, zone shown:
// "Oct. 2, 2025 11:53 a.m. GMT+8"; "GMT" when the offset is 0 or unknown.
std::string FormatPublished(const Timestamp& t);

// "GMT+8", "GMT-4", "GMT+5:30", "GMT".
std::string FormatZone(int offset_minutes);

}  // namespace herald::web
