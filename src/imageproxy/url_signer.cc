#include "imageproxy/url_signer.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace herald::imageproxy {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr size_t kSecretBytes = 32;

int AlphabetIndex(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

Result<std::string> ReadSecret(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string secret((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return MakeError(ErrorKind::kIo, path + ": cannot read the image proxy secret");
  if (secret.size() < kSecretBytes)
    return MakeError(ErrorKind::kInvalidInput, path + ": image proxy secret is shorter than " +
                                                   std::to_string(kSecretBytes) +
                                                   " bytes; delete the file to make a new one");
  return secret;
}

// Writes a fresh secret beside `path` and links it into place, so a reader
// never sees a half-written file and a concurrent creator's secret wins.
Status CreateSecret(const std::string& path) {
  unsigned char bytes[kSecretBytes];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return MakeError(ErrorKind::kInternal, "no random bytes for the secret");
  std::string temp = path + ".tmp." + std::to_string(getpid());
  int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return MakeError(ErrorKind::kIo, temp + ": " + std::strerror(errno));
  bool written = write(fd, bytes, sizeof bytes) == static_cast<ssize_t>(sizeof bytes) && fsync(fd) == 0;
  close(fd);
  int linked = written ? link(temp.c_str(), path.c_str()) : -1;
  int link_errno = errno;
  unlink(temp.c_str());
  if (!written) return MakeError(ErrorKind::kIo, temp + ": cannot write the image proxy secret");
  if (linked != 0 && link_errno != EEXIST) return MakeError(ErrorKind::kIo, path + ": " + std::strerror(link_errno));
  return Status::Ok();
}

}  // namespace

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(buffer >> bits) & 0x3F];
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 0x3F];
  return out;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int value = AlphabetIndex(c);
    if (value < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  // Leftover bits must be zero, so each byte string has one encoding only.
  if ((buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

Result<UrlSigner> UrlSigner::LoadOrCreate(const std::string& secret_file) {
  if (access(secret_file.c_str(), F_OK) != 0) {
    if (Status created = CreateSecret(secret_file); !created.ok()) return created.error();
  }
  auto secret = ReadSecret(secret_file);
  if (!secret.ok()) return secret.error();
  return UrlSigner(std::move(*secret));
}

std::string UrlSigner::Sign(int width, std::string_view url) const {
  std::string message = std::to_string(width) + ":" + std::string(url);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(digest), length));
}

bool UrlSigner::Verify(std::string_view signature, int width, std::string_view url) const {
  std::string expected = Sign(width, url);
  return signature.size() == expected.size() &&
         CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) == 0;
}

}  // namespace herald::imageproxy
