#include "demo/newsroom.h"

#include <gtest/gtest.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "common/html_escape.h"
#include "common/strings.h"
#include "common/url.h"
#include "http_get.h"

namespace herald::demo {
namespace {

using herald::testing::CountOccurrences;
using herald::testing::HttpGet;
using nlohmann::json;

struct XmlDocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using XmlDoc = std::unique_ptr<xmlDoc, XmlDocFree>;

XmlDoc ParseXml(const std::string& body) {
  return XmlDoc(xmlReadMemory(body.data(), static_cast<int>(body.size()), "feed.xml", nullptr,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
}

std::string NodeText(xmlNode* node) {
  xmlChar* text = xmlNodeGetContent(node);
  std::string out = text ? reinterpret_cast<const char*>(text) : "";
  xmlFree(text);
  return out;
}

std::string Attribute(xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  std::string out = value ? reinterpret_cast<const char*>(value) : "";
  xmlFree(value);
  return out;
}

// Resolves an attribute against the node's xml:base chain, as Atom readers must.
std::string ResolvedHref(xmlDoc* doc, xmlNode* node) {
  std::string href = Attribute(node, "href");
  xmlChar* base = xmlNodeGetBase(doc, node);
  std::string out = base ? ResolveUrl(reinterpret_cast<const char*>(base), href) : href;
  xmlFree(base);
  return out;
}

void Walk(xmlNode* node, const std::function<void(xmlNode*)>& visit) {
  for (xmlNode* n = node; n != nullptr; n = n->next) {
    if (n->type == XML_ELEMENT_NODE) visit(n);
    Walk(n->children, visit);
  }
}

bool IsName(xmlNode* n, const char* name) { return std::string(reinterpret_cast<const char*>(n->name)) == name; }

// Decodes `bytes` from `charset`; nullopt when any byte sequence is invalid.
std::optional<std::string> Decode(const std::string& bytes, const char* charset) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(charset, &status);
  ucnv_setToUCallBack(conv, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  icu::UnicodeString text(bytes.data(), static_cast<int32_t>(bytes.size()), conv, status);
  ucnv_close(conv);
  if (U_FAILURE(status)) return std::nullopt;
  std::string out;
  text.toUTF8String(out);
  return out;
}

const Truth& FindTruth(const std::function<bool(const Truth&)>& pred) {
  for (const Truth& t : Articles())
    if (pred(t)) return t;
  ADD_FAILURE() << "no article matches";
  return Articles().front();
}

class NewsroomTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto started = StartNewsroom("127.0.0.1", 0);
    ASSERT_TRUE(started.ok()) << started.message();
    server_ = std::move(started.value()).release();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static std::string Url(const std::string& path) { return server_->base_url() + path; }

  // Every article link the feeds and the sitemap give, by feed path.
  static std::map<std::string, std::vector<std::string>> FeedLinks() {
    std::map<std::string, std::vector<std::string>> links;
    for (const FeedInfo& feed : Feeds()) {
      auto res = HttpGet(Url(feed.path));
      std::vector<std::string>& out = links[feed.path];
      if (feed.format == "json11") {
        json parsed = json::parse(res.body, nullptr, false);
        if (parsed.is_object())
          for (const json& item : parsed["items"]) out.push_back(item["url"]);
        continue;
      }
      XmlDoc doc = ParseXml(res.body);
      if (!doc) continue;
      Walk(xmlDocGetRootElement(doc.get()), [&](xmlNode* n) {
        bool rss_link = feed.format == "rss20" && IsName(n, "link") && IsName(n->parent, "item");
        bool atom_link = feed.format == "atom10" && IsName(n, "link") && IsName(n->parent, "entry") &&
                         Attribute(n, "rel") == "alternate";
        bool loc = feed.format == "sitemap" && IsName(n, "loc") && IsName(n->parent, "url");
        if (rss_link || loc) out.push_back(NodeText(n));
        if (atom_link) out.push_back(ResolvedHref(doc.get(), n));
      });
    }
    return links;
  }

  static httpd::Server* server_;
};
httpd::Server* NewsroomTest::server_ = nullptr;

TEST_F(NewsroomTest, ContentSetIsComplete) {
  const auto& articles = Articles();
  EXPECT_GE(articles.size(), 16u);
  std::set<std::string> publishers, languages, paths;
  for (const Truth& t : articles) {
    publishers.insert(t.publisher);
    languages.insert(t.language);
    paths.insert(t.path);
    EXPECT_FALSE(t.title.empty());
    EXPECT_FALSE(t.byline.empty()) << t.path;
    EXPECT_GE(t.paragraphs.size(), 3u) << t.path;
    EXPECT_LE(t.paragraphs.size(), 9u) << t.path;
    EXPECT_TRUE(ParseHttpUrl("http://x" + t.path).ok()) << t.path;
    EXPECT_EQ(t.published.size() >= 20, true) << t.published;
  }
  EXPECT_EQ(paths.size(), articles.size()) << "article paths must be unique";
  EXPECT_GE(publishers.size(), 5u);
  EXPECT_EQ(languages, (std::set<std::string>{"en", "ja", "zh"}));
  EXPECT_EQ(std::count_if(articles.begin(), articles.end(), [](const Truth& t) { return t.paywalled; }), 1);
}

TEST_F(NewsroomTest, FeedsAnswerWithTheirContentType) {
  std::map<std::string, std::string> expected = {{"rss20", "application/rss+xml"},
                                                 {"atom10", "application/atom+xml"},
                                                 {"json11", "application/feed+json"},
                                                 {"sitemap", "application/xml"}};
  std::set<std::string> formats;
  for (const FeedInfo& feed : Feeds()) {
    auto res = HttpGet(Url(feed.path));
    ASSERT_EQ(res.status, 200) << feed.path << " " << res.error;
    EXPECT_EQ(res.content_type.substr(0, res.content_type.find(';')), expected[feed.format]) << feed.path;
    EXPECT_FALSE(res.headers["etag"].empty()) << feed.path;
    EXPECT_FALSE(res.headers["last-modified"].empty()) << feed.path;
    formats.insert(feed.format);
  }
  EXPECT_EQ(formats.size(), 4u);
}

TEST_F(NewsroomTest, XmlFeedsAreWellFormed) {
  for (const FeedInfo& feed : Feeds()) {
    if (feed.format == "json11") continue;
    auto res = HttpGet(Url(feed.path));
    XmlDoc doc = ParseXml(res.body);
    ASSERT_TRUE(doc) << feed.path << " is not well-formed XML";
    std::string root = reinterpret_cast<const char*>(xmlDocGetRootElement(doc.get())->name);
    std::string want = feed.format == "rss20" ? "rss" : feed.format == "atom10" ? "feed" : "urlset";
    EXPECT_EQ(root, want) << feed.path;
  }
}

TEST_F(NewsroomTest, RssCarriesCreatorDatesAndMedia) {
  auto res = HttpGet(Url("/harbour-times/rss.xml"));
  EXPECT_NE(res.body.find("<dc:creator>Mei Lin Chow</dc:creator>"), std::string::npos);
  EXPECT_NE(res.body.find("<pubDate>Wed, 01 Oct 2025 09:30:00 +0800</pubDate>"), std::string::npos);
  EXPECT_NE(res.body.find("<enclosure url=\"" + Url("/harbour-times/images/")), std::string::npos);
  EXPECT_NE(res.body.find("<media:content"), std::string::npos);
}

TEST_F(NewsroomTest, JsonFeedIsVersion11) {
  auto res = HttpGet(Url("/jinrong/feed.json"));
  json feed = json::parse(res.body, nullptr, false);
  ASSERT_FALSE(feed.is_discarded());
  EXPECT_EQ(feed["version"], "https://jsonfeed.org/version/1.1");
  ASSERT_FALSE(feed["items"].empty());
  for (const json& item : feed["items"]) {
    EXPECT_TRUE(item.contains("id"));
    EXPECT_TRUE(item.contains("date_published"));
    EXPECT_EQ(item["url"].get<std::string>().rfind(server_->base_url(), 0), 0u);
  }
}

TEST_F(NewsroomTest, AtomWithXmlBaseUsesRelativeLinks) {
  auto res = HttpGet(Url("/northbridge/atom.xml"));
  XmlDoc doc = ParseXml(res.body);
  ASSERT_TRUE(doc);
  EXPECT_EQ(Attribute(xmlDocGetRootElement(doc.get()), "base"), Url("/northbridge/"));
  EXPECT_NE(res.body.find("href=\"2025/"), std::string::npos);
}

TEST_F(NewsroomTest, EveryFeedLinkAnswers200AndEveryArticleIsListed) {
  std::set<std::string> listed, in_feeds;
  for (const auto& [feed, links] : FeedLinks()) {
    EXPECT_FALSE(links.empty()) << feed;
    for (const std::string& link : links) {
      auto res = HttpGet(link);
      EXPECT_EQ(res.status, 200) << link << " from " << feed;
      EXPECT_EQ(res.content_type.rfind("text/html", 0), 0u) << link;
      listed.insert(link);
      if (feed.find("sitemap") == std::string::npos) in_feeds.insert(link);
    }
  }
  size_t sitemap_only = 0;
  for (const Truth& t : Articles()) {
    EXPECT_TRUE(listed.count(Url(t.path))) << t.path << " is in no feed and not in the sitemap";
    sitemap_only += in_feeds.count(Url(t.path)) == 0;
  }
  EXPECT_GE(sitemap_only, 1u) << "at least one publisher must be findable only through the sitemap";
}

TEST_F(NewsroomTest, GroundTruthListsAllArticles) {
  auto res = HttpGet(Url("/ground-truth.json"));
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(res.content_type, "application/json");
  json truth = json::parse(res.body, nullptr, false);
  ASSERT_FALSE(truth.is_discarded());
  ASSERT_EQ(truth["articles"].size(), Articles().size());
  for (size_t i = 0; i < Articles().size(); ++i) {
    const json& a = truth["articles"][i];
    EXPECT_EQ(a["path"], Articles()[i].path);
    EXPECT_EQ(a["title"], Articles()[i].title);
    EXPECT_EQ(a["paragraphs"].size(), Articles()[i].paragraphs.size());
  }
  EXPECT_EQ(truth["feeds"].size(), Feeds().size());
}

TEST_F(NewsroomTest, EveryPageHoldsItsTruthAndTheBoilerplateTraps) {
  for (const Truth& t : Articles()) {
    auto res = HttpGet(Url(t.path));
    ASSERT_EQ(res.status, 200) << t.path;
    std::string html = t.charset == "utf-8" ? res.body : Decode(res.body, t.charset.c_str()).value_or("");
    for (const std::string& p : t.paragraphs) EXPECT_NE(html.find(EscapeHtml(p)), std::string::npos) << t.path << ": " << p;
    EXPECT_NE(html.find("<title>" + EscapeHtml(t.title) + " | " + EscapeHtml(t.publisher) + "</title>"),
              std::string::npos) << t.path;
    EXPECT_NE(html.find("<link rel=\"canonical\" href=\"" + Url(t.path) + "\">"), std::string::npos) << t.path;
    EXPECT_NE(html.find("<time"), std::string::npos) << t.path;
    EXPECT_NE(html.find("cookie-banner"), std::string::npos) << t.path;
    EXPECT_NE(html.find("related-articles"), std::string::npos) << t.path;
    EXPECT_NE(html.find("data-src=\""), std::string::npos) << t.path;
    // The caption appears in the figure and again in <noscript>/hidden copies or teasers.
    if (!t.lead_image_caption.empty()) {
      // Alt texts and teasers repeat the caption without its final stop.
      std::string bare = t.lead_image_caption;
      for (std::string stop : {".", "\u3002"})
        if (bare.size() > stop.size() && bare.compare(bare.size() - stop.size(), stop.size(), stop) == 0)
          bare.resize(bare.size() - stop.size());
      EXPECT_GE(CountOccurrences(html, EscapeHtml(bare)), 2u) << t.path;
    }
  }
}

TEST_F(NewsroomTest, PagesMixMetadataStyles) {
  size_t json_ld = 0, og_only = 0, microdata_only = 0;
  for (const Truth& t : Articles()) {
    std::string html = HttpGet(Url(t.path)).body;
    bool has_json_ld = html.find("application/ld+json") != std::string::npos;
    bool has_og = html.find("og:title") != std::string::npos;
    json_ld += has_json_ld;
    og_only += has_og && !has_json_ld;
    microdata_only += !has_og && !has_json_ld && html.find("itemprop=\"datePublished\"") != std::string::npos;
  }
  EXPECT_GE(json_ld, 8u);
  EXPECT_GE(og_only, 1u);
  EXPECT_GE(microdata_only, 1u);
}

TEST_F(NewsroomTest, AudioPlayerFallbacksAppear) {
  std::string all;
  for (const Truth& t : Articles())
    if (t.charset == "utf-8") all += HttpGet(Url(t.path)).body;
  EXPECT_NE(all.find("Your browser does not support the audio element."), std::string::npos);
  EXPECT_NE(all.find("您的浏览器不支持 audio 标签。"), std::string::npos);
  EXPECT_NE(all.find("Listen to this article"), std::string::npos);
  EXPECT_NE(all.find(">1x<"), std::string::npos);
  EXPECT_NE(all.find("PREMIUM"), std::string::npos);
  EXPECT_NE(all.find("Source link"), std::string::npos);
}

TEST_F(NewsroomTest, GbkPageIsRealGbk) {
  const Truth& t = FindTruth([](const Truth& t) { return t.charset == "gbk"; });
  auto res = HttpGet(Url(t.path));
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(res.content_type, "text/html; charset=GBK");
  EXPECT_NE(ToValidUtf8(res.body), res.body) << "GBK bytes must not pass as UTF-8";
  std::optional<std::string> text = Decode(res.body, "GBK");
  ASSERT_TRUE(text.has_value()) << "page is not valid GBK";
  EXPECT_NE(text->find("<meta charset=\"gbk\">"), std::string::npos);
  EXPECT_NE(text->find("<title>" + t.title + " | "), std::string::npos);
  EXPECT_EQ(res.body.find(t.title), std::string::npos) << "the UTF-8 title must not appear raw";
}

TEST_F(NewsroomTest, HostileTitleIsEscapedInSource) {
  const Truth& t = FindTruth([](const Truth& t) { return t.title.find("<script>") != std::string::npos; });
  EXPECT_NE(t.title.find("\"Chip Controls\""), std::string::npos);
  EXPECT_NE(t.title.find('&'), std::string::npos);
  std::string html = HttpGet(Url(t.path)).body;
  EXPECT_EQ(html.find("<script>alert(1)</script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  // The JSON-LD block must not be closed early by the title's "</script>".
  EXPECT_EQ(CountOccurrences(html, "<script"), CountOccurrences(html, "</script>"));
  // A real HTML parser reads the title back literally.
  htmlDocPtr doc = htmlReadMemory(html.data(), static_cast<int>(html.size()), "page.html", "utf-8",
                                  HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  ASSERT_NE(doc, nullptr);
  std::string title;
  Walk(xmlDocGetRootElement(doc), [&](xmlNode* n) {
    if (IsName(n, "title")) title = NodeText(n);
  });
  xmlFreeDoc(doc);
  EXPECT_EQ(title, t.title + " | " + t.publisher);
  // The feeds escape it too and stay well-formed (checked above); the Atom title reads back literally.
  XmlDoc atom = ParseXml(HttpGet(Url("/atlantic-ledger/atom.xml")).body);
  ASSERT_TRUE(atom);
  bool found = false;
  Walk(xmlDocGetRootElement(atom.get()), [&](xmlNode* n) {
    if (IsName(n, "title") && NodeText(n) == t.title) found = true;
  });
  EXPECT_TRUE(found);
}

TEST_F(NewsroomTest, PaywalledPageShowsOnlyTheFreePart) {
  const Truth& t = FindTruth([](const Truth& t) { return t.paywalled; });
  std::string html = HttpGet(Url(t.path)).body;
  EXPECT_NE(html.find("\"isAccessibleForFree\": false"), std::string::npos);
  EXPECT_NE(html.find("class=\"paywall\""), std::string::npos);
  EXPECT_LT(html.find(EscapeHtml(t.paragraphs.back())), html.find("class=\"paywall\""));
}

TEST_F(NewsroomTest, WireStoryIsSyndicatedTwice) {
  std::vector<const Truth*> copies;
  for (const Truth& t : Articles())
    if (!t.syndicated_from.empty()) copies.push_back(&t);
  ASSERT_EQ(copies.size(), 2u);
  const Truth& original = FindTruth([&](const Truth& t) { return t.path == copies[0]->syndicated_from; });
  for (const Truth* copy : copies) {
    EXPECT_EQ(copy->syndicated_from, original.path);
    EXPECT_NE(copy->title, original.title);
    EXPECT_NE(copy->publisher, original.publisher);
    // Same body; one copy adds a local intro paragraph in front.
    std::vector<std::string> tail(copy->paragraphs.end() - original.paragraphs.size(), copy->paragraphs.end());
    EXPECT_EQ(tail, original.paragraphs);
  }
  EXPECT_NE(copies[0]->paragraphs.size(), copies[1]->paragraphs.size());
}

TEST_F(NewsroomTest, ConditionalRequestsGet304) {
  auto first = HttpGet(Url("/pacific-wire/rss.xml"));
  std::string etag = first.headers["etag"], modified = first.headers["last-modified"];
  ASSERT_FALSE(etag.empty());
  auto by_etag = HttpGet(Url("/pacific-wire/rss.xml"), {{"If-None-Match", etag}});
  EXPECT_EQ(by_etag.status, 304);
  EXPECT_TRUE(by_etag.body.empty());
  EXPECT_EQ(HttpGet(Url("/pacific-wire/rss.xml"), {{"If-Modified-Since", modified}}).status, 304);
  EXPECT_EQ(HttpGet(Url("/pacific-wire/rss.xml"), {{"If-Modified-Since", "Mon, 01 Sep 2025 00:00:00 GMT"}}).status, 200);
  EXPECT_EQ(HttpGet(Url("/pacific-wire/rss.xml"), {{"If-None-Match", "\"other\""}}).status, 200);
  EXPECT_EQ(HttpGet(Url("/pacific-wire/rss.xml"), {{"If-Modified-Since", "yesterday"}}).status, 200);
  EXPECT_EQ(modified, "Tue, 30 Sep 2025 12:05:00 GMT");  // newest dateModified in the feed
}

TEST_F(NewsroomTest, UnknownPathsAre404) {
  for (const char* path : {"/nope", "/harbour-times/2025/10/missing.html", "/harbour-times/rss.json",
                           "/unknown/images/x.png", "/harbour-times/images/../../etc/passwd.png"}) {
    auto res = HttpGet(Url(path));
    EXPECT_EQ(res.status, 404) << path;
    EXPECT_NE(res.body.find("Page not found"), std::string::npos) << path;
  }
}

TEST_F(NewsroomTest, ImagesAreRealPngs) {
  auto res = HttpGet(Url("/harbour-times/images/typhoon-mirae-signal-8.png"));
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(res.content_type, "image/png");
  EXPECT_EQ(res.body.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
}

TEST_F(NewsroomTest, HostileHostHeaderFallsBackToServerAddress) {
  auto res = HttpGet(Url("/pacific-wire/rss.xml"), {{"Host", "evil\"><x"}});
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(res.body.find("evil"), std::string::npos);
  EXPECT_NE(res.body.find(Url("/pacific-wire/")), std::string::npos);
}

TEST(Serve, IsDeterministicAndUsesTheBaseUrl) {
  httpd::Request request;
  request.method = "GET";
  request.path = "/atlantic-ledger/atom.xml";
  auto a = Serve(request, "http://news.example");
  auto b = Serve(request, "http://news.example");
  EXPECT_EQ(a.body, b.body);
  EXPECT_NE(a.body.find("http://news.example/atlantic-ledger/2025/"), std::string::npos);
}

TEST(Serve, RejectsOtherMethods) {
  httpd::Request request;
  request.method = "POST";
  request.path = "/";
  EXPECT_EQ(Serve(request, "http://x").status, 405);
}

}  // namespace
}  // namespace herald::demo
