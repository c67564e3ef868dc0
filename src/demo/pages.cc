#include "demo/pages.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "common/html_escape.h"
#include "demo/dates.h"
#include "demo/feeds.h"

namespace herald::demo {
namespace {

// Insertion order kept, so "@context" and "version" come first as publishers write them.
using json = nlohmann::ordered_json;

// A 1x1 transparent GIF: the placeholder lazy-loading sites put in src.
constexpr const char* kLazyPlaceholder =
    "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";

enum class JsonLdShape { kObject, kArray, kGraph };

// Everything that differs between publishers' templates. Block renderers
// below are shared; a skin only chooses names, order and which traps appear.
struct Skin {
  std::string article_class;    // the <article> element
  std::string headline_class;
  std::string byline_class;
  std::string body_open;        // wraps the paragraphs
  std::string body_close;
  std::string paragraph_open;   // wraps each paragraph
  std::string paragraph_close;
  std::vector<std::string> nav;
  JsonLdShape json_ld = JsonLdShape::kObject;
  int figure_after = 0;         // lead figure follows this many paragraphs
  int newsletter_after = -1;    // newsletter box inside the body, -1 = after it
  bool caption_copy = false;    // hidden duplicate of the caption (lazy loader)
  bool credit_span = false;     // credit in its own <span> inside figcaption
  bool audio = false;
  bool date_line = false;       // "Published: ..." line above the player
  bool donate = false;
  bool source_link = false;     // republisher junk: "Source link", view counter
};

// Interface text in the page's language.
struct Ui {
  std::string html_lang;
  std::string byline_prefix;
  std::string byline_suffix;
  std::string published;
  std::string listen;
  std::string audio_fallback;
  std::string cookie;
  std::string accept;
  std::string newsletter_title;
  std::string newsletter_text;
  std::string sign_up;
  std::string related;
  std::string comments;
  std::string comments_text;
  std::string share;
  std::string photo;            // credit prefix in captions
};

const Ui& UiFor(const std::string& language) {
  static const Ui en{"en", "By ", "", "Published: ", "Listen to this article",
                     "Your browser does not support the audio element.",
                     "We use cookies to improve your experience and to show you relevant advertising.",
                     "Accept all", "Get our China Briefing newsletter",
                     "The biggest stories from China and Asia, in your inbox every weekday morning.", "Sign up",
                     "Related Articles", "Comments", "Be the first to comment on this article.", "Share", "Photo: "};
  static const Ui zh{"zh-CN", "记者 ", "", "发布时间：", "Listen to this article",
                     "您的浏览器不支持 audio 标签。", "本网站使用Cookie以改善您的浏览体验。", "接受",
                     "订阅每日财经早报", "每个工作日早上，把最重要的财经新闻送到您的邮箱。", "订阅", "相关阅读",
                     "评论", "暂无评论，快来抢沙发。", "分享", "图片来源："};
  static const Ui ja{"ja", "", " 記者", "公開日時：", "この記事を聞く",
                     "お使いのブラウザは audio 要素に対応していません。",
                     "当サイトではサービス向上のためにCookieを使用しています。", "同意する",
                     "ニュースレターを受け取る", "平日の朝、アジアの主要ニュースをお届けします。", "登録",
                     "関連記事", "コメント", "この記事にはまだコメントがありません。", "共有", "写真："};
  if (language == "zh") return zh;
  if (language == "ja") return ja;
  return en;
}

const Skin& SkinFor(const std::string& publisher_id) {
  static const Skin harbour{"article-main", "article-title", "byline", "<div class=\"article-body\">", "</div>",
                            "<p>", "</p>", {"Hong Kong", "China", "Asia", "World", "Business", "Opinion"},
                            JsonLdShape::kObject, 3, 2, true, false, false, false, false, true};
  static const Skin ledger{"article-wrap", "headline", "author-byline",
                           "<section class=\"article-content paywalled-content\">", "</section>",
                           "<p data-type=\"paragraph\">", "</p>", {"World", "Business", "Markets", "Tech", "Opinion"},
                           JsonLdShape::kArray, 0, -1, false, true, true, false, false, false};
  static const Skin jinrong{"main-article", "article-h1", "top-author", "<div id=\"Main_Content_Val\" class=\"text\">",
                            "</div>", "<p style=\"text-indent:2em\">", "</p>",
                            {"首页", "宏观", "金融", "公司", "能源", "政策"}, JsonLdShape::kGraph, 0, 1, true, false,
                            true, true, false, false};
  static const Skin northbridge{"story", "story-headline", "contributor", "<div class=\"story-body\">", "</div>",
                                "<div data-component=\"text-block\"><p>", "</p></div>",
                                {"Home", "UK", "World", "Business", "Technology", "Climate"}, JsonLdShape::kObject, 0,
                                -1, false, true, false, false, true, false};
  static const Skin wire{"wire-story", "wire-headline", "wire-byline", "<div class=\"wire-text\">", "</div>", "<p>",
                         "</p>", {"Top News", "World", "Business", "Markets"}, JsonLdShape::kObject, 0, -1, false,
                         false, false, false, false, false};
  static const Skin toyo{"news-article", "news-title", "news-author", "<div class=\"news-body\">", "</div>", "<p>",
                         "</p>", {"トップ", "国際", "経済", "政治", "社会"}, JsonLdShape::kGraph, 1, -1, true, false,
                         true, false, false, false};
  if (publisher_id == "atlantic-ledger") return ledger;
  if (publisher_id == "jinrong") return jinrong;
  if (publisher_id == "northbridge") return northbridge;
  if (publisher_id == "pacific-wire") return wire;
  if (publisher_id == "toyo-jiho") return toyo;
  return harbour;
}

// "Mei Lin Chow" -> "mei-lin-chow"; non-ASCII names are percent-encoded.
std::string Slugify(const std::string& name) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (char c : name) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x80) {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    } else if (std::isalnum(u)) {
      out += static_cast<char>(std::tolower(u));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  return out;
}

std::string AuthorUrl(const Article& article, const std::string& name) {
  return "/" + article.publisher_id + "/author/" + Slugify(name);
}

// JSON inside <script> must not contain "</script" or "<!--", or the element
// ends early; escaping every '<' as \u003c rules both out.
std::string ScriptSafeJson(const json& value) {
  std::string out;
  for (char c : value.dump(2)) {
    if (c == '<') out += "\\u003c";
    else out += c;
  }
  return out;
}

// "Oct. 2, 2025 11:53 a.m. GMT+8", "2025年10月2日 11:53"
std::string DisplayTime(const LocalTime& t, const std::string& language) {
  char buf[64];
  if (language != "en") {
    std::snprintf(buf, sizeof buf, "%04d年%d月%d日 %02d:%02d", t.year, t.month, t.day, t.hour, t.minute);
    return buf;
  }
  static const char* kMonths[] = {"Jan.", "Feb.", "March", "April", "May", "June",
                                  "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."};
  int hour12 = t.hour % 12 == 0 ? 12 : t.hour % 12;
  std::string zone = "GMT";
  if (t.offset_minutes != 0) zone += (t.offset_minutes < 0 ? "-" : "+") + std::to_string(std::abs(t.offset_minutes) / 60);
  std::snprintf(buf, sizeof buf, "%s %d, %04d %d:%02d %s %s", kMonths[t.month - 1], t.day, t.year, hour12, t.minute,
                t.hour < 12 ? "a.m." : "p.m.", zone.c_str());
  return buf;
}

std::string CaptionText(const Article& article, const Ui& ui) {
  std::string space = article.language == "en" ? " " : "";
  return CaptionSentence(article) + space + ui.photo + article.credit;
}

json JsonLdArticle(const Article& article, const Publisher& publisher, const std::string& base_url) {
  json authors = json::array();
  for (const std::string& name : article.authors)
    authors.push_back({{"@type", "Person"}, {"name", name}, {"url", base_url + AuthorUrl(article, name)}});
  json doc = {
      {"@context", "https://schema.org"},
      {"@type", "NewsArticle"},
      {"mainEntityOfPage", {{"@type", "WebPage"}, {"@id", base_url + ArticlePath(article)}}},
      {"headline", article.title},
      {"description", article.summary},
      {"inLanguage", article.language},
      {"author", authors},
      {"datePublished", Iso8601(article.published)},
      {"dateModified", Iso8601(article.modified)},
      {"articleSection", article.section},
      {"keywords", article.tags},
      {"publisher",
       {{"@type", "NewsMediaOrganization"},
        {"name", publisher.name},
        {"logo", {{"@type", "ImageObject"}, {"url", base_url + "/" + publisher.id + "/images/logo.png"}}}}},
      {"isAccessibleForFree", !IsPaywalled(article)},
  };
  if (!article.caption.empty())
    doc["image"] = {{"@type", "ImageObject"}, {"url", base_url + ImagePath(article)}, {"width", 1200},
                    {"height", 675}, {"caption", article.caption}};
  if (IsPaywalled(article))
    doc["hasPart"] = {{"@type", "WebPageElement"}, {"isAccessibleForFree", false},
                      {"cssSelector", ".paywalled-content"}};
  return doc;
}

std::string RenderJsonLd(const Article& article, const Publisher& publisher, const Skin& skin,
                         const std::string& base_url) {
  json doc = JsonLdArticle(article, publisher, base_url);
  json breadcrumbs = {{"@type", "BreadcrumbList"},
                      {"itemListElement",
                       {{{"@type", "ListItem"}, {"position", 1}, {"name", article.section},
                         {"item", base_url + "/" + publisher.id + "/"}}}}};
  if (skin.json_ld == JsonLdShape::kArray) {
    json crumbs = {{"@context", "https://schema.org"}};
    crumbs.update(breadcrumbs);
    doc = json::array({crumbs, doc});
  } else if (skin.json_ld == JsonLdShape::kGraph) {
    doc.erase("@context");
    doc = {{"@context", "https://schema.org"}, {"@graph", json::array({breadcrumbs, doc})}};
  }
  return "<script type=\"application/ld+json\">\n" + ScriptSafeJson(doc) + "\n</script>\n";
}

std::string Meta(const std::string& attr, const std::string& key, const std::string& value) {
  return "<meta " + attr + "=\"" + key + "\" content=\"" + EscapeHtml(value) + "\">\n";
}

std::string RenderOpenGraph(const Article& article, const Publisher& publisher, const std::string& base_url) {
  std::string out = Meta("property", "og:type", "article") + Meta("property", "og:title", article.title) +
                    Meta("property", "og:description", article.summary) +
                    Meta("property", "og:url", base_url + ArticlePath(article)) +
                    Meta("property", "og:site_name", publisher.name) +
                    Meta("property", "og:locale", UiFor(article.language).html_lang);
  if (!article.caption.empty())
    out += Meta("property", "og:image", base_url + ImagePath(article)) +
           Meta("property", "og:image:alt", article.caption);
  out += Meta("property", "article:published_time", Iso8601(article.published)) +
         Meta("property", "article:modified_time", Iso8601(article.modified)) +
         Meta("property", "article:section", article.section);
  for (const std::string& name : article.authors) out += Meta("property", "article:author", name);
  for (const std::string& tag : article.tags) out += Meta("property", "article:tag", tag);
  out += Meta("name", "twitter:card", "summary_large_image");
  return out;
}

std::string RenderHead(const Article& article, const Publisher& publisher, const Skin& skin,
                       const std::string& base_url) {
  std::string out = "<head>\n<meta charset=\"" + article.charset + "\">\n" +
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
                    "<title>" + EscapeHtml(article.title) + " | " + EscapeHtml(publisher.name) + "</title>\n" +
                    "<link rel=\"canonical\" href=\"" + EscapeHtml(base_url + ArticlePath(article)) + "\">\n" +
                    Meta("name", "description", article.summary);
  // A sitemap is no feed to announce: sitemap-only publishers announce none.
  std::string feed = publisher.feed == FeedFormat::kSitemapOnly ? "" : FeedPath(publisher);
  if (!feed.empty()) {
    std::string type = FeedContentType(publisher.feed);
    out += "<link rel=\"alternate\" type=\"" + type.substr(0, type.find(';')) + "\" title=\"" + EscapeHtml(publisher.name) + "\" href=\"" + feed + "\">\n";
  }
  if (article.metadata != Metadata::kMicrodataOnly) {
    out += RenderOpenGraph(article, publisher, base_url);
    std::string names;
    for (const std::string& name : article.authors) names += (names.empty() ? "" : ", ") + name;
    out += Meta("name", "author", names);
  }
  if (article.metadata == Metadata::kJsonLd) out += RenderJsonLd(article, publisher, skin, base_url);
  out += "<style>.cookie-banner{position:fixed;bottom:0}.visually-hidden{display:none}</style>\n</head>\n";
  return out;
}

std::string RenderSiteHeader(const Publisher& publisher, const Skin& skin) {
  std::string out = "<header class=\"site-header\">\n<a class=\"logo\" href=\"/" + publisher.id + "/\">" +
                    EscapeHtml(publisher.name) + "</a>\n<nav class=\"main-nav\" aria-label=\"Sections\"><ul>\n";
  for (const std::string& item : skin.nav)
    out += "<li><a href=\"/" + publisher.id + "/section/" + Slugify(item) + "\">" + EscapeHtml(item) + "</a></li>\n";
  out += "</ul></nav>\n<a class=\"subscribe-link\" href=\"/" + publisher.id + "/subscribe\">Subscribe</a>\n</header>\n";
  return out;
}

std::string RenderCookieBanner(const Ui& ui) {
  return "<div id=\"cookie-consent\" class=\"cookie-banner\" role=\"dialog\"><p>" + EscapeHtml(ui.cookie) +
         "</p><button type=\"button\">" + EscapeHtml(ui.accept) + "</button></div>\n";
}

std::string RenderByline(const Article& article, const Skin& skin, const Ui& ui, bool microdata) {
  std::string out = "<div class=\"" + skin.byline_class + "\">" + EscapeHtml(ui.byline_prefix);
  for (size_t i = 0; i < article.authors.size(); ++i) {
    if (i > 0) out += article.language == "en" ? (i + 1 == article.authors.size() ? " and " : ", ") : "、";
    const std::string& name = article.authors[i];
    std::string link = "<a rel=\"author\" href=\"" + AuthorUrl(article, name) + "\">";
    if (microdata)
      out += "<span itemprop=\"author\" itemscope itemtype=\"https://schema.org/Person\">" + link +
             "<span itemprop=\"name\">" + EscapeHtml(name) + "</span></a></span>";
    else
      out += link + EscapeHtml(name) + "</a>";
  }
  out += EscapeHtml(ui.byline_suffix) + "</div>\n";
  std::string attrs = microdata ? " itemprop=\"datePublished\"" : "";
  out += "<div class=\"dateline\">" + EscapeHtml(ui.published) + "<time" + attrs + " datetime=\"" +
         Iso8601(article.published) + "\">" + EscapeHtml(DisplayTime(article.published, article.language)) +
         "</time></div>\n";
  if (microdata) out += "<meta itemprop=\"dateModified\" content=\"" + Iso8601(article.modified) + "\">\n";
  return out;
}

std::string RenderShareBar(const Article& article, const Ui& ui, const std::string& base_url) {
  std::string url = EscapeHtml(base_url + ArticlePath(article));
  return "<div class=\"share-bar\" aria-label=\"" + EscapeHtml(ui.share) + "\">"
         "<a href=\"https://twitter.com/intent/tweet?url=" + url + "\">X</a>"
         "<a href=\"https://www.facebook.com/sharer/sharer.php?u=" + url + "\">Facebook</a>"
         "<a href=\"https://wa.me/?text=" + url + "\">WhatsApp</a>"
         "<button type=\"button\" class=\"copy-link\">" + EscapeHtml(ui.share) + "</button></div>\n";
}

std::string RenderAudioPlayer(const Article& article, const Ui& ui) {
  return "<div class=\"audio-player\"><audio controls preload=\"none\" src=\"/" + article.publisher_id + "/audio/" +
         article.slug + ".mp3\">" + EscapeHtml(ui.audio_fallback) + "</audio><span class=\"listen-label\">" +
         EscapeHtml(ui.listen) + "</span><button type=\"button\" class=\"playback-rate\">1x</button></div>\n";
}

std::string RenderLeadFigure(const Article& article, const Skin& skin, const Ui& ui) {
  if (article.caption.empty()) return "";
  std::string src = ImagePath(article);
  std::string alt = EscapeHtml(article.caption);
  std::string space = article.language == "en" ? " " : "";
  std::string caption =
      skin.credit_span ? EscapeHtml(CaptionSentence(article) + space) + "<span class=\"credit\">" +
                             EscapeHtml(ui.photo + article.credit) + "</span>"
                       : EscapeHtml(CaptionText(article, ui));
  std::string out = "<figure class=\"lead-image\"" +
                    std::string(article.metadata == Metadata::kMicrodataOnly
                                    ? " itemprop=\"image\" itemscope itemtype=\"https://schema.org/ImageObject\""
                                    : "") +
                    ">\n<img class=\"lazyload\" src=\"" + kLazyPlaceholder + "\" data-src=\"" + src +
                    "\" alt=\"" + alt + "\" width=\"1200\" height=\"675\">\n<noscript><img src=\"" + src +
                    "\" alt=\"" + alt + "\"></noscript>\n";
  if (article.metadata == Metadata::kMicrodataOnly) out += "<meta itemprop=\"url\" content=\"" + src + "\">\n";
  out += "<figcaption>" + caption + "</figcaption>\n</figure>\n";
  if (skin.caption_copy)
    out += "<div class=\"image-caption visually-hidden\" aria-hidden=\"true\">" + EscapeHtml(CaptionText(article, ui)) +
           "</div>\n";
  return out;
}

std::string RenderNewsletterBox(const Ui& ui) {
  return "<aside class=\"newsletter-signup\"><h3>" + EscapeHtml(ui.newsletter_title) + "</h3><p>" +
         EscapeHtml(ui.newsletter_text) + "</p><form action=\"/newsletter\" method=\"post\"><input type=\"email\" "
         "name=\"email\" placeholder=\"Email\"><button type=\"submit\">" + EscapeHtml(ui.sign_up) +
         "</button></form></aside>\n";
}

std::string RenderDonateBox() {
  return "<aside class=\"support-box\"><p>Our journalism is free to read because readers like you support it. "
         "Will you help us keep it that way?</p><a class=\"button\" href=\"/donate\">Donate</a></aside>\n";
}

std::string RenderPaywall(const Publisher& publisher) {
  return "<div class=\"paywall\" id=\"cx-snippet-overlay\"><h3>This article is for subscribers</h3><p>Continue "
         "reading with a subscription to " + EscapeHtml(publisher.name) + ": unlimited access to our award-winning "
         "journalism for $1 a week for the first year.</p><a class=\"button\" href=\"/" + publisher.id +
         "/subscribe\">Subscribe Now</a> <a href=\"/" + publisher.id + "/login\">Sign In</a></div>\n";
}

std::string RenderBody(const Article& article, const Skin& skin, const Ui& ui) {
  std::vector<std::string> paragraphs = VisibleParagraphs(article);
  std::string out = skin.body_open;
  if (article.metadata == Metadata::kMicrodataOnly)
    out.insert(out.size() - 1, " itemprop=\"articleBody\"");
  out += "\n";
  for (size_t i = 0; i <= paragraphs.size(); ++i) {
    if (static_cast<int>(i) == skin.figure_after) out += RenderLeadFigure(article, skin, ui);
    if (static_cast<int>(i) == skin.newsletter_after && i < paragraphs.size()) out += RenderNewsletterBox(ui);
    if (i < paragraphs.size()) out += skin.paragraph_open + EscapeHtml(paragraphs[i]) + skin.paragraph_close + "\n";
  }
  out += skin.body_close + "\n";
  return out;
}

// Related teasers as aggregator templates print them: the thumbnail caption,
// the title twice, an excerpt cut at a byte budget (mid-word), a PREMIUM badge.
std::string Excerpt(const Article& article, size_t budget) {
  std::string text;
  if (article.publisher_id == "jinrong")  // the source site's player text leaked into its teaser
    text = "Published: " + DisplayTime(article.published, "en") + " " + UiFor(article.language).audio_fallback +
           " Listen to this article 1x " + CaptionText(article, UiFor(article.language)) + " ";
  for (const std::string& p : article.paragraphs) text += p + " ";
  if (text.size() <= budget) return text;
  size_t cut = budget;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
  return text.substr(0, cut);
}

std::string RenderRelated(const Article& article, const Ui& ui) {
  const std::vector<Article>& all = ArticleTable();
  size_t self = 0;
  while (self < all.size() && ArticlePath(all[self]) != ArticlePath(article)) ++self;
  std::string out = "<section class=\"related-articles\"><h2>" + EscapeHtml(ui.related) + "</h2>\n<ul>\n";
  for (size_t step : {1, 4, 7}) {
    const Article& other = all[(self + step) % all.size()];
    std::string href = ArticlePath(other);
    std::string title = EscapeHtml(other.title);
    out += "<li class=\"teaser\"><a href=\"" + href + "\"><figure><img class=\"lazyload\" src=\"" + kLazyPlaceholder +
           "\" data-src=\"" + ImagePath(other) + "\" alt=\"" + title + "\"><figcaption>" +
           EscapeHtml(CaptionText(other, UiFor(other.language))) + "</figcaption></figure></a>\n<h3><a href=\"" + href +
           "\">" + title + "</a></h3>\n";
    if (IsPaywalled(other)) out += "<span class=\"badge\">PREMIUM</span> ";
    out += "<a class=\"teaser-title\" href=\"" + href + "\">" + title + "</a>\n<p class=\"excerpt\">" +
           EscapeHtml(Excerpt(other, 300)) + "</p></li>\n";
  }
  return out + "</ul></section>\n";
}

std::string RenderComments(const Ui& ui) {
  return "<section id=\"comments\" class=\"comments\"><h2>" + EscapeHtml(ui.comments) + "</h2><p>" +
         EscapeHtml(ui.comments_text) + "</p><div class=\"comments-embed\" data-src=\"/comments.js\"></div></section>\n";
}

std::string RenderFooter(const Publisher& publisher) {
  return "<footer class=\"site-footer\"><nav><a href=\"/" + publisher.id + "/about\">About us</a> | <a href=\"/" +
         publisher.id + "/contact\">Contact</a> | <a href=\"/" + publisher.id +
         "/privacy\">Privacy policy</a> | <a href=\"/" + publisher.id + "/terms\">Terms of use</a></nav><p>© 2025 " +
         EscapeHtml(publisher.name) + ". All rights reserved. " + EscapeHtml(publisher.tagline) +
         "</p></footer>\n";
}

std::string Page(const std::string& lang, const std::string& title, const std::string& body,
                 const std::string& head_extra = "") {
  return "<!DOCTYPE html>\n<html lang=\"" + lang + "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
         EscapeHtml(title) + "</title>\n" + head_extra + "</head>\n<body>\n" + body + "</body>\n</html>\n";
}

// <link rel="alternate"> announcing the publisher's feed, as sites do for
// feed discovery; "" for a publisher without a feed.
std::string FeedLink(const Publisher& publisher) {
  if (publisher.feed == FeedFormat::kSitemapOnly) return "";
  std::string type = FeedContentType(publisher.feed);
  type = type.substr(0, type.find(';'));
  return "<link rel=\"alternate\" type=\"" + type + "\" title=\"" + EscapeHtml(publisher.name) + "\" href=\"" +
         FeedPath(publisher) + "\">\n";
}

std::string ArticleList(const std::string& publisher_id) {
  std::string out = "<ul>\n";
  for (const Article& a : ArticleTable())
    if (publisher_id.empty() || a.publisher_id == publisher_id)
      out += "<li><a href=\"" + ArticlePath(a) + "\">" + EscapeHtml(a.title) + "</a></li>\n";
  return out + "</ul>\n";
}

}  // namespace

std::string RenderArticlePage(const Article& article, const std::string& base_url) {
  const Publisher& publisher = PublisherById(article.publisher_id);
  const Skin& skin = SkinFor(article.publisher_id);
  const Ui& ui = UiFor(article.language);
  bool microdata = article.metadata == Metadata::kMicrodataOnly;
  std::string out = "<!DOCTYPE html>\n<html lang=\"" + ui.html_lang + "\">\n" +
                    RenderHead(article, publisher, skin, base_url) + "<body>\n" + RenderCookieBanner(ui) +
                    RenderSiteHeader(publisher, skin) + "<main>\n<article class=\"" + skin.article_class + "\"" +
                    (microdata ? " itemscope itemtype=\"https://schema.org/NewsArticle\"" : "") + ">\n" +
                    "<div class=\"section-label\">" + EscapeHtml(article.section) + "</div>\n<h1 class=\"" +
                    skin.headline_class + "\"" + (microdata ? " itemprop=\"headline\"" : "") + ">" +
                    EscapeHtml(article.title) + "</h1>\n";
  if (!skin.date_line) out += RenderByline(article, skin, ui, microdata);
  out += RenderShareBar(article, ui, base_url);
  if (skin.date_line) out += RenderByline(article, skin, ui, microdata);
  if (skin.audio) out += RenderAudioPlayer(article, ui);
  out += RenderBody(article, skin, ui);
  if (IsPaywalled(article)) out += RenderPaywall(publisher);
  if (skin.newsletter_after < 0) out += RenderNewsletterBox(ui);
  if (skin.source_link)
    out += "<p class=\"source\"><a href=\"" + base_url + ArticlePath(article) + "\">Source link</a></p>\n"
           "<div class=\"post-views\">Visited 1 times, 1 visit(s) today</div>\n";
  if (skin.donate) out += RenderDonateBox();
  out += "</article>\n" + RenderRelated(article, ui) + RenderComments(ui) + "</main>\n" + RenderFooter(publisher) +
         "</body>\n</html>\n";
  return out;
}

std::string RenderIndexPage() {
  std::string body = "<h1>herald demo newsroom</h1>\n<p>Fictional publishers for trying herald offline. "
                     "Every article's expected extraction is in <a href=\"/ground-truth.json\">ground-truth.json</a>; "
                     "the Google News sitemap is <a href=\"/sitemap-news.xml\">sitemap-news.xml</a>.</p>\n";
  for (const Publisher& p : Publishers()) {
    body += "<h2><a href=\"/" + p.id + "/\">" + EscapeHtml(p.name) + "</a></h2>\n";
    std::string feed = FeedPath(p);
    body += p.feed == FeedFormat::kSitemapOnly ? "<p>No feed: find its articles in its sitemap, <a href=\"" + feed + "\">" + feed + "</a>.</p>\n"
                         : "<p>Feed: <a href=\"" + feed + "\">" + feed + "</a></p>\n";
    body += ArticleList(p.id);
  }
  return Page("en", "herald demo newsroom", body);
}

std::string RenderPublisherHome(const Publisher& publisher) {
  return Page(UiFor(publisher.language).html_lang, publisher.name,
              "<h1>" + EscapeHtml(publisher.name) + "</h1>\n<p>" + EscapeHtml(publisher.tagline) + "</p>\n" +
                  ArticleList(publisher.id),
              FeedLink(publisher));
}

std::string RenderNotFoundPage(const std::string& path) {
  return Page("en", "Page not found",
              "<h1>Page not found</h1>\n<p>Nothing lives at " + EscapeHtml(path) +
                  ". Start from the <a href=\"/\">newsroom index</a>.</p>\n");
}

}  // namespace herald::demo
