// Computed from the content's wall-clock times, never from the clock, so
// every run serves the same bytes.
#include "demo/dates.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>


namespace herald::demo {
namespace {

constexpr const char* kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::chrono::sys_days Day(int year, int month, int day) {
  return std::chrono::year{year} / std::chrono::month{static_cast<unsigned>(month)} /
         std::chrono::day{static_cast<unsigned>(day)};
}

unsigned WeekdayIndex(std::chrono::sys_days day) { return std::chrono::weekday{day}.c_encoding(); }

// "+08:00" or, with colon=false, "+0800".
std::string Offset(int minutes, bool colon) {
  char buf[8];
  int a = std::abs(minutes);
  std::snprintf(buf, sizeof buf, colon ? "%c%02d:%02d" : "%c%02d%02d", minutes < 0 ? '-' : '+', a / 60, a % 60);
  return buf;
}

}  // namespace

Timestamp ToTimestamp(const LocalTime& t) {
  using namespace std::chrono;
  auto local = Day(t.year, t.month, t.day) + hours{t.hour} + minutes{t.minute};
  Timestamp out;
  out.utc_seconds = duration_cast<seconds>(local.time_since_epoch()).count() - int64_t{t.offset_minutes} * 60;
  out.offset_minutes = t.offset_minutes;
  out.offset_known = true;
  return out;
}

std::string Iso8601(const LocalTime& t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:00", t.year, t.month, t.day, t.hour, t.minute);
  return buf + Offset(t.offset_minutes, true);
}

std::string Rfc822(const LocalTime& t) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:00 ", kWeekdays[WeekdayIndex(Day(t.year, t.month, t.day))],
                t.day, kMonths[t.month - 1], t.year, t.hour, t.minute);
  return buf + Offset(t.offset_minutes, false);
}

std::string HttpDate(int64_t utc_seconds) {
  using namespace std::chrono;
  sys_seconds instant{seconds{utc_seconds}};
  sys_days day = floor<days>(instant);
  year_month_day ymd{day};
  hh_mm_ss hms{instant - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02ld:%02ld:%02ld GMT", kWeekdays[WeekdayIndex(day)],
                static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                static_cast<int>(ymd.year()), static_cast<long>(hms.hours().count()),
                static_cast<long>(hms.minutes().count()), static_cast<long>(hms.seconds().count()));
  return buf;
}

std::optional<int64_t> ParseHttpDate(std::string_view text) {
  char weekday[4] = {}, month[4] = {}, zone[4] = {};
  int day = 0, year = 0, hour = 0, minute = 0, second = 0, used = 0;
  std::string copy(text);
  if (std::sscanf(copy.c_str(), "%3s, %d %3s %d %d:%d:%d %3s%n", weekday, &day, month, &year, &hour, &minute, &second,
                  zone, &used) != 8 ||
      static_cast<size_t>(used) != copy.size() || std::string_view(zone) != "GMT")
    return std::nullopt;
  int month_number = 0;
  for (int i = 0; i < 12; ++i)
    if (std::string_view(kMonths[i]) == month) month_number = i + 1;
  if (month_number == 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  LocalTime t{year, month_number, day, hour, minute, 0};
  return ToTimestamp(t).utc_seconds + second;
}

}  // namespace herald::demo
