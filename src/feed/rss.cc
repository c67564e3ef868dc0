// RSS 0.9x and 2.0 (<rss><channel><item>) and RDF-based RSS 0.90/1.0
// (<rdf:RDF><channel/><item/>), with the extensions news feeds use: dc:,
// content:encoded, media:, atom:link, itunes:.
#include <algorithm>
#include <string>

#include "common/strings.h"
#include "feed/formats.h"
#include "feed/xml_util.h"

namespace herald::feed {
namespace {

const char* RssVersion(const xmlNode* root) {
  std::string name = QName(root);
  if (name == "rdf:RDF" || name == "RDF") {
    for (xmlNode* child : Children(root)) {
      if (child->ns != nullptr && child->ns->href != nullptr &&
          std::string_view(reinterpret_cast<const char*>(child->ns->href)) == "http://my.netscape.com/rdf/simple/0.9/")
        return "rss09x";
    }
    return "rss10";
  }
  std::string version(Trim(Attr(root, "version")));
  if (version.rfind("0.9", 0) == 0) return "rss09x";
  return "rss20";
}

// "jo@example.com (Jo Smith)" -> "Jo Smith"; other forms unchanged.
std::string AuthorName(std::string_view raw) {
  std::string text = CleanPlain(raw);
  size_t open = text.find(" (");
  if (open != std::string::npos && text.back() == ')' && text.find('@') < open)
    return text.substr(open + 2, text.size() - open - 3);
  return text;
}

// <atom:link rel="alternate" href>, the one link form that is an attribute.
std::string AtomAlternate(const xmlNode* parent, std::string_view base) {
  for (xmlNode* child : Children(parent)) {
    if (QName(child) != "atom:link") continue;
    std::string rel = Attr(child, "rel");
    if (rel.empty() || rel == "alternate") return CleanUrl(Attr(child, "href"), BaseUrl(child, base));
  }
  return "";
}

// <atom:link rel="hub"> and rel="self" of a channel.
void AtomHubAndSelf(const xmlNode* channel, std::string_view url, Feed& feed) {
  for (xmlNode* child : Children(channel)) {
    if (QName(child) != "atom:link") continue;
    std::string rel = Attr(child, "rel");
    std::string* target = rel == "hub" ? &feed.hub_url : rel == "self" ? &feed.self_url : nullptr;
    if (target != nullptr && target->empty()) *target = CleanUrl(Attr(child, "href"), BaseUrl(child, url));
  }
}

// <ttl>: minutes; nonsense (negative, not a number, over a year) is ignored.
int TtlMinutes(const std::string& text) {
  std::string t = CleanPlain(text);
  if (t.empty() || t.size() > 6 || t.find_first_not_of("0123456789") != std::string::npos) return 0;
  int minutes = std::stoi(t);
  return minutes <= 366 * 24 * 60 ? minutes : 0;
}

// <skipHours><hour>N</hour>...: distinct hours 0-23 (24 means 0, as some feeds write).
std::vector<int> SkipHours(const xmlNode* node) {
  std::vector<int> hours;
  for (xmlNode* child : Children(node)) {
    if (QName(child) != "hour") continue;
    std::string t = CleanPlain(Text(child));
    if (t.empty() || t.size() > 2 || t.find_first_not_of("0123456789") != std::string::npos) continue;
    int hour = std::stoi(t) % 24;
    if (std::find(hours.begin(), hours.end(), hour) == hours.end()) hours.push_back(hour);
  }
  std::sort(hours.begin(), hours.end());
  return hours;
}

// The first image the item names, by how reliably each source means "the
// article's picture".
std::string ItemImage(const xmlNode* item, std::string_view url) {
  std::string media_content, thumbnail, enclosure, itunes;
  auto scan = [&](const xmlNode* parent, auto& self) -> void {
    for (xmlNode* child : Children(parent)) {
      std::string name = QName(child);
      std::string base = BaseUrl(child, url);
      if (name == "media:group") {
        self(child, self);
      } else if (name == "media:content" && media_content.empty()) {
        std::string src = Attr(child, "url");
        std::string medium = Attr(child, "medium");
        if (medium == "image" || IsImage(Attr(child, "type"), src)) media_content = CleanUrl(src, base);
        if (media_content.empty()) {
          if (xmlNode* thumb = FirstChild(child, "media:thumbnail"); thumb != nullptr && thumbnail.empty())
            thumbnail = CleanUrl(Attr(thumb, "url"), base);
        }
      } else if (name == "media:thumbnail" && thumbnail.empty()) {
        thumbnail = CleanUrl(Attr(child, "url"), base);
      } else if (name == "enclosure" && enclosure.empty()) {
        std::string src = Attr(child, "url");
        if (IsImage(Attr(child, "type"), src)) enclosure = CleanUrl(src, base);
      } else if (name == "itunes:image" && itunes.empty()) {
        itunes = CleanUrl(Attr(child, "href"), base);
      }
    }
  };
  scan(item, scan);
  for (const std::string* candidate : {&media_content, &thumbnail, &enclosure, &itunes}) {
    if (!candidate->empty()) return *candidate;
  }
  return "";
}

Entry ParseItem(const xmlNode* item, std::string_view url) {
  Entry entry;
  std::string base = BaseUrl(item, url);
  std::string guid, guid_link;
  for (xmlNode* child : Children(item)) {
    std::string name = QName(child);
    std::string child_base = BaseUrl(child, url);
    if ((name == "title" || name == "dc:title") && entry.title.empty()) {
      entry.title = HtmlToPlain(Text(child));
    } else if (name == "link" && entry.link.empty()) {
      entry.link = CleanUrl(Text(child), child_base);
    } else if (name == "guid" && guid.empty()) {
      guid = CleanPlain(Text(child));
      if (ToLowerAscii(Attr(child, "isPermaLink")) != "false") guid_link = CleanUrl(guid, child_base);
    } else if ((name == "description" || name == "dc:description") && entry.summary.empty()) {
      entry.summary = CleanHtml(InnerMarkup(child), child_base);
    } else if (name == "content:encoded" && entry.content.empty()) {
      entry.content = CleanHtml(InnerMarkup(child), child_base);
    } else if (name == "xhtml:body" && entry.content.empty()) {
      entry.content = CleanHtml(InnerMarkup(child), child_base);
    } else if (name == "author" || name == "itunes:author" || name == "dc:creator" || name == "dc:author") {
      AddUnique(entry.authors, AuthorName(Text(child)));
    } else if (name == "atom:author") {
      if (xmlNode* n = FirstChild(child, "atom:name")) AddUnique(entry.authors, Text(n));
    } else if (name == "category" || name == "dc:subject") {
      AddUnique(entry.categories, Text(child));
    } else if ((name == "pubDate" || name == "dc:date" || name == "dcterms:issued" || name == "dcterms:created" ||
                name == "atom:published") &&
               !entry.published) {
      entry.published = CleanDate(Text(child));
    } else if ((name == "dcterms:modified" || name == "atom:updated") && !entry.updated) {
      entry.updated = CleanDate(Text(child));
    }
  }
  if (entry.link.empty()) entry.link = AtomAlternate(item, url);
  if (entry.link.empty()) entry.link = guid_link;
  if (entry.link.empty()) entry.link = CleanUrl(Attr(item, "about"), base);  // RSS 1.0 rdf:about
  entry.id = !guid.empty() ? guid : Attr(item, "about");
  if (entry.summary.empty()) {
    if (xmlNode* n = FirstChild(item, "itunes:summary")) entry.summary = PlainToHtml(Text(n));
  }
  entry.image_url = ItemImage(item, url);
  FinishEntry(entry);
  return entry;
}

void ParseChannel(const xmlNode* channel, std::string_view url, Feed& feed) {
  for (xmlNode* child : Children(channel)) {
    std::string name = QName(child);
    if ((name == "title" || name == "dc:title") && feed.title.empty()) {
      feed.title = HtmlToPlain(Text(child));
    } else if (name == "link" && feed.link.empty()) {
      feed.link = CleanUrl(Text(child), BaseUrl(child, url));
    } else if ((name == "description" || name == "dc:description" || name == "itunes:summary") &&
               feed.description.empty()) {
      feed.description = HtmlToPlain(Text(child));
    } else if ((name == "language" || name == "dc:language") && feed.language.empty()) {
      feed.language = CleanPlain(Text(child));
    } else if (name == "ttl") {
      feed.ttl_minutes = TtlMinutes(Text(child));
    } else if (name == "skipHours") {
      feed.skip_hours = SkipHours(child);
    }
  }
  if (feed.link.empty()) feed.link = AtomAlternate(channel, url);
  AtomHubAndSelf(channel, url, feed);
}

}  // namespace

Feed ParseRss(const xmlNode* root, std::string_view url) {
  Feed feed;
  feed.format = RssVersion(root);
  const xmlNode* channel = FirstChild(root, "channel");
  if (channel != nullptr) ParseChannel(channel, url, feed);
  // RSS 2.0 nests items in <channel>; RSS 1.0 makes them its siblings; broken
  // feeds do either.
  for (const xmlNode* parent : {channel, root}) {
    for (xmlNode* child : Children(parent)) {
      if (QName(child) == "item") feed.entries.push_back(ParseItem(child, url));
    }
  }
  return feed;
}

}  // namespace herald::feed
