// Sitemaps (sitemaps.org 0.9) with Google News extensions: <urlset> whose
// <url>s become entries (news:title, news:publication_date, news:language,
// news:keywords, image:image), and <sitemapindex> listing child sitemaps.
#include <string>

#include "common/strings.h"
#include "feed/formats.h"
#include "feed/xml_util.h"

namespace herald::feed {
namespace {

Entry ParseUrl(const xmlNode* node, std::string_view url) {
  Entry entry;
  if (xmlNode* loc = FirstChild(node, "loc")) entry.link = CleanUrl(Text(loc), BaseUrl(loc, url));
  if (xmlNode* lastmod = FirstChild(node, "lastmod")) entry.updated = CleanDate(Text(lastmod));
  if (xmlNode* news = FirstChild(node, "news:news")) {
    if (xmlNode* title = FirstChild(news, "news:title")) entry.title = HtmlToPlain(Text(title));
    if (xmlNode* date = FirstChild(news, "news:publication_date")) entry.published = CleanDate(Text(date));
    if (xmlNode* keywords = FirstChild(news, "news:keywords")) {
      for (const std::string& keyword : Split(Text(keywords), ',')) AddUnique(entry.categories, keyword);
    }
    xmlNode* publication = FirstChild(news, "news:publication");
    if (xmlNode* language = FirstChild(publication, "news:language")) entry.language = CleanPlain(Text(language));
  }
  if (xmlNode* image = FirstChild(node, "image:image")) {
    if (xmlNode* loc = FirstChild(image, "image:loc")) entry.image_url = CleanUrl(Text(loc), BaseUrl(loc, url));
  }
  FinishEntry(entry);
  return entry;
}

}  // namespace

Feed ParseSitemap(const xmlNode* root, std::string_view url) {
  Feed feed;
  if (QName(root) == "sitemapindex") {
    feed.format = "sitemapindex";
    for (xmlNode* child : Children(root)) {
      if (QName(child) != "sitemap") continue;
      xmlNode* loc = FirstChild(child, "loc");
      std::string child_url = loc != nullptr ? CleanUrl(Text(loc), BaseUrl(loc, url)) : "";
      if (!child_url.empty()) feed.child_sitemaps.push_back(child_url);
    }
    return feed;
  }
  feed.format = "sitemap";
  for (xmlNode* child : Children(root)) {
    if (QName(child) != "url") continue;
    Entry entry = ParseUrl(child, url);
    if (!entry.link.empty()) feed.entries.push_back(std::move(entry));
  }
  return feed;
}

}  // namespace herald::feed
