// The SSRF check at the dialer: every socket a transfer opens (the first
// request and every redirect) is checked against the resolved address, so a
// host name that resolves to a private address is refused just like a literal.
//
// IsPrivateAddress (the textual check) is declared in net/fetcher.h.
#pragma once

#include <curl/curl.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace herald::net {

// An address range in CIDR form, IPv4 kept as IPv4-mapped IPv6.
struct NetworkRange {
  std::array<uint8_t, 16> bytes{};
  int bits = 0;  // prefix length in the IPv6 form (IPv4 /8 = 104)
};

// "127.0.0.0/8", "10.1.2.3" (one host), "fd00::/8". kInvalidInput when the
// text is not an address with an optional prefix length in range.
Result<NetworkRange> ParseNetworkRange(std::string_view cidr);

// True when the socket address is not a public unicast address (same ranges
// as IsPrivateAddress). Non-IP families count as private.
bool IsPrivateSockaddr(const sockaddr* address);

// "10.0.0.5" / "::1": the IP of a socket address, "" for non-IP families.
std::string SockaddrIp(const sockaddr* address);

// Per-transfer guard state. Install() points the easy handle's open-socket
// callback at it; after the transfer, refused_ip names the first address the
// guard refused ("" when none was), so the caller can report the refusal
// instead of curl's generic "couldn't connect".
struct SsrfGuard {
  bool allow_private_networks = false;
  std::vector<NetworkRange> allowed;  // private ranges permitted one by one
  std::string refused_ip;

  void Install(CURL* easy);
};

}  // namespace herald::net
