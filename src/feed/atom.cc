// Atom 1.0 (RFC 4287) and Atom 0.3. Text constructs carry their own type
// (text, html, xhtml; 0.3 adds mode=escaped|xml|base64), which decides
// whether a value is plain text or markup.
#include <string>

#include "common/strings.h"
#include "feed/formats.h"
#include "feed/xml_util.h"

namespace herald::feed {
namespace {

// Atom elements by local name; elements of other vocabularies keep a prefix.
std::string AtomName(const xmlNode* node) {
  std::string name = QName(node);
  return name.rfind("atom:", 0) == 0 ? name.substr(5) : name;
}

xmlNode* AtomChild(const xmlNode* parent, std::string_view name) {
  for (xmlNode* child : Children(parent)) {
    if (AtomName(child) == name) return child;
  }
  return nullptr;
}

enum class TextKind { kText, kHtml, kXhtml, kOther };

TextKind KindOf(const xmlNode* node) {
  std::string type = ToLowerAscii(Trim(Attr(node, "type")));
  std::string mode = ToLowerAscii(Trim(Attr(node, "mode")));
  if (mode == "base64" || !Attr(node, "src").empty()) return TextKind::kOther;
  if (type == "xhtml" || type == "application/xhtml+xml" || mode == "xml") return TextKind::kXhtml;
  if (type == "html" || type == "text/html") return TextKind::kHtml;
  if (type.empty() || type == "text" || type == "text/plain") {
    // Undeclared inline markup is markup, whatever the type says.
    return Children(node).empty() ? TextKind::kText : TextKind::kXhtml;
  }
  return TextKind::kOther;
}

// An xhtml construct wraps its markup in one <div>, which is not content.
std::string XhtmlMarkup(const xmlNode* node) {
  std::vector<xmlNode*> children = Children(node);
  if (children.size() == 1 && (QName(children[0]) == "xhtml:div" || QName(children[0]) == "div"))
    return InnerMarkup(children[0]);
  return InnerMarkup(node);
}

// A text construct as sanitized HTML.
std::string ConstructHtml(const xmlNode* node, std::string_view url) {
  if (node == nullptr) return "";
  std::string base = BaseUrl(node, url);
  switch (KindOf(node)) {
    case TextKind::kText: return PlainToHtml(Text(node));
    case TextKind::kHtml: return CleanHtml(InnerMarkup(node), base);
    case TextKind::kXhtml: return CleanHtml(XhtmlMarkup(node), base);
    case TextKind::kOther: return "";
  }
  return "";
}

// A text construct as plain text.
std::string ConstructPlain(const xmlNode* node) {
  if (node == nullptr) return "";
  switch (KindOf(node)) {
    case TextKind::kText: return CleanPlain(Text(node));
    case TextKind::kHtml: return HtmlToPlain(InnerMarkup(node));
    case TextKind::kXhtml: return HtmlToPlain(XhtmlMarkup(node));
    case TextKind::kOther: return "";
  }
  return "";
}

// rel="alternate" (the default) preferred, text/html first among those.
std::string AlternateLink(const xmlNode* parent, std::string_view url) {
  std::string any_alternate;
  for (xmlNode* child : Children(parent)) {
    if (AtomName(child) != "link") continue;
    std::string rel = Attr(child, "rel");
    if (!rel.empty() && rel != "alternate") continue;
    std::string href = CleanUrl(Attr(child, "href"), BaseUrl(child, url));
    if (href.empty()) continue;
    std::string type = Attr(child, "type");
    if (type.empty() || type == "text/html" || type == "application/xhtml+xml") return href;
    if (any_alternate.empty()) any_alternate = href;
  }
  return any_alternate;
}

// <link rel="hub"> and rel="self" of the feed (WebSub discovery).
void HubAndSelf(const xmlNode* root, std::string_view url, Feed& feed) {
  for (xmlNode* child : Children(root)) {
    if (AtomName(child) != "link") continue;
    std::string rel = Attr(child, "rel");
    std::string* target = rel == "hub" ? &feed.hub_url : rel == "self" ? &feed.self_url : nullptr;
    if (target != nullptr && target->empty()) *target = CleanUrl(Attr(child, "href"), BaseUrl(child, url));
  }
}

std::string EntryImage(const xmlNode* entry, std::string_view url) {
  for (xmlNode* child : Children(entry)) {
    std::string name = AtomName(child);
    std::string base = BaseUrl(child, url);
    if (name == "link" && Attr(child, "rel") == "enclosure" && IsImage(Attr(child, "type"), Attr(child, "href")))
      return CleanUrl(Attr(child, "href"), base);
    if (name == "media:thumbnail") return CleanUrl(Attr(child, "url"), base);
    if (name == "media:content" && (Attr(child, "medium") == "image" || IsImage(Attr(child, "type"), Attr(child, "url"))))
      return CleanUrl(Attr(child, "url"), base);
  }
  if (xmlNode* group = FirstChild(entry, "media:group")) return EntryImage(group, url);
  return "";
}

void AddPeople(const xmlNode* parent, std::vector<std::string>& names) {
  for (xmlNode* child : Children(parent)) {
    std::string name = AtomName(child);
    if (name == "author") {
      xmlNode* person = AtomChild(child, "name");
      if (person == nullptr) person = AtomChild(child, "email");
      AddUnique(names, person != nullptr ? Text(person) : Text(child));
    } else if (name == "dc:creator") {
      AddUnique(names, Text(child));
    }
  }
}

Entry ParseEntry(const xmlNode* node, std::string_view url, const std::vector<std::string>& feed_authors) {
  Entry entry;
  entry.title = ConstructPlain(AtomChild(node, "title"));
  entry.link = AlternateLink(node, url);
  if (xmlNode* id = AtomChild(node, "id")) entry.id = Text(id);
  entry.summary = ConstructHtml(AtomChild(node, "summary"), url);
  entry.content = ConstructHtml(AtomChild(node, "content"), url);
  AddPeople(node, entry.authors);
  // RFC 4287 4.2.1: an entry without authors inherits the feed's.
  if (entry.authors.empty()) entry.authors = feed_authors;
  for (xmlNode* child : Children(node)) {
    std::string name = AtomName(child);
    if (name == "category") {
      std::string term = Attr(child, "term");
      AddUnique(entry.categories, term.empty() ? Attr(child, "label") : term);
    } else if (name == "dc:subject") {
      AddUnique(entry.categories, Text(child));
    } else if ((name == "published" || name == "issued" || name == "created" || name == "dc:date") &&
               !entry.published) {
      entry.published = CleanDate(Text(child));
    } else if ((name == "updated" || name == "modified") && !entry.updated) {
      entry.updated = CleanDate(Text(child));
    }
  }
  entry.image_url = EntryImage(node, url);
  FinishEntry(entry);
  return entry;
}

}  // namespace

Feed ParseAtom(const xmlNode* root, std::string_view url) {
  Feed feed;
  bool is_03 = Attr(root, "version") == "0.3" ||
               (root->ns != nullptr && root->ns->href != nullptr &&
                std::string_view(reinterpret_cast<const char*>(root->ns->href)) == "http://purl.org/atom/ns#");
  feed.format = is_03 ? "atom03" : "atom10";
  feed.title = ConstructPlain(AtomChild(root, "title"));
  feed.link = AlternateLink(root, url);
  HubAndSelf(root, url, feed);
  xmlNode* subtitle = AtomChild(root, "subtitle");
  if (subtitle == nullptr) subtitle = AtomChild(root, "tagline");
  feed.description = ConstructPlain(subtitle);
  feed.language = CleanPlain(Attr(root, "lang"));
  std::vector<std::string> feed_authors;
  AddPeople(root, feed_authors);
  for (xmlNode* child : Children(root)) {
    if (AtomName(child) == "entry") feed.entries.push_back(ParseEntry(child, url, feed_authors));
  }
  return feed;
}

}  // namespace herald::feed
