#include "extract/metadata.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

#include "common/strings.h"
#include "common/url.h"
#include "extract/figures.h"
#include "extract/text_util.h"
#include "sanitize/html_parse.h"

namespace herald::extract {
namespace {

using nlohmann::json;

constexpr int kMaxJsonDepth = 12;

// A date as a page states it, remembering whether it had a time of day.
struct DateText {
  std::string text;
  int rank = 0;  // higher = more clearly the article's own date
};

// Everything read from the page in one walk, before precedence is applied.
struct PageSignals {
  std::map<std::string, std::string> meta;                   // first content per key
  std::map<std::string, std::vector<std::string>> meta_all;  // e.g. article:tag
  std::vector<std::string> json_ld;
  std::vector<json> microdata;  // article items, in JSON-LD shape
  std::string title_tag, first_h1, html_lang, canonical, image_src;
  DateText time_published, time_modified;  // best <time datetime> candidates
  std::vector<std::string> author_links;   // rel=author / links inside a byline
  std::string byline_text;                 // first .byline / .author element
  std::vector<const GumboNode*> figures;   // the first few <figure>s, for the lead image's caption
};

constexpr size_t kMaxFigures = 8;

std::vector<std::string> AttributeWords(const GumboNode* node, const char* attr) {
  const char* value = Attribute(node, attr);
  if (!value) return {};
  std::vector<std::string> words;
  for (std::string& token : Split(ToLowerAscii(value), ' ')) {
    if (!token.empty()) words.push_back(std::move(token));
  }
  return words;
}

bool HasWord(const GumboNode* node, const char* attr, std::string_view word) {
  std::vector<std::string> words = AttributeWords(node, attr);
  return std::find(words.begin(), words.end(), word) != words.end();
}

// True when a word of the class/id names starts with `prefix`:
// "article-byline" has "byline", "comments-list" has "comment".
bool ClassWordStarts(const GumboNode* node, std::string_view prefix) {
  for (const char* attr : {"class", "id"}) {
    const char* value = Attribute(node, attr);
    if (!value) continue;
    std::string lower = ToLowerAscii(value);
    for (size_t at = lower.find(prefix); at != std::string::npos; at = lower.find(prefix, at + 1)) {
      if (at == 0 || !std::isalnum(static_cast<unsigned char>(lower[at - 1]))) return true;
    }
  }
  return false;
}

bool IsBylineElement(const GumboNode* node) {
  if (Attribute(node, "itemscope")) return false;  // a microdata Person: read there
  if (HasWord(node, "itemprop", "author") || HasWord(node, "rel", "author")) return true;
  for (const std::string& word : AttributeWords(node, "class")) {
    if (word == "author" || word.find("byline") != std::string::npos ||
        word.ends_with("author-name") || word.ends_with("author__name") ||
        word == "article-author" || word == "story-author" || word == "post-author") {
      return true;
    }
  }
  return false;
}

bool HoldsH1(const GumboNode* node) {
  bool found = false;
  Walk(
      node,
      [&](const GumboNode* n) {
        if (found || n->type != GUMBO_NODE_ELEMENT) return false;
        found = n->v.element.tag == GUMBO_TAG_H1;
        return !found;
      },
      [](const GumboNode*) {});
  return found;
}

// Elements whose dates and names belong to other stories or to readers. A
// page wrapper that carries such a word ("has-sidebar") holds the headline
// and is not one of them.
bool IsChromeElement(const GumboNode* node) {
  GumboTag tag = node->v.element.tag;
  if (tag == GUMBO_TAG_HTML || tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_MAIN || tag == GUMBO_TAG_ARTICLE) {
    return false;
  }
  bool chrome = tag == GUMBO_TAG_NAV || tag == GUMBO_TAG_ASIDE || tag == GUMBO_TAG_FOOTER;
  for (std::string_view word : {"related", "comment", "sidebar", "recommend", "popular", "trending",
                                "teaser", "footer", "nav", "most-read"}) {
    chrome = chrome || ClassWordStarts(node, word);
  }
  return chrome && !HoldsH1(node);
}

bool IsArticleTypeName(std::string_view name) {
  size_t slash = name.find_last_of("/#");
  if (slash != std::string_view::npos) name = name.substr(slash + 1);
  return name.ends_with("Article") || name == "BlogPosting" || name == "LiveBlogPosting" ||
         name == "Report" || name == "SocialMediaPosting";
}

bool IsArticleType(const json& type) {
  auto matches = [](const json& t) { return t.is_string() && IsArticleTypeName(t.get<std::string>()); };
  if (type.is_array()) return std::any_of(type.begin(), type.end(), matches);
  return matches(type);
}

// ---- microdata ----

// The value of an itemprop element (HTML "microdata" value rules).
std::string ItemValue(const GumboNode* node, std::string_view base) {
  switch (node->v.element.tag) {
    case GUMBO_TAG_META: {
      const char* content = Attribute(node, "content");
      return content ? CollapseWhitespace(content) : "";
    }
    case GUMBO_TAG_TIME: {
      const char* datetime = Attribute(node, "datetime");
      return datetime ? CollapseWhitespace(datetime) : TextContent(node);
    }
    case GUMBO_TAG_IMG:
      return ImageUrl(node, base);
    case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO: case GUMBO_TAG_SOURCE: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_EMBED: {
      const char* src = Attribute(node, "src");
      return src ? ResolveUrl(base, Trim(src)) : "";
    }
    case GUMBO_TAG_A: case GUMBO_TAG_LINK: case GUMBO_TAG_AREA: {
      const char* href = Attribute(node, "href");
      return href ? ResolveUrl(base, Trim(href)) : "";
    }
    case GUMBO_TAG_DATA: {
      const char* value = Attribute(node, "value");
      return value ? CollapseWhitespace(value) : TextContent(node);
    }
    default:
      return TextContent(node);
  }
}

// One microdata item as a JSON-LD-shaped object: {"@type": "NewsArticle",
// "headline": "...", "author": {"@type": "Person", "name": "..."}, ...}.
json MicrodataItem(const GumboNode* scope, std::string_view base, int depth) {
  json item = json::object();
  if (const char* type = Attribute(scope, "itemtype")) {
    std::string name = CollapseWhitespace(type);
    size_t slash = name.find_last_of("/#");
    item["@type"] = slash == std::string::npos ? name : name.substr(slash + 1);
  }
  Walk(
      scope,
      [&](const GumboNode* node) {
        if (node->type != GUMBO_NODE_ELEMENT) return false;
        bool nested_scope = Attribute(node, "itemscope") != nullptr;
        const char* itemprop = Attribute(node, "itemprop");
        std::vector<std::string> props;
        if (itemprop) props = Split(CollapseWhitespace(itemprop), ' ');
        // The body is not metadata: reading its text would only cost time.
        std::erase_if(props, [](const std::string& p) { return p.empty() || p == "articleBody" || p == "text"; });
        if (!props.empty()) {
          json value = nested_scope ? (depth < 6 ? MicrodataItem(node, base, depth + 1) : json())
                                    : json(ItemValue(node, base));
          for (const std::string& key : props) {
            if (!item.contains(key)) {
              item[key] = value;
            } else {
              if (!item[key].is_array()) item[key] = json::array({item[key]});
              item[key].push_back(value);
            }
          }
        }
        return !nested_scope;  // a nested item's properties are its own
      },
      [](const GumboNode*) {});
  return item;
}

// ---- collecting ----


bool IsModifiedTime(const GumboNode* node) {
  if (HasWord(node, "itemprop", "datemodified")) return true;
  return ClassWordStarts(node, "updated") || ClassWordStarts(node, "modified");
}

void OfferDate(DateText& best, const char* text, int rank) {
  if (text && *text && rank > best.rank) best = DateText{CollapseWhitespace(text), rank};
}

// "twitter:title", "DC.Title" / "dc:title" -> "dc.title", "DCTERMS:issued" -> "dcterms.issued".
std::string MetaKey(const char* key) {
  std::string lower = ToLowerAscii(Trim(key));
  for (std::string_view ns : {"dc:", "dcterms:"}) {
    if (lower.starts_with(ns)) lower[ns.size() - 1] = '.';
  }
  return lower;
}

void ReadMetaTag(const GumboNode* node, PageSignals& page) {
  const char* content = Attribute(node, "content");
  if (!content) return;
  std::string value = CollapseWhitespace(content);
  if (value.empty()) return;
  for (const char* attr : {"property", "name", "itemprop", "http-equiv"}) {
    const char* key = Attribute(node, attr);
    if (!key) continue;
    // RDFa may list several properties in one attribute.
    for (const std::string& word : Split(CollapseWhitespace(key), ' ')) {
      if (word.empty()) continue;
      std::string lower = MetaKey(word.c_str());
      page.meta.emplace(lower, value);
      page.meta_all[lower].push_back(value);
    }
  }
}

// Where an element stands, for the elements below it.
enum ContextFlag : unsigned {
  kInArticle = 1,  // <article>, itemprop=articleBody
  kInByline = 2,   // .byline, .author, .dateline, .article-meta, rel/itemprop author
  kInChrome = 4,   // nav, aside, footer, related, comments: other stories' dates and names
};

unsigned ContextOf(const GumboNode* node, unsigned outer) {
  unsigned flags = 0;
  if (node->v.element.tag == GUMBO_TAG_ARTICLE || HasWord(node, "itemprop", "articlebody")) flags |= kInArticle;
  if (IsBylineElement(node) || ClassWordStarts(node, "dateline") || ClassWordStarts(node, "meta")) {
    flags |= kInByline;
  }
  if (!(outer & kInChrome) && IsChromeElement(node)) flags |= kInChrome;
  return flags;
}

// Rank of a <time datetime> as the article's own publication time.
int TimeRank(const GumboNode* node, unsigned context) {
  if (Attribute(node, "pubdate") || HasWord(node, "itemprop", "datepublished")) return 3;
  if (context & (kInByline | kInArticle)) return 2;
  return 1;
}

// Links to an author's page ("/author/jane-doe", "/people/jane"), not to
// share buttons or e-mail.
bool IsAuthorPageLink(const GumboNode* a) {
  const char* href = Attribute(a, "href");
  if (!href) return false;
  std::string lower = ToLowerAscii(href);
  for (std::string_view part : {"/author", "/people/", "/person/", "/staff/", "/profile", "/by/",
                                "/writers/", "/journalist", "/reporter", "/contributor", "/columnist"}) {
    if (lower.find(part) != std::string::npos) return true;
  }
  return ClassWordStarts(a, "author");
}

PageSignals CollectSignals(const GumboNode* root, std::string_view base) {
  PageSignals page;
  if (const char* lang = Attribute(root, "lang")) page.html_lang = CollapseWhitespace(lang);
  std::vector<unsigned> context{0};  // flags of the entered elements, innermost last
  Walk(
      root,
      [&](const GumboNode* node) {
        if (node->type != GUMBO_NODE_ELEMENT) return false;
        GumboTag tag = node->v.element.tag;
        if (tag == GUMBO_TAG_META) {
          ReadMetaTag(node, page);
          return false;
        }
        if (tag == GUMBO_TAG_SCRIPT) {
          const char* type = Attribute(node, "type");
          const GumboVector& children = node->v.element.children;
          if (type && ToLowerAscii(Trim(type)) == "application/ld+json" && children.length > 0) {
            auto* text = static_cast<const GumboNode*>(children.data[0]);
            if (text->type == GUMBO_NODE_TEXT) page.json_ld.emplace_back(text->v.text.text);
          }
          return false;
        }
        if (tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_NOSCRIPT || tag == GUMBO_TAG_TEMPLATE) return false;
        if (tag == GUMBO_TAG_LINK) {
          std::vector<std::string> rel = AttributeWords(node, "rel");
          const char* href = Attribute(node, "href");
          auto has = [&](const char* word) { return std::find(rel.begin(), rel.end(), word) != rel.end(); };
          if (href && has("canonical") && page.canonical.empty()) page.canonical = href;
          if (href && has("image_src") && page.image_src.empty()) page.image_src = href;
          return false;
        }
        if (tag == GUMBO_TAG_TITLE) {
          if (page.title_tag.empty()) page.title_tag = TextContent(node);
          return false;
        }
        unsigned outer = context.back();
        unsigned flags = outer | ContextOf(node, outer);
        context.push_back(flags);
        if (flags & kInChrome) return true;
        if (tag == GUMBO_TAG_H1 && page.first_h1.empty()) page.first_h1 = TextContent(node);
        if (tag == GUMBO_TAG_FIGURE && page.figures.size() < kMaxFigures) page.figures.push_back(node);
        if (Attribute(node, "itemscope") && !Attribute(node, "itemprop")) {
          const char* type = Attribute(node, "itemtype");
          if (type && IsArticleTypeName(CollapseWhitespace(type))) {
            page.microdata.push_back(MicrodataItem(node, base, 0));
          }
        }
        if (tag == GUMBO_TAG_TIME) {
          const char* datetime = Attribute(node, "datetime");
          if (IsModifiedTime(node)) {
            OfferDate(page.time_modified, datetime, 1);
          } else {
            OfferDate(page.time_published, datetime, TimeRank(node, outer));
          }
        }
        bool rel_author = HasWord(node, "rel", "author");
        if (tag == GUMBO_TAG_A && (rel_author || ((outer & kInByline) && IsAuthorPageLink(node)))) {
          std::string name = TextContent(node);
          if (!name.empty() && CodePointCount(name) <= 80) page.author_links.push_back(name);
        }
        if (page.byline_text.empty() && IsBylineElement(node) && !rel_author) {
          std::string text = TextContent(node);
          if (!text.empty() && CodePointCount(text) <= 150) page.byline_text = text;
        }
        return true;
      },
      [&](const GumboNode*) { context.pop_back(); });
  return page;
}

// ---- JSON-LD ----

using IdIndex = std::map<std::string, const json*>;

bool HasContent(const json& object) { return object.contains("name") || object.contains("url"); }

// Objects with an "@id", so {"@id": "#author"} can be followed; a full
// object wins over another bare reference to it.
void IndexIds(const json& value, IdIndex& index, int depth) {
  if (depth > kMaxJsonDepth) return;
  if (value.is_array()) {
    for (const json& item : value) IndexIds(item, index, depth + 1);
  } else if (value.is_object()) {
    auto id = value.find("@id");
    if (id != value.end() && id->is_string() && value.size() > 1) {
      const json*& slot = index[id->get<std::string>()];
      if (!slot || (!HasContent(*slot) && HasContent(value))) slot = &value;
    }
    for (const auto& [key, item] : value.items()) {
      if (item.is_structured()) IndexIds(item, index, depth + 1);
    }
  }
}

// `value`, or the object its reference ({"@id": ...} without a name or
// URL) names.
const json& Resolve(const json& value, const IdIndex& index) {
  if (!value.is_object() || HasContent(value)) return value;
  auto id = value.find("@id");
  if (id == value.end() || !id->is_string()) return value;
  auto it = index.find(id->get<std::string>());
  return it == index.end() ? value : *it->second;
}

// Article objects anywhere in the JSON-LD, including @graph and arrays.
void FindArticles(const json& value, std::vector<const json*>& out, int depth) {
  if (depth > kMaxJsonDepth) return;
  if (value.is_array()) {
    for (const json& item : value) FindArticles(item, out, depth + 1);
  } else if (value.is_object()) {
    if (value.contains("@type") && IsArticleType(value["@type"])) out.push_back(&value);
    if (value.contains("@graph")) FindArticles(value["@graph"], out, depth + 1);
  }
}

std::string String(const json& object, const char* key) {
  if (!object.is_object() || !object.contains(key)) return "";
  const json& value = object[key];
  if (value.is_string()) return CollapseWhitespace(value.get<std::string>());
  if (value.is_array() && !value.empty() && value[0].is_string()) {
    return CollapseWhitespace(value[0].get<std::string>());
  }
  return "";
}

// Names of an author/publisher value: a string, an object with "name", an
// @id reference, or an array of those.
std::vector<std::string> Names(const json& raw, const IdIndex& index, int depth = 0) {
  const json& value = Resolve(raw, index);
  std::vector<std::string> names;
  if (value.is_string()) {
    names = SplitAuthors(value.get<std::string>());
  } else if (value.is_object()) {
    std::string name = String(value, "name");
    if (name.empty()) {
      name = CollapseWhitespace(String(value, "givenName") + " " + String(value, "familyName"));
    }
    if (!name.empty()) names = SplitAuthors(name);
  } else if (value.is_array() && depth < 2) {
    for (const json& item : value) {
      for (std::string& name : Names(item, index, depth + 1)) {
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
      }
    }
  }
  return names;
}

int Dimension(const json& object, const char* key) {
  if (!object.is_object() || !object.contains(key)) return 0;
  const json& value = object[key];
  if (value.is_number_integer()) return std::clamp<int64_t>(value.get<int64_t>(), 0, 100000);
  if (value.is_number_float()) return std::clamp<int>(static_cast<int>(value.get<double>()), 0, 100000);
  if (value.is_string()) {
    std::string digits = value.get<std::string>();
    int n = 0;
    for (char c : digits) {
      if (c < '0' || c > '9' || n > 100000) break;
      n = n * 10 + (c - '0');
    }
    return n;
  }
  return 0;
}

std::optional<Image> JsonImage(const json& raw, std::string_view base, const IdIndex& index) {
  const json& value = Resolve(raw, index);
  const json& first = Resolve(value.is_array() && !value.empty() ? value[0] : value, index);
  Image image;
  if (first.is_string()) {
    image.url = first.get<std::string>();
  } else if (first.is_object()) {
    image.url = String(first, "url");
    if (image.url.empty()) image.url = String(first, "contentUrl");
    image.width = Dimension(first, "width");
    image.height = Dimension(first, "height");
    image.caption = String(first, "caption");
    if (image.caption.empty()) image.caption = String(first, "description");
    std::vector<std::string> credit;
    for (const char* key : {"creditText", "copyrightHolder", "author", "creator"}) {
      if (credit.empty() && first.contains(key)) credit = Names(first[key], index);
    }
    if (!credit.empty()) image.credit = credit.front();
  }
  image.url = ResolveUrl(base, Trim(image.url));
  if (!IsHttpUrl(image.url)) return std::nullopt;
  return image;
}

std::vector<std::string> Keywords(const json& value) {
  std::vector<std::string> tags;
  if (value.is_string()) {
    for (const std::string& tag : Split(ReplaceAll(value.get<std::string>(), ";", ","), ',')) {
      std::string clean = CollapseWhitespace(tag);
      if (!clean.empty() && std::find(tags.begin(), tags.end(), clean) == tags.end()) tags.push_back(clean);
    }
  } else if (value.is_array()) {
    for (const json& item : value) {
      if (!item.is_string()) continue;
      for (std::string& tag : Keywords(item)) {
        if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(tag);
      }
    }
  }
  return tags;
}

// A date read from text; `date_only` says the text gave no time of day.
struct DateValue {
  std::optional<Timestamp> time;
  bool date_only = false;
};

bool HasTimeOfDay(std::string_view text) {
  if (text.find(':') != std::string_view::npos) return true;
  for (size_t i = 0; i + 1 < text.size(); ++i) {  // basic ISO: 20251002T1153Z
    if (text[i] == 'T' && text[i + 1] >= '0' && text[i + 1] <= '9') return true;
  }
  return false;
}

DateValue Date(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return {};
  return DateValue{ParseDate(text), !HasTimeOfDay(text)};
}

void SetDate(std::optional<Timestamp>& time, bool& date_only, const DateValue& value) {
  if (time || !value.time) return;
  time = value.time;
  date_only = value.date_only;
}

bool IsFalse(const json& value) {
  if (value.is_boolean()) return !value.get<bool>();
  if (value.is_string()) return ToLowerAscii(Trim(value.get<std::string>())) == "false";
  return false;
}

// True when the article, or a part of it (hasPart with a cssSelector), is
// declared not free to read.
bool DeclaresPaywall(const json& article, const IdIndex& index) {
  if (article.contains("isAccessibleForFree") && IsFalse(article["isAccessibleForFree"])) return true;
  if (!article.contains("hasPart")) return false;
  const json& parts = Resolve(article["hasPart"], index);
  auto locked = [&](const json& part) {
    const json& p = Resolve(part, index);
    return p.is_object() && p.contains("isAccessibleForFree") && IsFalse(p["isAccessibleForFree"]);
  };
  if (parts.is_array()) return std::any_of(parts.begin(), parts.end(), locked);
  return locked(parts);
}

// Fills the fields one schema.org article object knows (from JSON-LD or
// microdata); only what is still empty.
void ApplyArticle(const json& a, std::string_view base, const IdIndex& index, Metadata& m,
                  std::string& headline) {
  if (headline.empty()) headline = String(a, "headline");
  if (headline.empty()) headline = String(a, "name");
  if (m.byline.empty() && a.contains("author")) m.byline = Names(a["author"], index);
  if (m.byline.empty() && a.contains("creator")) m.byline = Names(a["creator"], index);
  SetDate(m.published, m.published_date_only, Date(String(a, "datePublished")));
  SetDate(m.published, m.published_date_only, Date(String(a, "dateCreated")));
  SetDate(m.modified, m.modified_date_only, Date(String(a, "dateModified")));
  if (m.site_name.empty() && a.contains("publisher")) {
    std::vector<std::string> publisher = Names(a["publisher"], index);
    if (!publisher.empty()) m.site_name = publisher.front();
  }
  if (m.section.empty()) m.section = String(a, "articleSection");
  if (m.tags.empty() && a.contains("keywords")) m.tags = Keywords(a["keywords"]);
  if (m.description.empty()) m.description = String(a, "description");
  if (m.language.empty()) m.language = String(a, "inLanguage");
  if (!m.image && a.contains("image")) m.image = JsonImage(a["image"], base, index);
  if (!m.image && a.contains("thumbnailUrl")) m.image = JsonImage(a["thumbnailUrl"], base, index);
  if (DeclaresPaywall(a, index)) m.paywalled = true;
}

void ApplyJsonLd(const std::vector<std::string>& scripts, std::string_view base, Metadata& m,
                 std::string& headline) {
  std::vector<json> roots;
  roots.reserve(scripts.size());
  for (const std::string& script : scripts) {
    json root = json::parse(script, nullptr, /*allow_exceptions=*/false);
    if (!root.is_discarded()) roots.push_back(std::move(root));
  }
  IdIndex index;
  for (const json& root : roots) IndexIds(root, index, 0);
  for (const json& root : roots) {
    std::vector<const json*> articles;
    FindArticles(root, articles, 0);
    for (const json* article : articles) ApplyArticle(*article, base, index, m, headline);
  }
}

// ---- meta tags ----

std::string FirstMeta(const PageSignals& page, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    auto it = page.meta.find(key);
    if (it != page.meta.end() && !it->second.empty()) return it->second;
  }
  return "";
}

std::vector<std::string> AllMeta(const PageSignals& page, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    auto it = page.meta_all.find(key);
    if (it == page.meta_all.end()) continue;
    std::vector<std::string> values;
    for (const std::string& value : it->second) {
      for (std::string& tag : Keywords(json(value))) {
        if (std::find(values.begin(), values.end(), tag) == values.end()) values.push_back(tag);
      }
    }
    if (!values.empty()) return values;
  }
  return {};
}

bool LooksLikeUrl(std::string_view s) {
  return s.find("://") != std::string_view::npos || s.starts_with("www.") || s.starts_with("/");
}

// ---- author names ----

bool IsWordChar(char c) { return static_cast<unsigned char>(c) >= 0x80 || std::isalnum(static_cast<unsigned char>(c)); }

// Whole-word, case-insensitive search.
bool HasWordIgnoreCase(std::string_view text, std::string_view word) {
  std::string lower = ToLowerAscii(text);
  for (size_t at = lower.find(word); at != std::string::npos; at = lower.find(word, at + 1)) {
    bool starts = at == 0 || !IsWordChar(lower[at - 1]);
    bool ends = at + word.size() == lower.size() || !IsWordChar(lower[at + word.size()]);
    if (starts && ends) return true;
  }
  return false;
}

// "Staff Reporter", "Senior Correspondent, Beijing Bureau": a job, not a name.
bool IsRole(std::string_view part) {
  static constexpr auto kRoleWords = std::to_array<std::string_view>({
      "reporter", "reporters", "correspondent", "editor", "editors", "writer", "staff", "contributor",
      "columnist", "journalist", "photographer", "producer", "analyst", "bureau", "desk", "team",
      "newsroom", "contributing", "senior", "chief", "special", "freelance", "intern", "updated",
      "published", "posted", "min", "read"});
  return std::any_of(kRoleWords.begin(), kRoleWords.end(),
                     [&](std::string_view w) { return HasWordIgnoreCase(part, w); });
}

// Wire services: a name of its own only when no person is named.
bool IsAgency(std::string_view part) {
  static constexpr auto kAgencies = std::to_array<std::string_view>({
      "reuters", "ap", "afp", "associated press", "agence france-presse", "bloomberg", "xinhua",
      "dpa", "pa", "pa media", "efe", "ansa", "kyodo", "yonhap", "aap", "upi", "cnn", "bbc"});
  std::string lower = ToLowerAscii(part);
  return std::find(kAgencies.begin(), kAgencies.end(), lower) != kAgencies.end();
}

// Drops a leading "By", "Written by", "von", "作者：" ... and "and".
std::string StripNamePrefix(std::string s) {
  static constexpr auto kPrefixes = std::to_array<std::string_view>({
      "written by ", "reporting by ", "words by ", "story by ", "posted by ", "authors:", "author:",
      "by:", "by ", "and ", "& ", "作者：", "作者:", "记者：", "记者:", "文／", "文/", "撰文："});
  // Lowercase only: "Von Miller" and "Di Wang" are names.
  static constexpr auto kLowercasePrefixes = std::to_array<std::string_view>({
      "von ", "por ", "par ", "door ", "di ", "av ", "de "});
  for (bool stripped = true; stripped;) {
    stripped = false;
    s = CollapseWhitespace(s);
    for (std::string_view prefix : kPrefixes) {
      if (StartsWithIgnoreCase(s, prefix)) s = s.substr(prefix.size()), stripped = true;
    }
    for (std::string_view prefix : kLowercasePrefixes) {
      if (s.starts_with(prefix)) s = s.substr(prefix.size()), stripped = true;
    }
  }
  // What is left of a byline whose names were links elsewhere.
  std::string lower = ToLowerAscii(s);
  if (lower == "by" || lower == "and" || lower == "von" || lower == "作者") return "";
  return s;
}

// "Jane Doe in Beijing" -> "Jane Doe"; "Jane Doe (@jdoe)" -> "Jane Doe".
std::string StripNameSuffix(std::string s) {
  if (size_t paren = s.find(" ("); paren != std::string::npos && paren > 0) s.resize(paren);
  size_t in = s.find(" in ");
  if (in != std::string::npos && Split(s.substr(0, in), ' ').size() >= 2 && in + 4 < s.size() &&
      std::isupper(static_cast<unsigned char>(s[in + 4]))) {
    s.resize(in);
  }
  return CollapseWhitespace(s);
}

bool IsPlausibleName(std::string_view name) {
  if (name.empty() || CodePointCount(name) > 60 || Split(name, ' ').size() > 6) return false;
  if (LooksLikeUrl(name) || name.starts_with("@") || name.find('@') != std::string_view::npos) return false;
  size_t digits = std::count_if(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
  return digits == 0 && std::any_of(name.begin(), name.end(), IsWordChar);
}

}  // namespace

std::vector<std::string> SplitAuthors(std::string_view text) {
  std::string rest = StripNamePrefix(std::string(text));
  // A byline runs into its date: "Jane Doe Published 2 Oct 2025".
  for (std::string_view stop : {" Published", " Updated", " Posted", " Last updated", " - "}) {
    if (size_t at = rest.find(stop); at != std::string::npos) rest.resize(at);
  }
  for (const char* separator : {" and ", " And ", " AND ", " & ", " und ", " et ", " y ", " e ", ";", "|",
                                "、", "，", " / ", "•", "·"}) {
    rest = ReplaceAll(rest, separator, ",");
  }
  std::vector<std::string> people;
  std::vector<std::string> agencies;
  for (const std::string& part : Split(rest, ',')) {
    std::string name = StripNameSuffix(StripNamePrefix(part));
    if (!IsPlausibleName(name) || IsRole(name)) continue;
    std::vector<std::string>& list = IsAgency(name) ? agencies : people;
    bool seen = std::any_of(list.begin(), list.end(),
                            [&](const std::string& other) { return ToLowerAscii(other) == ToLowerAscii(name); });
    if (!seen) list.push_back(name);
  }
  return people.empty() ? agencies : people;
}

std::optional<Timestamp> DateFromUrl(std::string_view url) {
  auto parts = ParseHttpUrl(url);
  if (!parts.ok()) return std::nullopt;
  const std::string& path = parts->path;
  // Digit runs of the path with what separates them: "/2025/10/02/x" ->
  // runs 2025, 10, 02 separated by '/'.
  struct Run {
    size_t at;
    std::string digits;
  };
  std::vector<Run> runs;
  for (size_t i = 0; i < path.size();) {
    if (!std::isdigit(static_cast<unsigned char>(path[i]))) {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < path.size() && std::isdigit(static_cast<unsigned char>(path[i]))) ++i;
    runs.push_back({start, path.substr(start, i - start)});
  }
  auto day = [](std::string_view y, std::string_view m, std::string_view d) -> std::optional<Timestamp> {
    int year = std::stoi(std::string(y));
    if (year < 1990 || year > 2099) return std::nullopt;
    std::string iso = std::string(y) + "-" + (m.size() == 1 ? "0" : "") + std::string(m) + "-" +
                      (d.size() == 1 ? "0" : "") + std::string(d);
    return ParseDate(iso);
  };
  for (size_t i = 0; i < runs.size(); ++i) {
    const Run& r = runs[i];
    if (r.digits.size() == 8) {
      if (auto t = day(r.digits.substr(0, 4), r.digits.substr(4, 2), r.digits.substr(6, 2))) return t;
    }
    if (r.digits.size() != 4 || i + 2 >= runs.size()) continue;
    const Run& m = runs[i + 1];
    const Run& d = runs[i + 2];
    bool adjacent = m.at == r.at + 5 && d.at == m.at + m.digits.size() + 1;
    char sep1 = path[r.at + 4], sep2 = path[m.at + m.digits.size()];
    bool same_separator = sep1 == sep2 && (sep1 == '/' || sep1 == '-' || sep1 == '_' || sep1 == '.');
    if (adjacent && same_separator && m.digits.size() <= 2 && d.digits.size() <= 2) {
      if (auto t = day(r.digits, m.digits, d.digits)) return t;
    }
  }
  return std::nullopt;
}

std::string StripSiteSuffix(std::string_view title, std::string_view site_name) {
  std::string clean = CollapseWhitespace(title);
  for (std::string_view separator : {" | ", " - ", " – ", " — ", " :: ", " · "}) {
    size_t at = clean.rfind(separator);
    if (at == std::string::npos || at == 0) continue;
    std::string head = clean.substr(0, at);
    std::string tail = CollapseWhitespace(clean.substr(at + separator.size()));
    bool names_site = !site_name.empty() && (ContainsIgnoreCase(tail, site_name) ||
                                             ContainsIgnoreCase(site_name, tail));
    size_t head_words = Split(head, ' ').size();
    bool tail_is_short = Split(tail, ' ').size() <= 4;
    if (names_site || (head_words >= 3 && tail_is_short)) return StripSiteSuffix(head, site_name);
  }
  return clean;
}

namespace {

// The first http(s) URL of `candidates`, resolved against the page.
std::string FirstUrl(std::string_view base, std::initializer_list<std::string_view> candidates) {
  for (std::string_view candidate : candidates) {
    if (Trim(candidate).empty()) continue;
    std::string resolved = ResolveUrl(base, Trim(candidate));
    if (IsHttpUrl(resolved)) return resolved;
  }
  return "";
}

// The headline: structured data first, then social cards, then the page.
std::string Headline(const PageSignals& page, std::string structured, std::string_view site_name) {
  if (structured.empty()) {
    structured = FirstMeta(page, {"og:title", "twitter:title", "dc.title", "dcterms.title", "title",
                                  "headline", "parsely-title", "sailthru.title"});
  }
  // An <h1> that is the site's logo is not the headline.
  bool h1_is_logo = !site_name.empty() && ToLowerAscii(Trim(page.first_h1)) == ToLowerAscii(site_name);
  if (structured.empty() && !h1_is_logo) structured = page.first_h1;
  if (structured.empty()) structured = page.title_tag;
  std::string title = StripSiteSuffix(structured, site_name);
  return title.empty() ? CollapseWhitespace(structured) : title;
}

std::vector<std::string> MetaAuthors(const PageSignals& page) {
  for (const char* key : {"author", "article:author", "byl", "dc.creator", "dcterms.creator",
                          "sailthru.author", "parsely-author", "twitter:creator"}) {
    auto it = page.meta_all.find(key);
    if (it == page.meta_all.end()) continue;
    std::vector<std::string> names;
    for (const std::string& value : it->second) {
      for (std::string& name : SplitAuthors(value)) {
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
      }
    }
    if (!names.empty()) return names;
  }
  return {};
}

std::vector<std::string> MarkupAuthors(const PageSignals& page) {
  std::vector<std::string> names;
  for (const std::string& link : page.author_links) {
    for (std::string& name : SplitAuthors(link)) {
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
  }
  if (names.empty()) names = SplitAuthors(page.byline_text);
  return names;
}

// "https://cdn/x.jpg?w=1200" -> "https://cdn/x.jpg": the same picture at
// another size.
std::string WithoutQuery(std::string_view url) { return std::string(url.substr(0, url.find('?'))); }

// The declared image's caption, credit and size from the page's own figure
// of it (often above the headline, outside the body).
void CompleteFromFigure(Image& image, const std::vector<const GumboNode*>& figures, std::string_view base) {
  for (const GumboNode* figure : figures) {
    std::optional<Image> shown = ReadFigure(figure, base);
    if (!shown || WithoutQuery(shown->url) != WithoutQuery(image.url)) continue;
    if (image.caption.empty()) image.caption = shown->caption;
    if (image.credit.empty()) image.credit = shown->credit;
    if (image.width == 0 && image.height == 0) image.width = shown->width, image.height = shown->height;
    return;
  }
}

}  // namespace

Metadata ReadMetadata(const GumboNode* root, std::string_view page_url) {
  PageSignals page = CollectSignals(root, page_url);
  Metadata m;
  std::string headline;
  ApplyJsonLd(page.json_ld, page_url, m, headline);
  for (const json& item : page.microdata) ApplyArticle(item, page_url, IdIndex{}, m, headline);

  if (m.site_name.empty()) {
    m.site_name = FirstMeta(page, {"og:site_name", "application-name", "dc.publisher", "dcterms.publisher"});
  }
  m.title = Headline(page, headline, m.site_name);

  if (m.byline.empty()) m.byline = MetaAuthors(page);
  if (m.byline.empty()) m.byline = MarkupAuthors(page);

  SetDate(m.published, m.published_date_only,
          Date(FirstMeta(page, {"article:published_time", "og:published_time", "article:published",
                                "datepublished", "pubdate", "publishdate", "publish-date", "date",
                                "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued",
                                "dc.date", "dcterms.date", "dcterms.created", "dc.date.created"})));
  SetDate(m.published, m.published_date_only, Date(page.time_published.text));
  SetDate(m.modified, m.modified_date_only,
          Date(FirstMeta(page, {"article:modified_time", "og:updated_time", "datemodified",
                                "last-modified", "dcterms.modified", "dc.date.modified"})));
  SetDate(m.modified, m.modified_date_only, Date(page.time_modified.text));

  if (m.section.empty()) {
    m.section = FirstMeta(page, {"article:section", "section", "parsely-section", "sailthru.section"});
  }
  if (m.tags.empty()) {
    m.tags = AllMeta(page, {"article:tag", "news_keywords", "keywords", "parsely-tags", "dc.subject",
                            "dcterms.subject"});
  }
  if (m.description.empty()) {
    m.description = FirstMeta(page, {"og:description", "twitter:description", "description",
                                     "dc.description", "dcterms.description", "dcterms.abstract"});
  }
  if (!m.image) {
    std::string url = FirstUrl(page_url, {FirstMeta(page, {"og:image", "og:image:url", "og:image:secure_url"}),
                                          FirstMeta(page, {"twitter:image", "twitter:image:src"}),
                                          page.image_src});
    if (!url.empty()) {
      Image image;
      image.url = url;
      image.width = Dimension(json{{"w", FirstMeta(page, {"og:image:width"})}}, "w");
      image.height = Dimension(json{{"h", FirstMeta(page, {"og:image:height"})}}, "h");
      image.caption = FirstMeta(page, {"og:image:alt", "twitter:image:alt"});
      m.image = image;
    }
  }
  if (m.image) CompleteFromFigure(*m.image, page.figures, page_url);
  if (ToLowerAscii(FirstMeta(page, {"article:content_tier"})) == "locked") m.paywalled = true;

  if (m.language.empty()) m.language = page.html_lang;
  if (m.language.empty()) {
    m.language = FirstMeta(page, {"og:locale", "dc.language", "dcterms.language", "content-language",
                                  "language"});
  }

  m.canonical_url = FirstUrl(page_url, {page.canonical, FirstMeta(page, {"og:url"}),
                                        FirstMeta(page, {"twitter:url"})});
  if (!m.published) {
    std::optional<Timestamp> day = DateFromUrl(page_url);
    if (!day) day = DateFromUrl(m.canonical_url);
    if (day) m.published = day, m.published_date_only = true;
  }
  return m;
}

}  // namespace herald::extract
