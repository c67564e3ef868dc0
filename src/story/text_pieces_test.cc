#include "story/text_pieces.h"

#include <gtest/gtest.h>

#include "story/features.h"

namespace herald::story {
namespace {

TEST(SplitPieces, NumbersWordsHanAndPunctuation) {
  std::vector<Piece> pieces = SplitPieces("Peilan hit 1,400 trees; 台风登陆 3.5%");
  ASSERT_EQ(pieces.size(), 8u);  // "%" is a piece too
  EXPECT_EQ(pieces[0].kind, Piece::kWord);
  EXPECT_EQ(pieces[0].text, "peilan");
  EXPECT_TRUE(pieces[0].capitalized);
  EXPECT_FALSE(pieces[1].capitalized);
  EXPECT_EQ(pieces[2].kind, Piece::kNumber);
  EXPECT_EQ(pieces[2].text, "1400");
  EXPECT_EQ(pieces[4].kind, Piece::kOther);
  EXPECT_EQ(pieces[5].kind, Piece::kHan);
  EXPECT_EQ(pieces[5].text, "台风登陆");
  EXPECT_EQ(pieces[6].text, "3.5");
}

TEST(SplitPieces, InvalidUtf8IsSkipped) {
  std::vector<Piece> pieces = SplitPieces("\xff\xfe ok \xe4\xb8");
  ASSERT_EQ(pieces.size(), 1u);
  EXPECT_EQ(pieces[0].text, "ok");
}

TEST(SplitPieces, WordsKnowWhetherTheyAreAllCapitals) {
  std::vector<Piece> pieces = SplitPieces("US Us us ÄB");
  ASSERT_EQ(pieces.size(), 4u);
  EXPECT_TRUE(pieces[0].all_caps && pieces[0].capitalized);
  EXPECT_FALSE(pieces[1].all_caps);
  EXPECT_TRUE(pieces[1].capitalized);
  EXPECT_FALSE(pieces[2].all_caps || pieces[2].capitalized);
  EXPECT_TRUE(pieces[3].all_caps);
}

TEST(GuessLanguage, HanTextIsChineseOtherwiseUndetermined) {
  EXPECT_EQ(GuessLanguage("超强台风在广东阳江登陆"), "zh");
  EXPECT_EQ(GuessLanguage("Typhoon hits Guangdong"), "und");
  EXPECT_EQ(GuessLanguage(""), "und");
}

}  // namespace
}  // namespace herald::story
