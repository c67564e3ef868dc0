#include "net/retry_policy.h"

#include <gtest/gtest.h>

namespace herald::net {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(RetryPolicyTest, OnlyOverloadAndGatewayStatusesAreTransient) {
  for (int status : {429, 502, 503, 504}) EXPECT_TRUE(IsTransientStatus(status)) << status;
  for (int status : {200, 304, 400, 401, 403, 404, 410, 500, 501}) EXPECT_FALSE(IsTransientStatus(status)) << status;
}

TEST(RetryPolicyTest, BackoffDoublesAndJitterStaysBetweenHalfAndAll) {
  EXPECT_EQ(BackoffDelay(0, milliseconds(100), 0.0, seconds(120)), milliseconds(50));
  EXPECT_EQ(BackoffDelay(0, milliseconds(100), 0.999999, seconds(120)), milliseconds(99));
  EXPECT_EQ(BackoffDelay(1, milliseconds(100), 0.0, seconds(120)), milliseconds(100));
  EXPECT_EQ(BackoffDelay(3, milliseconds(100), 0.0, seconds(120)), milliseconds(400));
}

TEST(RetryPolicyTest, BackoffIsCappedEvenForHugeRetryCounts) {
  EXPECT_EQ(BackoffDelay(5, milliseconds(1000), 0.0, milliseconds(2000)), milliseconds(1000));
  EXPECT_EQ(BackoffDelay(1000, milliseconds(1000), 1.0, seconds(120)), seconds(120));
  EXPECT_EQ(BackoffDelay(-3, milliseconds(-5), 0.5, seconds(1)), milliseconds(0));
}

TEST(RetryPolicyTest, RetryAfterSecondsAndHttpDates) {
  const long long now = 1759312800;  // Wed, 01 Oct 2025 10:00:00 GMT
  EXPECT_EQ(ParseRetryAfter("120", now), seconds(120));
  EXPECT_EQ(ParseRetryAfter(" 0 ", now), seconds(0));
  EXPECT_EQ(ParseRetryAfter("Wed, 01 Oct 2025 10:01:30 GMT", now), seconds(90));
  EXPECT_EQ(ParseRetryAfter("Wednesday, 01-Oct-25 10:00:05 GMT", now), seconds(5));  // RFC 850
  EXPECT_EQ(ParseRetryAfter("Wed Oct  1 10:00:07 2025", now), seconds(7));           // asctime
  EXPECT_EQ(ParseRetryAfter("Tue, 30 Sep 2025 10:00:00 GMT", now), seconds(0));      // past
}

TEST(RetryPolicyTest, HostileRetryAfterIsRejectedOrSaturated) {
  EXPECT_EQ(ParseRetryAfter("", 0), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("soon", 0), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("-5", 0), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("99999999999999999999999", 0), seconds(999999999));
}

}  // namespace
}  // namespace herald::net
