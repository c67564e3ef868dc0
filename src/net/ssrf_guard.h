// The SSRF check at the dialer: every socket a transfer opens (the first
// request and every redirect) is checked against the resolved address, so a
// host name that resolves to a private address is refused just like a literal.
//
// IsPrivateAddress (the textual check) is declared in net/fetcher.h.
#pragma once

#include <curl/curl.h>
#include <sys/socket.h>

#include <string>

namespace herald::net {

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
  std::string refused_ip;

  void Install(CURL* easy);
};

}  // namespace herald::net
