#include <gtest/gtest.h>

#include <string>

#include "common/time.h"
#include "feed/feed.h"

namespace herald::feed {
namespace {

Result<Feed> Parse(const std::string& json) {
  return ParseFeed(json, ParseOptions{"https://news.example.com/feed.json", "application/feed+json"});
}

TEST(JsonFeed, Version11) {
  auto result = Parse(R"({
    "version": "https://jsonfeed.org/version/1.1",
    "title": "JSON &amp; News", "home_page_url": "https://news.example.com/",
    "description": "d", "language": "en",
    "authors": [{"name": "Desk"}],
    "items": [
      {"id": "1", "url": "/a.html", "title": "First", "content_html": "<p>Hi <b>there</b></p>",
       "summary": "a < b", "date_published": "2025-10-02T11:53:00+08:00",
       "date_modified": "2025-10-03T00:00:00Z", "tags": ["x", "y", 3], "image": "/a.jpg",
       "authors": [{"name": "Ann"}]},
      {"id": 2, "external_url": "https://else.example.org/b", "content_text": "plain <text>"},
      "not an object",
      {"id": null, "url": 42, "title": ["wrong", "type"]}
    ]})");
  ASSERT_TRUE(result.ok()) << result.message();
  const Feed& feed = *result;
  EXPECT_EQ(feed.format, "json1");
  EXPECT_FALSE(feed.bozo);
  EXPECT_EQ(feed.title, "JSON & News");
  EXPECT_EQ(feed.link, "https://news.example.com/");
  ASSERT_EQ(feed.entries.size(), 3u);
  const Entry& a = feed.entries[0];
  EXPECT_EQ(a.id, "1");
  EXPECT_EQ(a.link, "https://news.example.com/a.html");
  EXPECT_NE(a.content.find("<b>there</b>"), std::string::npos);
  EXPECT_EQ(a.summary, "a &lt; b");
  ASSERT_TRUE(a.published);
  EXPECT_EQ(FormatIso8601(*a.published), "2025-10-02T11:53:00+08:00");
  EXPECT_TRUE(a.updated);
  EXPECT_EQ(a.categories, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(a.image_url, "https://news.example.com/a.jpg");
  EXPECT_EQ(a.authors, std::vector<std::string>{"Ann"});
  const Entry& b = feed.entries[1];
  EXPECT_EQ(b.id, "2");
  EXPECT_EQ(b.link, "https://else.example.org/b");
  EXPECT_EQ(b.content, "plain &lt;text&gt;");
  EXPECT_EQ(b.authors, std::vector<std::string>{"Desk"});
  EXPECT_EQ(feed.entries[2].title, "");
}

TEST(JsonFeed, Version10AuthorObject) {
  auto result = Parse(R"({"version": "https://jsonfeed.org/version/1", "title": "t",
    "author": {"name": "Old Style"}, "items": [{"id": "x", "url": "https://e.com/x"}]})");
  ASSERT_TRUE(result.ok()) << result.message();
  ASSERT_EQ(result->entries.size(), 1u);
  EXPECT_EQ(result->entries[0].authors, std::vector<std::string>{"Old Style"});
}

TEST(JsonFeed, ItemsWithoutVersionIsBozo) {
  auto result = Parse(R"({"items": [{"id": "x"}]})");
  ASSERT_TRUE(result.ok()) << result.message();
  EXPECT_TRUE(result->bozo);
  EXPECT_EQ(result->entries.size(), 1u);
}

TEST(JsonFeed, JsonThatIsNotAFeedIsAnError) {
  for (const char* json : {R"({"data": [1, 2, 3]})", "[1, 2, 3]", R"({"items": "nope"})", "{}"}) {
    auto result = Parse(json);
    ASSERT_FALSE(result.ok()) << json;
    EXPECT_NE(result.message().find("not a feed"), std::string::npos) << result.message();
  }
}

TEST(JsonFeed, BrokenAndHostileJsonIsAnError) {
  EXPECT_FALSE(Parse(R"({"version": "https://jsonfeed.org/version/1.1", "items": [)").ok());
  EXPECT_FALSE(Parse("{\"a\": \"\xff\xfe\"}").ok());
  EXPECT_FALSE(Parse(std::string(100000, '[')).ok());
  std::string deep = R"({"version": "https://jsonfeed.org/version/1.1", "items": [)";
  for (int i = 0; i < 5000; ++i) deep += "{\"a\":";
  EXPECT_FALSE(Parse(deep).ok());
}

}  // namespace
}  // namespace herald::feed
