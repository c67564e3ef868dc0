#include "pipeline/work_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace herald::pipeline {
namespace {

TEST(WorkQueueTest, PopReturnsItemsInOrderThenNulloptAfterClose) {
  WorkQueue<int> queue(4);
  queue.Push(1);
  queue.Push(2);
  queue.Close();
  EXPECT_EQ(queue.Pop(), 1);
  EXPECT_EQ(queue.Pop(), 2);
  EXPECT_EQ(queue.Pop(), std::nullopt);
  queue.Push(3);  // dropped: the queue is closed
  EXPECT_EQ(queue.Pop(), std::nullopt);
}

TEST(WorkQueueTest, TryPopNeverWaits) {
  WorkQueue<int> queue(2);
  EXPECT_EQ(queue.TryPop(), std::nullopt);
  queue.Push(7);
  EXPECT_EQ(queue.TryPop(), 7);
  EXPECT_EQ(queue.TryPop(), std::nullopt);
}

TEST(WorkQueueTest, EveryItemReachesExactlyOneConsumer) {
  WorkQueue<int> queue(2);  // small: the producer must wait for consumers
  constexpr int kItems = 10000;
  std::vector<std::atomic<int>> seen(kItems);
  std::vector<std::thread> consumers;
  for (int c = 0; c < 3; ++c) {
    consumers.emplace_back([&] {
      while (auto item = queue.Pop()) seen[*item].fetch_add(1);
    });
  }
  for (int i = 0; i < kItems; ++i) queue.Push(i);
  queue.Close();
  for (auto& t : consumers) t.join();
  for (int i = 0; i < kItems; ++i) ASSERT_EQ(seen[i].load(), 1) << "item " << i;
}

TEST(WorkQueueTest, CloseWakesAProducerBlockedOnAFullQueue) {
  WorkQueue<int> queue(1);
  queue.Push(1);
  std::thread producer([&] { queue.Push(2); });  // blocks: full
  queue.Close();
  producer.join();  // returns: Close released it, and its item was dropped
  EXPECT_EQ(queue.Pop(), 1);
  EXPECT_EQ(queue.Pop(), std::nullopt);
}

}  // namespace
}  // namespace herald::pipeline
