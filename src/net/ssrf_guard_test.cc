#include "net/ssrf_guard.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <string>

#include "net/fetcher.h"
#include "net/testutil.h"

namespace herald::net {
namespace {

using testing::FixtureSite;
using testing::Get;

struct AddressCase {
  const char* ip;
  bool is_private;
};

TEST(IsPrivateAddressTest, Table) {
  const AddressCase cases[] = {
      // IPv4 special ranges, at their edges.
      {"0.0.0.0", true}, {"0.255.255.255", true}, {"10.0.0.5", true}, {"10.255.255.255", true},
      {"100.64.0.1", true}, {"100.127.255.255", true}, {"127.0.0.1", true}, {"127.1.2.3", true},
      {"169.254.169.254", true}, {"172.16.0.1", true}, {"172.31.255.255", true}, {"192.0.0.8", true},
      {"192.0.2.1", true}, {"192.168.1.1", true}, {"198.18.0.1", true}, {"198.19.255.255", true},
      {"198.51.100.7", true}, {"203.0.113.9", true}, {"224.0.0.1", true}, {"239.255.255.250", true},
      {"240.0.0.1", true}, {"255.255.255.255", true},
      // Public IPv4, including neighbours of the private ranges.
      {"1.1.1.1", false}, {"8.8.8.8", false}, {"9.255.255.255", false}, {"11.0.0.0", false},
      {"100.63.255.255", false}, {"100.128.0.0", false}, {"126.255.255.255", false}, {"128.0.0.0", false},
      {"172.15.255.255", false}, {"172.32.0.0", false}, {"192.167.255.255", false}, {"192.169.0.0", false},
      {"198.17.255.255", false}, {"198.20.0.0", false}, {"223.255.255.255", false},
      // IPv6.
      {"::", true}, {"::1", true}, {"fc00::1", true}, {"fd12:3456::1", true}, {"fe80::1", true},
      {"febf::1", true}, {"ff02::1", true}, {"2001:db8::1", true}, {"2001:db8:ffff::1", true},
      {"2606:4700:4700::1111", false}, {"2a00:1450:4001::200e", false}, {"fbff::1", false},
      {"fec0::1", true}, {"100::1", true},
      // IPv4-mapped and embedded IPv4: the embedded address decides.
      {"::ffff:127.0.0.1", true}, {"::ffff:10.1.2.3", true}, {"::ffff:169.254.169.254", true},
      {"::ffff:8.8.8.8", false}, {"::ffff:7f00:1", true},
      {"64:ff9b::10.0.0.1", true}, {"64:ff9b::7f00:1", true}, {"64:ff9b::8.8.8.8", false},
      {"2002:7f00:0001::1", true}, {"2002:0808:0808::1", false},
      {"::127.0.0.1", true},  // IPv4-compatible (deprecated)
  };
  for (const AddressCase& c : cases) EXPECT_EQ(IsPrivateAddress(c.ip), c.is_private) << c.ip;
}

TEST(IsPrivateAddressTest, TextThatIsNotAnAddressIsNeverPublic) {
  for (const char* text : {"", "localhost", "example.com", "256.1.1.1", "1.2.3", "::g", "1.1.1.1 ", "[::1]",
                           "0x7f000001", "2130706433"})
    EXPECT_TRUE(IsPrivateAddress(text)) << "'" << text << "'";
}

TEST(IsPrivateSockaddrTest, ChecksBothFamiliesAndRejectsOthers) {
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  inet_pton(AF_INET, "10.0.0.5", &v4.sin_addr);
  EXPECT_TRUE(IsPrivateSockaddr(reinterpret_cast<sockaddr*>(&v4)));
  EXPECT_EQ(SockaddrIp(reinterpret_cast<sockaddr*>(&v4)), "10.0.0.5");
  inet_pton(AF_INET, "93.184.216.34", &v4.sin_addr);
  EXPECT_FALSE(IsPrivateSockaddr(reinterpret_cast<sockaddr*>(&v4)));

  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "::ffff:192.168.0.1", &v6.sin6_addr);
  EXPECT_TRUE(IsPrivateSockaddr(reinterpret_cast<sockaddr*>(&v6)));
  EXPECT_EQ(SockaddrIp(reinterpret_cast<sockaddr*>(&v6)), "::ffff:192.168.0.1");
  inet_pton(AF_INET6, "2606:4700::1", &v6.sin6_addr);
  EXPECT_FALSE(IsPrivateSockaddr(reinterpret_cast<sockaddr*>(&v6)));

  sockaddr_un unix_socket{};
  unix_socket.sun_family = AF_UNIX;
  EXPECT_TRUE(IsPrivateSockaddr(reinterpret_cast<sockaddr*>(&unix_socket)));
  EXPECT_EQ(SockaddrIp(reinterpret_cast<sockaddr*>(&unix_socket)), "");
}

FetchOptions GuardedOptions() {
  FetchOptions options;  // allow_private_networks stays false
  options.per_host_delay_ms = 0;
  options.timeout_seconds = 2;
  return options;
}

TEST(SsrfGuardTest, LoopbackIsRefusedByDefaultBeforeAnyRequest) {
  FixtureSite site;
  std::string url = site.Url("/plain");
  Result<FetchResponse> r = Fetcher(GuardedOptions()).Fetch(Get(url));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kRefused) << r.message();
  EXPECT_EQ(r.message(), url + " refused: 127.0.0.1 is a private address; set allow_private_networks = true in "
                               "[fetch] if this source is on your own network");
  EXPECT_EQ(site.requests_seen(), 0);
}

TEST(SsrfGuardTest, OtherSpellingsOfLoopbackAreRefusedAtConnect) {
  FixtureSite site;
  std::string port = std::to_string(site.port());
  Fetcher fetcher(GuardedOptions());
  // Names and odd numeric forms all resolve to loopback; the check sees the
  // resolved address, not the text.
  for (const std::string host : {"localhost", "2130706433", "0x7f.1", "127.1", "[::1]", "[::ffff:127.0.0.1]"}) {
    std::string url = "http://" + host + ":" + port + "/plain";
    Result<FetchResponse> r = fetcher.Fetch(Get(url));
    ASSERT_FALSE(r.ok()) << url;
    EXPECT_EQ(r.error().kind, ErrorKind::kRefused) << url << ": " << r.message();
    EXPECT_NE(r.message().find("is a private address"), std::string::npos) << r.message();
  }
  EXPECT_EQ(site.requests_seen(), 0);
}

TEST(SsrfGuardTest, AllowPrivateNetworksLetsLoopbackThrough) {
  FixtureSite site;
  FetchOptions options = GuardedOptions();
  options.allow_private_networks = true;
  Result<FetchResponse> r = Fetcher(options).Fetch(Get(site.Url("/redirect/2")));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r->body, FixtureSite::kPlainBody);
}

TEST(SsrfGuardTest, EveryRequestOfABatchIsChecked) {
  FixtureSite site;
  std::vector<FetchRequest> requests(5, Get(site.Url("/plain")));
  for (const auto& r : Fetcher(GuardedOptions()).FetchAll(requests)) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::kRefused);
  }
  EXPECT_EQ(site.requests_seen(), 0);
}

TEST(NetworkRangeTest, ParsesCidrAndSingleHosts) {
  for (const char* ok : {"127.0.0.0/8", "10.1.2.3", "fd00::/8", "::1/128", "0.0.0.0/0"})
    EXPECT_TRUE(ParseNetworkRange(ok).ok()) << ok;
  for (const char* bad : {"", "127.0.0.0/33", "fd00::/129", "10.0.0.0/", "10.0.0.0/-1", "example.com", "1.2.3.4/8x"}) {
    Result<NetworkRange> r = ParseNetworkRange(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::kInvalidInput);
  }
  Result<NetworkRange> v4 = ParseNetworkRange("127.0.0.0/8");
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->bits, 104);  // in IPv4-mapped IPv6 form
}

}  // namespace
}  // namespace herald::net
