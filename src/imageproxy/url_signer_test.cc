#include "imageproxy/url_signer.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

namespace herald::imageproxy {
namespace {

TEST(Base64Url, RoundTripsEveryByte) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  for (size_t length = 0; length < 8; ++length) {
    std::string encoded = Base64UrlEncode(bytes.substr(0, length));
    EXPECT_EQ(encoded.find_first_of("+/="), std::string::npos);
    EXPECT_EQ(Base64UrlDecode(encoded), bytes.substr(0, length));
  }
  EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(bytes)), bytes);
  EXPECT_EQ(Base64UrlEncode("https://a.example/?x"), "aHR0cHM6Ly9hLmV4YW1wbGUvP3g");
}

TEST(Base64Url, RejectsOtherAlphabetsPaddingAndTraversal) {
  EXPECT_FALSE(Base64UrlDecode("aGk="));
  EXPECT_FALSE(Base64UrlDecode("a+b/"));
  EXPECT_FALSE(Base64UrlDecode(".."));
  EXPECT_FALSE(Base64UrlDecode("%2e%2e"));
  EXPECT_FALSE(Base64UrlDecode("abcde"));  // length 1 mod 4
  EXPECT_FALSE(Base64UrlDecode("aGl"));    // "hi" is "aGk": stray low bits
  EXPECT_TRUE(Base64UrlDecode("aGk"));
}

class UrlSignerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("herald-signer-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(UrlSignerTest, SecretIsCreatedPrivateAndReused) {
  std::string file = (dir_ / "key").string();
  auto first = UrlSigner::LoadOrCreate(file);
  ASSERT_TRUE(first.ok()) << first.message();
  struct stat info;
  ASSERT_EQ(stat(file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  auto second = UrlSigner::LoadOrCreate(file);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(first->Sign(320, "https://a.example/x.jpg"), second->Sign(320, "https://a.example/x.jpg"));
  auto elsewhere = UrlSigner::LoadOrCreate((dir_ / "other").string());
  ASSERT_TRUE(elsewhere.ok());
  EXPECT_NE(first->Sign(320, "https://a.example/x.jpg"), elsewhere->Sign(320, "https://a.example/x.jpg"));
}

TEST_F(UrlSignerTest, ShortSecretIsAnError) {
  std::string file = (dir_ / "key").string();
  FILE* f = fopen(file.c_str(), "w");
  fputs("short", f);
  fclose(f);
  auto signer = UrlSigner::LoadOrCreate(file);
  ASSERT_FALSE(signer.ok());
  EXPECT_NE(signer.message().find("delete the file"), std::string::npos);
}

TEST(UrlSigner, SignatureBindsWidthAndUrl) {
  UrlSigner signer(std::string(32, 'k'));
  std::string signature = signer.Sign(640, "https://a.example/x.jpg");
  EXPECT_EQ(signature.size(), 43u);
  EXPECT_TRUE(signer.Verify(signature, 640, "https://a.example/x.jpg"));
  EXPECT_FALSE(signer.Verify(signature, 1280, "https://a.example/x.jpg"));
  EXPECT_FALSE(signer.Verify(signature, 640, "https://a.example/y.jpg"));
  EXPECT_FALSE(signer.Verify(signature.substr(0, 42), 640, "https://a.example/x.jpg"));
  EXPECT_FALSE(signer.Verify("", 640, "https://a.example/x.jpg"));
}

}  // namespace
}  // namespace herald::imageproxy
