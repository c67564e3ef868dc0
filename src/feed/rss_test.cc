#include <gtest/gtest.h>

#include <string>

#include "common/time.h"
#include "feed/feed.h"

namespace herald::feed {
namespace {

Feed MustParse(const std::string& xml, const std::string& url = "https://news.example.com/feed.xml") {
  auto result = ParseFeed(xml, ParseOptions{url, ""});
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.message());
  return result.ok() ? *result : Feed{};
}

const char kRss20[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"
     xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Example &amp; News</title>
  <link>https://news.example.com/</link>
  <atom:link rel="self" href="https://news.example.com/feed.xml"/>
  <description>All the &lt;b&gt;news&lt;/b&gt;</description>
  <language>en-gb</language>
  <item>
    <title>Rates &lt;em&gt;rise&lt;/em&gt; again</title>
    <link>/2025/10/rates.html</link>
    <guid isPermaLink="false">tag:example.com,2025:rates</guid>
    <description>&lt;p&gt;The bank raised rates.&lt;/p&gt;</description>
    <content:encoded><![CDATA[<p>Full <b>story</b> here.</p>]]></content:encoded>
    <dc:creator>Jo Smith</dc:creator>
    <author>desk@example.com (News Desk)</author>
    <category>Economy</category>
    <category>Economy</category>
    <dc:subject>Banks</dc:subject>
    <pubDate>Thu, 02 Oct 2025 11:53:00 +0800</pubDate>
    <media:thumbnail url="/img/rates-thumb.jpg"/>
    <media:content url="https://cdn.example.com/rates.jpg" medium="image"/>
  </item>
  <item>
    <title>Second</title>
    <guid>https://news.example.com/second</guid>
    <enclosure url="https://cdn.example.com/second.png" type="image/png" length="1"/>
  </item>
</channel>
</rss>)";

TEST(Rss20, ChannelFields) {
  Feed feed = MustParse(kRss20);
  EXPECT_EQ(feed.format, "rss20");
  EXPECT_FALSE(feed.bozo) << feed.bozo_message;
  EXPECT_EQ(feed.title, "Example & News");
  EXPECT_EQ(feed.link, "https://news.example.com/");
  EXPECT_EQ(feed.description, "All the news");
  EXPECT_EQ(feed.language, "en-gb");
  ASSERT_EQ(feed.entries.size(), 2u);
}

TEST(Rss20, ItemFields) {
  Feed feed = MustParse(kRss20);
  ASSERT_EQ(feed.entries.size(), 2u);
  const Entry& e = feed.entries[0];
  EXPECT_EQ(e.title, "Rates rise again");
  EXPECT_EQ(e.link, "https://news.example.com/2025/10/rates.html");
  EXPECT_EQ(e.id, "tag:example.com,2025:rates");
  EXPECT_NE(e.summary.find("The bank raised rates."), std::string::npos) << e.summary;
  EXPECT_NE(e.content.find("<b>story</b>"), std::string::npos) << e.content;
  EXPECT_EQ(e.authors, (std::vector<std::string>{"Jo Smith", "News Desk"}));
  EXPECT_EQ(e.categories, (std::vector<std::string>{"Economy", "Banks"}));
  ASSERT_TRUE(e.published);
  EXPECT_EQ(FormatIso8601(*e.published), "2025-10-02T11:53:00+08:00");
  EXPECT_EQ(e.image_url, "https://cdn.example.com/rates.jpg");
}

TEST(Rss20, PermalinkGuidIsTheLinkAndImageEnclosureTheImage) {
  Feed feed = MustParse(kRss20);
  ASSERT_EQ(feed.entries.size(), 2u);
  const Entry& e = feed.entries[1];
  EXPECT_EQ(e.id, "https://news.example.com/second");
  EXPECT_EQ(e.link, "https://news.example.com/second");
  EXPECT_EQ(e.image_url, "https://cdn.example.com/second.png");
  EXPECT_FALSE(e.published);
}

TEST(Rss20, ThumbnailUsedWhenNoImageContentAndResolvedAgainstXmlBase) {
  Feed feed = MustParse(R"(<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
<channel xml:base="https://other.example.org/section/"><title>t</title>
<item><title>x</title><link>a.html</link><media:thumbnail url="thumb.jpg"/></item>
</channel></rss>)");
  ASSERT_EQ(feed.entries.size(), 1u);
  EXPECT_EQ(feed.entries[0].link, "https://other.example.org/section/a.html");
  EXPECT_EQ(feed.entries[0].image_url, "https://other.example.org/section/thumb.jpg");
  EXPECT_EQ(feed.entries[0].id, "https://other.example.org/section/a.html");
}

TEST(Rss20, UnescapedMarkupInDescriptionIsKept) {
  Feed feed = MustParse(R"(<rss version="2.0"><channel><title>t</title>
<item><title>x</title><description><p>Inline <a href="/more">more</a></p></description></item>
</channel></rss>)");
  ASSERT_EQ(feed.entries.size(), 1u);
  EXPECT_NE(feed.entries[0].summary.find("more</a>"), std::string::npos) << feed.entries[0].summary;
}

TEST(Rss09x, VersionAndUndeclaredHtmlEntities) {
  Feed feed = MustParse(R"(<?xml version="1.0"?>
<rss version="0.91"><channel><title>Caf&eacute;&nbsp;News</title><link>http://example.com/</link>
<item><title>Tom&rsquo;s &mdash; story</title><link>http://example.com/1</link></item>
</channel></rss>)");
  EXPECT_EQ(feed.format, "rss09x");
  EXPECT_EQ(feed.title, "Caf\xC3\xA9 News");
  ASSERT_EQ(feed.entries.size(), 1u);
  EXPECT_EQ(feed.entries[0].title, "Tom\xE2\x80\x99s \xE2\x80\x94 story");
}

TEST(Rss10, RdfItemsAreSiblingsOfTheChannel) {
  Feed feed = MustParse(R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="http://example.org/"><title>RDF site</title><link>http://example.org/</link>
    <description>d</description><dc:language>fr</dc:language></channel>
  <item rdf:about="http://example.org/a"><title>A</title><link>http://example.org/a</link>
    <dc:date>2025-10-02T11:53:00Z</dc:date><dc:creator>Ann</dc:creator></item>
  <item rdf:about="http://example.org/b"><title>B</title></item>
</rdf:RDF>)");
  EXPECT_EQ(feed.format, "rss10");
  EXPECT_EQ(feed.title, "RDF site");
  EXPECT_EQ(feed.language, "fr");
  ASSERT_EQ(feed.entries.size(), 2u);
  EXPECT_EQ(feed.entries[0].id, "http://example.org/a");
  EXPECT_EQ(feed.entries[0].authors, std::vector<std::string>{"Ann"});
  ASSERT_TRUE(feed.entries[0].published);
  EXPECT_EQ(FormatIso8601(*feed.entries[0].published), "2025-10-02T11:53:00Z");
  EXPECT_EQ(feed.entries[1].link, "http://example.org/b");
}

TEST(Rss090, NetscapeNamespace) {
  Feed feed = MustParse(R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
  xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>Old</title><link>http://e.com/</link></channel>
  <item><title>I</title><link>http://e.com/i</link></item></rdf:RDF>)");
  EXPECT_EQ(feed.format, "rss09x");
  ASSERT_EQ(feed.entries.size(), 1u);
  EXPECT_EQ(feed.entries[0].link, "http://e.com/i");
}

TEST(Rss20, UndeclaredPrefixStillRecognisedAndBozo) {
  Feed feed = MustParse(R"(<rss version="2.0"><channel><title>t</title>
<item><title>x</title><link>http://e.com/x</link><dc:creator>Undeclared Author</dc:creator></item>
</channel></rss>)");
  EXPECT_TRUE(feed.bozo);
  ASSERT_EQ(feed.entries.size(), 1u);
  EXPECT_EQ(feed.entries[0].authors, std::vector<std::string>{"Undeclared Author"});
}

TEST(Rss20, UnparseableDateIsLeftEmpty) {
  Feed feed = MustParse(R"(<rss version="2.0"><channel><title>t</title>
<item><title>x</title><pubDate>sometime last week</pubDate></item></channel></rss>)");
  ASSERT_EQ(feed.entries.size(), 1u);
  EXPECT_FALSE(feed.entries[0].published);
}

}  // namespace
}  // namespace herald::feed

namespace herald::feed {
namespace {

TEST(Rss20, UnknownEntityStaysLiteralAndUppercaseHexReferenceIsRead) {
  Feed feed = MustParse(R"(<rss version="2.0"><channel><title>a &doesnotexist; b</title>
<item><title>&#X41;&#x42;</title></item></channel></rss>)");
  EXPECT_EQ(feed.title, "a &doesnotexist; b");
  EXPECT_TRUE(feed.bozo);
  ASSERT_EQ(feed.entries.size(), 1u);
  EXPECT_EQ(feed.entries[0].title, "AB");
}

}  // namespace
}  // namespace herald::feed
