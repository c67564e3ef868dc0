#include "common/strings.h"

#include <gtest/gtest.h>

namespace herald {
namespace {

TEST(Strings, TrimAndLower) {
  EXPECT_EQ(Trim("  a b \n"), "a b");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(ToLowerAscii("HeLLo"), "hello");
  EXPECT_TRUE(StartsWithIgnoreCase("HTTPS://x", "https://"));
  EXPECT_FALSE(StartsWithIgnoreCase("http", "https"));
  EXPECT_TRUE(ContainsIgnoreCase("Listen To This", "to this"));
}

TEST(Strings, SplitKeepsEmptyParts) {
  EXPECT_EQ(Split("a,,b", ','), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(Split("", ','), (std::vector<std::string>{""}));
}

TEST(Strings, CollapseWhitespaceHandlesUnicodeSpaces) {
  EXPECT_EQ(CollapseWhitespace("  a\t\n b\xC2\xA0\xC2\xA0" "c\xE3\x80\x80" "d  "), "a b c d");
  EXPECT_EQ(CollapseWhitespace("中文\xE2\x80\x83测试"), "中文 测试");
}

TEST(Strings, ToValidUtf8ReplacesBadBytes) {
  EXPECT_EQ(ToValidUtf8("ok"), "ok");
  EXPECT_EQ(ToValidUtf8("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(ToValidUtf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
  EXPECT_EQ(ToValidUtf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(ToValidUtf8("\xE4\xB8"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // truncated
  EXPECT_EQ(ToValidUtf8("台风"), "台风");
}

TEST(Strings, CodePointCount) {
  EXPECT_EQ(CodePointCount("abc"), 3u);
  EXPECT_EQ(CodePointCount("台风abc"), 5u);
}

TEST(Strings, Sha256) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace herald
