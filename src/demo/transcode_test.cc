#include "demo/transcode.h"

#include <gtest/gtest.h>

namespace herald::demo {
namespace {

TEST(EncodeHtml, WritesGbkAndEscapesWhatGbkLacks) {
  auto out = EncodeHtml("<p>台风 © 2025</p>", "gbk");
  ASSERT_TRUE(out.ok()) << out.message();
  EXPECT_EQ(*out, "<p>\xCC\xA8\xB7\xE7 &#169; 2025</p>");
}

TEST(EncodeHtml, RejectsInvalidUtf8AndUnknownCharsets) {
  EXPECT_FALSE(EncodeHtml("bad \xFF byte", "gbk").ok());
  EXPECT_FALSE(EncodeHtml("text", "no-such-charset").ok());
  auto empty = EncodeHtml("", "gbk");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "");
}

}  // namespace
}  // namespace herald::demo
