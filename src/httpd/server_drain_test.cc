// Drain, the graceful stop: no new connections, idle ones closed, requests
// in flight finished, and a bound on the wait.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "http_get.h"
#include "httpd/raw_client_test_support.h"
#include "httpd/server.h"

namespace herald::httpd {
namespace {

using herald::testing::HttpGet;
using testing::RawClient;

bool Eventually(const std::function<bool()>& condition) {
  for (int i = 0; i < 1000 && !condition(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return condition();
}

TEST(Drain, ClosesIdleConnectionsAndReturnsAtOnce) {
  auto server = Server::Start({}, [](const Request&) { return Response{200, "text/plain", {}, "hi"}; });
  ASSERT_TRUE(server.ok());
  RawClient idle((*server)->port());
  idle.Send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  idle.ReadUntil("hi");
  RawClient never_asked((*server)->port());
  ASSERT_TRUE(never_asked.connected());
  EXPECT_TRUE((*server)->Drain(std::chrono::seconds(20)));
  idle.ReadUntil("");
  EXPECT_TRUE(idle.closed_by_server());
  never_asked.ReadUntil("");
  EXPECT_TRUE(never_asked.closed_by_server());
  EXPECT_EQ(HttpGet((*server)->base_url() + "/").status, 0);  // no longer accepting
}

TEST(Drain, LetsTheRequestInFlightFinishAndRefusesNewOnes) {
  std::promise<void> entered, release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> first{true};
  auto server = Server::Start({}, [&](const Request&) {
    if (first.exchange(false)) {
      entered.set_value();
      released.wait();
    }
    return Response{200, "text/plain", {}, "finished"};
  });
  ASSERT_TRUE(server.ok());
  RawClient busy((*server)->port());
  busy.Send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");  // keep-alive asked for
  entered.get_future().wait();

  std::future<bool> drained = std::async(std::launch::async, [&] { return (*server)->Drain(std::chrono::seconds(20)); });
  // Once draining, a new connection is not served.
  EXPECT_TRUE(Eventually([&] { return HttpGet((*server)->base_url() + "/").status == 0; }));
  EXPECT_EQ(drained.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
  release.set_value();
  std::string reply = busy.ReadUntil("");
  EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << reply;
  EXPECT_NE(reply.find("Connection: close"), std::string::npos) << reply;
  EXPECT_NE(reply.find("finished"), std::string::npos);
  EXPECT_TRUE(drained.get());
}

TEST(Drain, GivesUpOnAnEndlessStreamAtTheTimeout) {
  auto calls = std::make_shared<std::atomic<int>>(0);
  auto server = Server::Start({}, [calls](const Request&) {
    Response r;
    r.stream = [calls](std::string& chunk) {
      ++*calls;
      chunk = "tick\n";
      return true;
    };
    r.stream_interval = std::chrono::milliseconds(20);
    return r;
  });
  ASSERT_TRUE(server.ok());
  RawClient listener((*server)->port());
  listener.Send("GET /endless HTTP/1.1\r\nHost: x\r\n\r\n");
  listener.ReadUntil("tick");
  EXPECT_FALSE((*server)->Drain(std::chrono::milliseconds(300)));
  listener.ReadUntil("");
  EXPECT_TRUE(listener.closed_by_server());
}

TEST(Drain, AfterStopAndTwiceIsHarmless) {
  auto server = Server::Start({}, [](const Request&) { return Response{}; });
  ASSERT_TRUE(server.ok());
  EXPECT_TRUE((*server)->Drain(std::chrono::seconds(5)));
  EXPECT_TRUE((*server)->Drain(std::chrono::seconds(5)));
  (*server)->Stop();
}

}  // namespace
}  // namespace herald::httpd
