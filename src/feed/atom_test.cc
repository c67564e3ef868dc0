#include <gtest/gtest.h>

#include <string>

#include "common/time.h"
#include "feed/feed.h"

namespace herald::feed {
namespace {

Feed MustParse(const std::string& xml, const std::string& url = "https://news.example.com/atom.xml") {
  auto result = ParseFeed(xml, ParseOptions{url, "application/atom+xml"});
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.message());
  return result.ok() ? *result : Feed{};
}

const char kAtom10[] = R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-US" xml:base="https://news.example.com/">
  <title type="html">Example &lt;i&gt;Atom&lt;/i&gt;</title>
  <subtitle>Less &lt;than&gt; nothing</subtitle>
  <link rel="self" href="/atom.xml"/>
  <link href="/"/>
  <author><name>Desk</name></author>
  <entry xml:base="/2025/">
    <title type="text">a &lt;b&gt; c</title>
    <link rel="related" href="https://elsewhere.example.org/"/>
    <link rel="alternate" type="application/pdf" href="story.pdf"/>
    <link rel="alternate" type="text/html" href="story.html"/>
    <link rel="enclosure" type="image/jpeg" href="story.jpg"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <published>2025-10-02T11:53:00+08:00</published>
    <updated>2025-10-03T08:00:00Z</updated>
    <author><name>Ann Writer</name><email>ann@example.com</email></author>
    <category term="world" label="World"/>
    <summary type="text">1 &lt; 2 &amp; true</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello <b>world</b></p></div></content>
  </entry>
  <entry>
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Inline <b>bold</b> title</div></title>
    <link href="second.html"/>
    <id>tag:example.com,2025:2</id>
    <content type="html">&lt;p&gt;Escaped &lt;em&gt;html&lt;/em&gt;&lt;/p&gt;</content>
    <updated>2025-10-02T00:00:00Z</updated>
  </entry>
</feed>)";

TEST(Atom10, FeedFields) {
  Feed feed = MustParse(kAtom10);
  EXPECT_EQ(feed.format, "atom10");
  EXPECT_FALSE(feed.bozo) << feed.bozo_message;
  EXPECT_EQ(feed.title, "Example Atom");
  EXPECT_EQ(feed.description, "Less <than> nothing");
  EXPECT_EQ(feed.link, "https://news.example.com/");
  EXPECT_EQ(feed.language, "en-US");
  ASSERT_EQ(feed.entries.size(), 2u);
}

TEST(Atom10, EntryFields) {
  Feed feed = MustParse(kAtom10);
  ASSERT_EQ(feed.entries.size(), 2u);
  const Entry& e = feed.entries[0];
  EXPECT_EQ(e.title, "a <b> c");  // type="text": the angle brackets are text
  EXPECT_EQ(e.link, "https://news.example.com/2025/story.html");
  EXPECT_EQ(e.id, "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a");
  ASSERT_TRUE(e.published);
  EXPECT_EQ(FormatIso8601(*e.published), "2025-10-02T11:53:00+08:00");
  ASSERT_TRUE(e.updated);
  EXPECT_EQ(FormatIso8601(*e.updated), "2025-10-03T08:00:00Z");
  EXPECT_EQ(e.authors, std::vector<std::string>{"Ann Writer"});
  EXPECT_EQ(e.categories, std::vector<std::string>{"world"});
  EXPECT_EQ(e.summary, "1 &lt; 2 &amp; true");
  EXPECT_NE(e.content.find("<p>Hello <b>world</b></p>"), std::string::npos) << e.content;
  EXPECT_EQ(e.content.find("<div"), std::string::npos) << e.content;
  EXPECT_EQ(e.image_url, "https://news.example.com/2025/story.jpg");
}

TEST(Atom10, XhtmlTitleHtmlContentAndInheritedAuthor) {
  Feed feed = MustParse(kAtom10);
  ASSERT_EQ(feed.entries.size(), 2u);
  const Entry& e = feed.entries[1];
  EXPECT_EQ(e.title, "Inline bold title");
  EXPECT_EQ(e.link, "https://news.example.com/second.html");
  EXPECT_NE(e.content.find("<em>html</em>"), std::string::npos) << e.content;
  EXPECT_EQ(e.authors, std::vector<std::string>{"Desk"});
  EXPECT_FALSE(e.published);
  ASSERT_TRUE(e.updated);
}

TEST(Atom03, VersionModeAndDates) {
  Feed feed = MustParse(R"(<?xml version="1.0"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#">
  <title>Old Atom</title><tagline>tag line</tagline>
  <link rel="alternate" type="text/html" href="http://example.org/"/>
  <entry>
    <title>E1</title><link rel="alternate" type="text/html" href="http://example.org/e1"/>
    <id>tag:example.org,2003:e1</id>
    <issued>2003-12-13T08:29:29-04:00</issued><modified>2003-12-13T18:30:02Z</modified>
    <content type="text/html" mode="escaped">&lt;p&gt;Escaped body&lt;/p&gt;</content>
    <summary type="text/plain" mode="base64">SGVsbG8=</summary>
  </entry>
</feed>)");
  EXPECT_EQ(feed.format, "atom03");
  EXPECT_EQ(feed.description, "tag line");
  EXPECT_EQ(feed.link, "http://example.org/");
  ASSERT_EQ(feed.entries.size(), 1u);
  const Entry& e = feed.entries[0];
  ASSERT_TRUE(e.published);
  EXPECT_EQ(FormatIso8601(*e.published), "2003-12-13T08:29:29-04:00");
  ASSERT_TRUE(e.updated);
  EXPECT_NE(e.content.find("<p>Escaped body</p>"), std::string::npos) << e.content;
  EXPECT_EQ(e.summary, "");
}

TEST(Atom10, NoNamespaceStillAtomAndMissingIdFallsBackToLink) {
  Feed feed = MustParse(R"(<feed><title>t</title><entry><title>x</title><link href="http://e.com/x"/></entry></feed>)");
  EXPECT_EQ(feed.format, "atom10");
  ASSERT_EQ(feed.entries.size(), 1u);
  EXPECT_EQ(feed.entries[0].id, "http://e.com/x");
}

TEST(Atom10, RelativeLinksWithoutAnyBaseAreDropped) {
  Feed feed = MustParse(R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="rel.html"/></entry></feed>)", "");
  ASSERT_EQ(feed.entries.size(), 1u);
  EXPECT_EQ(feed.entries[0].link, "");
}

TEST(Atom10, ScriptInContentIsSanitized) {
  Feed feed = MustParse(R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id>
<content type="html">&lt;p&gt;ok&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</content></entry></feed>)");
  ASSERT_EQ(feed.entries.size(), 1u);
  EXPECT_EQ(feed.entries[0].content.find("<script"), std::string::npos) << feed.entries[0].content;
  EXPECT_NE(feed.entries[0].content.find("ok"), std::string::npos);
}

}  // namespace
}  // namespace herald::feed
