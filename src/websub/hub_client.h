// The subscriber's request to a hub: one form-encoded POST (WebSub 5.1).
// net::Fetcher only GETs, so this is a short blocking libcurl transfer with
// the same SSRF guard at the dialer (net/ssrf_guard.h) and a total timeout.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/result.h"

namespace herald::websub {

struct PostOptions {
  std::string user_agent = "herald/0.1 (+https://github.com/herald-news/herald)";
  int timeout_seconds = 15;             // whole transfer
  bool allow_private_networks = false;  // tests and the demo newsroom need true
  // Private ranges allowed one by one ("127.0.0.0/8"); entries that do not
  // parse are ignored (validate them with net::ParseNetworkRange first).
  std::vector<std::string> allowed_networks;
};

struct HubAnswer {
  int status = 0;
  std::string body;  // the first 4 KiB, for the error message
};

using FormFields = std::vector<std::pair<std::string, std::string>>;

// "a=1&b=x%20y": application/x-www-form-urlencoded, every byte outside
// unreserved characters percent-encoded.
std::string FormEncode(const FormFields& fields);

// POSTs the form to `url` (http/https only, no redirects followed). Any HTTP
// answer is a HubAnswer, whatever its status; kRefused for a private address
// not allowed, kNetwork for DNS/connect/timeout, kInvalidInput for a bad URL.
Result<HubAnswer> PostForm(const std::string& url, const FormFields& fields, const PostOptions& options);

}  // namespace herald::websub
