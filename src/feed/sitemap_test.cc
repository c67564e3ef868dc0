#include <gtest/gtest.h>

#include <string>

#include "common/time.h"
#include "feed/feed.h"

namespace herald::feed {
namespace {

Feed MustParse(const std::string& xml) {
  auto result = ParseFeed(xml, ParseOptions{"https://news.example.com/sitemap.xml", "application/xml"});
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.message());
  return result.ok() ? *result : Feed{};
}

TEST(Sitemap, GoogleNewsEntries) {
  Feed feed = MustParse(R"(<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>https://news.example.com/2025/10/02/rates.html</loc>
    <lastmod>2025-10-02T12:00:00+08:00</lastmod>
    <news:news>
      <news:publication><news:name>Example News</news:name><news:language>zh-cn</news:language></news:publication>
      <news:publication_date>2025-10-02T11:53:00+08:00</news:publication_date>
      <news:title>Rates &amp; banks</news:title>
      <news:keywords>economy, banks ,</news:keywords>
    </news:news>
    <image:image><image:loc>/img/rates.jpg</image:loc></image:image>
  </url>
  <url><loc>/relative/page.html</loc></url>
  <url><lastmod>2025-10-02</lastmod></url>
</urlset>)");
  EXPECT_EQ(feed.format, "sitemap");
  ASSERT_EQ(feed.entries.size(), 2u);
  const Entry& e = feed.entries[0];
  EXPECT_EQ(e.link, "https://news.example.com/2025/10/02/rates.html");
  EXPECT_EQ(e.id, e.link);
  EXPECT_EQ(e.title, "Rates & banks");
  EXPECT_EQ(e.language, "zh-cn");
  ASSERT_TRUE(e.published);
  EXPECT_EQ(FormatIso8601(*e.published), "2025-10-02T11:53:00+08:00");
  ASSERT_TRUE(e.updated);
  EXPECT_EQ(e.categories, (std::vector<std::string>{"economy", "banks"}));
  EXPECT_EQ(e.image_url, "https://news.example.com/img/rates.jpg");
  EXPECT_EQ(feed.entries[1].link, "https://news.example.com/relative/page.html");
}

TEST(Sitemap, IndexListsChildSitemaps) {
  Feed feed = MustParse(R"(<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://news.example.com/sitemap-news.xml</loc><lastmod>2025-10-02</lastmod></sitemap>
  <sitemap><loc>sitemap-2.xml</loc></sitemap>
  <sitemap><loc>javascript:alert(1)</loc></sitemap>
  <sitemap></sitemap>
</sitemapindex>)");
  EXPECT_EQ(feed.format, "sitemapindex");
  EXPECT_TRUE(feed.entries.empty());
  EXPECT_EQ(feed.child_sitemaps, (std::vector<std::string>{"https://news.example.com/sitemap-news.xml",
                                                           "https://news.example.com/sitemap-2.xml"}));
}

}  // namespace
}  // namespace herald::feed
