// The feedparser-shaped result: one test per feedparser behaviour herald
// reproduces (the conformance suite measures the rest).
#include "feed/feedparser_json.h"

#include <gtest/gtest.h>

#include <string>

namespace herald::feed {
namespace {

nlohmann::json Parse(const std::string& xml) { return ParseAsFeedparser(xml, FeedparserInput{}); }

TEST(FeedparserJson, AtomXhtmlKeepsItsInnerDivs) {
  auto r = Parse(
      "<feed xmlns='http://www.w3.org/2005/Atom'><entry><summary type='xhtml'>"
      "<div xmlns='http://www.w3.org/1999/xhtml'><div>Example <b>Atom</b></div></div></summary></entry></feed>");
  EXPECT_EQ(r["bozo"], 0);
  EXPECT_EQ(r["entries"][0]["summary"], "<div>Example <b>Atom</b></div>");
}

TEST(FeedparserJson, WellFormedDocumentsKeepCharacterReferencesInMarkup) {
  // feedparser's strict parser does not decode entities in embedded markup.
  auto r = Parse(
      "<feed version='0.3' xmlns='http://purl.org/atom/ns#'><entry>"
      "<title type='text/html' mode='escaped'>&lt;b&gt;&#38;#38;&lt;/b&gt;</title></entry></feed>");
  EXPECT_EQ(r["entries"][0]["title_detail"]["value"], "<b>&#38;</b>");
}

TEST(FeedparserJson, DctermsValidityStartAndEnd) {
  auto r = Parse(
      "<rss version='2.0' xmlns:dcterms='http://purl.org/dc/terms/'><channel>"
      "<dcterms:valid>start=2002-10-13T09:00+01:00;end=2002-10-17T17:00+01:00;scheme=W3C-DTF</dcterms:valid>"
      "</channel></rss>");
  EXPECT_EQ(r["feed"]["validity_start"], "2002-10-13T09:00+01:00");
  EXPECT_EQ(r["feed"]["validity_end"], "2002-10-17T17:00+01:00");
  EXPECT_EQ(r["feed"]["validity_end_parsed"], nlohmann::json::parse("[2002,10,17,16,0,0,3,290,0]"));
}

TEST(FeedparserJson, RssTextThatLooksLikeHtmlIsHtml) {
  auto html = Parse("<rss version='2.0'><channel><item><title>a &lt;b&gt;bold&lt;/b&gt;</title></item></channel></rss>");
  EXPECT_EQ(html["entries"][0]["title_detail"]["type"], "text/html");
  // An unknown tag means it is not HTML after all.
  auto text = Parse("<rss version='2.0'><channel><item><title>a &lt;foo&gt;x&lt;/foo&gt;</title></item></channel></rss>");
  EXPECT_EQ(text["entries"][0]["title_detail"]["type"], "text/plain");
}

TEST(FeedparserJson, AuthorEmailIsSplitOut) {
  auto r = Parse(
      "<rss version='2.0'><channel><item><author>me@example.com (Jane Doe)</author></item></channel></rss>");
  EXPECT_EQ(r["entries"][0]["author_detail"]["email"], "me@example.com");
  EXPECT_EQ(r["entries"][0]["author_detail"]["name"], "Jane Doe");
}

TEST(FeedparserJson, EntityLikeQueryParametersInLinks) {
  auto r = Parse(
      "<rss version='2.0'><channel><item><link>http://e.com/?a=1&amp;copy;b=2</link></item></channel></rss>");
  EXPECT_EQ(r["entries"][0]["link"], "http://e.com/?a=1&copyb=2");
}

TEST(FeedparserJson, GeoRssPointLineAndGmlWithReferenceSystems) {
  auto point = Parse(
      "<rss version='2.0' xmlns:georss='http://www.georss.org/georss'><channel><item>"
      "<georss:point>36.9382 31.1732</georss:point></item></channel></rss>");
  EXPECT_EQ(point["entries"][0]["where"]["type"], "Point");
  EXPECT_EQ(point["entries"][0]["where"]["coordinates"], nlohmann::json::parse("[31.1732, 36.9382]"));
  // A projected (UTM) reference system is not swapped; too few numbers give {}.
  auto utm = Parse(
      "<rss version='2.0' xmlns:georss='http://www.georss.org/georss' xmlns:gml='http://www.opengis.net/gml'>"
      "<channel><item><georss:where><gml:Point srsName='EPSG:26913'><gml:pos>36.9382 31.1732</gml:pos>"
      "</gml:Point></georss:where></item><item><georss:polygon>1 2 3 4</georss:polygon></item></channel></rss>");
  EXPECT_EQ(utm["entries"][0]["where"]["coordinates"], nlohmann::json::parse("[36.9382, 31.1732]"));
  EXPECT_EQ(utm["entries"][1]["where"], nlohmann::json::object());
  auto bad = Parse(
      "<rss version='2.0' xmlns:georss='http://www.georss.org/georss'><channel><item>"
      "<georss:line>1 2 x 4</georss:line></item></channel></rss>");
  EXPECT_EQ(bad["entries"][0]["where"], nlohmann::json::object());
}

TEST(FeedparserJson, JsonFeed) {
  auto r = Parse(R"({"version": "https://jsonfeed.org/version/1.1", "title": "T", "home_page_url": "https://e.org/",
      "items": [{"id": "1", "url": "https://e.org/1", "content_html": "<p>hi</p><script>x()</script>",
                 "date_published": "2020-01-02T03:04:05Z"}, {"id": "2", "content_text": "plain"}]})");
  EXPECT_EQ(r["bozo"], 0);
  EXPECT_EQ(r["version"], "json11");
  EXPECT_EQ(r["feed"]["title"], "T");
  ASSERT_EQ(r["entries"].size(), 2u);
  EXPECT_EQ(r["entries"][0]["content"][0]["value"], "<p>hi</p>");
  EXPECT_EQ(r["entries"][0]["published_parsed"], nlohmann::json::parse("[2020,1,2,3,4,5,3,2,0]"));
  EXPECT_EQ(r["entries"][1]["content"][0]["type"], "text/plain");
  auto unknown = Parse(R"({"version": "https://example.com/other", "items": []})");
  EXPECT_EQ(unknown["bozo"], 1);
  auto broken = Parse(R"({"version": "https://jsonfeed.org/version/1", "items": [)");
  EXPECT_EQ(broken["bozo"], 1);
}

TEST(FeedparserJson, TruncatedAndHostileDocumentsStillGiveAnObject) {
  for (const char* doc : {"", "<", "<rss><channel><item><title>cut", "\xEE\x80\x80<feed/>",
                          "<rss version='2.0'><channel><title type='html'>&lt;div&gt;&lt;script&gt;x()&lt;/script&gt;"}) {
    auto r = Parse(doc);
    EXPECT_TRUE(r.is_object()) << doc;
    EXPECT_EQ(r.dump().find("<script"), std::string::npos) << doc;
  }
}

}  // namespace
}  // namespace herald::feed
