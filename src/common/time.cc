#include "common/time.h"

#include <date/date.h>

#include <chrono>
#include <cstdlib>

namespace herald {

std::string FormatIso8601(const Timestamp& t) {
  using namespace std::chrono;
  int offset = t.offset_known ? t.offset_minutes : 0;
  auto local = sys_seconds{seconds{t.utc_seconds + int64_t{offset} * 60}};
  std::string out = date::format("%Y-%m-%dT%H:%M:%S", local);
  if (offset == 0) {
    out += t.offset_known ? "Z" : "+00:00";
  } else {
    char buf[16];
    int a = std::abs(offset);
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset < 0 ? '-' : '+', a / 60, a % 60);
    out += buf;
  }
  return out;
}

int64_t NowUtcSeconds() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace herald
