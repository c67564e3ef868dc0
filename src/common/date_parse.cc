// ParseDate: a hand-written scanner rather than strptime/regex, because feeds
// mix RFC 822 and ISO 8601 with every kind of damage, and a scanner can say
// "no" precisely instead of guessing.
#include <date/date.h>

#include <array>
#include <cctype>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "common/time.h"

namespace herald {
namespace {

constexpr size_t kMaxDateLength = 128;  // longer input is not a date
constexpr int kMaxOffsetMinutes = 18 * 60;

struct Zone {
  int offset_minutes = 0;
  bool known = false;
};

// Broken-down fields as read; validated and converted in ToTimestamp.
struct Fields {
  int year = -1, month = -1, day = -1;
  int hour = 0, minute = 0, second = 0;
  bool has_time = false;
  std::optional<Zone> zone;
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool done() const { return i_ >= s_.size(); }
  char peek(size_t ahead = 0) const { return i_ + ahead < s_.size() ? s_[i_ + ahead] : '\0'; }
  void skip(size_t n = 1) { i_ += n; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  void skip_spaces() {
    while (!done() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
  }
  // Reads exactly `n` digits (n > 0) or nothing.
  std::optional<int> digits(size_t n) {
    if (i_ + n > s_.size()) return std::nullopt;
    int v = 0;
    for (size_t k = 0; k < n; ++k) {
      if (!IsDigit(s_[i_ + k])) return std::nullopt;
      v = v * 10 + (s_[i_ + k] - '0');
    }
    i_ += n;
    return v;
  }
  // Length of the digit run starting here.
  size_t digit_run() const {
    size_t k = i_;
    while (k < s_.size() && IsDigit(s_[k])) ++k;
    return k - i_;
  }
  std::string_view word() {
    size_t b = i_;
    while (!done() && IsAlpha(s_[i_])) ++i_;
    return s_.substr(b, i_ - b);
  }
  std::string_view rest() const { return s_.substr(std::min(i_, s_.size())); }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "oct", "october", "Sept" -> 10/9; a word of at least 3 letters that starts a
// month name.
int MonthFromWord(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  if (word.size() < 3) return -1;
  std::string w = Lower(word);
  for (size_t m = 0; m < kMonths.size(); ++m) {
    if (kMonths[m].substr(0, std::min(w.size(), kMonths[m].size())) == w && w.size() <= kMonths[m].size())
      return static_cast<int>(m) + 1;
  }
  return -1;
}

bool IsWeekday(std::string_view word) {
  static constexpr std::array<std::string_view, 7> kDays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  if (word.size() < 3) return false;
  std::string w = Lower(word);
  for (auto d : kDays) {
    if (w.size() <= d.size() && d.substr(0, w.size()) == w) return true;
  }
  return false;
}

// Named zones. North American ones from RFC 822, plus common unambiguous
// abbreviations seen in news feeds.
std::optional<Zone> NamedZone(std::string_view word) {
  struct Named {
    std::string_view name;
    int hours_x60;
  };
  static constexpr Named kZones[] = {
      {"gmt", 0},       {"ut", 0},        {"utc", 0},       {"z", 0},         {"est", -300},
      {"edt", -240},    {"cst", -360},    {"cdt", -300},    {"mst", -420},    {"mdt", -360},
      {"pst", -480},    {"pdt", -420},    {"akst", -540},   {"akdt", -480},   {"hst", -600},
      {"wet", 0},       {"west", 60},     {"bst", 60},      {"cet", 60},      {"cest", 120},
      {"met", 60},      {"mest", 120},    {"eet", 120},     {"eest", 180},    {"msk", 180},
      {"jst", 540},     {"kst", 540},     {"hkt", 480},     {"sgt", 480},     {"awst", 480},
      {"acst", 570},    {"aest", 600},    {"aedt", 660},    {"nzst", 720},    {"nzdt", 780},
  };
  std::string w = Lower(word);
  for (const auto& z : kZones) {
    if (z.name == w) return Zone{z.hours_x60, true};
  }
  // RFC 822 military letters (J is unused).
  if (w.size() == 1 && w[0] >= 'a' && w[0] <= 'y' && w[0] != 'j') {
    char c = w[0];
    int hours = c <= 'i' ? c - 'a' + 1 : c <= 'm' ? c - 'k' + 10 : -(c - 'n' + 1);
    return Zone{hours * 60, true};
  }
  return std::nullopt;
}

// "+0800", "+08:00", "+08", "+8", "-0530" after the sign has been seen.
std::optional<int> NumericOffset(Cursor& c) {
  int sign = c.peek() == '-' ? -1 : 1;
  if (c.peek() != '+' && c.peek() != '-') return std::nullopt;
  c.skip();
  size_t run = c.digit_run();
  int hours = 0, minutes = 0;
  if (run == 4) {
    hours = *c.digits(2);
    minutes = *c.digits(2);
  } else if (run == 1 || run == 2) {
    hours = *c.digits(run);
    if (c.peek() == ':' && c.digit_run() == 0) {
      c.skip();
      auto m = c.digits(2);
      if (!m) return std::nullopt;
      minutes = *m;
    }
  } else {
    return std::nullopt;
  }
  if (minutes > 59) return std::nullopt;
  int total = hours * 60 + minutes;
  if (total > kMaxOffsetMinutes) return std::nullopt;
  return sign * total;
}

// A zone designator and nothing after it: "Z", "+08:00", "GMT", "GMT+8",
// "UTC+08:00", "EST", "(GMT)". An empty rest means "no zone".
std::optional<std::optional<Zone>> ParseZoneRest(std::string_view rest) {
  Cursor c(rest);
  c.skip_spaces();
  if (c.done()) return std::optional<Zone>{};
  std::optional<Zone> zone;
  if (c.peek() == '+' || c.peek() == '-') {
    bool minus_zero = c.rest().substr(0, 5) == "-0000";
    auto offset = NumericOffset(c);
    if (!offset) return std::nullopt;
    // RFC 2822: "-0000" means the local zone is unknown.
    zone = Zone{*offset, !minus_zero};
  } else if (IsAlpha(c.peek())) {
    std::string_view name = c.word();
    zone = NamedZone(name);
    if (!zone) {
      // An unknown all-caps abbreviation ("IST"): the instant is kept, the
      // offset is not trusted.
      if (name.size() < 2 || name.size() > 5) return std::nullopt;
      for (char ch : name)
        if (!std::isupper(static_cast<unsigned char>(ch))) return std::nullopt;
      zone = Zone{0, false};
    }
    if (c.peek() == '+' || c.peek() == '-') {  // "GMT+8"
      if (zone->offset_minutes != 0 || !zone->known) return std::nullopt;
      auto offset = NumericOffset(c);
      if (!offset) return std::nullopt;
      zone = Zone{*offset, true};
    }
  } else if (c.peek() == '(') {
    // "(GMT)" style comment only.
  } else {
    return std::nullopt;
  }
  c.skip_spaces();
  // Tolerate a trailing comment such as "(PST)" or "(Pacific Standard Time)".
  if (c.peek() == '(') {
    std::string_view r = c.rest();
    if (r.back() != ')') return std::nullopt;
    if (!zone) {
      auto inner = NamedZone(r.substr(1, r.size() - 2));
      if (!inner) return std::nullopt;
      zone = inner;
    }
    return zone;
  }
  if (!c.done()) return std::nullopt;
  return zone;
}

// HH:MM[:SS[.fraction]] [AM|PM]; the cursor is on the hour.
bool ParseClock(Cursor& c, Fields& f) {
  size_t run = c.digit_run();
  if (run != 1 && run != 2) return false;
  f.hour = *c.digits(run);
  if (!c.eat(':')) return false;
  auto minute = c.digits(2);
  if (!minute) return false;
  f.minute = *minute;
  if (c.eat(':')) {
    auto second = c.digits(2);
    if (!second) return false;
    f.second = *second;
    if (c.peek() == '.' || c.peek() == ',') {
      c.skip();
      if (c.digit_run() == 0) return false;
      c.skip(c.digit_run());
    }
  }
  f.has_time = true;
  return true;
}

// Applies "AM"/"PM" when present; returns false for an impossible hour.
bool ApplyMeridiem(std::string_view word, Fields& f) {
  std::string w = Lower(word);
  if (w != "am" && w != "pm") return false;
  if (!f.has_time || f.hour < 1 || f.hour > 12) return false;
  if (w == "am" && f.hour == 12) f.hour = 0;
  if (w == "pm" && f.hour != 12) f.hour += 12;
  return true;
}

std::optional<Timestamp> ToTimestamp(const Fields& f) {
  using namespace std::chrono;
  if (f.year < 1000 || f.year > 9999 || f.month < 1 || f.month > 12 || f.day < 1) return std::nullopt;
  date::year_month_day ymd{date::year{f.year}, date::month{static_cast<unsigned>(f.month)},
                           date::day{static_cast<unsigned>(f.day)}};
  if (!ymd.ok()) return std::nullopt;
  int hour = f.hour, second = f.second;
  if (hour == 24 && f.minute == 0 && second == 0) {
    // "24:00" is the end of the day; allowed by ISO 8601.
  } else if (hour > 23) {
    return std::nullopt;
  }
  if (f.minute > 59 || second > 60) return std::nullopt;
  if (second == 60) second = 59;  // leap second: keep it inside the minute
  Zone zone = f.zone.value_or(Zone{});
  int64_t local = date::sys_days(ymd).time_since_epoch() / seconds(1) + hour * 3600 + f.minute * 60 + second;
  Timestamp t;
  t.utc_seconds = local - int64_t{zone.offset_minutes} * 60;
  t.offset_minutes = zone.known ? zone.offset_minutes : 0;
  t.offset_known = zone.known;
  return t;
}

// ISO 8601 / RFC 3339: "2025-10-02T11:53:00.5+08:00", "20251002T115300Z",
// "2025-10-02 11:53", "2025/10/02", "2025-10-02".
std::optional<Timestamp> ParseIso(std::string_view text) {
  Cursor c(text);
  Fields f;
  f.year = *c.digits(4);
  bool extended = c.peek() == '-' || c.peek() == '/';
  if (extended) {
    char sep = c.peek();
    c.skip();
    size_t run = c.digit_run();
    if (run != 1 && run != 2) return std::nullopt;
    f.month = *c.digits(run);
    if (!c.eat(sep)) return std::nullopt;
    run = c.digit_run();
    if (run != 1 && run != 2) return std::nullopt;
    f.day = *c.digits(run);
  } else {
    auto month = c.digits(2);
    auto day = month ? c.digits(2) : std::nullopt;
    if (!day) return std::nullopt;
    f.month = *month;
    f.day = *day;
  }
  if (c.peek() == 'T' || c.peek() == 't' || (c.peek() == ' ' && IsDigit(c.peek(1)))) {
    c.skip();
    c.skip_spaces();
    size_t run = c.digit_run();
    if (run == 4 || run == 6) {  // basic time "1153" / "115300"
      f.hour = *c.digits(2);
      f.minute = *c.digits(2);
      if (run == 6) f.second = *c.digits(2);
      if (c.peek() == '.' || c.peek() == ',') {
        c.skip();
        if (c.digit_run() == 0) return std::nullopt;
        c.skip(c.digit_run());
      }
      f.has_time = true;
    } else if (!ParseClock(c, f)) {
      return std::nullopt;
    }
  }
  std::string_view rest = c.rest();
  auto zone = ParseZoneRest(rest);
  if (!zone) {
    // "... 11:53 PM" and similar are not ISO; give up rather than guess.
    return std::nullopt;
  }
  f.zone = *zone;
  return ToTimestamp(f);
}

// RFC 822/1123/2822 and the free-form English variants: "Thu, 02 Oct 2025
// 11:53:00 +0800", "October 2, 2025 11:53 AM EST", "Thu Oct  2 11:53:00 2025".
std::optional<Timestamp> ParseRfcLike(std::string_view text) {
  Cursor c(text);
  Fields f;
  bool expect_zone_only = false;
  while (true) {
    while (!c.done() && (c.peek() == ' ' || c.peek() == '\t' || c.peek() == ',' ||
                         (c.peek() == '-' && !f.has_time) || (c.peek() == '.' && !f.has_time) ||
                         (c.peek() == '/' && !f.has_time)))
      c.skip();
    if (c.done()) break;
    if (f.has_time && (c.peek() == '+' || c.peek() == '-' || c.peek() == '(' ||
                       (IsAlpha(c.peek()) && !expect_zone_only))) {
      // Zone (or AM/PM, then zone).
      if (IsAlpha(c.peek())) {
        Cursor probe = c;
        std::string_view w = probe.word();
        if (ApplyMeridiem(w, f)) {
          c = probe;
          expect_zone_only = true;
          continue;
        }
      }
      // The year may follow the zone in asctime-like forms; the zone ends at
      // the next space.
      std::string_view rest = c.rest();
      size_t end = rest.find(' ');
      std::string_view zone_text = rest.substr(0, end);
      // "GMT +0800": a numeric offset may refine a bare GMT/UTC.
      bool refines_utc = f.zone && f.zone->known && f.zone->offset_minutes == 0 &&
                         (c.peek() == '+' || c.peek() == '-');
      if (f.zone && !refines_utc) return std::nullopt;
      auto zone = ParseZoneRest(zone_text);
      if (!zone || !*zone) return std::nullopt;
      f.zone = *zone;
      c.skip(zone_text.size());
      continue;
    }
    if (IsAlpha(c.peek())) {
      std::string_view w = c.word();
      if (c.peek() == '.') c.skip();  // "Oct." / "Thu."
      int month = MonthFromWord(w);
      if (month > 0 && f.month < 0) {
        f.month = month;
        continue;
      }
      if (f.month < 0 && IsWeekday(w)) continue;
      if (f.month > 0 && IsWeekday(w) && f.day < 0) continue;
      if (f.has_time || f.year > 0) {
        // "02 Oct 2025 GMT" (zone without time) or "at".
        auto zone = NamedZone(w);
        if (zone && !f.zone) {
          f.zone = zone;
          continue;
        }
      }
      if (Lower(w) == "at" || Lower(w) == "of" || Lower(w) == "th" || Lower(w) == "st" ||
          Lower(w) == "nd" || Lower(w) == "rd")
        continue;
      return std::nullopt;
    }
    if (IsDigit(c.peek())) {
      size_t run = c.digit_run();
      if (c.rest().size() > run && c.rest()[run] == ':') {
        if (f.has_time) return std::nullopt;
        if (!ParseClock(c, f)) return std::nullopt;
        continue;
      }
      if (run > 4) return std::nullopt;
      int v = *c.digits(run);
      if (run == 4 || run == 3) {
        if (f.year >= 0) return std::nullopt;
        f.year = v;
      } else if (f.day < 0 && (f.month > 0 || f.year < 0)) {
        f.day = v;
      } else if (f.year < 0) {
        f.year = v < 50 ? 2000 + v : 1900 + v;  // RFC 2822 two-digit years
      } else {
        return std::nullopt;
      }
      continue;
    }
    return std::nullopt;
  }
  if (f.year < 0 || f.month < 0 || f.day < 0) return std::nullopt;
  return ToTimestamp(f);
}

}  // namespace

std::optional<Timestamp> ParseDate(std::string_view text) {
  // Trim spaces, tabs, newlines and NBSP-free ASCII white space.
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  if (text.empty() || text.size() > kMaxDateLength) return std::nullopt;
  Cursor c(text);
  if (c.digit_run() == 4 && (c.peek(4) == '-' || c.peek(4) == '/')) return ParseIso(text);
  if (c.digit_run() == 8) return ParseIso(text);
  return ParseRfcLike(text);
}

}  // namespace herald
