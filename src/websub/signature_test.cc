#include "websub/signature.h"

#include <gtest/gtest.h>

#include <string>

namespace herald::websub {
namespace {

// RFC 4231 test case 2 (and RFC 2202 for SHA-1).
constexpr char kKey[] = "Jefe";
constexpr char kData[] = "what do ya want for nothing?";

TEST(HmacHexTest, MatchesPublishedVectors) {
  EXPECT_EQ(HmacHex("sha1", kKey, kData), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  EXPECT_EQ(HmacHex("sha256", kKey, kData), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(HmacHex("sha384", kKey, kData),
            "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649");
  EXPECT_EQ(HmacHex("sha512", kKey, kData),
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
            "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
  EXPECT_EQ(HmacHex("md5", kKey, kData), "");
}

TEST(CheckSignatureTest, AcceptsEveryWebSubAlgorithm) {
  for (const char* algorithm : {"sha1", "sha256", "sha384", "sha512"}) {
    std::string header = std::string(algorithm) + "=" + HmacHex(algorithm, kKey, kData);
    EXPECT_EQ(CheckSignature(header, kKey, kData), SignatureCheck::kValid) << algorithm;
  }
}

TEST(CheckSignatureTest, AcceptsUppercaseHexAndSurroundingSpace) {
  std::string hex = HmacHex("sha256", kKey, kData);
  for (char& c : hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(CheckSignature("  SHA256=" + hex + " ", kKey, kData), SignatureCheck::kValid);
}

TEST(CheckSignatureTest, MissingHeader) {
  EXPECT_EQ(CheckSignature("", kKey, kData), SignatureCheck::kMissing);
  EXPECT_EQ(CheckSignature("   ", kKey, kData), SignatureCheck::kMissing);
}

TEST(CheckSignatureTest, WrongBodyOrSecretIsAMismatch) {
  std::string header = "sha256=" + HmacHex("sha256", kKey, kData);
  EXPECT_EQ(CheckSignature(header, kKey, std::string(kData) + " "), SignatureCheck::kMismatch);
  EXPECT_EQ(CheckSignature(header, "jefe", kData), SignatureCheck::kMismatch);
  EXPECT_EQ(CheckSignature(header, "", kData), SignatureCheck::kMismatch);
  EXPECT_EQ(CheckSignature("sha256=" + std::string(64, '0'), kKey, kData), SignatureCheck::kMismatch);
}

TEST(CheckSignatureTest, MalformedHeaders) {
  std::string sha1 = HmacHex("sha1", kKey, kData);
  std::string sha256 = HmacHex("sha256", kKey, kData);
  for (const std::string& header : {
           sha256,                                    // no algorithm
           "sha256:" + sha256,                        // wrong separator
           "sha256=" + sha1,                          // another algorithm's length
           "sha1=" + sha256,                          // longer than SHA-1
           "sha256=" + sha256.substr(1),              // odd length
           "sha256=" + sha256.substr(0, 62) + "zz",   // not hex
           "md5=" + std::string(32, 'a'),             // not a WebSub algorithm
           std::string("sha256="),                    // empty
           "sha256=" + sha256 + "=",                  // trailing junk
           std::string("sha256=\0", 8) + sha256,      // NUL inside
       }) {
    EXPECT_EQ(CheckSignature(header, kKey, kData), SignatureCheck::kMalformed) << header;
  }
}

TEST(RandomSecretTest, SixtyFourHexCharactersAndFreshEachTime) {
  auto a = RandomSecret();
  auto b = RandomSecret();
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a->size(), 64u);
  EXPECT_EQ(a->find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(*a, *b);
}

}  // namespace
}  // namespace herald::websub
