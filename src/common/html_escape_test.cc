#include "common/html_escape.h"

#include <gtest/gtest.h>

namespace herald {
namespace {

TEST(EscapeHtml, EscapesAllSpecialCharacters) {
  EXPECT_EQ(EscapeHtml("<script>alert(\"x\" & 'y')</script>"),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;");
  EXPECT_EQ(EscapeHtml("plain 中文"), "plain 中文");
  EXPECT_EQ(EscapeHtml(""), "");
}

}  // namespace
}  // namespace herald
