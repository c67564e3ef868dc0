#include "web/format.h"

#include <date/date.h>

#include <chrono>
#include <cstdlib>

namespace herald::web {

std::string FormatZone(int offset_minutes) {
  if (offset_minutes == 0) return "GMT";
  int a = std::abs(offset_minutes);
  std::string out = std::string("GMT") + (offset_minutes < 0 ? "-" : "+") + std::to_string(a / 60);
  if (a % 60) out += ":" + std::string(a % 60 < 10 ? "0" : "") + std::to_string(a % 60);
  return out;
}

std::string FormatPublished(const Timestamp& t) {
  static const char* kMonths[] = {"Jan.", "Feb.", "March", "April", "May", "June",
                                  "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."};
  int offset = t.offset_known ? t.offset_minutes : 0;
  auto local = date::sys_seconds{std::chrono::seconds{t.utc_seconds + int64_t{offset} * 60}};
  auto day = date::floor<date::days>(local);
  date::year_month_day ymd{day};
  date::hh_mm_ss<std::chrono::seconds> hms{local - day};
  int hour = static_cast<int>(hms.hours().count());
  int minute = static_cast<int>(hms.minutes().count());
  int hour12 = hour % 12 == 0 ? 12 : hour % 12;
  std::string out = std::string(kMonths[static_cast<unsigned>(ymd.month()) - 1]) + " " +
                    std::to_string(static_cast<unsigned>(ymd.day())) + ", " +
                    std::to_string(static_cast<int>(ymd.year())) + " " + std::to_string(hour12) + ":" +
                    (minute < 10 ? "0" : "") + std::to_string(minute) + (hour < 12 ? " a.m. " : " p.m. ");
  return out + FormatZone(offset);
}

}  // namespace herald::web
