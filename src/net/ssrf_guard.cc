#include "net/ssrf_guard.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>

#include "net/fetcher.h"

namespace herald::net {
namespace {

// Every address is checked in its IPv6 form; IPv4 a.b.c.d becomes the
// IPv4-mapped ::ffff:a.b.c.d, so one table covers both families.
using Ip6 = std::array<uint8_t, 16>;
using Prefix = NetworkRange;

constexpr Ip6 Mapped(uint8_t a, uint8_t b = 0, uint8_t c = 0, uint8_t d = 0) {
  return {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, a, b, c, d};
}

constexpr Prefix V4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, int bits) { return {Mapped(a, b, c, d), 96 + bits}; }

constexpr Prefix V6(std::array<uint16_t, 8> groups, int bits) {
  Ip6 bytes{};
  for (int i = 0; i < 8; ++i) {
    bytes[2 * i] = static_cast<uint8_t>(groups[i] >> 8);
    bytes[2 * i + 1] = static_cast<uint8_t>(groups[i] & 0xff);
  }
  return {bytes, bits};
}

// Not public unicast: IANA special-purpose registries (RFC 6890 and updates).
constexpr Prefix kPrivatePrefixes[] = {
    V4(0, 0, 0, 0, 8),        // "this network"
    V4(10, 0, 0, 0, 8),       // RFC 1918
    V4(100, 64, 0, 0, 10),    // carrier-grade NAT
    V4(127, 0, 0, 0, 8),      // loopback
    V4(169, 254, 0, 0, 16),   // link-local (cloud metadata lives here)
    V4(172, 16, 0, 0, 12),    // RFC 1918
    V4(192, 0, 0, 0, 24),     // IETF protocol assignments
    V4(192, 0, 2, 0, 24),     // TEST-NET-1
    V4(192, 88, 99, 0, 24),   // 6to4 relay anycast (deprecated)
    V4(192, 168, 0, 0, 16),   // RFC 1918
    V4(198, 18, 0, 0, 15),    // benchmarking
    V4(198, 51, 100, 0, 24),  // TEST-NET-2
    V4(203, 0, 113, 0, 24),   // TEST-NET-3
    V4(224, 0, 0, 0, 4),      // multicast
    V4(240, 0, 0, 0, 4),      // reserved, and 255.255.255.255 broadcast
    V6({0, 0, 0, 0, 0, 0, 0, 0}, 96),            // ::, ::1 and IPv4-compatible (deprecated)
    V6({0x64, 0xff9b, 1, 0, 0, 0, 0, 0}, 48),    // local-use NAT64 (RFC 8215)
    V6({0x100, 0, 0, 0, 0, 0, 0, 0}, 64),        // discard-only
    V6({0x2001, 0, 0, 0, 0, 0, 0, 0}, 32),       // Teredo: hides the real address
    V6({0x2001, 2, 0, 0, 0, 0, 0, 0}, 48),       // benchmarking
    V6({0x2001, 0x10, 0, 0, 0, 0, 0, 0}, 28),    // ORCHID
    V6({0x2001, 0xdb8, 0, 0, 0, 0, 0, 0}, 32),   // documentation
    V6({0xfc00, 0, 0, 0, 0, 0, 0, 0}, 7),        // unique-local
    V6({0xfe80, 0, 0, 0, 0, 0, 0, 0}, 10),       // link-local
    V6({0xfec0, 0, 0, 0, 0, 0, 0, 0}, 10),       // site-local (deprecated)
    V6({0xff00, 0, 0, 0, 0, 0, 0, 0}, 8),        // multicast
};

bool InPrefix(const Ip6& ip, const Prefix& prefix) {
  int full = prefix.bits / 8, rest = prefix.bits % 8;
  if (std::memcmp(ip.data(), prefix.bytes.data(), full) != 0) return false;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (ip[full] & mask) == (prefix.bytes[full] & mask);
}

bool IsPrivateIp(const Ip6& ip);

// Translation prefixes carry an IPv4 address inside; the embedded address
// decides (a NAT64 form of 10.0.0.1 reaches 10.0.0.1).
std::optional<Ip6> EmbeddedIpv4(const Ip6& ip) {
  static constexpr Prefix kNat64 = V6({0x64, 0xff9b, 0, 0, 0, 0, 0, 0}, 96);
  static constexpr Prefix k6to4 = V6({0x2002, 0, 0, 0, 0, 0, 0, 0}, 16);
  if (InPrefix(ip, kNat64)) return Mapped(ip[12], ip[13], ip[14], ip[15]);
  if (InPrefix(ip, k6to4)) return Mapped(ip[2], ip[3], ip[4], ip[5]);
  return std::nullopt;
}

bool IsPrivateIp(const Ip6& ip) {
  for (const Prefix& prefix : kPrivatePrefixes)
    if (InPrefix(ip, prefix)) return true;
  if (auto v4 = EmbeddedIpv4(ip)) return IsPrivateIp(*v4);
  return false;
}

Ip6 FromIpv4(const in_addr& a) {
  const auto* b = reinterpret_cast<const uint8_t*>(&a.s_addr);
  return Mapped(b[0], b[1], b[2], b[3]);
}

Ip6 FromIpv6(const in6_addr& a) {
  Ip6 ip;
  std::memcpy(ip.data(), a.s6_addr, 16);
  return ip;
}

std::optional<Ip6> SockaddrIp6(const sockaddr* address) {
  if (address->sa_family == AF_INET) return FromIpv4(reinterpret_cast<const sockaddr_in*>(address)->sin_addr);
  if (address->sa_family == AF_INET6) return FromIpv6(reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr);
  return std::nullopt;
}

bool InAllowedRange(const SsrfGuard& guard, const sockaddr* address) {
  std::optional<Ip6> ip = SockaddrIp6(address);
  if (!ip) return false;
  for (const NetworkRange& range : guard.allowed)
    if (InPrefix(*ip, range)) return true;
  return false;
}

curl_socket_t OpenCheckedSocket(void* clientp, curlsocktype, curl_sockaddr* address) {
  auto* guard = static_cast<SsrfGuard*>(clientp);
  if (!guard->allow_private_networks && IsPrivateSockaddr(&address->addr) && !InAllowedRange(*guard, &address->addr)) {
    if (guard->refused_ip.empty()) guard->refused_ip = SockaddrIp(&address->addr);
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype, address->protocol);
}

}  // namespace

bool IsPrivateAddress(const std::string& ip) {
  in_addr v4;
  if (inet_pton(AF_INET, ip.c_str(), &v4) == 1) return IsPrivateIp(FromIpv4(v4));
  in6_addr v6;
  if (inet_pton(AF_INET6, ip.c_str(), &v6) == 1) return IsPrivateIp(FromIpv6(v6));
  return true;  // not an address at all: never treat as public
}

bool IsPrivateSockaddr(const sockaddr* address) {
  std::optional<Ip6> ip = SockaddrIp6(address);
  return !ip || IsPrivateIp(*ip);
}

Result<NetworkRange> ParseNetworkRange(std::string_view cidr) {
  auto invalid = [&] {
    return MakeError(ErrorKind::kInvalidInput, "'" + std::string(cidr) +
                                                   "' is not a network; write an address with an optional prefix"
                                                   " length, like \"127.0.0.0/8\" or \"fd00::/8\"");
  };
  size_t slash = cidr.find('/');
  std::string address(cidr.substr(0, slash));
  NetworkRange range;
  int max_bits = 0;
  in_addr v4;
  in6_addr v6;
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) {
    range.bytes = FromIpv4(v4);
    max_bits = 32;
  } else if (inet_pton(AF_INET6, address.c_str(), &v6) == 1) {
    range.bytes = FromIpv6(v6);
    max_bits = 128;
  } else {
    return invalid();
  }
  int bits = max_bits;
  if (slash != std::string_view::npos) {
    std::string_view digits = cidr.substr(slash + 1);
    if (digits.empty() || digits.size() > 3 || digits.find_first_not_of("0123456789") != std::string_view::npos)
      return invalid();
    bits = std::stoi(std::string(digits));
    if (bits > max_bits) return invalid();
  }
  range.bits = bits + (128 - max_bits);
  return range;
}

std::string SockaddrIp(const sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = {};
  const void* raw = nullptr;
  if (address->sa_family == AF_INET) raw = &reinterpret_cast<const sockaddr_in*>(address)->sin_addr;
  if (address->sa_family == AF_INET6) raw = &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr;
  if (raw == nullptr || inet_ntop(address->sa_family, raw, text, sizeof text) == nullptr) return "";
  return text;
}

void SsrfGuard::Install(CURL* easy) {
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, OpenCheckedSocket);
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, this);
}

}  // namespace herald::net
