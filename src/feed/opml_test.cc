#include "feed/opml.h"

#include <gtest/gtest.h>

#include <string>

namespace herald::feed {
namespace {

TEST(Opml, NestedOutlinesAreFlattenedWithTheirCategory) {
  auto result = ParseOpml(R"(<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Subs</title></head><body>
  <outline text="Top feed" type="rss" xmlUrl="https://top.example.com/feed" htmlUrl="https://top.example.com/"/>
  <outline text="World">
    <outline title="Titled only" xmlurl="https://world.example.com/rss"/>
    <outline text="Asia">
      <outline text="Deep" XMLURL="https://asia.example.com/atom"/>
    </outline>
  </outline>
  <outline text="No URL here"/>
  <outline text="Bad scheme" xmlUrl="file:///etc/passwd"/>
  <outline text="Relative" xmlUrl="/feed.xml"/>
</body></opml>)");
  ASSERT_TRUE(result.ok()) << result.message();
  const auto& outlines = *result;
  ASSERT_EQ(outlines.size(), 3u);
  EXPECT_EQ(outlines[0].title, "Top feed");
  EXPECT_EQ(outlines[0].xml_url, "https://top.example.com/feed");
  EXPECT_EQ(outlines[0].html_url, "https://top.example.com/");
  EXPECT_EQ(outlines[0].category, "");
  EXPECT_EQ(outlines[1].title, "Titled only");
  EXPECT_EQ(outlines[1].category, "World");
  EXPECT_EQ(outlines[2].title, "Deep");
  EXPECT_EQ(outlines[2].category, "Asia");
}

TEST(Opml, OpmlVersion1WithoutHead) {
  auto result = ParseOpml(R"(<opml version="1.0"><body><outline text="a" xmlUrl="http://a.example.com/rss"/></body></opml>)");
  ASSERT_TRUE(result.ok()) << result.message();
  ASSERT_EQ(result->size(), 1u);
}

TEST(Opml, NotOpmlIsAnError) {
  for (const char* doc : {"", "   ", "<rss version=\"2.0\"><channel/></rss>", "garbage \x01\x02",
                          "<!DOCTYPE html><html><body>hi</body></html>"}) {
    auto result = ParseOpml(doc);
    ASSERT_FALSE(result.ok()) << doc;
    EXPECT_NE(result.message().find("not an OPML file"), std::string::npos) << result.message();
  }
}

TEST(Opml, WriteThenReadRoundTrips) {
  std::vector<OpmlOutline> outlines = {
      {"Plain & simple <feed>", "https://a.example.com/feed?x=1&y=2", "https://a.example.com/", ""},
      {"Quoted \"title\" 'here'", "https://b.example.com/rss", "", "World"},
      {"Other", "https://c.example.com/rss", "", "Business"},
      {"Bad bytes \xff\x01", "https://d.example.com/rss", "", "World"},
  };
  std::string xml = WriteOpml("My \"subs\"", outlines);
  EXPECT_NE(xml.find("<opml version=\"2.0\">"), std::string::npos);
  auto back = ParseOpml(xml);
  ASSERT_TRUE(back.ok()) << back.message() << "\n" << xml;
  ASSERT_EQ(back->size(), 4u);
  // Uncategorised first, then folders by name.
  EXPECT_EQ((*back)[0].title, "Plain & simple <feed>");
  EXPECT_EQ((*back)[0].xml_url, "https://a.example.com/feed?x=1&y=2");
  EXPECT_EQ((*back)[0].html_url, "https://a.example.com/");
  EXPECT_EQ((*back)[1].title, "Other");
  EXPECT_EQ((*back)[1].category, "Business");
  EXPECT_EQ((*back)[2].title, "Quoted \"title\" 'here'");
  EXPECT_EQ((*back)[2].category, "World");
  EXPECT_EQ((*back)[3].title, "Bad bytes \xEF\xBF\xBD");
}

}  // namespace
}  // namespace herald::feed
