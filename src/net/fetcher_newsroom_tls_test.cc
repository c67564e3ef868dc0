// HTTPS against herald's own TLS listener: the demo newsroom started with a
// certificate from a test CA made for the test. The fetcher must trust the
// CA only when FetchOptions::ca_file names it, and refuse a certificate made
// out for another host name even when its CA is trusted.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "demo/newsroom.h"
#include "net/fetcher.h"
#include "process.h"

namespace herald::net {
namespace {

using herald::testing::MakeTempDir;
using herald::testing::RemoveTree;
using herald::testing::RunProcess;
using herald::testing::WriteFile;

class NewsroomTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("herald-newsroom-tls-");
    Openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", kCurve, "-nodes", "-keyout", dir_ + "/ca.key", "-out",
             dir_ + "/ca.pem", "-days", "2", "-subj", "/CN=herald newsroom test CA"});
    IssueCertificate("newsroom", "IP:127.0.0.1,DNS:localhost");
    IssueCertificate("elsewhere", "DNS:elsewhere.example");
  }
  void TearDown() override {
    newsroom_.reset();
    RemoveTree(dir_);
  }

  // `name`.pem and `name`.key, signed by the test CA, for the names in `san`.
  void IssueCertificate(const std::string& name, const std::string& san) {
    const std::string base = dir_ + "/" + name;
    WriteFile(base + ".cnf", "subjectAltName=" + san + "\n");
    Openssl({"req", "-newkey", "ec", "-pkeyopt", kCurve, "-nodes", "-keyout", base + ".key", "-out", base + ".csr",
             "-subj", "/CN=" + name});
    Openssl({"x509", "-req", "-in", base + ".csr", "-CA", dir_ + "/ca.pem", "-CAkey", dir_ + "/ca.key",
             "-CAcreateserial", "-out", base + ".pem", "-days", "2", "-extfile", base + ".cnf"});
  }

  void Openssl(std::vector<std::string> args) {
    args.insert(args.begin(), "/usr/bin/openssl");
    auto r = RunProcess(args);
    ASSERT_EQ(r.exit_status, 0) << args[1] << ": " << r.err;
  }

  // The newsroom over HTTPS on 127.0.0.1 with certificate `name`.
  void StartNewsroom(const std::string& name) {
    auto server = demo::StartNewsroomTls("127.0.0.1", 0, dir_ + "/" + name + ".pem", dir_ + "/" + name + ".key");
    ASSERT_TRUE(server.ok()) << server.message();
    newsroom_ = std::move(*server);
  }

  FetchOptions Options(bool trust_test_ca) const {
    FetchOptions o;
    o.allow_private_networks = true;
    o.per_host_delay_ms = 0;
    o.max_retries = 0;
    o.timeout_seconds = 10;
    if (trust_test_ca) o.ca_file = dir_ + "/ca.pem";
    return o;
  }

  std::string Url(const std::string& path) const { return newsroom_->base_url() + path; }

  static constexpr const char* kCurve = "ec_paramgen_curve:prime256v1";
  std::string dir_;
  std::unique_ptr<httpd::Server> newsroom_;
};

TEST_F(NewsroomTlsTest, FetchesADemoFeedOverVerifiedTls) {
  StartNewsroom("newsroom");
  ASSERT_EQ(newsroom_->base_url().rfind("https://127.0.0.1:", 0), 0u) << newsroom_->base_url();
  const demo::FeedInfo& feed = demo::Feeds().front();
  httpd::Request request;
  request.method = "GET";
  request.path = feed.path;
  const std::string expected = demo::Serve(request, newsroom_->base_url()).body;
  ASSERT_NE(expected.find("https://127.0.0.1:"), std::string::npos) << "links follow the https scheme";

  Result<FetchResponse> r = Fetcher(Options(/*trust_test_ca=*/true)).Fetch({Url(feed.path), "", ""});
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->http_version, 11);  // the fetcher offers h2; the newsroom speaks HTTP/1.1
  EXPECT_EQ(r->body, expected);
  ASSERT_FALSE(r->etag.empty());

  Result<FetchResponse> again = Fetcher(Options(true)).Fetch({Url(feed.path), r->etag, ""});
  ASSERT_TRUE(again.ok()) << again.message();
  EXPECT_EQ(again->status, 304);
}

TEST_F(NewsroomTlsTest, WithoutTheTestCaTheCertificateIsNotTrusted) {
  StartNewsroom("newsroom");
  Result<FetchResponse> r = Fetcher(Options(/*trust_test_ca=*/false)).Fetch({Url("/"), "", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kNetwork);
  EXPECT_NE(r.message().find("certificate is not trusted"), std::string::npos) << r.message();
  EXPECT_NE(r.message().find("ca_file"), std::string::npos) << r.message();
  // The listener is unharmed by the refused handshake.
  EXPECT_TRUE(Fetcher(Options(true)).Fetch({Url("/"), "", ""}).ok());
}

TEST_F(NewsroomTlsTest, CertificateForAnotherHostNameIsRefusedByName) {
  StartNewsroom("elsewhere");
  Result<FetchResponse> r = Fetcher(Options(/*trust_test_ca=*/true)).Fetch({Url("/"), "", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kNetwork);
  EXPECT_EQ(r.message().rfind(Url("/"), 0), 0u) << r.message();
  EXPECT_NE(r.message().find("host name"), std::string::npos) << r.message();
  EXPECT_NE(r.message().find("127.0.0.1"), std::string::npos) << r.message();
}

TEST_F(NewsroomTlsTest, DripFaultOverTlsEndsAtTheTimeout) {
  StartNewsroom("newsroom");
  FetchOptions options = Options(true);
  options.timeout_seconds = 1;
  Result<FetchResponse> r = Fetcher(options).Fetch({Url("/faults/drip.xml"), "", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.message().find("timed out"), std::string::npos) << r.message();
}

}  // namespace
}  // namespace herald::net
