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
