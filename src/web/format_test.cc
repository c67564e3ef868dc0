#include "web/format.h"

#include <gtest/gtest.h>

namespace herald::web {
namespace {

TEST(Format, PublishedInPublisherOffsetLikeTheSeedPage) {
  // 2025-10-02T11:53:00+08:00 == 03:53:00Z
  Timestamp t{1759377180, 480, true};
  EXPECT_EQ(FormatPublished(t), "Oct. 2, 2025 11:53 a.m. GMT+8");
  Timestamp ny{1759377180, -240, true};
  EXPECT_EQ(FormatPublished(ny), "Oct. 1, 2025 11:53 p.m. GMT-4");
  Timestamp utc{1759377180, 0, false};
  EXPECT_EQ(FormatPublished(utc), "Oct. 2, 2025 3:53 a.m. GMT");
}

TEST(Format, NoonMidnightAndOddZones) {
  EXPECT_EQ(FormatPublished({1759406400, 0, true}), "Oct. 2, 2025 12:00 p.m. GMT");
  EXPECT_EQ(FormatPublished({1759363200, 0, true}), "Oct. 2, 2025 12:00 a.m. GMT");
  EXPECT_EQ(FormatZone(330), "GMT+5:30");
  EXPECT_EQ(FormatZone(-570), "GMT-9:30");
  EXPECT_EQ(FormatPublished({1757030400, 0, true}).substr(0, 5), "Sept.");
}

}  // namespace
}  // namespace herald::web

namespace herald::web {
namespace {

TEST(TimeFormatter, SiteZoneAndLanguage) {
  Timestamp ny{1759377180, -240, true};  // 2025-10-01T23:53-04:00
  auto publisher = TimeFormatter::Create("", "en");
  ASSERT_TRUE(publisher.ok());
  EXPECT_EQ(publisher->Human(ny), "Oct. 1, 2025 11:53 p.m. GMT-4");
  auto shanghai = TimeFormatter::Create("Asia/Shanghai", "en");
  ASSERT_TRUE(shanghai.ok());
  EXPECT_EQ(shanghai->Human(ny), "Oct. 2, 2025 11:53 a.m. GMT+8");
  EXPECT_EQ(shanghai->Iso(ny), "2025-10-02T11:53:00+08:00");
  auto zh = TimeFormatter::Create("Asia/Shanghai", "zh");
  EXPECT_EQ(zh->Human(ny), "2025年10月2日 11:53 GMT+8");
  // Daylight saving: London is GMT+1 in October.
  EXPECT_EQ(TimeFormatter::Create("Europe/London", "en")->Human(ny), "Oct. 2, 2025 4:53 a.m. GMT+1");
}

TEST(TimeFormatter, UnknownZoneIsAClearError) {
  auto bad = TimeFormatter::Create("Mars/Olympus", "en");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.message().find("Mars/Olympus"), std::string::npos);
  EXPECT_NE(bad.message().find("Asia/Shanghai"), std::string::npos);
}

}  // namespace
}  // namespace herald::web
