#include <gtest/gtest.h>

#include <string>

#include "feed/formats.h"
#include "sanitize/sanitizer.h"

namespace herald::feed {
namespace {

// The markup-free shortcut must give exactly what the sanitizer gives.
TEST(SanitizeMarkup, ShortcutMatchesTheSanitizer) {
  for (const char* text : {"", "plain", "  leading and trailing  ", "a\tb\nc", "quotes \" and '", "x > y",
                           "h\xC3\xA9llo \xE2\x80\x94 \xF0\x9F\x93\xB0", "line\r\nbreak", "nul\x01byte", "a & b",
                           "a &amp; b", "<b>bold</b>", "bad \xFF utf-8", "\xEE\x80\x80 private use"}) {
    EXPECT_EQ(SanitizeMarkup(text, "http://example.com/"), SanitizeHtml(text, "http://example.com/")) << text;
    SanitizePolicy compatible = FeedparserCompatiblePolicy();
    EXPECT_EQ(SanitizeMarkup(text, "http://example.com/", compatible), SanitizeHtml(text, "http://example.com/", compatible))
        << text;
  }
}

TEST(SanitizeMarkup, MarkupStillGoesThroughTheSanitizer) {
  EXPECT_EQ(SanitizeMarkup("<script>alert(1)</script>ok", ""), "ok");
}

TEST(CleanHtml, TrimsAndRepairsUtf8) {
  EXPECT_EQ(CleanHtml("  \n ", ""), "");
  EXPECT_EQ(CleanHtml(" caf\xE9 ", ""), "caf\xEF\xBF\xBD");
}

}  // namespace
}  // namespace herald::feed
