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

TEST(Fingerprint, EmptyAndInvalidInputDoNotCrash) {
  EXPECT_EQ(NormalizeForFingerprint(""), "");
  EXPECT_EQ(ContentFingerprint("").size(), 64u);
  EXPECT_EQ(ContentFingerprint("\xff\xfe\xfd").size(), 64u);
}

}  // namespace
}  // namespace herald::story
