// Signed proxy addresses, so /img/ is not an open proxy: only URLs the site
// itself put on a page are fetched. The signature is HMAC-SHA256, keyed with
// a secret kept in the data folder, over the width and the URL.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace herald::imageproxy {

// base64url without padding (RFC 4648 section 5).
std::string Base64UrlEncode(std::string_view bytes);
// nullopt when `text` holds anything outside the base64url alphabet, padding
// included, or has an impossible length.
std::optional<std::string> Base64UrlDecode(std::string_view text);

class UrlSigner {
 public:
  // Reads the secret from `secret_file`, or creates it (32 random bytes,
  // mode 0600) when absent. Two processes creating it at once agree on one.
  static Result<UrlSigner> LoadOrCreate(const std::string& secret_file);
  explicit UrlSigner(std::string secret) : secret_(std::move(secret)) {}

  // base64url HMAC-SHA256 of "<width>:<url>" (43 characters).
  std::string Sign(int width, std::string_view url) const;
  // Constant-time comparison with Sign(width, url).
  bool Verify(std::string_view signature, int width, std::string_view url) const;

 private:
  std::string secret_;
};

}  // namespace herald::imageproxy
