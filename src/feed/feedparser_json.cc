// feedparser's result shape, reached the way feedparser reaches it: the parsed
// tree is replayed as start/text/end events into a port of feedparser's
// element handlers (its "mixin": an element stack collecting text, content
// parameters for text constructs, contexts for feed/entry/image/textinput/
// source). Following its rules literally is what makes the key names, the
// precedence between duplicate elements and the content types come out as
// the conformance suite expects.
#include "feed/feedparser_json.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <cctype>
#include <ctime>
#include <functional>
#include <unordered_map>
#include <vector>

#include "common/strings.h"
#include "common/time.h"
#include "common/url.h"
#include "feed/encoding_sniff.h"
#include "feed/feedparser_html.h"
#include "feed/xml_util.h"

namespace herald::feed {
namespace {

using Json = nlohmann::json;

// feedparser's table of namespace URIs (lowercased) -> canonical prefixes.
const std::unordered_map<std::string, std::string>& KnownNamespaces() {
  static const auto* table = new std::unordered_map<std::string, std::string>{
      {"", ""},
      {"http://backend.userland.com/rss", ""},
      {"http://blogs.law.harvard.edu/tech/rss", ""},
      {"http://purl.org/rss/1.0/", ""},
      {"http://my.netscape.com/rdf/simple/0.9/", ""},
      {"http://example.com/newformat#", ""},
      {"http://example.com/necho", ""},
      {"http://purl.org/echo/", ""},
      {"uri/of/echo/namespace#", ""},
      {"http://purl.org/pie/", ""},
      {"http://purl.org/atom/ns#", ""},
      {"http://www.w3.org/2005/atom", ""},
      {"http://purl.org/rss/1.0/modules/rss091#", ""},
      {"http://webns.net/mvcb/", "admin"},
      {"http://purl.org/rss/1.0/modules/aggregation/", "ag"},
      {"http://purl.org/rss/1.0/modules/annotate/", "annotate"},
      {"http://media.tangent.org/rss/1.0/", "audio"},
      {"http://backend.userland.com/blogchannelmodule", "blogChannel"},
      {"http://creativecommons.org/ns#license", "cc"},
      {"http://web.resource.org/cc/", "cc"},
      {"http://cyber.law.harvard.edu/rss/creativecommonsrssmodule.html", "creativeCommons"},
      {"http://backend.userland.com/creativecommonsrssmodule", "creativeCommons"},
      {"http://purl.org/rss/1.0/modules/company", "co"},
      {"http://purl.org/rss/1.0/modules/content/", "content"},
      {"http://my.theinfo.org/changed/1.0/rss/", "cp"},
      {"http://purl.org/dc/elements/1.1/", "dc"},
      {"http://purl.org/dc/terms/", "dcterms"},
      {"http://purl.org/rss/1.0/modules/email/", "email"},
      {"http://purl.org/rss/1.0/modules/event/", "ev"},
      {"http://rssnamespace.org/feedburner/ext/1.0", "feedburner"},
      {"http://freshmeat.net/rss/fm/", "fm"},
      {"http://xmlns.com/foaf/0.1/", "foaf"},
      {"http://www.w3.org/2003/01/geo/wgs84_pos#", "geo"},
      {"http://www.georss.org/georss", "georss"},
      {"http://www.opengis.net/gml", "gml"},
      {"http://postneo.com/icbm/", "icbm"},
      {"http://purl.org/rss/1.0/modules/image/", "image"},
      {"http://www.itunes.com/dtds/podcast-1.0.dtd", "itunes"},
      {"http://example.com/dtds/podcast-1.0.dtd", "itunes"},
      {"http://purl.org/rss/1.0/modules/link/", "l"},
      {"http://search.yahoo.com/mrss", "media"},
      {"http://search.yahoo.com/mrss/", "media"},
      {"http://madskills.com/public/xml/rss/module/pingback/", "pingback"},
      {"http://prismstandard.org/namespaces/1.2/basic/", "prism"},
      {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf"},
      {"http://www.w3.org/2000/01/rdf-schema#", "rdfs"},
      {"http://purl.org/rss/1.0/modules/reference/", "ref"},
      {"http://purl.org/rss/1.0/modules/richequiv/", "reqv"},
      {"http://purl.org/rss/1.0/modules/search/", "search"},
      {"http://purl.org/rss/1.0/modules/slash/", "slash"},
      {"http://schemas.xmlsoap.org/soap/envelope/", "soap"},
      {"http://purl.org/rss/1.0/modules/servicestatus/", "ss"},
      {"http://hacks.benhammersley.com/rss/streaming/", "str"},
      {"http://purl.org/rss/1.0/modules/subscription/", "sub"},
      {"http://purl.org/rss/1.0/modules/syndication/", "sy"},
      {"http://schemas.pocketsoap.com/rss/mydescmodule/", "szf"},
      {"http://purl.org/rss/1.0/modules/taxonomy/", "taxo"},
      {"http://purl.org/rss/1.0/modules/threading/", "thr"},
      {"http://purl.org/rss/1.0/modules/textinput/", "ti"},
      {"http://madskills.com/public/xml/rss/module/trackback/", "trackback"},
      {"http://wellformedweb.org/commentapi/", "wfw"},
      {"http://purl.org/rss/1.0/modules/wiki/", "wiki"},
      {"http://www.w3.org/1999/xhtml", "xhtml"},
      {"http://www.w3.org/1999/xlink", "xlink"},
      {"http://www.w3.org/xml/1998/namespace", "xml"},
      {"http://podlove.org/simple-chapters", "psc"},
  };
  return *table;
}

// Elements whose text is a URI, resolved against the base in effect.
bool CanBeRelativeUri(const std::string& e) {
  static const char* const kNames[] = {"comments", "docs", "href", "icon", "id", "link", "logo", "url",
                                       "wfw_comment", "wfw_commentrss"};
  for (const char* n : kNames) {
    if (e == n) return true;
  }
  return false;
}

// Elements whose text may be HTML: relative URIs resolved, markup sanitized.
bool CanContainMarkup(const std::string& e) {
  static const char* const kNames[] = {"content", "copyright", "description", "info", "rights",
                                       "subtitle", "summary", "tagline", "title"};
  for (const char* n : kNames) {
    if (e == n) return true;
  }
  return false;
}

bool IsHtmlType(const std::string& type) { return type == "text/html" || type == "application/xhtml+xml"; }

std::string MapContentType(std::string type) {
  type = ToLowerAscii(type);
  if (type == "text" || type == "plain") return "text/plain";
  if (type == "html") return "text/html";
  if (type == "xhtml") return "application/xhtml+xml";
  return type;
}

std::string StripAscii(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

void ReplaceAll(std::string& s, std::string_view from, std::string_view to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

std::string EscapeXml(std::string_view s, bool quotes) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"':
        if (quotes) {
          out += "&quot;";
          break;
        }
        [[fallthrough]];
      default: out += c;
    }
  }
  return out;
}

// Schemes feedparser lets a base URI have; anything else (javascript:) is dropped.
bool AcceptableScheme(std::string_view uri) {
  static const char* const kSchemes[] = {
      "file", "ftp", "gopher", "h323", "hdl", "http", "https", "imap", "magnet", "mailto", "mms", "news",
      "nntp", "prospero", "rsync", "rtsp", "rtspu", "sftp", "shttp", "sip", "sips", "snews", "svn",
      "svn+ssh", "telnet", "wais", "aim", "callto", "cvs", "facetime", "feed", "git", "gtalk", "irc",
      "ircs", "irc6", "itms", "msnim", "skype", "ssh", "smb", "ymsg"};
  std::string trimmed = StripAscii(uri);
  size_t colon = trimmed.find(':');
  if (colon == std::string::npos) return false;
  std::string scheme = trimmed.substr(0, colon);
  for (const char* s : kSchemes) {
    if (scheme == s) return true;
  }
  return false;
}

std::string UrlJoin(const std::string& base, const std::string& ref) {
  if (base.empty()) return ref;
  if (ref.empty()) return base;
  std::string resolved = ResolveUrl(base, ref);
  return resolved.empty() ? ref : resolved;
}

// feedparser's make_safe_absolute_uri.
std::string SafeAbsoluteUri(const std::string& base, const std::string& rel) {
  if (base.empty()) return rel;
  if (rel.empty()) {
    if (base.find(':') == std::string::npos || AcceptableScheme(base)) return base;
    return "";
  }
  std::string uri = UrlJoin(base, rel);
  return AcceptableScheme(uri) ? uri : "";
}

std::string AttrValue(const xmlAttr* a) {
  xmlChar* v = xmlNodeListGetString(a->doc, a->children, 1);
  std::string out = v != nullptr ? reinterpret_cast<const char*>(v) : "";
  xmlFree(v);
  return out;
}

Json ParsedDate(const std::string& value) {
  std::optional<Timestamp> t = ParseDate(value);
  if (!t) return nullptr;
  std::time_t seconds = static_cast<std::time_t>(t->utc_seconds);
  std::tm tm{};
  if (gmtime_r(&seconds, &tm) == nullptr) return nullptr;
  return Json::array({tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                      (tm.tm_wday + 6) % 7, tm.tm_yday + 1, 0});
}

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Length of the run of word characters (regex \w) starting at s[i].
size_t WordLength(std::string_view s, size_t i) {
  size_t j = i;
  while (j < s.size() && IsWordChar(s[j])) ++j;
  return j - i;
}

bool IsAcceptableHtmlElement(const std::string& tag) {
  static const char* const kAcceptable[] = {
      "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "big", "blockquote", "br",
      "button", "canvas", "caption", "center", "cite", "code", "col", "colgroup", "command", "datagrid",
      "datalist", "dd", "del", "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em", "event-source",
      "fieldset", "figcaption", "figure", "font", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
      "header", "hr", "i", "img", "input", "ins", "kbd", "keygen", "label", "legend", "li", "m", "map",
      "menu", "meter", "multicol", "nav", "nextid", "noscript", "ol", "optgroup", "option", "output", "p",
      "pre", "progress", "q", "s", "samp", "section", "select", "small", "sound", "source", "spacer",
      "span", "strike", "strong", "sub", "sup", "table", "tbody", "td", "textarea", "tfoot", "th", "thead",
      "time", "tr", "tt", "u", "ul", "var", "video"};
  for (const char* a : kAcceptable) {
    if (tag == a) return true;
  }
  return false;
}

// feedparser's lookslikehtml: RSS text that is really HTML. It needs a
// closing tag or a reference, and every tag and named entity must be known
// HTML. Hand-scanned (this runs on every plain-text element).
bool LooksLikeHtml(std::string_view s) {
  if (s.find_first_of("<&") == std::string_view::npos) return false;
  bool has_close_or_ref = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<') {
      size_t name_at = i + 1 + (i + 1 < s.size() && s[i + 1] == '/' ? 1 : 0);
      size_t n = WordLength(s, name_at);
      if (n == 0) continue;
      if (!IsAcceptableHtmlElement(ToLowerAscii(s.substr(name_at, n)))) return false;
      if (name_at == i + 2 && name_at + n < s.size() && s[name_at + n] == '>') has_close_or_ref = true;
    } else if (s[i] == '&') {
      bool numeric = i + 1 < s.size() && s[i + 1] == '#';
      size_t name_at = i + 1 + (numeric ? 1 : 0);
      size_t n = WordLength(s, name_at);
      if (n == 0 || name_at + n >= s.size() || s[name_at + n] != ';') continue;
      has_close_or_ref = true;
      if (numeric) continue;
      std::string name(s.substr(name_at, n));
      if (name != "apos" && htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str())) == nullptr)
        return false;
    }
  }
  return has_close_or_ref;
}

// Windows-1252's C1 code points mis-decoded as Latin-1 -> what was meant.
void TranslateCp1252(std::string& s) {
  static const uint16_t kMap[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
  if (s.find('\xC2') == std::string::npos) return;
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == 0xC2 && i + 1 < s.size()) {
      auto n = static_cast<unsigned char>(s[i + 1]);
      if (n >= 0x80 && n < 0xA0 && kMap[n - 0x80] != 0) {
        uint16_t cp = kMap[n - 0x80];
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
        ++i;
        continue;
      }
    }
    out += s[i];
  }
  s = std::move(out);
}

std::string Base64Decode(const std::string& in, bool* ok) {
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  *ok = true;
  for (char c : in) {
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    if (c == '=') break;
    size_t v = kAlphabet.find(c);
    if (v == std::string::npos) {
      *ok = false;
      return "";
    }
    buffer = (buffer << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  if (ToValidUtf8(out) != out) *ok = false;
  return out;
}

// First e-mail address in `text` (feedparser's author e-mail pattern:
// local@domain.tld, optional "?subject=..."), "" when none.
std::string FindEmail(std::string_view text) {
  auto local_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '+'; };
  auto domain_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.'; };
  for (size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    size_t begin = at;
    while (begin > 0 && local_char(text[begin - 1])) --begin;
    size_t end = at + 1;
    while (end < text.size() && domain_char(text[end])) ++end;
    while (end > at + 1 && (text[end - 1] == '.' || text[end - 1] == '-')) --end;
    std::string_view domain = text.substr(at + 1, end - at - 1);
    size_t last_dot = domain.rfind('.');
    if (begin == at || last_dot == std::string_view::npos || last_dot == 0 || domain.size() - last_dot - 1 < 2)
      continue;
    if (text.compare(end, 9, "?subject=") == 0) {
      size_t q = end + 9;
      while (q < text.size() && !std::isspace(static_cast<unsigned char>(text[q]))) ++q;
      if (q > end + 9) end = q;
    }
    return std::string(text.substr(begin, end - begin));
  }
  return "";
}

// --- GeoRSS and GML geometry (feedparser's georss namespace) ---

// Numbers of a GeoRSS coordinate string ("lat lon lat lon", commas allowed)
// as (lon, lat[, alt]) tuples when `swap`; nullopt when a number is invalid.
std::optional<Json> GeoCoordinates(const std::string& value, bool swap, int dims) {
  std::string spaced = value;
  std::replace(spaced.begin(), spaced.end(), ',', ' ');
  std::vector<double> numbers;
  for (const std::string& token : Split(spaced, ' ')) {
    std::string t = StripAscii(token);
    if (t.empty()) continue;
    char* end = nullptr;
    double v = std::strtod(t.c_str(), &end);
    if (end != t.c_str() + t.size()) return std::nullopt;
    numbers.push_back(v);
  }
  Json coords = Json::array();
  size_t step = dims == 3 ? 3 : 2;
  for (size_t i = 0; i + step <= numbers.size(); i += step) {
    Json c = swap ? Json::array({numbers[i + 1], numbers[i]}) : Json::array({numbers[i], numbers[i + 1]});
    if (dims == 3) c.push_back(numbers[i + 2]);
    coords.push_back(c);
  }
  return coords;
}

// `kind`: "Point", "LineString", "Polygon" or "Box"; null when unreadable.
Json GeoGeometry(const std::string& kind, const std::string& value, bool swap = true, int dims = 2) {
  std::optional<Json> coords = GeoCoordinates(value, swap, dims);
  if (!coords) return nullptr;
  if (kind == "Point") {
    if (coords->empty()) return nullptr;
    return {{"type", kind}, {"coordinates", (*coords)[0]}};
  }
  if (kind == "Polygon") {
    if (coords->size() < 4) return nullptr;
    return {{"type", kind}, {"coordinates", Json::array({*coords})}};
  }
  return {{"type", kind}, {"coordinates", *coords}};
}

// GML coordinates come lat-first for geographic reference systems (EPSG's
// geographic codes: 3819-3906 and 4001-4999, feedparser's list in short).
bool SwapForSrs(const Json& where) {
  std::string srs = where.contains("srsName") && where["srsName"].is_string() ? where["srsName"].get<std::string>() : "";
  if (srs.find("EPSG") == std::string::npos) return true;
  long epsg = std::strtol(srs.substr(srs.rfind(':') + 1).c_str(), nullptr, 10);
  return (epsg >= 3819 && epsg <= 3906) || (epsg >= 4001 && epsg <= 4999);
}

using Attrs = std::vector<std::pair<std::string, std::string>>;

const std::string* Find(const Attrs& attrs, std::string_view key) {
  for (const auto& [k, v] : attrs) {
    if (k == key) return &v;
  }
  return nullptr;
}

std::string Get(const Attrs& attrs, std::string_view key, std::string fallback = "") {
  const std::string* v = Find(attrs, key);
  return v != nullptr ? *v : fallback;
}

Json AttrsJson(const Attrs& attrs) {
  Json out = Json::object();
  for (const auto& [k, v] : attrs) out[k] = v;
  return out;
}

// Moves url/uri to href, as feedparser's _enforce_href does.
void EnforceHref(Attrs& attrs) {
  if (Find(attrs, "href") != nullptr) return;
  for (auto& [k, v] : attrs) {
    if (k == "url" || k == "uri") {
      k = "href";
      return;
    }
  }
}

struct StackItem {
  std::string element;
  bool expecting_text;
  std::vector<std::string> pieces;
};

class Emulator {
 public:
  // `loose`: the document was not well-formed XML, so feedparser would have
  // used its loose parser, which decodes entities in embedded markup.
  Emulator(std::string base, std::string lang, bool loose) : baseuri_(std::move(base)), loose_(loose) {
    if (!lang.empty()) lang_ = std::move(lang);
    feed_ = Json::object();
    entries_ = Json::array();
    namespaces_ = Json::object();
  }

  void Run(const xmlNode* root, const std::string& doctype_hint) {
    Walk(root);
    if (version_.empty() && !doctype_hint.empty()) version_ = doctype_hint;
    if (version_ == "rss091u" && doctype_hint == "rss091n") version_ = "rss091n";
  }

  Json& feed() { return feed_; }
  Json& entries() { return entries_; }
  Json& namespaces() { return namespaces_; }
  const std::string& version() const { return version_; }

 private:
  // --- replaying the tree as SAX events (feedparser's _StrictFeedParser) ---

  void Walk(const xmlNode* node) {
    for (const xmlNode* n = node; n != nullptr; n = n->next) {
      switch (n->type) {
        case XML_ELEMENT_NODE: Element(n); break;
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
          if (n->content != nullptr) HandleData(reinterpret_cast<const char*>(n->content), true);
          break;
        case XML_ENTITY_REF_NODE: {
          std::string text = Text(n->parent == nullptr ? n : n);
          xmlEntityPtr entity = xmlGetDocEntity(n->doc, n->name);
          if (entity != nullptr && entity->content != nullptr && entity->etype == XML_INTERNAL_GENERAL_ENTITY)
            HandleData(reinterpret_cast<const char*>(entity->content), true);
          break;
        }
        default: break;
      }
    }
  }

  void Element(const xmlNode* n) {
    std::string ns_uri = n->ns != nullptr && n->ns->href != nullptr ? reinterpret_cast<const char*>(n->ns->href) : "";
    std::string given_prefix =
        n->ns != nullptr && n->ns->prefix != nullptr ? reinterpret_cast<const char*>(n->ns->prefix) : "";
    std::string lower_ns = ToLowerAscii(ns_uri);
    if (lower_ns.find("backend.userland.com/rss") != std::string::npos) lower_ns = "http://backend.userland.com/rss";
    Attrs attrs;
    for (const xmlNs* d = n->nsDef; d != nullptr; d = d->next) {
      std::string uri = d->href != nullptr ? reinterpret_cast<const char*>(d->href) : "";
      if (d->prefix == nullptr) attrs.emplace_back("xmlns", uri);
      else attrs.emplace_back("xmlns:" + std::string(reinterpret_cast<const char*>(d->prefix)), uri);
    }
    auto known = KnownNamespaces().find(lower_ns);
    std::string prefix = known != KnownNamespaces().end() ? known->second : given_prefix;
    std::string local = ToLowerAscii(reinterpret_cast<const char*>(n->name));
    if (local == "math" && ns_uri == "http://www.w3.org/1998/Math/MathML") attrs.emplace_back("xmlns", ns_uri);
    if (local == "svg" && ns_uri == "http://www.w3.org/2000/svg") attrs.emplace_back("xmlns", ns_uri);
    std::string tag = prefix.empty() ? local : ToLowerAscii(prefix) + ":" + local;
    for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
      std::string name = ToLowerAscii(reinterpret_cast<const char*>(a->name));
      std::string value = AttrValue(a);
      if (a->ns != nullptr && a->ns->href != nullptr) {
        auto k = KnownNamespaces().find(ToLowerAscii(reinterpret_cast<const char*>(a->ns->href)));
        std::string p = k != KnownNamespaces().end()
                            ? k->second
                            : (a->ns->prefix != nullptr ? reinterpret_cast<const char*>(a->ns->prefix) : "");
        if (!p.empty()) name = ToLowerAscii(p) + ":" + name;
      }
      attrs.emplace_back(name, value);
    }
    StartTag(tag, std::move(attrs));
    Walk(n->children);
    EndTag(tag);
  }

  // --- feedparser's unknown_starttag / unknown_endtag ---

  void StartTag(const std::string& tag_in, Attrs attrs) {
    std::string tag = tag_in;
    ++depth_;
    for (auto& [k, v] : attrs) {
      if (k == "rel" || k == "type") v = ToLowerAscii(v);
      ReplaceAll(v, "&amp;", "&");
    }
    std::string base = Get(attrs, "xml:base", Get(attrs, "base"));
    if (base.empty()) base = baseuri_;
    if (!baseuri_.empty()) {
      std::string safe = SafeAbsoluteUri(baseuri_, base);
      if (!safe.empty()) baseuri_ = safe;
    } else {
      baseuri_ = UrlJoin(baseuri_, base);
    }
    const std::string* lang_attr = Find(attrs, "xml:lang");
    if (lang_attr == nullptr) lang_attr = Find(attrs, "lang");
    std::optional<std::string> lang;
    if (lang_attr == nullptr) lang = lang_;
    else if (!lang_attr->empty()) lang = *lang_attr;
    if (lang && !lang->empty() && (tag == "feed" || tag == "rss" || tag == "rdf:rdf")) {
      std::string l = *lang;
      std::replace(l.begin(), l.end(), '_', '-');
      feed_["language"] = l;
    }
    lang_ = lang;
    basestack_.push_back(baseuri_);
    langstack_.push_back(lang_);
    for (const auto& [k, v] : attrs) {
      if (k.rfind("xmlns:", 0) == 0) TrackNamespace(k.substr(6), v);
      else if (k == "xmlns") TrackNamespace(std::nullopt, v);
    }
    if (incontent_ > 0 && !EndsWith(ContentType("xml"), "xml")) {
      if (tag == "xhtml:div" || tag == "div") return;
      contentparams_["type"] = "application/xhtml+xml";
    }
    if (incontent_ > 0 && ContentType("") == "application/xhtml+xml") {
      size_t colon = tag.find(':');
      if (colon != std::string::npos) tag = tag.substr(colon + 1);
      if (tag == "svg") ++svg_ok_;
      std::string markup = "<" + tag;
      for (const auto& [k, v] : attrs) markup += " " + k + "=\"" + EscapeXml(v, true) + "\"";
      HandleData(markup + ">", false);
      return;
    }
    auto [prefix, suffix] = SplitTag(tag);
    if (prefix.empty() && tag != "title" && tag != "link" && tag != "description" && tag != "name")
      intextinput_ = false;
    if (prefix.empty() && tag != "title" && tag != "link" && tag != "description" && tag != "url" &&
        tag != "href" && tag != "width" && tag != "height")
      inimage_ = false;
    std::string method = prefix + suffix;
    if (svg_ok_ == 0 || method != "title") {
      if (Start(method, attrs)) return;
    }
    if (attrs.empty()) {
      Push(method, true);
    } else {
      Context()[method] = AttrsJson(attrs);
    }
  }

  void EndTag(const std::string& tag_in) {
    std::string tag = tag_in;
    auto [prefix, suffix] = SplitTag(tag);
    if (suffix == "svg" && svg_ok_ > 0) --svg_ok_;
    std::string method = prefix + suffix;
    if (svg_ok_ > 0 || !End(method)) Pop(method);
    if (incontent_ > 0 && !EndsWith(ContentType("xml"), "xml")) {
      if (tag == "xhtml:div" || tag == "div") {
        PopScope();
        return;
      }
      contentparams_["type"] = "application/xhtml+xml";
    }
    if (incontent_ > 0 && ContentType("") == "application/xhtml+xml") {
      size_t colon = tag.rfind(':');
      HandleData("</" + (colon == std::string::npos ? tag : tag.substr(colon + 1)) + ">", false);
    }
    PopScope();
  }

  void PopScope() {
    if (!basestack_.empty()) {
      basestack_.pop_back();
      if (!basestack_.empty() && !basestack_.back().empty()) baseuri_ = basestack_.back();
    }
    if (!langstack_.empty()) {
      langstack_.pop_back();
      if (!langstack_.empty()) lang_ = langstack_.back();
    }
    --depth_;
  }

  std::pair<std::string, std::string> SplitTag(const std::string& tag) {
    size_t colon = tag.find(':');
    std::string prefix = colon == std::string::npos ? "" : tag.substr(0, colon);
    std::string suffix = colon == std::string::npos ? tag : tag.substr(colon + 1);
    if (auto it = namespacemap_.find(prefix); !prefix.empty() && it != namespacemap_.end()) prefix = it->second;
    if (!prefix.empty()) prefix += "_";
    return {prefix, suffix};
  }

  void TrackNamespace(std::optional<std::string> prefix, std::string uri) {
    std::string lower = ToLowerAscii(uri);
    if (version_.empty()) {
      if (!prefix && lower == "http://my.netscape.com/rdf/simple/0.9/") version_ = "rss090";
      else if (lower == "http://purl.org/rss/1.0/") version_ = "rss10";
      else if (lower == "http://www.w3.org/2005/atom") version_ = "atom10";
    }
    if (lower.find("backend.userland.com/rss") != std::string::npos) {
      uri = "http://backend.userland.com/rss";
      lower = uri;
    }
    auto known = KnownNamespaces().find(lower);
    if (known != KnownNamespaces().end()) {
      // feedparser keys the default namespace as None, which no tag prefix
      // ("" at most) ever looks up.
      if (prefix) namespacemap_[*prefix] = known->second;
      namespaces_[known->second] = uri;
    } else {
      namespaces_[prefix.value_or("")] = uri;
    }
  }

  static bool EndsWith(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
  }

  std::string ContentType(const std::string& fallback) {
    auto it = contentparams_.find("type");
    return it != contentparams_.end() && it->is_string() ? it->get<std::string>() : fallback;
  }

  void HandleData(std::string text, bool escape) {
    if (stack_.empty()) return;
    if (escape && ContentType("") == "application/xhtml+xml") text = EscapeXml(text, false);
    stack_.back().pieces.push_back(std::move(text));
  }

  // --- the mixin's helpers ---

  Json& Context() {
    if (insource_) return source_;
    if (inimage_ && feed_.contains("image")) return feed_["image"];
    if (intextinput_ && feed_.contains("textinput")) return feed_["textinput"];
    if (inentry_ && !entries_.empty()) return entries_.back();
    return feed_;
  }

  void Push(const std::string& element, bool expecting_text) {
    stack_.push_back({element, expecting_text, {}});
  }

  void PushContent(const std::string& tag, const Attrs& attrs, const std::string& default_type, bool expecting) {
    ++incontent_;
    if (lang_) std::replace(lang_->begin(), lang_->end(), '_', '-');
    contentparams_ = Json::object();
    contentparams_["type"] = MapContentType(Get(attrs, "type", default_type));
    contentparams_["language"] = lang_ ? Json(*lang_) : Json(nullptr);
    contentparams_["base"] = baseuri_;
    std::string type = contentparams_["type"];
    bool base64 = Get(attrs, "mode") == "base64" ||
                  !(type.rfind("text/", 0) == 0 || EndsWith(type, "+xml") || EndsWith(type, "/xml"));
    contentparams_["base64"] = base64;
    Push(tag, expecting);
  }

  std::optional<std::string> PopContent(const std::string& tag) {
    std::optional<std::string> value = Pop(tag);
    --incontent_;
    contentparams_ = Json::object();
    return value;
  }

  std::string ResolveUri(const std::string& uri) { return UrlJoin(baseuri_, uri); }

  // feedparser's pop(): joins the element's text and stores it where it belongs.
  std::optional<std::string> Pop(const std::string& element_in, bool strip = true) {
    if (stack_.empty() || stack_.back().element != element_in) return std::nullopt;
    StackItem item = std::move(stack_.back());
    stack_.pop_back();
    std::string element = item.element;
    std::vector<std::string>& pieces = item.pieces;
    if (version_ == "atom10" && ContentType("text") == "application/xhtml+xml") {
      while (pieces.size() > 1 && StripAscii(pieces.back()).empty()) pieces.pop_back();
      while (pieces.size() > 1 && StripAscii(pieces.front()).empty()) pieces.erase(pieces.begin());
      if (!pieces.empty() && (pieces.front() == "<div>" || pieces.front().rfind("<div ", 0) == 0) &&
          pieces.back() == "</div>") {
        int depth = 0;
        bool broke = false;
        for (size_t i = 0; i + 1 < pieces.size(); ++i) {
          const std::string& p = pieces[i];
          if (p.rfind("</", 0) == 0) {
            if (--depth == 0) {
              broke = true;
              break;
            }
          } else if (p.rfind("<", 0) == 0 && !EndsWith(p, "/>")) {
            ++depth;
          }
        }
        if (!broke) pieces = std::vector<std::string>(pieces.begin() + 1, pieces.end() - 1);
      }
    }
    std::string output;
    for (const auto& p : pieces) output += p;
    if (strip) output = StripAscii(output);
    if (!item.expecting_text) return output;

    bool base64 = contentparams_.value("base64", false);
    if (base64) {
      bool ok = false;
      std::string decoded = Base64Decode(output, &ok);
      if (ok) output = decoded;
    }
    if (CanBeRelativeUri(element) && !output.empty()) {
      if (element != "id" || guidislink_) output = ResolveUri(output);
    }
    if (!base64 && loose_) DecodeEntities(output);
    if (version_.rfind("atom", 0) != 0 && ContentType("") == "text/plain" && LooksLikeHtml(output))
      contentparams_["type"] = "text/html";
    contentparams_.erase("mode");
    contentparams_.erase("base64");
    bool htmlish = IsHtmlType(MapContentType(ContentType("text/html")));
    // C1 characters mean windows-1252 ones; translated before sanitizing
    // because the HTML parser would turn them into U+FFFD.
    output = ToValidUtf8(output);
    TranslateCp1252(output);
    if (htmlish && CanContainMarkup(element)) output = SanitizeLikeFeedparser(output, baseuri_);

    if (element == "category" || element == "tags" || element == "itunes_keywords") return output;
    if (element == "title" && title_depth_ > -1 && title_depth_ <= depth_) return output;

    if (inentry_ && !insource_ && !entries_.empty()) {
      Json& entry = entries_.back();
      if (element == "content") {
        if (!entry.contains("content")) entry["content"] = Json::array();
        Json params = contentparams_;
        params["value"] = output;
        entry["content"].push_back(params);
      } else if (element == "link") {
        if (!inimage_) {
          output = FixQueryEntities(output);
          entry["link"] = output;
          if (!output.empty() && entry.contains("links") && !entry["links"].empty())
            entry["links"].back()["href"] = output;
        }
      } else {
        if (element == "description") element = "summary";
        auto& depths = property_depth_[entries_.size() - 1];
        auto old = depths.find(element);
        if (old == depths.end() || depth_ <= old->second) {
          depths[element] = depth_;
          entry[element] = output;
        }
        if (incontent_ > 0) {
          Json params = contentparams_;
          params["value"] = output;
          entry[element + "_detail"] = params;
        }
      }
    } else if (infeed_ || insource_) {
      Json& context = Context();
      if (element == "description") element = "subtitle";
      context[element] = output;
      if (element == "link") {
        output = FixQueryEntities(output);
        context[element] = output;
        if (context.contains("links") && !context["links"].empty()) context["links"].back()["href"] = output;
      } else if (incontent_ > 0) {
        Json params = contentparams_;
        params["value"] = output;
        context[element + "_detail"] = params;
      }
    }
    return output;
  }

  // "&name;" -> "&name" (feedparser undoes entity-looking query parameters).
  static std::string FixQueryEntities(std::string s) {
    if (s.find('&') == std::string::npos) return s;
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
      out += s[i];
      if (s[i] != '&') continue;
      size_t n = WordLength(s, i + 1);
      if (n == 0 || i + 1 + n >= s.size() || s[i + 1 + n] != ';') continue;
      out.append(s, i + 1, n);
      i += n + 1;
    }
    return out;
  }

  void DecodeEntities(std::string& data) {
    for (auto [from, to] : {std::pair<const char*, const char*>{"&#60;", "&lt;"}, {"&#x3c;", "&lt;"},
                            {"&#x3C;", "&lt;"}, {"&#62;", "&gt;"}, {"&#x3e;", "&gt;"}, {"&#x3E;", "&gt;"},
                            {"&#38;", "&amp;"}, {"&#x26;", "&amp;"}, {"&#34;", "&quot;"}, {"&#x22;", "&quot;"},
                            {"&#39;", "&apos;"}, {"&#x27;", "&apos;"}})
      ReplaceAll(data, from, to);
    if (!EndsWith(ContentType("xml"), "xml")) {
      ReplaceAll(data, "&lt;", "<");
      ReplaceAll(data, "&gt;", ">");
      ReplaceAll(data, "&amp;", "&");
      ReplaceAll(data, "&quot;", "\"");
      ReplaceAll(data, "&apos;", "'");
      ReplaceAll(data, "&#x2f;", "/");
      ReplaceAll(data, "&#x2F;", "/");
    }
  }

  void Save(const std::string& key, Json value, bool overwrite = false) {
    Json& context = Context();
    if (overwrite || !context.contains(key)) context[key] = std::move(value);
  }

  void SaveAuthor(const std::string& key, const std::string& value, const std::string& prefix = "author") {
    Json& context = Context();
    if (!context.contains(prefix + "_detail")) context[prefix + "_detail"] = Json::object();
    context[prefix + "_detail"][key] = value;
    SyncAuthorDetail();
    if (!context.contains("authors") || !context["authors"].is_array() || context["authors"].empty())
      context["authors"] = Json::array({Json::object()});
    context["authors"].back()[key] = value;
  }

  void SaveContributor(const std::string& key, const std::string& value) {
    Json& context = Context();
    if (!context.contains("contributors") || context["contributors"].empty())
      context["contributors"] = Json::array({Json::object()});
    context["contributors"].back()[key] = value;
  }

  void SyncAuthorDetail(const std::string& key = "author") {
    Json& context = Context();
    std::string detail_key = key + "_detail";
    if (context.contains(detail_key) && context[detail_key].is_object() && !context[detail_key].empty()) {
      Json& detail = context[detail_key];
      std::string name = detail.value("name", ""), email = detail.value("email", "");
      if (!name.empty() && !email.empty()) context[key] = name + " (" + email + ")";
      else if (!name.empty()) context[key] = name;
      else if (!email.empty()) context[key] = email;
      return;
    }
    if (!context.contains(key) || !context[key].is_string()) return;
    std::string author = context[key];
    if (author.empty()) return;
    std::string email = FindEmail(author);
    if (!email.empty()) {
      ReplaceAll(author, email, "");
      ReplaceAll(author, "()", "");
      ReplaceAll(author, "<>", "");
      ReplaceAll(author, "&lt;&gt;", "");
      author = StripAscii(author);
      if (!author.empty() && author.front() == '(') author.erase(0, 1);
      if (!author.empty() && author.back() == ')') author.pop_back();
      author = StripAscii(author);
    }
    if (!author.empty() || !email.empty()) {
      if (!context.contains(detail_key)) context[detail_key] = Json::object();
    }
    if (!author.empty()) context[detail_key]["name"] = author;
    if (!email.empty()) context[detail_key]["email"] = email;
  }

  void AddTag(const std::string& term, const std::string& scheme, const std::string& label) {
    Json& context = Context();
    if (!context.contains("tags")) context["tags"] = Json::array();
    if (term.empty() && scheme.empty() && label.empty()) return;
    auto opt = [](const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); };
    Json tag = {{"term", opt(term)}, {"scheme", opt(scheme)}, {"label", opt(label)}};
    for (const auto& t : context["tags"]) {
      if (t == tag) return;
    }
    context["tags"].push_back(tag);
  }

  void StartAuthor() {
    inauthor_ = true;
    Push("author", true);
    Json& context = Context();
    if (!context.contains("authors")) context["authors"] = Json::array();
    context["authors"].push_back(Json::object());
  }

  void EndAuthor() {
    Pop("author");
    inauthor_ = false;
    SyncAuthorDetail();
    // An RSS author given as one string fills the entry's last author too.
    Json& context = Context();
    if (context.contains("authors") && !context["authors"].empty() && context["authors"].back().empty() &&
        context.contains("author_detail"))
      context["authors"].back() = context["author_detail"];
  }

  void StartItem(const Attrs& attrs) {
    entries_.push_back(Json::object());
    Push("item", false);
    inentry_ = true;
    guidislink_ = false;
    title_depth_ = -1;
    std::string id = Get(attrs, "rdf:about");
    if (!id.empty()) Context()["id"] = id;
    CdfCommon(attrs);
  }

  void CdfCommon(const Attrs& attrs) {
    if (const std::string* lastmod = Find(attrs, "lastmod")) {
      Push("updated", true);
      stack_.back().pieces.push_back(*lastmod);
      EndUpdated();
    }
    if (const std::string* href = Find(attrs, "href")) {
      Attrs none;
      StartLink(none);
      if (!stack_.empty() && stack_.back().element == "link") stack_.back().pieces.push_back(*href);
      Pop("link");
    }
  }

  void StartGmlGeometry(const Attrs& attrs) {
    Json& where = Context()["where"];
    if (!where.is_object()) where = Json::object();
    const std::string* srs = Find(attrs, "srsname");
    where["srsName"] = srs != nullptr ? Json(*srs) : Json(nullptr);
    long dims = std::strtol(Get(attrs, "srsdimension", "2").c_str(), nullptr, 10);
    where["srsDimension"] = dims == 0 ? 2 : dims;
    Push("geometry", false);
  }

  void EndGmlPositions(bool single) {
    std::string value = Pop("pos", false).value_or("");
    Json& context = Context();
    if (!context.contains("where") || !context["where"].is_object()) return;
    bool swap = SwapForSrs(context["where"]);
    int dims = context["where"].value("srsDimension", 2);
    if (single) {
      SaveWhere(GeoGeometry("Point", value, swap, dims));
    } else if (ingeometry_ == "linestring") {
      SaveWhere(GeoGeometry("LineString", value, swap, dims));
    } else if (ingeometry_ == "polygon") {
      std::optional<Json> ring = GeoCoordinates(value, swap, dims);
      if (ring) SaveWhere({{"type", "Polygon"}, {"coordinates", Json::array({*ring})}});
    }
  }

  void SaveWhere(const Json& geometry) {
    if (geometry.is_null()) return;
    Json& where = Context()["where"];
    if (!where.is_object()) where = Json::object();
    where.update(geometry);
  }

  // dcterms:valid holds "start=...; end=...; scheme=W3C-DTF".
  void EndValidity() {
    for (const std::string& part : Split(Pop("validity").value_or(""), ';')) {
      size_t eq = part.find('=');
      if (eq == std::string::npos) continue;
      std::string key = StripAscii(part.substr(0, eq)), value = part.substr(eq + 1);
      if (key != "start" && key != "end") continue;
      Save("validity_" + key, value, true);
      Save("validity_" + key + "_parsed", ParsedDate(value), true);
    }
  }

  void EndUpdated() {
    std::optional<std::string> value = Pop("updated");
    Save("updated_parsed", ParsedDate(value.value_or("")), true);
  }

  void StartLink(Attrs attrs) {
    if (Find(attrs, "rel") == nullptr) attrs.emplace_back("rel", "alternate");
    if (Get(attrs, "rel") == "self") {
      if (Find(attrs, "type") == nullptr) attrs.emplace_back("type", "application/atom+xml");
    } else if (Find(attrs, "type") == nullptr) {
      attrs.emplace_back("type", "text/html");
    }
    EnforceHref(attrs);
    for (auto& [k, v] : attrs) {
      if (k == "href") v = ResolveUri(v);
    }
    bool expecting = infeed_ || inentry_ || insource_;
    Json& context = Context();
    if (!context.contains("links")) context["links"] = Json::array();
    if (!(inentry_ && inimage_)) context["links"].push_back(AttrsJson(attrs));
    if (const std::string* href = Find(attrs, "href")) {
      if (Get(attrs, "rel") == "alternate" && IsHtmlType(MapContentType(Get(attrs, "type")))) context["link"] = *href;
    } else {
      Push("link", expecting);
    }
  }

  void StartCategory(const Attrs& attrs) {
    AddTag(Get(attrs, "term"), Get(attrs, "scheme", Get(attrs, "domain")), Get(attrs, "label"));
    Push("category", true);
  }

  void EndCategory() {
    std::optional<std::string> value = Pop("category");
    if (!value || value->empty()) return;
    Json& context = Context();
    if (!context.contains("tags")) context["tags"] = Json::array();
    Json& tags = context["tags"];
    if (!tags.empty() && tags.back()["term"].is_null()) tags.back()["term"] = *value;
    else AddTag(*value, "", "");
  }

  void StartDescription(const Attrs& attrs) {
    Json& context = Context();
    if (context.contains("summary") && !has_content_) {
      summary_key_ = "content";
      StartContent(attrs);
    } else {
      PushContent("description", attrs, "text/html", infeed_ || inentry_ || insource_);
    }
  }

  void EndDescription() {
    if (summary_key_ == "content") EndContent();
    else PopContent("description");
    summary_key_.clear();
  }

  void StartSummary(const Attrs& attrs) {
    Json& context = Context();
    if (context.contains("summary") && !has_content_) {
      summary_key_ = "content";
      StartContent(attrs);
    } else {
      summary_key_ = "summary";
      PushContent("summary", attrs, "text/plain", true);
    }
  }

  void EndSummary() {
    if (summary_key_ == "content") EndContent();
    else PopContent(summary_key_.empty() ? "summary" : summary_key_);
    summary_key_.clear();
  }

  void StartContent(const Attrs& attrs) {
    has_content_ = true;
    PushContent("content", attrs, "text/plain", true);
    std::string src = Get(attrs, "src");
    if (!src.empty()) contentparams_["src"] = src;
  }

  void EndContent() {
    std::string type = MapContentType(ContentType(""));
    bool copy_to_summary = type == "text/plain" || IsHtmlType(type);
    std::optional<std::string> value = PopContent("content");
    if (copy_to_summary) Save("summary", value ? Json(*value) : Json(nullptr));
  }

  void StartTitle(const Attrs& attrs) { PushContent("title", attrs, "text/plain", infeed_ || inentry_ || insource_); }
  void EndTitle() {
    std::optional<std::string> value = PopContent("title");
    if (!value || value->empty()) return;
    title_depth_ = depth_;
  }

  void EndName() {
    std::optional<std::string> value = Pop("name");
    std::string v = value.value_or("");
    if (inpublisher_) SaveAuthor("name", v, "publisher");
    else if (inauthor_) SaveAuthor("name", v);
    else if (incontributor_) SaveContributor("name", v);
    else if (intextinput_) Context()["name"] = v;
  }

  // Dispatch: start handlers return false when feedparser has none.
  bool Start(const std::string& m, Attrs& a) {
    if (m == "rss") {
      if (version_.empty() || version_.rfind("rss", 0) != 0) {
        std::string v = Get(a, "version");
        if (v == "0.91") version_ = "rss091u";
        else if (v == "0.92") version_ = "rss092";
        else if (v == "0.93") version_ = "rss093";
        else if (v == "0.94") version_ = "rss094";
        else if (v.rfind("2.", 0) == 0) version_ = "rss20";
        else version_ = "rss";
      }
    } else if (m == "channel") {
      infeed_ = true;
      CdfCommon(a);
    } else if (m == "feed") {
      infeed_ = true;
      if (version_.empty()) {
        std::string v = Get(a, "version");
        version_ = v == "0.1" ? "atom01" : v == "0.2" ? "atom02" : v == "0.3" ? "atom03" : "atom";
      }
    } else if (m == "image") {
      inimage_ = true;
      title_depth_ = -1;
      Push("image", false);
      if (!Context().contains("image")) Context()["image"] = Json::object();
    } else if (m == "textinput") {
      intextinput_ = true;
      title_depth_ = -1;
      Push("textinput", false);
      if (!Context().contains("textinput")) Context()["textinput"] = Json::object();
    } else if (m == "author" || m == "managingeditor" || m == "dc_author" || m == "dc_creator" ||
               m == "itunes_author") {
      StartAuthor();
    } else if (m == "contributor") {
      incontributor_ = true;
      Json& c = Context();
      if (!c.contains("contributors")) c["contributors"] = Json::array();
      c["contributors"].push_back(Json::object());
      Push("contributor", false);
    } else if (m == "dc_contributor") {
      incontributor_ = true;
      Json& c = Context();
      if (!c.contains("contributors")) c["contributors"] = Json::array();
      c["contributors"].push_back(Json::object());
      Push("name", false);
    } else if (m == "name" || m == "itunes_name") {
      Push("name", false);
    } else if (m == "width" || m == "height") {
      Push(m, false);
    } else if (m == "url" || m == "homepage" || m == "uri") {
      Push("href", true);
    } else if (m == "email" || m == "itunes_email") {
      Push("email", false);
    } else if (m == "subtitle" || m == "tagline" || m == "itunes_subtitle") {
      PushContent("subtitle", a, "text/plain", true);
    } else if (m == "rights" || m == "copyright" || m == "dc_rights") {
      PushContent("rights", a, "text/plain", true);
    } else if (m == "item" || m == "entry") {
      StartItem(a);
    } else if (m == "language" || m == "dc_language") {
      Push("language", true);
    } else if (m == "webmaster") {
      Push("publisher", true);
    } else if (m == "published" || m == "issued" || m == "pubdate" || m == "dcterms_issued") {
      Push("published", true);
    } else if (m == "updated" || m == "modified" || m == "lastbuilddate" || m == "dc_date" ||
               m == "dcterms_modified") {
      Push("updated", true);
    } else if (m == "created" || m == "dcterms_created") {
      Push("created", true);
    } else if (m == "expirationdate") {
      Push("expired", true);
    } else if (m == "dc_publisher") {
      Push("publisher", true);
    } else if (m == "cc_license") {
      std::string value = Get(a, "rdf:resource");
      Json& c = Context();
      if (!c.contains("links")) c["links"] = Json::array();
      c["links"].push_back({{"rel", "license"}, {"href", value}});
    } else if (m == "creativecommons_license") {
      Push("license", true);
    } else if (m == "category" || m == "dc_subject" || m == "keywords") {
      StartCategory(a);
    } else if (m == "media_category") {
      if (Find(a, "scheme") == nullptr) a.emplace_back("scheme", "http://search.yahoo.com/mrss/category_schema");
      StartCategory(a);
    } else if (m == "itunes_category") {
      AddTag(Get(a, "text"), "http://www.itunes.com/", "");
      Push("category", true);
    } else if (m == "cloud") {
      Context()["cloud"] = AttrsJson(a);
    } else if (m == "link") {
      StartLink(a);
    } else if (m == "guid" || m == "id") {
      guidislink_ = Get(a, "ispermalink", "true") == "true";
      Push("id", true);
    } else if (m == "title" || m == "dc_title" || m == "media_title") {
      StartTitle(a);
    } else if (m == "description" || m == "dc_description" || m == "media_description") {
      StartDescription(a);
    } else if (m == "abstract") {
      PushContent("description", a, "text/plain", infeed_ || inentry_ || insource_);
    } else if (m == "info" || m == "feedburner_browserfriendly") {
      PushContent("info", a, "text/plain", true);
    } else if (m == "generator") {
      EnforceHref(a);
      for (auto& [k, v] : a) {
        if (k == "href") v = ResolveUri(v);
      }
      Context()["generator_detail"] = AttrsJson(a);
      Push("generator", true);
    } else if (m == "admin_generatoragent") {
      std::string value = Get(a, "rdf:resource");
      Push("generator", true);
      if (!value.empty()) stack_.back().pieces.push_back(value);
      Pop("generator");
      Context()["generator_detail"] = {{"href", value}};
    } else if (m == "admin_errorreportsto") {
      std::string value = Get(a, "rdf:resource");
      Push("errorreportsto", true);
      if (!value.empty()) stack_.back().pieces.push_back(value);
      Pop("errorreportsto");
    } else if (m == "summary" || m == "itunes_summary") {
      StartSummary(a);
    } else if (m == "enclosure") {
      EnforceHref(a);
      a.emplace_back("rel", "enclosure");
      Json& c = Context();
      if (!c.contains("links")) c["links"] = Json::array();
      Json link = AttrsJson(a);
      link["rel"] = "enclosure";
      c["links"].push_back(link);
    } else if (m == "source") {
      if (const std::string* url = Find(a, "url")) source_["href"] = *url;
      Push("source", true);
      insource_ = true;
      title_depth_ = -1;
    } else if (m == "content") {
      StartContent(a);
    } else if (m == "body" || m == "xhtml_body") {
      PushContent("content", a, "application/xhtml+xml", true);
    } else if (m == "content_encoded" || m == "fullitem") {
      has_content_ = true;
      PushContent("content", a, "text/html", true);
    } else if (m == "newlocation") {
      Push("newlocation", true);
    } else if (m == "dcterms_valid") {
      Push("validity", true);
    } else if (m == "georss_point" || m == "georss_line" || m == "georss_polygon" || m == "georss_box") {
      Push("geometry", false);
      Context()["where"] = Json::object();
    } else if (m == "where" || m == "georss_where") {
      Push("where", false);
      Context()["where"] = Json::object();
    } else if (m == "gml_point" || m == "gml_linestring" || m == "gml_polygon") {
      StartGmlGeometry(a);
      if (m != "gml_polygon") ingeometry_ = m == "gml_point" ? "point" : "linestring";
    } else if (m == "gml_exterior") {
      Push("geometry", false);
    } else if (m == "gml_linearring") {
      ingeometry_ = "polygon";
      Push("geometry", false);
    } else if (m == "gml_pos" || m == "gml_poslist") {
      Push("pos", false);
    } else if (m == "itunes_owner") {
      inpublisher_ = true;
      Push("publisher", false);
    } else if (m == "itunes_image" || m == "itunes_link") {
      Push("itunes_image", false);
      std::string href = Get(a, "href");
      if (href.empty()) href = Get(a, "url");
      if (!href.empty()) Context()["image"] = {{"href", href}};
    } else if (m == "itunes_keywords" || m == "media_keywords") {
      Push(m, true);
    } else if (m == "media_rating") {
      Json& c = Context();
      if (!c.contains("media_rating")) c["media_rating"] = AttrsJson(a);
      Push("rating", true);
    } else if (m == "media_credit") {
      Json& c = Context();
      if (!c.contains("media_credit")) c["media_credit"] = Json::array();
      c["media_credit"].push_back(AttrsJson(a));
      Push("credit", true);
    } else if (m == "media_restriction") {
      Json& c = Context();
      if (!c.contains("media_restriction")) c["media_restriction"] = AttrsJson(a);
      Push("restriction", true);
    } else if (m == "media_license") {
      Json& c = Context();
      if (!c.contains("media_license")) c["media_license"] = AttrsJson(a);
      Push("license", true);
    } else if (m == "media_content") {
      Json& c = Context();
      if (!c.contains("media_content")) c["media_content"] = Json::array();
      c["media_content"].push_back(AttrsJson(a));
    } else if (m == "media_thumbnail") {
      Json& c = Context();
      if (!c.contains("media_thumbnail")) c["media_thumbnail"] = Json::array();
      Push("url", true);
      c["media_thumbnail"].push_back(AttrsJson(a));
    } else if (m == "media_player") {
      Push("media_player", false);
      Context()["media_player"] = AttrsJson(a);
    } else {
      return false;
    }
    return true;
  }

  bool End(const std::string& m) {
    if (m == "channel" || m == "feed") {
      infeed_ = false;
    } else if (m == "image") {
      Pop("image");
      inimage_ = false;
    } else if (m == "textinput") {
      Pop("textinput");
      intextinput_ = false;
    } else if (m == "author" || m == "managingeditor" || m == "dc_author" || m == "dc_creator" ||
               m == "itunes_author") {
      EndAuthor();
    } else if (m == "contributor") {
      Pop("contributor");
      incontributor_ = false;
    } else if (m == "dc_contributor") {
      EndName();
      incontributor_ = false;
    } else if (m == "name" || m == "itunes_name") {
      EndName();
    } else if (m == "width" || m == "height") {
      std::optional<std::string> value = Pop(m);
      long n = 0;
      try {
        n = value ? std::stol(*value) : 0;
      } catch (...) {
        n = 0;
      }
      if (inimage_) Context()[m] = n;
    } else if (m == "url" || m == "homepage" || m == "uri") {
      std::optional<std::string> value = Pop("href");
      if (inauthor_) SaveAuthor("href", value.value_or(""));
      else if (incontributor_) SaveContributor("href", value.value_or(""));
    } else if (m == "email" || m == "itunes_email") {
      std::string v = Pop("email").value_or("");
      if (inpublisher_) SaveAuthor("email", v, "publisher");
      else if (inauthor_) SaveAuthor("email", v);
      else if (incontributor_) SaveContributor("email", v);
    } else if (m == "subtitle" || m == "tagline" || m == "itunes_subtitle") {
      PopContent("subtitle");
    } else if (m == "rights" || m == "copyright" || m == "dc_rights") {
      PopContent("rights");
    } else if (m == "item" || m == "entry") {
      Pop("item");
      inentry_ = false;
      has_content_ = false;
    } else if (m == "language" || m == "dc_language") {
      std::optional<std::string> v = Pop("language");
      if (v) lang_ = *v;
    } else if (m == "webmaster" || m == "dc_publisher") {
      Pop("publisher");
      SyncAuthorDetail("publisher");
    } else if (m == "published" || m == "issued" || m == "pubdate" || m == "dcterms_issued") {
      std::optional<std::string> v = Pop("published");
      Save("published_parsed", ParsedDate(v.value_or("")), true);
    } else if (m == "updated" || m == "modified" || m == "lastbuilddate" || m == "dc_date" ||
               m == "dcterms_modified") {
      EndUpdated();
    } else if (m == "created" || m == "dcterms_created") {
      std::optional<std::string> v = Pop("created");
      Save("created_parsed", ParsedDate(v.value_or("")), true);
    } else if (m == "expirationdate") {
      std::optional<std::string> v = Pop("expired");
      Save("expired_parsed", ParsedDate(v.value_or("")), true);
    } else if (m == "creativecommons_license") {
      std::string v = Pop("license").value_or("");
      Json& c = Context();
      if (!c.contains("links")) c["links"] = Json::array();
      c["links"].push_back({{"rel", "license"}, {"href", v}});
      c.erase("license");
    } else if (m == "category" || m == "dc_subject" || m == "keywords" || m == "media_category" ||
               m == "itunes_category") {
      EndCategory();
    } else if (m == "link") {
      Pop("link");
    } else if (m == "guid" || m == "id") {
      std::optional<std::string> value = Pop("id");
      Save("guidislink", guidislink_ && !Context().contains("link"));
      if (guidislink_) Save("link", value ? Json(*value) : Json(nullptr));
    } else if (m == "title" || m == "dc_title") {
      EndTitle();
    } else if (m == "media_title") {
      int depth = title_depth_;
      EndTitle();
      title_depth_ = depth;
    } else if (m == "description" || m == "dc_description" || m == "media_description" || m == "abstract") {
      EndDescription();
    } else if (m == "info" || m == "feedburner_browserfriendly") {
      PopContent("info");
    } else if (m == "generator") {
      std::optional<std::string> v = Pop("generator");
      Json& c = Context();
      if (c.contains("generator_detail")) c["generator_detail"]["name"] = v ? Json(*v) : Json(nullptr);
    } else if (m == "summary" || m == "itunes_summary") {
      EndSummary();
    } else if (m == "source") {
      insource_ = false;
      std::optional<std::string> value = Pop("source");
      if (value && !value->empty()) source_["title"] = *value;
      Context()["source"] = source_;
      source_ = Json::object();
    } else if (m == "content" || m == "body" || m == "xhtml_body" || m == "content_encoded" || m == "fullitem") {
      EndContent();
    } else if (m == "dcterms_valid") {
      EndValidity();
    } else if (m == "georss_point" || m == "georss_line" || m == "georss_polygon" || m == "georss_box") {
      const char* kind = m == "georss_point" ? "Point" : m == "georss_line" ? "LineString" : m == "georss_polygon" ? "Polygon" : "Box";
      SaveWhere(GeoGeometry(kind, Pop("geometry", false).value_or("")));
    } else if (m == "where" || m == "georss_where") {
      Pop("where");
    } else if (m == "gml_pos" || m == "gml_poslist") {
      EndGmlPositions(m == "gml_pos");
    } else if (m == "gml_point" || m == "gml_linestring" || m == "gml_linearring" || m == "gml_exterior" ||
               m == "gml_polygon") {
      ingeometry_.clear();
      Pop("geometry");
    } else if (m == "itunes_owner") {
      Pop("publisher");
      inpublisher_ = false;
      SyncAuthorDetail("publisher");
    } else if (m == "itunes_block") {
      std::string v = Pop("itunes_block", false).value_or("");
      Context()["itunes_block"] = (v == "yes" || v == "Yes") ? 1 : 0;
    } else if (m == "itunes_explicit") {
      std::string v = Pop("itunes_explicit", false).value_or("");
      Context()["itunes_explicit"] = v == "yes" ? Json(true) : v == "clean" ? Json(false) : Json(nullptr);
    } else if (m == "itunes_keywords" || m == "media_keywords") {
      std::string v = Pop(m).value_or("");
      for (const std::string& term : Split(v, ',')) {
        std::string t = StripAscii(term);
        if (!t.empty()) AddTag(t, m == "itunes_keywords" ? "http://www.itunes.com/" : "", "");
      }
    } else if (m == "media_rating" || m == "media_credit" || m == "media_license") {
      const char* inner = m == "media_rating" ? "rating" : m == "media_credit" ? "credit" : "license";
      std::optional<std::string> v = Pop(inner);
      if (v && !StripAscii(*v).empty()) {
        Json& c = Context();
        if (m == "media_credit") {
          if (c.contains(m) && !c[m].empty()) c[m].back()["content"] = *v;
        } else if (c.contains(m)) {
          c[m]["content"] = *v;
        }
      }
    } else if (m == "media_restriction") {
      std::optional<std::string> v = Pop("restriction");
      if (v && !StripAscii(*v).empty()) {
        Json list = Json::array();
        for (const std::string& cc : Split(*v, ' ')) list.push_back(ToLowerAscii(StripAscii(cc)));
        Context()["media_restriction"]["content"] = list;
      }
    } else if (m == "media_thumbnail") {
      std::optional<std::string> url = Pop("url");
      Json& c = Context();
      if (url && !StripAscii(*url).empty() && c.contains("media_thumbnail") && !c["media_thumbnail"].empty() &&
          !c["media_thumbnail"].back().contains("url"))
        c["media_thumbnail"].back()["url"] = *url;
    } else if (m == "media_player") {
      std::optional<std::string> v = Pop("media_player");
      Context()["media_player"]["content"] = v ? Json(*v) : Json(nullptr);
    } else {
      return false;
    }
    return true;
  }

  Json feed_, entries_, namespaces_, source_ = Json::object(), contentparams_ = Json::object();
  std::vector<StackItem> stack_;
  std::unordered_map<size_t, std::unordered_map<std::string, int>> property_depth_;
  std::unordered_map<std::string, std::string> namespacemap_;
  std::vector<std::string> basestack_;
  std::vector<std::optional<std::string>> langstack_;
  std::string baseuri_;
  std::optional<std::string> lang_;
  std::string version_, summary_key_, ingeometry_;
  int depth_ = 0, incontent_ = 0, svg_ok_ = 0, title_depth_ = -1;
  bool infeed_ = false, inentry_ = false, inimage_ = false, intextinput_ = false, insource_ = false;
  bool inauthor_ = false, incontributor_ = false, inpublisher_ = false, guidislink_ = false, has_content_ = false;
  bool loose_ = false;
};

std::string HeaderValue(const std::map<std::string, std::string>& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (ToLowerAscii(k) == name) return v;
  }
  return "";
}

// "Netscape" in the DOCTYPE marks RSS 0.91 as Netscape's (rss091n).
std::string DoctypeVersion(xmlDoc* doc) {
  if (doc == nullptr || doc->intSubset == nullptr) return "";
  std::string id = doc->intSubset->ExternalID != nullptr ? reinterpret_cast<const char*>(doc->intSubset->ExternalID) : "";
  return ToLowerAscii(id).find("netscape") != std::string::npos ? "rss091n" : "";
}

// feedparser's JSON Feed parser: a few fields copied under feedparser's names.
void JsonFeedAsFeedparser(std::string_view bytes, Json& result) {
  Json doc = Json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  std::string version = doc.is_object() ? doc.value("version", "") : "";
  if (version != "https://jsonfeed.org/version/1" && version != "https://jsonfeed.org/version/1.1") {
    result["bozo"] = 1;
    result["bozo_exception"] = "ValueError: Unrecognized JSONFeed version '" + version + "'";
    return;
  }
  result["version"] = version.size() > 30 ? "json11" : "json1";  // the 1.1 URL is the longer
  auto copy = [](const Json& from, Json& to, const char* src, const char* dst) {
    if (from.contains(src)) to[dst] = from[src];
  };
  auto author = [](const Json& from, Json& to) {
    if (!from.contains("author") || !from["author"].is_object()) return;
    Json detail = Json::object();
    for (const char* k : {"name", "url"}) {
      if (from["author"].contains(k)) detail[std::string(k) == "url" ? "href" : k] = from["author"][k];
    }
    to["author_detail"] = detail;
    if (detail.contains("name")) to["author"] = detail["name"];
  };
  Json& feed = result["feed"];
  copy(doc, feed, "title", "title");
  copy(doc, feed, "icon", "image");
  copy(doc, feed, "home_page_url", "link");
  copy(doc, feed, "description", "subtitle");
  author(doc, feed);
  Json& entries = result["entries"];
  if (!doc.contains("items") || !doc["items"].is_array()) return;
  for (const Json& item : doc["items"]) {
    if (!item.is_object()) continue;
    Json entry = Json::object();
    copy(item, entry, "title", "title");
    copy(item, entry, "id", "id");
    copy(item, entry, "url", "link");
    copy(item, entry, "summary", "summary");
    copy(item, entry, "external_url", "source");
    if (item.contains("content_text") && item["content_text"].is_string()) {
      entry["content"] = Json::array({{{"value", item["content_text"]}, {"type", "text/plain"}}});
    } else if (item.contains("content_html") && item["content_html"].is_string()) {
      entry["content"] = Json::array(
          {{{"value", SanitizeLikeFeedparser(item["content_html"].get<std::string>(), "")}, {"type", "text/html"}}});
    }
    for (auto [src, dst] : {std::pair<const char*, std::string>{"date_published", "published"}, {"date_modified", "updated"}}) {
      if (!item.contains(src) || !item[src].is_string()) continue;
      entry[dst] = item[src];
      entry[dst + "_parsed"] = ParsedDate(item[src].get<std::string>());
    }
    if (item.contains("tags") && item["tags"].is_array()) {
      entry["tags"] = Json::array();
      for (const Json& t : item["tags"]) entry["tags"].push_back({{"term", t}, {"scheme", nullptr}, {"label", nullptr}});
    }
    author(item, entry);
    if (item.contains("attachments") && item["attachments"].is_array()) {
      entry["enclosures"] = Json::array();
      for (const Json& a : item["attachments"]) {
        if (!a.is_object()) continue;
        Json e = Json::object();
        copy(a, e, "url", "href");
        copy(a, e, "mime_type", "type");
        copy(a, e, "size_in_bytes", "length");
        copy(a, e, "title", "title");
        entry["enclosures"].push_back(e);
      }
    }
    entries.push_back(entry);
  }
}

bool IsJsonDocument(std::string_view bytes, const std::string& content_type) {
  std::string media = ToLowerAscii(StripAscii(content_type.substr(0, content_type.find(';'))));
  if (media == "application/json" || media == "application/feed+json") return true;
  if (!content_type.empty()) return false;
  size_t first = bytes.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && bytes[first] == '{';
}

}  // namespace

nlohmann::json ParseAsFeedparser(std::string_view bytes, const FeedparserInput& input) {
  Json result = Json::object();
  Json headers = Json::object();
  for (const auto& [k, v] : input.headers) headers[ToLowerAscii(k)] = v;
  result["headers"] = headers;
  std::string content_type = HeaderValue(input.headers, "content-type");
  EncodingReport encoding = SniffEncoding(bytes, content_type, !input.headers.empty());
  result["encoding"] = encoding.name;
  std::string base = HeaderValue(input.headers, "content-location");
  base = base.empty() ? input.url : UrlJoin(input.url, base);
  std::string lang = HeaderValue(input.headers, "content-language");
  if (IsJsonDocument(bytes, content_type)) {
    result["feed"] = Json::object();
    result["entries"] = Json::array();
    result["namespaces"] = Json::object();
    result["version"] = "";
    result["bozo"] = 0;
    JsonFeedAsFeedparser(bytes, result);
    return result;
  }

  // Decoded here by feedparser's rules; libxml2 then reads plain UTF-8.
  ParsedXml xml = encoding.name.empty() ? ParseXmlDocument(bytes, content_type)
                                        : ParseXmlDocument(encoding.utf8, "application/xml; charset=utf-8");
  const xmlNode* root = xml.doc != nullptr ? xmlDocGetRootElement(xml.doc.get()) : nullptr;
  Emulator emulator(base, lang, xml.bozo);
  if (root != nullptr) emulator.Run(root, DoctypeVersion(xml.doc.get()));
  result["feed"] = std::move(emulator.feed());
  result["entries"] = std::move(emulator.entries());
  result["namespaces"] = std::move(emulator.namespaces());
  result["version"] = emulator.version();
  bool bozo = xml.bozo || root == nullptr || !encoding.exception.empty();
  result["bozo"] = bozo ? 1 : 0;
  if (!encoding.exception.empty()) result["bozo_exception"] = encoding.exception;
  else if (bozo) result["bozo_exception"] = "SAXParseException: " + (xml.bozo_message.empty() ? std::string("no element found") : xml.bozo_message);
  return result;
}

}  // namespace herald::feed
