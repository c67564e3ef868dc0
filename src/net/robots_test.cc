#include "net/robots.h"

#include <gtest/gtest.h>

#include <string>

namespace herald::net {
namespace {

TEST(RobotsTest, EmptyOrGarbageAllowsEverything) {
  EXPECT_TRUE(RobotsRules::Parse("", "herald").IsAllowed("/any"));
  EXPECT_TRUE(RobotsRules::Parse("\x01\xff<html>not robots</html>\n:::\n", "herald").IsAllowed("/any"));
  EXPECT_TRUE(RobotsRules::AllowAll().IsAllowed("/"));
  EXPECT_FALSE(RobotsRules::DisallowAll().IsAllowed("/"));
  EXPECT_TRUE(RobotsRules::DisallowAll().IsAllowed("/robots.txt"));
}

TEST(RobotsTest, StarGroupAppliesWithoutASpecificOne) {
  RobotsRules rules = RobotsRules::Parse("User-agent: *\nDisallow: /private\n", "herald");
  EXPECT_FALSE(rules.IsAllowed("/private"));
  EXPECT_FALSE(rules.IsAllowed("/private/page.html"));
  EXPECT_TRUE(rules.IsAllowed("/public"));
}

TEST(RobotsTest, OurGroupReplacesTheStarGroupAndMatchesCaseInsensitively) {
  RobotsRules rules = RobotsRules::Parse(
      "User-agent: *\nDisallow: /\n\nUser-agent: otherbot\nUser-Agent: HERALD/2.0\nDisallow: /drafts\n", "herald");
  EXPECT_TRUE(rules.IsAllowed("/news/1"));
  EXPECT_FALSE(rules.IsAllowed("/drafts/2"));
}

TEST(RobotsTest, GroupsForUsAreMerged) {
  RobotsRules rules = RobotsRules::Parse(
      "user-agent: herald\ndisallow: /a\n\nuser-agent: googlebot\ndisallow: /b\n\nuser-agent: herald\ndisallow: /c\n",
      "herald");
  EXPECT_FALSE(rules.IsAllowed("/a"));
  EXPECT_TRUE(rules.IsAllowed("/b"));
  EXPECT_FALSE(rules.IsAllowed("/c"));
}

TEST(RobotsTest, TokenMustMatchWholeNotAsPrefix) {
  RobotsRules rules = RobotsRules::Parse("User-agent: heraldry\nDisallow: /\n", "herald");
  EXPECT_TRUE(rules.IsAllowed("/x"));
}

TEST(RobotsTest, LongestMatchWinsAndAllowWinsATie) {
  RobotsRules rules = RobotsRules::Parse(
      "User-agent: *\nDisallow: /news\nAllow: /news/public\nAllow: /same\nDisallow: /same\n", "herald");
  EXPECT_FALSE(rules.IsAllowed("/news/secret"));
  EXPECT_TRUE(rules.IsAllowed("/news/public/1"));
  EXPECT_TRUE(rules.IsAllowed("/same"));
}

TEST(RobotsTest, WildcardsAndEndAnchor) {
  RobotsRules rules =
      RobotsRules::Parse("User-agent: *\nDisallow: /*.pdf$\nDisallow: /*?session=\nDisallow: /exact$\n", "herald");
  EXPECT_FALSE(rules.IsAllowed("/files/report.pdf"));
  EXPECT_TRUE(rules.IsAllowed("/files/report.pdf.html"));
  EXPECT_FALSE(rules.IsAllowed("/page?session=42"));
  EXPECT_TRUE(rules.IsAllowed("/page?lang=en"));
  EXPECT_FALSE(rules.IsAllowed("/exact"));
  EXPECT_TRUE(rules.IsAllowed("/exact/more"));
}

TEST(RobotsTest, CommentsCrLfAndEmptyDisallow) {
  RobotsRules rules = RobotsRules::Parse(
      "# site rules\r\nUser-agent: * # everyone\r\nDisallow: /tmp # scratch\r\nDisallow:\r\nSitemap: /s.xml\r\n",
      "herald");
  EXPECT_FALSE(rules.IsAllowed("/tmp/x"));
  EXPECT_TRUE(rules.IsAllowed("/"));
}

TEST(RobotsTest, HostilePatternsStayCheap) {
  std::string pattern = "/";
  for (int i = 0; i < 200; ++i) pattern += "*a";
  RobotsRules rules = RobotsRules::Parse("User-agent: *\nDisallow: " + pattern + "b\n", "herald");
  EXPECT_TRUE(rules.IsAllowed("/" + std::string(5000, 'a')));  // finishes: no exponential backtracking
}

TEST(RobotsTest, ProductTokenOfUserAgent) {
  EXPECT_EQ(ProductToken("herald/0.1 (+https://github.com/herald-news/herald)"), "herald");
  EXPECT_EQ(ProductToken("my_reader-bot"), "my_reader-bot");
  EXPECT_EQ(ProductToken(""), "");
}

}  // namespace
}  // namespace herald::net
