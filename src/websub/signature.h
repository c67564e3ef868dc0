// Signatures of WebSub content distribution (W3C WebSub 8): the hub signs
// each push with an HMAC of the raw body under the subscriber's secret and
// sends it as "X-Hub-Signature: <algorithm>=<hex>".
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace herald::websub {

// Lowercase hex HMAC of `data` under `key`; algorithm is one of "sha1",
// "sha256", "sha384", "sha512" (WebSub's list). "" for any other algorithm.
std::string HmacHex(std::string_view algorithm, std::string_view key, std::string_view data);

enum class SignatureCheck {
  kValid,
  kMissing,    // no header: the push is ignored (acknowledged, not used)
  kMalformed,  // not "<known algorithm>=<hex of that algorithm's length>"
  kMismatch,   // well formed, wrong HMAC: ignored, acknowledged
};

// Checks an X-Hub-Signature header value against the body. The comparison
// is constant-time (CRYPTO_memcmp), so timing tells nothing of the HMAC.
SignatureCheck CheckSignature(std::string_view header, std::string_view secret, std::string_view body);

// A fresh secret: 32 random bytes (RAND_bytes) as 64 hex characters.
// kInternal when the system's random source fails.
Result<std::string> RandomSecret();

}  // namespace herald::websub
