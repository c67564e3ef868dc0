// Internal to feed/: safe libxml2 parsing and the few tree helpers the format
// parsers share. Nothing here loads a DTD, an external entity or the network.
#pragma once

#include <libxml/tree.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace herald::feed {

struct XmlDocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocFree>;

struct ParsedXml {
  XmlDocPtr doc;              // null when nothing could be read
  bool bozo = false;          // ill-formed, or the encoding had to be guessed
  std::string bozo_message;   // first problem found, one line
};

// Parses in recover mode with entity substitution, DTD loading and network
// access off. The encoding comes from, in order: a byte order mark, the
// charset of `content_type`, the XML declaration, UTF-8; bytes that are not
// valid in the chosen encoding fall back to windows-1252 with bozo set.
ParsedXml ParseXmlDocument(std::string_view bytes, std::string_view content_type);

// The element's name with a canonical prefix for the namespaces feeds use
// ("dc:creator", "content:encoded", "media:thumbnail", "atom:link",
// "news:title"). RSS 0.90/1.0, RDF-less RSS and sitemap elements have no prefix;
// an undeclared prefix is kept as written.
std::string QName(const xmlNode* node);

// The element children of `node`, in order.
std::vector<xmlNode*> Children(const xmlNode* node);

// First child element whose QName is `qname`, or null.
xmlNode* FirstChild(const xmlNode* node, std::string_view qname);

// Attribute value by local name (any namespace), "" when absent.
std::string Attr(const xmlNode* node, const char* name);

// Text content, with character references and HTML named entities decoded,
// internal entities expanded under a size budget, external entities never.
std::string Text(const xmlNode* node);

// The node's content as HTML: inline child elements serialized as markup,
// otherwise the (escaped-HTML) text.
std::string InnerMarkup(const xmlNode* node);

// Base URL in effect at `node`: `document_url` with every xml:base on the
// way down resolved onto it.
std::string BaseUrl(const xmlNode* node, std::string_view document_url);

}  // namespace herald::feed
