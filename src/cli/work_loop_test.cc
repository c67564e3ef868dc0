#include "cli/work_loop.h"

#include <gtest/gtest.h>

#include <unistd.h>

namespace herald::cli {
namespace {

TEST(WorkLoopTest, BackoffDoublesFromOneSecondUpToTheCap) {
  EXPECT_EQ(BackoffSeconds(1, 60, 0.0), 1);
  EXPECT_EQ(BackoffSeconds(2, 60, 0.0), 2);
  EXPECT_EQ(BackoffSeconds(3, 60, 0.0), 4);
  EXPECT_EQ(BackoffSeconds(6, 60, 0.0), 32);
  EXPECT_EQ(BackoffSeconds(7, 60, 0.0), 60);
  EXPECT_EQ(BackoffSeconds(1000, 60, 0.0), 60);
}

TEST(WorkLoopTest, JitterShortensTheWaitByAtMostAHalfAndNeverBelowOneSecond) {
  EXPECT_EQ(BackoffSeconds(7, 60, 0.999), 31);
  EXPECT_EQ(BackoffSeconds(5, 60, 0.5), 12);
  EXPECT_EQ(BackoffSeconds(1, 60, 0.999), 1);
  EXPECT_EQ(BackoffSeconds(3, 0, 0.5), 1);  // a cap below one second still waits one
  EXPECT_EQ(BackoffSeconds(0, 60, 0.0), 1);
}

TEST(WorkLoopTest, WorkerIdNamesThisHostAndProcess) {
  std::string id = ThisWorkerId();
  EXPECT_EQ(id.substr(id.rfind(':') + 1), std::to_string(getpid()));
}

}  // namespace
}  // namespace herald::cli
