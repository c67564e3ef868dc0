// SIGTERM with a request in flight, end to end: the real `herald serve`
// binary gets the signal while a client is still sending a request body.
// That request is answered 200 (with "Connection: close"), new connections
// are refused meanwhile, and the process exits cleanly within
// [site] shutdown_timeout_seconds. (httpd/server_drain_test.cc covers
// Server::Drain itself; this covers the signal reaching it.)
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "http_get.h"
#include "httpd/raw_client_test_support.h"
#include "process.h"

namespace herald::testing {
namespace {

const std::string kHerald = HERALD_BINARY_DIR "/herald";

bool Eventually(const std::function<bool()>& condition, int seconds = 30) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

class ShutdownTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = herald::testing::MakeTempDir("herald-shutdown");
    port_ = herald::testing::FreeLoopbackPort();
    base_ = "http://127.0.0.1:" + std::to_string(port_);
  }
  void TearDown() override {
    if (pid_ > 0) herald::testing::StopProcess(pid_, 5);
    if (!dir_.empty()) herald::testing::RemoveTree(dir_);
  }

  void Serve(int shutdown_timeout_seconds) {
    herald::testing::WriteFile(dir_ + "/herald.toml", "[site]\nshutdown_timeout_seconds = " +
                                                          std::to_string(shutdown_timeout_seconds) + "\n");
    pid_ = herald::testing::StartProcess({kHerald, "--config", dir_ + "/herald.toml", "--data", dir_ + "/data",
                                          "--listen", "127.0.0.1:" + std::to_string(port_), "serve"},
                                         dir_ + "/herald.log");
    ASSERT_GT(pid_, 0);
    ASSERT_TRUE(Eventually([&] { return HttpGet(base_ + "/").status == 200; })) << Log();
  }

  // A request whose header has arrived and whose body has not: in flight.
  // It rides behind a whole request on the same connection, so the server
  // holds its first bytes when it starts on it (never "idle").
  void StartSlowRequest(httpd::testing::RawClient& client) {
    ASSERT_TRUE(client.connected());
    ASSERT_TRUE(client.Send("GET /?first HTTP/1.1\r\nHost: x\r\n\r\n"
                            "GET /?slow HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nab"));
    client.ReadUntil("</html>");
    // Let the server finish the first answer and start on the second.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }

  // The exit status once the process has ended (-1: killed by a signal,
  // -2: still running after `seconds`).
  int WaitForExit(int seconds) {
    int status = 0;
    bool ended = Eventually([&] { return waitpid(pid_, &status, WNOHANG) == pid_; }, seconds);
    if (!ended) return -2;
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  std::string Log() const { return herald::testing::ReadFile(dir_ + "/herald.log"); }

  std::string dir_, base_;
  int port_ = 0;
  pid_t pid_ = -1;
};

TEST_F(ShutdownTest, SigtermLetsTheRequestInFlightFinishAndRefusesNewConnections) {
  Serve(/*shutdown_timeout_seconds=*/20);
  httpd::testing::RawClient client(static_cast<uint16_t>(port_));
  StartSlowRequest(client);

  ASSERT_EQ(kill(pid_, SIGTERM), 0);
  EXPECT_TRUE(Eventually([&] { return HttpGet(base_ + "/").status == 0; })) << "still accepting after SIGTERM";
  int status = 0;
  EXPECT_EQ(waitpid(pid_, &status, WNOHANG), 0) << "exited with a request in flight";

  ASSERT_TRUE(client.Send("cdef"));  // the rest of the body
  std::string replies = client.ReadUntil("");
  size_t second = replies.find("HTTP/1.1", 1);
  ASSERT_NE(second, std::string::npos) << replies;
  std::string reply = replies.substr(second);
  EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << reply;
  EXPECT_NE(reply.find("Connection: close"), std::string::npos) << reply;
  EXPECT_NE(reply.find("</html>"), std::string::npos);
  EXPECT_TRUE(client.closed_by_server());

  EXPECT_EQ(WaitForExit(20), 0) << Log();
  EXPECT_NE(Log().find("finishing requests in flight"), std::string::npos) << Log();
  EXPECT_EQ(Log().find("cut off"), std::string::npos) << Log();
}

TEST_F(ShutdownTest, SigtermCutsOffARequestThatOutlastsTheTimeout) {
  Serve(/*shutdown_timeout_seconds=*/1);
  httpd::testing::RawClient client(static_cast<uint16_t>(port_));
  StartSlowRequest(client);  // and never finished

  ASSERT_EQ(kill(pid_, SIGTERM), 0);
  EXPECT_EQ(WaitForExit(20), 0) << Log();
  client.ReadUntil("");
  EXPECT_TRUE(client.closed_by_server());
  EXPECT_NE(Log().find("cut off"), std::string::npos) << Log();
}

}  // namespace
}  // namespace herald::testing
