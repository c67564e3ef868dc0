#include <gtest/gtest.h>

#include <string>

#include "common/time.h"

namespace herald {
namespace {

// 2025-10-02T11:53:00 in the given offset, as UTC seconds.
constexpr int64_t kLocal = 1759405980;  // 2025-10-02T11:53:00Z

Timestamp At(int64_t utc_seconds, int offset_minutes, bool known = true) {
  return Timestamp{utc_seconds, known ? offset_minutes : 0, known};
}

void ExpectDate(const std::string& text, const Timestamp& want) {
  auto got = ParseDate(text);
  ASSERT_TRUE(got.has_value()) << "could not parse: " << text;
  EXPECT_EQ(got->utc_seconds, want.utc_seconds) << text << " -> " << FormatIso8601(*got);
  EXPECT_EQ(got->offset_minutes, want.offset_minutes) << text;
  EXPECT_EQ(got->offset_known, want.offset_known) << text;
}

TEST(ParseDateRfc822, FullFormWithNumericOffset) {
  ExpectDate("Thu, 02 Oct 2025 11:53:00 +0800", At(kLocal - 8 * 3600, 480));
  ExpectDate("Thu, 02 Oct 2025 11:53:00 -0530", At(kLocal + 5 * 3600 + 1800, -330));
  ExpectDate("Thu, 02 Oct 2025 11:53:00 +08:00", At(kLocal - 8 * 3600, 480));
}

TEST(ParseDateRfc822, WithoutWeekdayOrSeconds) {
  ExpectDate("02 Oct 2025 11:53:00 GMT", At(kLocal, 0));
  ExpectDate("2 Oct 2025 11:53 GMT", At(kLocal, 0));
  ExpectDate("Thu,02 Oct 2025 11:53:00 GMT", At(kLocal, 0));
}

TEST(ParseDateRfc822, TwoDigitYears) {
  ExpectDate("Thu, 02 Oct 25 11:53:00 GMT", At(kLocal, 0));
  auto old = ParseDate("Sun, 19 May 02 15:21:36 GMT");
  ASSERT_TRUE(old);
  EXPECT_EQ(FormatIso8601(*old), "2002-05-19T15:21:36Z");
  auto nineties = ParseDate("Sat, 19 May 99 15:21:36 GMT");
  ASSERT_TRUE(nineties);
  EXPECT_EQ(FormatIso8601(*nineties), "1999-05-19T15:21:36Z");
}

TEST(ParseDateRfc822, NamedZones) {
  struct Case {
    const char* zone;
    int offset;
  } cases[] = {{"GMT", 0},     {"UT", 0},      {"UTC", 0},     {"Z", 0},       {"EST", -300},
               {"EDT", -240},  {"CST", -360},  {"CDT", -300},  {"MST", -420},  {"MDT", -360},
               {"PST", -480},  {"PDT", -420},  {"pst", -480},  {"A", 60},      {"M", 720},
               {"N", -60},     {"Y", -720}};
  for (const auto& c : cases) {
    ExpectDate(std::string("Thu, 02 Oct 2025 11:53:00 ") + c.zone,
               At(kLocal - int64_t{c.offset} * 60, c.offset));
  }
}

TEST(ParseDateRfc822, GmtPlusOffsets) {
  ExpectDate("Thu, 02 Oct 2025 11:53:00 GMT+8", At(kLocal - 8 * 3600, 480));
  ExpectDate("Thu, 02 Oct 2025 11:53:00 GMT+08:00", At(kLocal - 8 * 3600, 480));
  ExpectDate("Thu, 02 Oct 2025 11:53:00 UTC+8", At(kLocal - 8 * 3600, 480));
  ExpectDate("Thu, 02 Oct 2025 11:53:00 GMT-3", At(kLocal + 3 * 3600, -180));
  ExpectDate("Thu, 02 Oct 2025 11:53:00 GMT +0800", At(kLocal - 8 * 3600, 480));
}

TEST(ParseDateRfc822, MinusZeroMeansUnknownZone) {
  ExpectDate("Thu, 02 Oct 2025 11:53:00 -0000", At(kLocal, 0, false));
}

TEST(ParseDateRfc822, NoZoneIsUtcButUnknown) {
  ExpectDate("Thu, 02 Oct 2025 11:53:00", At(kLocal, 0, false));
  ExpectDate("02 Oct 2025", At(kLocal - (11 * 3600 + 53 * 60), 0, false));
}

TEST(ParseDateRfc822, WrongWeekdayIsIgnored) {
  ExpectDate("Mon, 02 Oct 2025 11:53:00 GMT", At(kLocal, 0));
}

TEST(ParseDateEnglish, MonthNamesAnyCaseFullOrShort) {
  ExpectDate("Thursday, 02 October 2025 11:53:00 GMT", At(kLocal, 0));
  ExpectDate("02 OCTOBER 2025 11:53:00 GMT", At(kLocal, 0));
  ExpectDate("02 oct 2025 11:53:00 GMT", At(kLocal, 0));
  ExpectDate("October 2, 2025 11:53 AM GMT", At(kLocal, 0));
  ExpectDate("October 2, 2025 11:53 PM", At(kLocal + 12 * 3600, 0, false));
  ExpectDate("Sept 2, 2025", At(1756771200, 0, false));
  ExpectDate("02-Oct-2025 11:53:00 +0000", At(kLocal, 0));
  ExpectDate("Thurs, 2 Oct. 2025 11:53:00 EDT", At(kLocal + 4 * 3600, -240));
}

TEST(ParseDateEnglish, AsctimeForms) {
  ExpectDate("Thu Oct  2 11:53:00 2025", At(kLocal, 0, false));
  ExpectDate("Thu Oct 2 11:53:00 PST 2025", At(kLocal + 8 * 3600, -480));
}

TEST(ParseDateIso, ExtendedForms) {
  ExpectDate("2025-10-02T11:53:00+08:00", At(kLocal - 8 * 3600, 480));
  ExpectDate("2025-10-02T11:53:00Z", At(kLocal, 0));
  ExpectDate("2025-10-02T11:53:00z", At(kLocal, 0));
  ExpectDate("2025-10-02T11:53Z", At(kLocal, 0));
  ExpectDate("2025-10-02T11:53:00.123456+08:00", At(kLocal - 8 * 3600, 480));
  ExpectDate("2025-10-02 11:53:00+0800", At(kLocal - 8 * 3600, 480));
  ExpectDate("2025-10-02T11:53:00+08", At(kLocal - 8 * 3600, 480));
  ExpectDate("2025-10-02T11:53:00-05:00", At(kLocal + 5 * 3600, -300));
  ExpectDate("2025-10-02 11:53:00 GMT+8", At(kLocal - 8 * 3600, 480));
}

TEST(ParseDateIso, BasicForms) {
  ExpectDate("20251002T115300Z", At(kLocal, 0));
  ExpectDate("20251002T115300+0800", At(kLocal - 8 * 3600, 480));
}

TEST(ParseDateIso, NoZoneOrDateOnly) {
  ExpectDate("2025-10-02T11:53:00", At(kLocal, 0, false));
  ExpectDate("2025-10-02", At(kLocal - (11 * 3600 + 53 * 60), 0, false));
  ExpectDate("2025/10/02", At(kLocal - (11 * 3600 + 53 * 60), 0, false));
  ExpectDate("  2025-10-02T11:53:00Z\n", At(kLocal, 0));
}

TEST(ParseDateIso, EdgeValues) {
  ExpectDate("2024-02-29T00:00:00Z", At(1709164800, 0));
  ExpectDate("2016-12-31T23:59:60Z", At(1483228799, 0));
  ExpectDate("2025-10-02T24:00:00Z", At(1759449600, 0));
}

TEST(ParseDateGarbage, ReturnsNothing) {
  const char* garbage[] = {
      "",
      "   ",
      "yesterday",
      "not a date at all",
      "2025-13-02T11:53:00Z",
      "2025-02-30",
      "2023-02-29",
      "2025-10-02T25:00:00Z",
      "2025-10-02T11:61:00Z",
      "2025-10-02T11:53:00+25:00",
      "2025-10-02T11:53:00 hello",
      "Thu, 32 Oct 2025 11:53:00 GMT",
      "Thu, 02 Foo 2025 11:53:00 GMT",
      "Thu, 02 Oct 11:53:00 GMT",
      "11:53:00",
      "Oct 2025",
      "12345",
      "2025",
      "1/2/3",
      "Thu, 02 Oct 2025 11:53:00 +08000",
      "\xff\xfe\x00garbage",
  };
  for (const char* g : garbage) {
    EXPECT_FALSE(ParseDate(g).has_value()) << "invented a date from: " << g;
  }
  EXPECT_FALSE(ParseDate(std::string(1000, '1')).has_value());
}

TEST(ParseDate, RoundTripsThroughFormatIso8601) {
  auto t = ParseDate("Thu, 02 Oct 2025 11:53:00 GMT+8");
  ASSERT_TRUE(t);
  EXPECT_EQ(FormatIso8601(*t), "2025-10-02T11:53:00+08:00");
  auto back = ParseDate(FormatIso8601(*t));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, *t);
}

}  // namespace
}  // namespace herald
