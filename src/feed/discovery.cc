// Feed discovery: libxml2's HTML parser (forgiving, no network) reads the
// page; only <link> and <base> elements matter.
#include "feed/discovery.h"

#include <libxml/HTMLparser.h>

#include <climits>
#include <memory>

#include "common/strings.h"
#include "common/url.h"

namespace herald::feed {
namespace {

constexpr size_t kMaxFeedsPerPage = 32;
constexpr const char* kCommonPaths[] = {"/feed", "/rss.xml", "/atom.xml", "/index.xml", "/feed.json"};

struct DocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};

std::string AttrOf(const xmlNode* node, const char* name) {
  xmlChar* v = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  std::string out = v != nullptr ? reinterpret_cast<const char*>(v) : "";
  xmlFree(v);
  return out;
}

// "rss", "atom", "json" for the feed media types, "" otherwise.
std::string FeedKind(std::string_view type) {
  std::string t = ToLowerAscii(Trim(type.substr(0, type.find(';'))));
  if (t == "application/rss+xml" || t == "application/rdf+xml") return "rss";
  if (t == "application/atom+xml") return "atom";
  if (t == "application/feed+json" || t == "application/json") return "json";
  return "";
}

bool HasRelAlternate(std::string_view rel) {
  for (const std::string& word : Split(ToLowerAscii(rel), ' ')) {
    if (Trim(word) == "alternate") return true;
  }
  return false;
}

void Collect(const xmlNode* node, std::string& base, std::vector<const xmlNode*>& links) {
  for (const xmlNode* n = node; n != nullptr; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    std::string name = ToLowerAscii(reinterpret_cast<const char*>(n->name));
    if (name == "base" && base.empty()) {
      base = AttrOf(n, "href");
    } else if (name == "link") {
      links.push_back(n);
    }
    Collect(n->children, base, links);
  }
}

void AddUnique(std::vector<DiscoveredFeed>& feeds, DiscoveredFeed feed) {
  if (feed.url.empty() || feeds.size() >= kMaxFeedsPerPage + std::size(kCommonPaths)) return;
  for (const auto& f : feeds) {
    if (f.url == feed.url) return;
  }
  feeds.push_back(std::move(feed));
}

}  // namespace

std::vector<DiscoveredFeed> DiscoverFeeds(std::string_view html, std::string_view page_url) {
  std::vector<DiscoveredFeed> feeds;
  if (!html.empty() && html.size() < INT_MAX) {
    std::unique_ptr<xmlDoc, DocFree> doc(htmlReadMemory(
        html.data(), static_cast<int>(html.size()), nullptr, nullptr,
        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET));
    if (doc != nullptr) {
      std::string base_href;
      std::vector<const xmlNode*> links;
      Collect(xmlDocGetRootElement(doc.get()), base_href, links);
      std::string base(page_url);
      if (!base_href.empty()) {
        std::string resolved = ResolveUrl(page_url, Trim(base_href));
        if (IsHttpUrl(resolved)) base = resolved;
      }
      for (const xmlNode* link : links) {
        if (feeds.size() >= kMaxFeedsPerPage) break;
        std::string kind = FeedKind(AttrOf(link, "type"));
        if (kind.empty() || !HasRelAlternate(AttrOf(link, "rel"))) continue;
        std::string url = ResolveUrl(base, Trim(AttrOf(link, "href")));
        if (!IsHttpUrl(url)) continue;
        AddUnique(feeds, {url, CollapseWhitespace(ToValidUtf8(AttrOf(link, "title"))), kind, true});
      }
    }
  }
  if (IsHttpUrl(page_url)) {
    for (const char* path : kCommonPaths) AddUnique(feeds, {ResolveUrl(page_url, path), "", "", false});
  }
  return feeds;
}

}  // namespace herald::feed
