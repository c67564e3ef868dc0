#include "httpd/server.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "http_get.h"
#include "httpd/raw_client_test_support.h"
#include "process.h"

namespace herald::httpd {
namespace {

using herald::testing::HttpGet;
using testing::RawClient;

// A producer of `pieces` numbered pieces ("0;1;2;..."), counting its calls.
std::function<bool(std::string&)> Counting(int pieces, std::shared_ptr<std::atomic<int>> calls) {
  return [pieces, calls, next = 0](std::string& chunk) mutable {
    ++*calls;
    if (next == pieces) return false;
    chunk = std::to_string(next++) + ";";
    return true;
  };
}

// Waits up to 10 s for `condition`; the test asserts on the result.
bool Eventually(const std::function<bool()>& condition) {
  for (int i = 0; i < 1000 && !condition(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return condition();
}

TEST(HttpServer, ServesHandlerResponsesWithDecodedRequest) {
  auto server = Server::Start({}, [](const Request& req) {
    Response r;
    r.content_type = "text/plain";
    r.headers.push_back({"X-Test", "yes"});
    r.body = req.method + " " + req.path + " q=" + (req.query.count("q") ? req.query.at("q") : "-") +
             " ua=" + req.Header("user-agent") + " ip=" + req.remote_ip;
    return r;
  });
  ASSERT_TRUE(server.ok()) << server.message();
  uint16_t port = (*server)->port();
  ASSERT_NE(port, 0);
  auto res = HttpGet((*server)->base_url() + "/a%20b?q=%E5%8F%B0+x", {{"User-Agent", "tester"}});
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "GET /a b q=台 x ua=tester ip=127.0.0.1");
  EXPECT_EQ(res.headers["x-test"], "yes");
  EXPECT_EQ(res.content_type, "text/plain");
}

TEST(HttpServer, HandlerExceptionBecomes500) {
  auto server = Server::Start({}, [](const Request&) -> Response { throw std::runtime_error("boom"); });
  ASSERT_TRUE(server.ok());
  auto res = HttpGet((*server)->base_url() + "/");
  EXPECT_EQ(res.status, 500);
  EXPECT_EQ(res.body.find("boom"), std::string::npos);  // no internals leak
}

TEST(HttpServer, ManySequentialRequestsAndStopIsIdempotent) {
  std::atomic<int> hits{0};
  auto server = Server::Start({}, [&](const Request&) { ++hits; return Response{}; });
  ASSERT_TRUE(server.ok());
  for (int i = 0; i < 50; ++i) EXPECT_EQ(HttpGet((*server)->base_url() + "/").status, 200);
  EXPECT_EQ(hits.load(), 50);
  (*server)->Stop();
  (*server)->Stop();
  EXPECT_EQ(HttpGet((*server)->base_url() + "/").status, 0);
}

TEST(HttpServer, ListenOnBusyPortIsAClearError) {
  auto first = Server::Start({}, [](const Request&) { return Response{}; });
  ASSERT_TRUE(first.ok());
  ServerOptions opts;
  opts.port = (*first)->port();
  auto second = Server::Start(opts, [](const Request&) { return Response{}; });
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.message().find("--listen"), std::string::npos) << second.message();
}

TEST(HttpStreaming, StreamedBodyArrivesChunkedAndWhole) {
  auto calls = std::make_shared<std::atomic<int>>(0);
  auto server = Server::Start({}, [&](const Request&) {
    Response r;
    r.content_type = "application/rss+xml";
    r.headers.push_back({"X-Streamed", "yes"});
    r.stream = Counting(5, calls);
    r.stream_interval = std::chrono::milliseconds(5);
    return r;
  });
  ASSERT_TRUE(server.ok());
  auto res = HttpGet((*server)->base_url() + "/drip");
  EXPECT_EQ(res.status, 200) << res.error;
  EXPECT_EQ(res.body, "0;1;2;3;4;");
  EXPECT_EQ(res.headers["transfer-encoding"], "chunked");
  EXPECT_EQ(res.headers["x-streamed"], "yes");
  EXPECT_EQ(res.content_type, "application/rss+xml");
  EXPECT_EQ(calls->load(), 6);  // five pieces, then "done"
}

TEST(HttpStreaming, EmptyPiecesAreSkippedNotTakenForTheEnd) {
  auto server = Server::Start({}, [](const Request&) {
    Response r;
    r.stream = [n = 0](std::string& chunk) mutable {
      ++n;
      if (n % 2 == 1) return n < 8;  // odd calls give nothing
      chunk = "x";
      return true;
    };
    return r;
  });
  ASSERT_TRUE(server.ok());
  EXPECT_EQ(HttpGet((*server)->base_url() + "/").body, "xxxx");
}

TEST(HttpStreaming, ConnectionIsKeptAliveAfterAStreamedBody) {
  auto calls = std::make_shared<std::atomic<int>>(0);
  auto server = Server::Start({}, [&](const Request& req) {
    Response r;
    if (req.path == "/stream") r.stream = Counting(2, calls);
    else r.body = "plain after stream";
    return r;
  });
  ASSERT_TRUE(server.ok());
  RawClient client((*server)->port());
  ASSERT_TRUE(client.connected());
  client.Send("GET /stream HTTP/1.1\r\nHost: t\r\n\r\n");
  std::string first = client.ReadUntil("0\r\n\r\n");
  EXPECT_NE(first.find("Transfer-Encoding: chunked"), std::string::npos) << first;
  EXPECT_NE(first.find("2\r\n0;\r\n2\r\n1;\r\n0\r\n\r\n"), std::string::npos) << first;
  client.Send("GET /next HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  EXPECT_NE(client.ReadUntil("").find("plain after stream"), std::string::npos);
}

TEST(HttpStreaming, Http10ClientGetsPlainBytesThenClose) {
  auto calls = std::make_shared<std::atomic<int>>(0);
  auto server = Server::Start({}, [&](const Request&) {
    Response r;
    r.stream = Counting(3, calls);
    return r;
  });
  ASSERT_TRUE(server.ok());
  RawClient client((*server)->port());
  ASSERT_TRUE(client.connected());
  client.Send("GET / HTTP/1.0\r\n\r\n");
  std::string all = client.ReadUntil("");  // ends because the server closes
  EXPECT_EQ(all.find("chunked"), std::string::npos) << all;
  EXPECT_EQ(all.substr(all.size() - 6), "0;1;2;") << all;
}

TEST(HttpStreaming, HeadSendsTheHeaderWithoutCallingTheProducer) {
  auto calls = std::make_shared<std::atomic<int>>(0);
  auto server = Server::Start({}, [&](const Request&) {
    Response r;
    r.stream = Counting(3, calls);
    return r;
  });
  ASSERT_TRUE(server.ok());
  RawClient client((*server)->port());
  ASSERT_TRUE(client.connected());
  client.Send("HEAD / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  std::string all = client.ReadUntil("");
  EXPECT_EQ(all.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << all;
  EXPECT_EQ(all.substr(all.size() - 4), "\r\n\r\n") << all;  // nothing after the header
  EXPECT_EQ(calls->load(), 0);
}

TEST(HttpStreaming, ClientHangingUpStopsTheProducer) {
  std::mutex mu;
  std::weak_ptr<int> producer_alive;  // expires when the server drops the producer
  auto server = Server::Start({}, [&](const Request&) {
    auto token = std::make_shared<int>(0);
    {
      std::lock_guard<std::mutex> lock(mu);
      producer_alive = token;
    }
    Response r;
    r.stream = [token](std::string& chunk) {
      chunk = "<item>again</item>";
      return true;  // never done
    };
    r.stream_interval = std::chrono::milliseconds(20);
    return r;
  });
  ASSERT_TRUE(server.ok());
  {
    RawClient client((*server)->port());
    ASSERT_TRUE(client.connected());
    client.Send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
    client.ReadUntil("again</item>\r\n");
  }  // hangs up mid-body
  EXPECT_TRUE(Eventually([&] {
    std::lock_guard<std::mutex> lock(mu);
    return producer_alive.expired();
  })) << "the endless producer is still running";
}

TEST(HttpStreaming, ThrowingProducerCutsTheBodyShort) {
  auto server = Server::Start({}, [](const Request&) {
    Response r;
    r.stream = [n = 0](std::string& chunk) mutable -> bool {
      if (++n > 2) throw std::runtime_error("producer broke");
      chunk = "part";
      return true;
    };
    return r;
  });
  ASSERT_TRUE(server.ok());
  auto res = HttpGet((*server)->base_url() + "/");
  EXPECT_EQ(res.status, 0);  // an unfinished chunked body is an error to the client, not a short success
  EXPECT_FALSE(res.error.empty());
  EXPECT_EQ(HttpGet((*server)->base_url() + "/").status, 0);  // and the server still answers (the same way)
}

TEST(HttpStreaming, StopDoesNotWaitForAnEndlessStream) {
  auto calls = std::make_shared<std::atomic<int>>(0);
  auto server = Server::Start({}, [&](const Request&) {
    Response r;
    r.stream = [calls](std::string& chunk) {
      ++*calls;
      chunk.assign(1024, 'x');
      return true;
    };
    return r;
  });
  ASSERT_TRUE(server.ok());
  herald::testing::HttpResult res;
  std::thread client([&] { res = HttpGet((*server)->base_url() + "/endless"); });
  EXPECT_TRUE(Eventually([&] { return calls->load() > 10; }));
  (*server)->Stop();  // returns, and the client sees the connection end (not its 30 s timeout)
  client.join();
  EXPECT_EQ(res.status, 0);
  EXPECT_FALSE(res.error.empty());
}

// HTTPS with a self-signed certificate for 127.0.0.1 made for the test.
class HttpsServer : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = herald::testing::MakeTempDir("herald-httpd-tls-");
    MakeCertificate("good", "IP:127.0.0.1,DNS:localhost");
    MakeCertificate("other", "DNS:other.example");
  }
  void TearDown() override { herald::testing::RemoveTree(dir_); }

  void MakeCertificate(const std::string& name, const std::string& san) {
    auto r = herald::testing::RunProcess({"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                                          "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                                          dir_ + "/" + name + ".key", "-out", dir_ + "/" + name + ".pem", "-days",
                                          "2", "-subj", "/CN=herald httpd test", "-addext", "subjectAltName=" + san});
    ASSERT_EQ(r.exit_status, 0) << r.err;
  }

  ServerOptions Tls(const std::string& cert, const std::string& key) const {
    ServerOptions o;
    o.tls_cert_file = cert.empty() ? "" : dir_ + "/" + cert;
    o.tls_key_file = key.empty() ? "" : dir_ + "/" + key;
    return o;
  }

  struct Answer {
    long status = 0;
    long http_version = 0;
    std::string body;
    std::string error;
  };
  // GET trusting the test certificate, offering h2 and http/1.1 as browsers do.
  Answer Get(const std::string& url) const {
    Answer a;
    CURL* curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CAINFO, (dir_ + "/good.pem").c_str());
    curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, +[](char* d, size_t s, size_t n, void* out) {
      static_cast<std::string*>(out)->append(d, s * n);
      return s * n;
    });
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &a.body);
    CURLcode rc = curl_easy_perform(curl);
    if (rc == CURLE_OK) {
      curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &a.status);
      curl_easy_getinfo(curl, CURLINFO_HTTP_VERSION, &a.http_version);
    } else {
      a.error = curl_easy_strerror(rc);
    }
    curl_easy_cleanup(curl);
    return a;
  }

  std::string dir_;
};

TEST_F(HttpsServer, ServesHttp11OverVerifiedTls) {
  auto server = Server::Start(Tls("good.pem", "good.key"), [](const Request& req) {
    Response r;
    r.body = "secure " + req.path;
    return r;
  });
  ASSERT_TRUE(server.ok()) << server.message();
  EXPECT_EQ((*server)->base_url().rfind("https://127.0.0.1:", 0), 0u) << (*server)->base_url();
  for (int i = 0; i < 3; ++i) {  // fresh handshakes each time
    Answer a = Get((*server)->base_url() + "/feed.xml");
    EXPECT_EQ(a.status, 200) << a.error;
    EXPECT_EQ(a.http_version, CURL_HTTP_VERSION_1_1);  // h2 was offered, http/1.1 chosen
    EXPECT_EQ(a.body, "secure /feed.xml");
  }
}

TEST_F(HttpsServer, StreamsOverTls) {
  auto calls = std::make_shared<std::atomic<int>>(0);
  auto server = Server::Start(Tls("good.pem", "good.key"), [&](const Request&) {
    Response r;
    r.stream = Counting(4, calls);
    return r;
  });
  ASSERT_TRUE(server.ok()) << server.message();
  Answer a = Get((*server)->base_url() + "/");
  EXPECT_EQ(a.status, 200) << a.error;
  EXPECT_EQ(a.body, "0;1;2;3;");
}

TEST_F(HttpsServer, PlainHttpAndGarbageOnTheTlsPortDoNotHurtIt) {
  auto server = Server::Start(Tls("good.pem", "good.key"), [](const Request&) { return Response{}; });
  ASSERT_TRUE(server.ok()) << server.message();
  std::string port = std::to_string((*server)->port());
  EXPECT_EQ(HttpGet("http://127.0.0.1:" + port + "/").status, 0);
  {
    RawClient client((*server)->port());
    ASSERT_TRUE(client.connected());
    client.Send(std::string("\x16\x03\x01\x00\x05hello\xff\xff", 12));
    client.ReadUntil("");  // the server gives up on it
  }
  EXPECT_EQ(Get((*server)->base_url() + "/").status, 200);
}

TEST_F(HttpsServer, CertificateForAnotherHostFailsVerification) {
  auto server = Server::Start(Tls("other.pem", "other.key"), [](const Request&) { return Response{}; });
  ASSERT_TRUE(server.ok()) << server.message();
  Answer a = Get((*server)->base_url() + "/");
  EXPECT_EQ(a.status, 0);
  EXPECT_FALSE(a.error.empty());
}

TEST_F(HttpsServer, BadCertificateOrKeyIsAClearStartError) {
  herald::testing::WriteFile(dir_ + "/junk.pem", "-----BEGIN CERTIFICATE-----\nnot base64 at all\n");
  struct Case {
    std::string cert, key, expect;
  } cases[] = {
      {"missing.pem", "good.key", "missing.pem"},
      {"junk.pem", "good.key", "junk.pem"},
      {"good.pem", "missing.key", "missing.key"},
      {"good.pem", "other.key", "mismatch"},
      {"good.pem", "", "both"},
      {"", "good.key", "both"},
  };
  for (const Case& c : cases) {
    auto server = Server::Start(Tls(c.cert, c.key), [](const Request&) { return Response{}; });
    ASSERT_FALSE(server.ok()) << c.cert << " " << c.key;
    EXPECT_EQ(server.error().kind, ErrorKind::kInvalidInput);
    EXPECT_NE(server.message().find(c.expect), std::string::npos) << server.message();
    EXPECT_NE(server.message().find("--tls-"), std::string::npos) << server.message();
  }
}

TEST(ListenAddress, ParsesAndRejects) {
  auto a = ParseListenAddress("127.0.0.1:8080");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->first, "127.0.0.1");
  EXPECT_EQ(a->second, 8080);
  auto b = ParseListenAddress("[::1]:9");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->first, "::1");
  for (const char* bad : {"", "8080", "host:", ":80", "h:99999", "h:8o"}) {
    auto r = ParseListenAddress(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) { EXPECT_NE(r.message().find("HOST:PORT"), std::string::npos); }
  }
}

TEST(PercentDecode, HandlesTruncatedEscapes) {
  EXPECT_EQ(PercentDecode("%41%4", false), "A%4");
  EXPECT_EQ(PercentDecode("%zz+", false), "%zz+");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
}

}  // namespace
}  // namespace herald::httpd
