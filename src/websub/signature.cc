#include "websub/signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <cctype>

#include "common/strings.h"

namespace herald::websub {
namespace {

const EVP_MD* Digest(std::string_view algorithm) {
  if (algorithm == "sha1") return EVP_sha1();
  if (algorithm == "sha256") return EVP_sha256();
  if (algorithm == "sha384") return EVP_sha384();
  if (algorithm == "sha512") return EVP_sha512();
  return nullptr;
}

std::string ToHex(const unsigned char* bytes, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 0xf];
  }
  return out;
}

bool IsHex(std::string_view s) {
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace

std::string HmacHex(std::string_view algorithm, std::string_view key, std::string_view data) {
  const EVP_MD* digest = Digest(algorithm);
  if (digest == nullptr) return "";
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int size = 0;
  if (HMAC(digest, key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
           data.size(), mac.data(), &size) == nullptr)
    return "";
  return ToHex(mac.data(), size);
}

SignatureCheck CheckSignature(std::string_view header, std::string_view secret, std::string_view body) {
  header = Trim(header);
  if (header.empty()) return SignatureCheck::kMissing;
  size_t equals = header.find('=');
  if (equals == std::string_view::npos) return SignatureCheck::kMalformed;
  std::string algorithm = ToLowerAscii(header.substr(0, equals));
  std::string given = ToLowerAscii(header.substr(equals + 1));
  const EVP_MD* digest = Digest(algorithm);
  if (digest == nullptr || !IsHex(given) || given.size() != 2 * static_cast<size_t>(EVP_MD_get_size(digest)))
    return SignatureCheck::kMalformed;
  std::string expected = HmacHex(algorithm, secret, body);
  if (expected.size() != given.size() || CRYPTO_memcmp(expected.data(), given.data(), given.size()) != 0)
    return SignatureCheck::kMismatch;
  return SignatureCheck::kValid;
}

Result<std::string> RandomSecret() {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    return MakeError(ErrorKind::kInternal, "no random bytes for a WebSub secret (RAND_bytes failed)");
  return ToHex(bytes.data(), bytes.size());
}

}  // namespace herald::websub
