#include "extract/metadata.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "common/strings.h"
#include "common/url.h"
#include "extract/text_util.h"
#include "sanitize/html_parse.h"

namespace herald::extract {
namespace {

using nlohmann::json;

// Everything read from the page in one walk, before precedence is applied.
struct PageSignals {
  std::map<std::string, std::string> meta;           // first content per key
  std::map<std::string, std::vector<std::string>> meta_all;  // e.g. article:tag
  std::vector<std::string> json_ld;
  std::string title_tag, first_h1, html_lang, canonical, time_datetime, markup_byline;
  std::vector<std::string> rel_authors;
};

bool HasClassWord(const GumboNode* node, std::string_view word) {
  for (const char* attr : {"class", "itemprop", "rel"}) {
    const char* value = Attribute(node, attr);
    if (!value) continue;
    for (const std::string& token : Split(ToLowerAscii(value), ' ')) {
      if (token == word) return true;
    }
  }
  return false;
}

PageSignals CollectSignals(const GumboNode* root) {
  PageSignals page;
  if (const char* lang = Attribute(root, "lang")) page.html_lang = lang;
  Walk(
      root,
      [&](const GumboNode* node) {
        if (node->type != GUMBO_NODE_ELEMENT) return false;
        GumboTag tag = node->v.element.tag;
        if (tag == GUMBO_TAG_META) {
          const char* key = Attribute(node, "property");
          if (!key) key = Attribute(node, "name");
          if (!key) key = Attribute(node, "itemprop");
          const char* content = Attribute(node, "content");
          if (key && content && *content) {
            std::string lower = ToLowerAscii(key);
            std::string value = CollapseWhitespace(content);
            page.meta.emplace(lower, value);
            page.meta_all[lower].push_back(value);
          }
          if (key && content && ToLowerAscii(key) == "datepublished" && page.time_datetime.empty()) {
            page.time_datetime = content;
          }
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
        if (tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_NOSCRIPT) return false;
        if (tag == GUMBO_TAG_LINK) {
          const char* rel = Attribute(node, "rel");
          const char* href = Attribute(node, "href");
          if (rel && href && ToLowerAscii(Trim(rel)) == "canonical" && page.canonical.empty()) {
            page.canonical = href;
          }
          return false;
        }
        if (tag == GUMBO_TAG_TITLE && page.title_tag.empty()) {
          page.title_tag = TextContent(node);
          return false;
        }
        if (tag == GUMBO_TAG_H1 && page.first_h1.empty()) page.first_h1 = TextContent(node);
        if (tag == GUMBO_TAG_TIME && page.time_datetime.empty()) {
          if (const char* datetime = Attribute(node, "datetime")) page.time_datetime = datetime;
        }
        if (tag == GUMBO_TAG_A && HasClassWord(node, "author")) {
          std::string name = TextContent(node);
          if (!name.empty() && name.size() < 80) page.rel_authors.push_back(name);
        }
        if (page.markup_byline.empty() &&
            (HasClassWord(node, "byline") || HasClassWord(node, "author-name") ||
             HasClassWord(node, "author"))) {
          std::string text = TextContent(node);
          if (!text.empty() && CodePointCount(text) <= 100) page.markup_byline = text;
        }
        return true;
      },
      [](const GumboNode*) {});
  return page;
}

// ---- JSON-LD ----

bool IsArticleType(const json& type) {
  auto matches = [](const json& t) {
    if (!t.is_string()) return false;
    std::string name = t.get<std::string>();
    return name.ends_with("Article") || name == "BlogPosting" || name == "LiveBlogPosting" ||
           name == "Report";
  };
  if (type.is_array()) return std::any_of(type.begin(), type.end(), matches);
  return matches(type);
}

// Article objects anywhere in the JSON-LD, including @graph and arrays.
void FindArticles(const json& value, std::vector<const json*>& out, int depth) {
  if (depth > 12) return;
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

std::vector<std::string> Names(const json& value) {
  std::vector<std::string> names;
  if (value.is_string()) {
    names = SplitAuthors(value.get<std::string>());
  } else if (value.is_object()) {
    std::string name = String(value, "name");
    if (!name.empty()) names.push_back(name);
  } else if (value.is_array()) {
    for (const json& item : value) {
      for (std::string& name : Names(item.is_array() ? json() : item)) names.push_back(name);
    }
  }
  return names;
}

int Dimension(const json& object, const char* key) {
  if (!object.contains(key)) return 0;
  const json& value = object[key];
  if (value.is_number_integer()) return std::clamp<int64_t>(value.get<int64_t>(), 0, 100000);
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

std::optional<Image> JsonImage(const json& value, std::string_view base) {
  const json& first = value.is_array() && !value.empty() ? value[0] : value;
  Image image;
  if (first.is_string()) {
    image.url = first.get<std::string>();
  } else if (first.is_object()) {
    image.url = String(first, "url");
    if (image.url.empty()) image.url = String(first, "contentUrl");
    image.width = Dimension(first, "width");
    image.height = Dimension(first, "height");
    image.caption = String(first, "caption");
  }
  image.url = ResolveUrl(base, Trim(image.url));
  if (!IsHttpUrl(image.url)) return std::nullopt;
  return image;
}

std::vector<std::string> Keywords(const json& value) {
  std::vector<std::string> tags;
  if (value.is_string()) {
    for (const std::string& tag : Split(value.get<std::string>(), ',')) {
      std::string clean = CollapseWhitespace(tag);
      if (!clean.empty()) tags.push_back(clean);
    }
  } else if (value.is_array()) {
    for (const json& item : value) {
      if (item.is_string()) {
        for (std::string& tag : Keywords(item)) tags.push_back(tag);
      }
    }
  }
  return tags;
}

std::optional<Timestamp> Date(std::string_view text) {
  if (Trim(text).empty()) return std::nullopt;
  return ParseDate(Trim(text));
}

// Fills the fields JSON-LD knows; later sources only fill what is still empty.
void ApplyJsonLd(const std::vector<std::string>& scripts, std::string_view base, Metadata& m,
                 std::string& headline) {
  for (const std::string& script : scripts) {
    json root = json::parse(script, nullptr, /*allow_exceptions=*/false);
    if (root.is_discarded()) continue;
    std::vector<const json*> articles;
    FindArticles(root, articles, 0);
    for (const json* article : articles) {
      const json& a = *article;
      if (headline.empty()) headline = String(a, "headline");
      if (headline.empty()) headline = String(a, "name");
      if (m.byline.empty() && a.contains("author")) m.byline = Names(a["author"]);
      if (!m.published) m.published = Date(String(a, "datePublished"));
      if (!m.modified) m.modified = Date(String(a, "dateModified"));
      if (m.site_name.empty() && a.contains("publisher")) {
        std::vector<std::string> publisher = Names(a["publisher"]);
        if (!publisher.empty()) m.site_name = publisher.front();
      }
      if (m.section.empty()) m.section = String(a, "articleSection");
      if (m.tags.empty() && a.contains("keywords")) m.tags = Keywords(a["keywords"]);
      if (m.description.empty()) m.description = String(a, "description");
      if (m.language.empty()) m.language = String(a, "inLanguage");
      if (!m.image && a.contains("image")) m.image = JsonImage(a["image"], base);
      if (a.contains("isAccessibleForFree")) {
        const json& free = a["isAccessibleForFree"];
        if ((free.is_boolean() && !free.get<bool>()) ||
            (free.is_string() && ToLowerAscii(free.get<std::string>()) == "false")) {
          m.paywalled = true;
        }
      }
    }
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

bool LooksLikeUrl(std::string_view s) { return s.find("://") != std::string_view::npos; }

}  // namespace

std::vector<std::string> SplitAuthors(std::string_view text) {
  std::string s = CollapseWhitespace(text);
  for (const char* prefix : {"By ", "by ", "BY ", "Written by ", "Author: ", "作者："}) {
    if (s.starts_with(prefix)) s = s.substr(std::string_view(prefix).size());
  }
  std::vector<std::string> names;
  std::string rest = s;
  for (const char* separator : {" and ", " & ", ";", "|"}) rest = ReplaceAll(rest, separator, ",");
  for (const std::string& part : Split(rest, ',')) {
    std::string name = CollapseWhitespace(part);
    if (!name.empty() && CodePointCount(name) <= 60 && !LooksLikeUrl(name)) names.push_back(name);
  }
  return names;
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

Metadata ReadMetadata(const GumboNode* root, std::string_view page_url) {
  PageSignals page = CollectSignals(root);
  Metadata m;
  std::string headline;
  ApplyJsonLd(page.json_ld, page_url, m, headline);

  if (m.site_name.empty()) m.site_name = FirstMeta(page, {"og:site_name", "application-name"});
  if (headline.empty()) headline = FirstMeta(page, {"og:title", "twitter:title", "title"});
  if (headline.empty()) headline = page.first_h1;
  if (headline.empty()) headline = page.title_tag;
  m.title = StripSiteSuffix(headline, m.site_name);
  if (m.title.empty()) m.title = CollapseWhitespace(headline);

  if (m.byline.empty()) {
    std::string author = FirstMeta(page, {"article:author", "author", "byl", "dc.creator",
                                          "sailthru.author", "parsely-author"});
    if (!author.empty() && !LooksLikeUrl(author)) m.byline = SplitAuthors(author);
  }
  if (m.byline.empty() && !page.rel_authors.empty()) m.byline = page.rel_authors;
  if (m.byline.empty() && !page.markup_byline.empty()) m.byline = SplitAuthors(page.markup_byline);

  if (!m.published) {
    m.published = Date(FirstMeta(page, {"article:published_time", "og:published_time",
                                        "date", "pubdate", "publishdate", "publish-date",
                                        "dc.date", "dc.date.issued", "dcterms.created",
                                        "sailthru.date", "parsely-pub-date", "datepublished"}));
  }
  if (!m.published) m.published = Date(page.time_datetime);
  if (!m.modified) {
    m.modified = Date(FirstMeta(page, {"article:modified_time", "og:updated_time",
                                       "last-modified", "dcterms.modified", "datemodified"}));
  }
  if (m.section.empty()) m.section = FirstMeta(page, {"article:section", "section"});
  if (m.tags.empty()) {
    auto it = page.meta_all.find("article:tag");
    if (it != page.meta_all.end()) m.tags = it->second;
  }
  if (m.tags.empty()) {
    std::string keywords = FirstMeta(page, {"news_keywords", "keywords"});
    if (!keywords.empty()) m.tags = Keywords(json(keywords));
  }
  if (m.description.empty()) {
    m.description = FirstMeta(page, {"og:description", "twitter:description", "description"});
  }
  if (!m.image) {
    std::string url = FirstMeta(page, {"og:image", "og:image:url", "og:image:secure_url",
                                       "twitter:image", "twitter:image:src"});
    if (!url.empty()) m.image = JsonImage(json(url), page_url);
    if (m.image) {
      m.image->width = Dimension(json{{"w", FirstMeta(page, {"og:image:width"})}}, "w");
      m.image->height = Dimension(json{{"h", FirstMeta(page, {"og:image:height"})}}, "h");
      m.image->caption = FirstMeta(page, {"og:image:alt", "twitter:image:alt"});
    }
  }
  if (m.language.empty()) m.language = page.html_lang;
  if (m.language.empty()) m.language = FirstMeta(page, {"og:locale", "content-language", "language"});

  std::string canonical = page.canonical.empty() ? FirstMeta(page, {"og:url"}) : page.canonical;
  if (!canonical.empty()) {
    std::string resolved = ResolveUrl(page_url, Trim(canonical));
    if (IsHttpUrl(resolved)) m.canonical_url = resolved;
  }
  return m;
}

}  // namespace herald::extract
