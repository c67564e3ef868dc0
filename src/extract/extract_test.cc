#include "extract/extract.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

#include "common/strings.h"

namespace herald::extract {
namespace {

// The patterns of the seed page (reference/000_3b36bed716c232df.txt): the
// title repeated in the body, a figure whose caption was printed twice, an
// audio player whose fallback text leaked, related-article teasers, "Source
// link" and visit counters, a donate box, byline/date only in markup.
constexpr char kSeedLikePage[] = R"(<!doctype html>
<html lang="en-GB"><head>
<meta charset="utf-8">
<title>Arctic thaw: China’s polar ambitions face test | South China Morning Post</title>
<meta property="og:site_name" content="South China Morning Post">
<meta property="og:title" content="Arctic thaw: China’s polar ambitions face test">
<meta property="og:image" content="/img/summit.jpg">
<meta property="article:published_time" content="2025-10-02T11:53:00+08:00">
<link rel="canonical" href="https://news.example/arctic?utm_source=x">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<div class="layout"><main><article class="story">
<h1>Arctic thaw: China’s polar ambitions face test</h1>
<div class="byline">By Jane Doe</div>
<audio controls src="/a.mp3">您的浏览器不支持 audio 标签。</audio>
<div class="player-controls">Listen to this article <button>1x</button></div>
<p>After his high-stakes summit with US President Donald Trump in Anchorage, Alaska, in August, Russian President Vladimir Putin told reporters that cooperation was “very possible”.</p>
<p>您的浏览器不支持 audio 标签。 Listen to this article 1x</p>
<figure><img src="data:image/gif;base64,R0lGOD" data-src="/img/summit.jpg" width="1200" height="800">
<noscript><img src="/img/summit.jpg"></noscript>
<figcaption>US President Donald Trump greets Russian President Vladimir Putin in Anchorage. Photo: Getty Images</figcaption></figure>
<p>US President Donald Trump greets Russian President Vladimir Putin in Anchorage. Photo: Getty Images</p>
<p>It is unclear how far any potential cooperation in the Arctic could go, given Trump’s hardening position on Moscow over Ukraine, but there is speculation about it.</p>
<p>“Arctic cooperation was raised by both American and Russian policymakers because both sides are aware of their common interests in the region,” said Pavel Devyatkin.</p>
<p>Source link</p>
<p>Visited 1 times, 1 visit(s) today</p>
</article>
<aside class="related"><h3>Related Article</h3><p>5% rise in mainland Chinese visitors to Hong Kong on first day of ‘golden week’, with industry leaders expecting more arrivals.</p></aside>
<div class="donate-box"><p>Donate</p><p>China Is Building The Solar Future Because The U.S. Refuses, and we need your support to keep reporting.</p></div>
</main></div>
<footer>© 2025</footer>
</body></html>)";

Article MustExtract(std::string_view html, const Options& options = {"https://news.example/world/arctic", ""}) {
  Result<Article> result = Extract(html, options);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.message());
  return result.ok() ? std::move(result).value() : Article{};
}

size_t Count(std::string_view haystack, std::string_view needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string_view::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

TEST(ExtractTest, SeedPagePatternsAreFixed) {
  Article a = MustExtract(kSeedLikePage);
  EXPECT_EQ(a.title, "Arctic thaw: China’s polar ambitions face test");
  EXPECT_EQ(Count(a.text, "Arctic thaw"), 0u) << "title repeated in body:\n" << a.text;
  EXPECT_EQ(a.byline, std::vector<std::string>{"Jane Doe"});
  ASSERT_TRUE(a.published.has_value());
  EXPECT_EQ(FormatIso8601(*a.published), "2025-10-02T11:53:00+08:00");
  EXPECT_EQ(a.site_name, "South China Morning Post");
  EXPECT_EQ(a.language, "en");
  EXPECT_EQ(a.canonical_url.find("https://news.example/arctic"), 0u);

  for (const char* leak : {"浏览器", "Listen to this article", "1x", "Source link", "Visited 1",
                           "Related Article", "golden week", "Donate", "Home", "©", "By Jane Doe",
                           "Getty Images"}) {
    EXPECT_EQ(a.text.find(leak), std::string::npos) << leak << " leaked into:\n" << a.text;
  }
  EXPECT_NE(a.text.find("After his high-stakes summit"), std::string::npos);
  EXPECT_NE(a.text.find("Pavel Devyatkin"), std::string::npos);
  EXPECT_EQ(Count(a.text, "\n\n"), 2u) << a.text;  // three paragraphs

  // The figure appears once, caption split from credit.
  EXPECT_EQ(Count(a.html, "<figure>"), 1u) << a.html;
  EXPECT_EQ(Count(a.html, "greets Russian President"), 1u) << a.html;
  ASSERT_TRUE(a.lead_image.has_value());
  EXPECT_EQ(a.lead_image->url, "https://news.example/img/summit.jpg");
  EXPECT_EQ(a.lead_image->caption,
            "US President Donald Trump greets Russian President Vladimir Putin in Anchorage.");
  EXPECT_EQ(a.lead_image->credit, "Getty Images");
  EXPECT_EQ(a.lead_image->width, 1200);

  EXPECT_LE(CodePointCount(a.excerpt), 300u);
  EXPECT_TRUE(a.text.starts_with(a.excerpt.substr(0, 40)));
  EXPECT_GT(a.word_count, 60);
  EXPECT_EQ(a.reading_time_minutes, 1);
  EXPECT_FALSE(a.paywalled);
}

TEST(ExtractTest, TitleWithMarkupAndQuotesIsPlainText) {
  Article a = MustExtract(
      "<html><head><title>&lt;script&gt;alert(\"x\")&lt;/script&gt; 'Quoted' &amp; \"more\" - Site</title>"
      "</head><body><p>Body text that is long enough to count as a paragraph, with a comma.</p>"
      "</body></html>");
  EXPECT_EQ(a.title, "<script>alert(\"x\")</script> 'Quoted' & \"more\"");
  EXPECT_EQ(a.html.find("<script"), std::string::npos);
  EXPECT_EQ(ToJson(a)["title"], a.title);
}

TEST(ExtractTest, ScriptInBodyIsNeverKept) {
  Article a = MustExtract(
      "<body><article><p>Real text of the article, long enough to be the content.</p>"
      "<script>document.write('<p>evil</p>')</script><p onclick=\"x()\">More <a "
      "href=\"javascript:alert(1)\">text</a> here for the reader to enjoy.</p></article></body>");
  EXPECT_EQ(a.text.find("evil"), std::string::npos);
  EXPECT_EQ(a.html.find("javascript"), std::string::npos);
  EXPECT_EQ(a.html.find("onclick"), std::string::npos);
  EXPECT_NE(a.text.find("More text here"), std::string::npos);
}

TEST(ExtractTest, EmptyAndBinaryInputAreErrors) {
  EXPECT_FALSE(Extract("", {}).ok());
  EXPECT_FALSE(Extract("   \n ", {}).ok());
  constexpr char kPng[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0";
  std::string binary(kPng, sizeof kPng - 1);
  Result<Article> result = Extract(binary, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(result.message().find("binary"), std::string::npos);
}

TEST(ExtractTest, DeepNestingDoesNotCrash) {
  std::string html = "<html><body>";
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "<p>Deep text, deep down in the nest, long enough to count.</p>";
  Article a = MustExtract(html);
  EXPECT_NE(a.text.find("Deep text"), std::string::npos);
}

// Pathological pages finish with a clear result: no crash, no hang, nothing invented.
TEST(ExtractTest, FiftyMegabyteSingleLineIsReadUpToTheCap) {
  std::string line = "<html><body><article><p>";
  line.reserve(50u << 20);
  while (line.size() < (50u << 20)) line += "words without end ";
  line += "</p></article></body></html>";
  ASSERT_EQ(line.find('\n'), std::string::npos);
  Article a = MustExtract(line);
  EXPECT_GT(a.word_count, 500000);
  EXPECT_LT(a.text.size(), kMaxPageBytes);  // the rest was never read
  EXPECT_LE(CodePointCount(a.excerpt), 300u);
}

TEST(ExtractTest, PageWithoutBodyKeepsItsTitleAndNoText) {
  Article a = MustExtract("<html><head><title>Only a head</title><meta name=\"author\" content=\"Jane Doe\"></head></html>");
  EXPECT_EQ(a.title, "Only a head");
  EXPECT_EQ(a.byline, std::vector<std::string>{"Jane Doe"});
  EXPECT_EQ(a.text, "");
  EXPECT_FALSE(a.published.has_value());
}

TEST(ExtractTest, FramesetPageHasNoArticleText) {
  Article a = MustExtract("<html><head><title>Frames</title></head><frameset cols=\"50%,50%\"><frame src=\"a.html\">"
                          "<frame src=\"b.html\"><noframes>Your browser does not support frames.</noframes></frameset></html>");
  EXPECT_EQ(a.title, "Frames");
  EXPECT_EQ(a.text.find("does not support"), std::string::npos) << a.text;
}

TEST(ExtractTest, RandomBytesAreABinaryInputError) {
  std::string garbage;
  uint32_t x = 2463534242u;
  for (int i = 0; i < 1 << 16; ++i) {  // xorshift: the same bytes every run
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    garbage += static_cast<char>(x & 0xff);
  }
  Result<Article> result = Extract(garbage, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::kInvalidInput);
}

TEST(ExtractTest, NothingInventedForBarePages) {
  Article a = MustExtract("<p>hi</p>");
  EXPECT_TRUE(a.byline.empty());
  EXPECT_FALSE(a.published.has_value());
  EXPECT_FALSE(a.lead_image.has_value());
  EXPECT_EQ(a.text, "hi");
}

TEST(ExtractTest, ADateFromTheUrlIsADayWithoutInventedTimeOrZone) {
  Options options;
  options.url = "https://news.example/world/2025/10/02/talks-resume.html";
  auto a = Extract("<html><head><title>Talks resume</title></head><body><article><p>Negotiators met again on "
                   "Thursday after a month of silence.</p></article></body></html>",
                   options);
  ASSERT_TRUE(a.ok()) << a.message();
  ASSERT_TRUE(a->published.has_value());
  EXPECT_TRUE(a->published_date_only);
  EXPECT_EQ(ToJson(*a)["published"], "2025-10-02");
  EXPECT_TRUE(ToJson(*a)["modified"].is_null());
}

TEST(ExtractTest, ToJsonHasEveryKey) {
  Article a = MustExtract(kSeedLikePage);
  nlohmann::json j = ToJson(a);
  for (const char* key : {"title", "byline", "published", "modified", "site_name", "section", "tags",
                          "language", "canonical_url", "lead_image", "excerpt", "paywalled", "text",
                          "html", "word_count", "reading_time_minutes"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_TRUE(j["modified"].is_null());
  EXPECT_EQ(j["published"], "2025-10-02T11:53:00+08:00");
  EXPECT_EQ(j["lead_image"]["credit"], "Getty Images");
  EXPECT_TRUE(ToJson(Article{})["lead_image"].is_null());
}

TEST(ExtractTest, ChineseArticleCountsWordsAndDetectsLanguage) {
  Article a = MustExtract(
      "<html><body><article><p>新经济行业在九月占中国整体经济投入的百分之三十一点二，生物医药等高附加值产业的贡献上升。</p>"
      "<p>随着劳动力和技术投入的扩张，新经济指数上月有所上升，分析人士认为这一趋势将会持续。</p></article></body></html>");
  EXPECT_EQ(a.language, "zh");
  EXPECT_GT(a.word_count, 20);
  EXPECT_LT(a.word_count, 90);
}

}  // namespace
}  // namespace herald::extract
