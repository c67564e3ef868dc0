// OPML 1.0/2.0 subscription lists. Readers in the wild write attribute names
// in any case (xmlUrl, xmlurl, XMLURL), so they are matched without case.
#include "feed/opml.h"

#include <map>
#include <string>

#include "common/html_escape.h"
#include "common/strings.h"
#include "common/url.h"
#include "feed/formats.h"
#include "feed/xml_util.h"

namespace herald::feed {
namespace {

std::string AttrAnyCase(const xmlNode* node, std::string_view name) {
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    if (a->name != nullptr && ToLowerAscii(reinterpret_cast<const char*>(a->name)) == name) {
      return Text(reinterpret_cast<const xmlNode*>(a));
    }
  }
  return "";
}

std::string OutlineTitle(const xmlNode* outline) {
  std::string title = CleanPlain(AttrAnyCase(outline, "text"));
  return title.empty() ? CleanPlain(AttrAnyCase(outline, "title")) : title;
}

void CollectOutlines(const xmlNode* parent, const std::string& category, std::vector<OpmlOutline>& out) {
  for (xmlNode* child : Children(parent)) {
    if (ToLowerAscii(QName(child)) != "outline") continue;
    std::string title = OutlineTitle(child);
    std::string xml_url = CleanUrl(AttrAnyCase(child, "xmlurl"), "");
    if (!xml_url.empty()) {
      OpmlOutline outline;
      outline.title = title.empty() ? xml_url : title;
      outline.xml_url = xml_url;
      outline.html_url = CleanUrl(AttrAnyCase(child, "htmlurl"), "");
      outline.category = category;
      out.push_back(std::move(outline));
    }
    // A feed outline's children are rare but legal; they stay in the same
    // category. A folder's children take the folder's title.
    CollectOutlines(child, xml_url.empty() && !title.empty() ? title : category, out);
  }
}

// Valid UTF-8 without the control characters XML 1.0 forbids.
std::string XmlSafe(std::string_view value) {
  std::string out;
  for (char c : ToValidUtf8(value)) {
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n') out += c;
  }
  return out;
}

std::string Attribute(std::string_view name, std::string_view value) {
  std::string out(" ");
  out.append(name).append("=\"").append(EscapeHtml(XmlSafe(value))).append("\"");
  return out;
}

std::string FeedOutline(const OpmlOutline& o, std::string_view indent) {
  std::string line = std::string(indent) + "<outline type=\"rss\"" + Attribute("text", o.title) +
                     Attribute("title", o.title) + Attribute("xmlUrl", o.xml_url);
  if (!o.html_url.empty()) line += Attribute("htmlUrl", o.html_url);
  return line + "/>\n";
}

}  // namespace

Result<std::vector<OpmlOutline>> ParseOpml(std::string_view bytes) {
  std::string_view text = Trim(bytes.substr(bytes.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0));
  if (text.empty()) return MakeError(ErrorKind::kInvalidInput, "not an OPML file: the document is empty");
  ParsedXml xml = ParseXmlDocument(text, "");
  const xmlNode* root = xml.doc != nullptr ? xmlDocGetRootElement(xml.doc.get()) : nullptr;
  if (root == nullptr)
    return MakeError(ErrorKind::kInvalidInput, "not an OPML file: no XML could be read; export the list again");
  std::string name = QName(root);
  if (ToLowerAscii(name) != "opml")
    return MakeError(ErrorKind::kInvalidInput, "not an OPML file: root element is <" + CleanPlain(name).substr(0, 64) +
                                                   ">; export the subscription list as OPML");
  std::vector<OpmlOutline> outlines;
  for (xmlNode* child : Children(root)) {
    if (ToLowerAscii(QName(child)) == "body") CollectOutlines(child, "", outlines);
  }
  return outlines;
}

std::string WriteOpml(const std::string& title, const std::vector<OpmlOutline>& outlines) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n    <title>" +
      EscapeHtml(XmlSafe(title)) + "</title>\n  </head>\n  <body>\n";
  // Uncategorised feeds first, then one folder per category in name order.
  std::map<std::string, std::vector<const OpmlOutline*>> folders;
  for (const OpmlOutline& o : outlines) {
    if (o.category.empty()) out += FeedOutline(o, "    ");
    else folders[o.category].push_back(&o);
  }
  for (const auto& [category, members] : folders) {
    out += "    <outline" + Attribute("text", category) + Attribute("title", category) + ">\n";
    for (const OpmlOutline* o : members) out += FeedOutline(*o, "      ");
    out += "    </outline>\n";
  }
  out += "  </body>\n</opml>\n";
  return out;
}

}  // namespace herald::feed
