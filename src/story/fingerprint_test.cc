#include "story/fingerprint.h"

#include <gtest/gtest.h>

namespace herald::story {
namespace {

TEST(Fingerprint, IgnoresCaseQuotesSpacingAndPunctuation) {
  std::string a = "“Arctic cooperation is very possible,” Putin said.\n\nIt was August.";
  std::string b = "\"arctic cooperation is very possible\" putin said   It was August";
  EXPECT_EQ(ContentFingerprint(a), ContentFingerprint(b));
}

TEST(Fingerprint, DiffersWhenWordsDiffer) {
  EXPECT_NE(ContentFingerprint("Typhoon makes landfall in Guangdong"),
            ContentFingerprint("Typhoon makes landfall in Fujian"));
}

TEST(Fingerprint, WorksForChineseAndFullWidthForms) {
  // Full-width Latin and ideographic punctuation fold away under NFKC.
  EXPECT_EQ(NormalizeForFingerprint("台风“桦加沙”登陆。ＡＢＣ"), "台风桦加沙登陆abc");
  EXPECT_EQ(ContentFingerprint("台风，登陆"), ContentFingerprint("台风 登陆"));
}

// The exact normal form: NFKC with case folding (full-width letters, the fi
// ligature, the German sharp s), white space, punctuation and invisible
// format characters gone, symbols and every script's letters kept.
TEST(Fingerprint, NormalFormIsExact) {
  EXPECT_EQ(NormalizeForFingerprint("\xEF\xBC\xA8\xEF\xBD\x85llo, \xE2\x80\x9CWorld\xE2\x80\x9D! \xEF\xAC\x81ne Stra\xC3\x9F""e"),
            "helloworldfinestrasse");
  EXPECT_EQ(NormalizeForFingerprint("\xE5\x8F\xB0\xE9\xA3\x8E\xE3\x80\x82 \xE7\x99\xBB\xE9\x99\x86"),
            "\xE5\x8F\xB0\xE9\xA3\x8E\xE7\x99\xBB\xE9\x99\x86");
  EXPECT_EQ(NormalizeForFingerprint("a+b=c $5 <x> 50% e\xCC\x81t\xC3\xA9 zero\xE2\x80\x8Bwidth"),
            "a+b=c$5<x>50\xC3\xA9t\xC3\xA9zerowidth");
}

TEST(Fingerprint, EmptyAndInvalidInputDoNotCrash) {
  EXPECT_EQ(NormalizeForFingerprint(""), "");
  EXPECT_EQ(ContentFingerprint("").size(), 64u);
  EXPECT_EQ(ContentFingerprint("\xff\xfe\xfd").size(), 64u);
}

}  // namespace
}  // namespace herald::story
