#include <gtest/gtest.h>

#include "demo/content.h"
#include "demo/dates.h"

namespace herald::demo {
namespace {

TEST(DemoDates, PrintsTheForms) {
  LocalTime t{2025, 10, 2, 11, 53, 8 * 60};
  EXPECT_EQ(Iso8601(t), "2025-10-02T11:53:00+08:00");
  EXPECT_EQ(Rfc822(t), "Thu, 02 Oct 2025 11:53:00 +0800");
  EXPECT_EQ(Rfc822(LocalTime{2025, 9, 29, 5, 30, -4 * 60}), "Mon, 29 Sep 2025 05:30:00 -0400");
  EXPECT_EQ(HttpDate(ToTimestamp(t).utc_seconds), "Thu, 02 Oct 2025 03:53:00 GMT");
  EXPECT_EQ(FormatIso8601(ToTimestamp(LocalTime{2025, 9, 30, 12, 5, 0})), "2025-09-30T12:05:00Z");
}

TEST(DemoDates, ParsesOnlyHttpDates) {
  int64_t t = ToTimestamp(LocalTime{2025, 10, 2, 3, 53, 0}).utc_seconds;
  EXPECT_EQ(ParseHttpDate("Thu, 02 Oct 2025 03:53:00 GMT"), t);
  EXPECT_EQ(ParseHttpDate(HttpDate(t + 59)), t + 59);
  EXPECT_FALSE(ParseHttpDate(""));
  EXPECT_FALSE(ParseHttpDate("yesterday"));
  EXPECT_FALSE(ParseHttpDate("Thu, 02 Oct 2025 03:53:00 +0800"));
  EXPECT_FALSE(ParseHttpDate("Thu, 02 Foo 2025 03:53:00 GMT"));
  EXPECT_FALSE(ParseHttpDate("Thu, 02 Oct 2025 03:53:00 GMT trailing"));
  EXPECT_FALSE(ParseHttpDate("Thu, 02 Oct 2025 25:00:00 GMT"));
}

}  // namespace
}  // namespace herald::demo
