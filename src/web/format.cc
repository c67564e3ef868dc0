#include "web/format.h"

#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <cstdlib>

namespace herald::web {
namespace {

struct LocalParts {
  int year, month, day, hour, minute, offset;
};

LocalParts Local(const Timestamp& t) {
  int offset = t.offset_known ? t.offset_minutes : 0;
  auto local = date::sys_seconds{std::chrono::seconds{t.utc_seconds + int64_t{offset} * 60}};
  auto day = date::floor<date::days>(local);
  date::year_month_day ymd{day};
  date::hh_mm_ss<std::chrono::seconds> hms{local - day};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day())), static_cast<int>(hms.hours().count()),
          static_cast<int>(hms.minutes().count()), offset};
}

std::string TwoDigits(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

}  // namespace

std::string FormatZone(int offset_minutes) {
  if (offset_minutes == 0) return "GMT";
  int a = std::abs(offset_minutes);
  std::string out = std::string("GMT") + (offset_minutes < 0 ? "-" : "+") + std::to_string(a / 60);
  if (a % 60) out += ":" + TwoDigits(a % 60);
  return out;
}

std::string FormatPublished(const Timestamp& t) {
  static const char* kMonths[] = {"Jan.", "Feb.", "March", "April", "May", "June",
                                  "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."};
  LocalParts p = Local(t);
  int hour12 = p.hour % 12 == 0 ? 12 : p.hour % 12;
  return std::string(kMonths[p.month - 1]) + " " + std::to_string(p.day) + ", " + std::to_string(p.year) + " " +
         std::to_string(hour12) + ":" + TwoDigits(p.minute) + (p.hour < 12 ? " a.m. " : " p.m. ") +
         FormatZone(p.offset);
}

std::string FormatPublishedZh(const Timestamp& t) {
  LocalParts p = Local(t);
  return std::to_string(p.year) + "年" + std::to_string(p.month) + "月" + std::to_string(p.day) + "日 " +
         TwoDigits(p.hour) + ":" + TwoDigits(p.minute) + " " + FormatZone(p.offset);
}

Result<TimeFormatter> TimeFormatter::Create(const std::string& time_zone, const std::string& language) {
  TimeFormatter f;
  f.chinese_ = language == "zh";
  if (time_zone.empty()) return f;
  try {
    f.zone_ = date::locate_zone(time_zone);
  } catch (const std::exception&) {
    return MakeError(ErrorKind::kInvalidInput, "[site] time_zone '" + time_zone +
                                                   "' is not a known IANA time zone; use a name such as "
                                                   "\"Asia/Shanghai\" or \"UTC\"");
  }
  return f;
}

Timestamp TimeFormatter::ForDisplay(const Timestamp& t) const {
  if (!zone_) return t;
  auto info = static_cast<const date::time_zone*>(zone_)->get_info(date::sys_seconds{std::chrono::seconds{t.utc_seconds}});
  return Timestamp{t.utc_seconds, static_cast<int>(info.offset.count() / 60), true};
}

std::string TimeFormatter::Human(const Timestamp& t) const {
  return chinese_ ? FormatPublishedZh(ForDisplay(t)) : FormatPublished(ForDisplay(t));
}

}  // namespace herald::web
