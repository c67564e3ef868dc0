// HTTPS against real TLS servers on loopback: nghttpd (Debian's HTTP/2
// server) and `openssl s_server` (HTTP/1.x), both with a certificate from a
// test CA made for the test. The fetcher must verify the peer, trust the CA
// only when FetchOptions::ca_file names it, and negotiate HTTP/2 when offered.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "net/fetcher.h"
#include "process.h"

namespace herald::net {
namespace {

using herald::testing::FreeLoopbackPort;
using herald::testing::MakeTempDir;
using herald::testing::RemoveTree;
using herald::testing::RunProcess;
using herald::testing::StartProcess;
using herald::testing::StopProcess;
using herald::testing::WriteFile;

constexpr const char* kFeed = "<rss version=\"2.0\"><channel><title>TLS desk</title></channel></rss>\n";

// A test CA and a server certificate for 127.0.0.1 signed by it.
class TlsFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("herald-tls-");
    WriteFile(dir_ + "/feed.xml", kFeed);
    WriteFile(dir_ + "/san.cnf", "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    const std::string ec = "ec_paramgen_curve:prime256v1";
    Openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", ec, "-nodes", "-keyout", dir_ + "/ca.key", "-out",
             dir_ + "/ca.pem", "-days", "2", "-subj", "/CN=herald test CA"});
    Openssl({"req", "-newkey", "ec", "-pkeyopt", ec, "-nodes", "-keyout", dir_ + "/server.key", "-out",
             dir_ + "/server.csr", "-subj", "/CN=localhost"});
    Openssl({"x509", "-req", "-in", dir_ + "/server.csr", "-CA", dir_ + "/ca.pem", "-CAkey", dir_ + "/ca.key",
             "-CAcreateserial", "-out", dir_ + "/server.pem", "-days", "2", "-extfile", dir_ + "/san.cnf"});
    port_ = FreeLoopbackPort();
  }
  void TearDown() override {
    if (server_ > 0) StopProcess(server_, 5);
    RemoveTree(dir_);
  }

  void Openssl(std::vector<std::string> args) {
    args.insert(args.begin(), "/usr/bin/openssl");
    auto r = RunProcess(args);
    ASSERT_EQ(r.exit_status, 0) << args[1] << ": " << r.err;
  }

  void Start(std::vector<std::string> argv) { server_ = StartProcess(argv, dir_ + "/server.log"); }

  std::string Url() const { return "https://127.0.0.1:" + std::to_string(port_) + "/feed.xml"; }

  FetchOptions Options(bool trust_test_ca) const {
    FetchOptions o;
    o.allow_private_networks = true;
    o.per_host_delay_ms = 0;
    o.max_retries = 0;
    o.timeout_seconds = 10;
    if (trust_test_ca) o.ca_file = dir_ + "/ca.pem";
    return o;
  }

  // The server needs a moment to listen: retry until it answers (10 s at most).
  Result<FetchResponse> FetchWhenUp(const FetchOptions& options) {
    Result<FetchResponse> r = MakeError(ErrorKind::kNetwork, "server never started; see " + dir_ + "/server.log");
    for (int attempt = 0; attempt < 100; ++attempt) {
      r = Fetcher(options).Fetch({Url(), "", ""});
      if (r.ok() || r.message().find("cannot connect") == std::string::npos) return r;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return r;
  }

  std::string dir_;
  int port_ = 0;
  pid_t server_ = -1;
};

TEST_F(TlsFixture, Http2OverVerifiedTlsWithNghttpd) {
  Start({"/usr/sbin/nghttpd", "--htdocs=" + dir_, "--address=127.0.0.1", std::to_string(port_), dir_ + "/server.key",
         dir_ + "/server.pem"});
  Result<FetchResponse> r = FetchWhenUp(Options(/*trust_test_ca=*/true));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->http_version, 20);
  EXPECT_EQ(r->body, kFeed);
}

TEST_F(TlsFixture, UntrustedCertificateIsRefusedWithAHint) {
  Start({"/usr/sbin/nghttpd", "--htdocs=" + dir_, "--address=127.0.0.1", std::to_string(port_), dir_ + "/server.key",
         dir_ + "/server.pem"});
  ASSERT_TRUE(FetchWhenUp(Options(true)).ok());  // up, and fine with the CA
  Result<FetchResponse> r = Fetcher(Options(/*trust_test_ca=*/false)).Fetch({Url(), "", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kNetwork);
  EXPECT_NE(r.message().find("certificate is not trusted"), std::string::npos) << r.message();
  EXPECT_NE(r.message().find("ca_file"), std::string::npos) << r.message();
}

TEST_F(TlsFixture, Http1OverTlsWithOpensslServer) {
  // s_server -WWW serves files relative to its working directory.
  Start({"/bin/sh", "-c",
         "cd '" + dir_ + "' && exec openssl s_server -quiet -WWW -accept 127.0.0.1:" + std::to_string(port_) +
             " -cert server.pem -key server.key"});
  Result<FetchResponse> r = FetchWhenUp(Options(/*trust_test_ca=*/true));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->http_version, 10);  // s_server -WWW answers HTTP/1.0
  EXPECT_EQ(r->body, kFeed);
}

}  // namespace
}  // namespace herald::net
