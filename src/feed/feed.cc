// ParseFeed: recognise what the bytes are, refuse what is not a feed with a
// message that says what was found, and hand feeds to their format's parser.
#include "feed/feed.h"

#include <string>

#include "common/strings.h"
#include "feed/formats.h"
#include "feed/xml_util.h"

namespace herald::feed {
namespace {

constexpr std::string_view kDiscoverHint =
    "give the feed URL, or use `herald sources add` on the site URL to discover it";

Error NotAFeed(std::string_view found, std::string_view what_to_do) {
  return MakeError(ErrorKind::kInvalidInput,
                   "not a feed: " + std::string(found) + "; " + std::string(what_to_do));
}

std::string_view SkipBomAndSpace(std::string_view b) {
  if (b.substr(0, 3) == "\xEF\xBB\xBF") b.remove_prefix(3);
  while (!b.empty() && (b.front() == ' ' || b.front() == '\t' || b.front() == '\r' || b.front() == '\n'))
    b.remove_prefix(1);
  return b;
}

bool HasWideBom(std::string_view b) {
  return b.substr(0, 2) == "\xFF\xFE" || b.substr(0, 2) == "\xFE\xFF";
}

// Control bytes other than white space are rare in text of any encoding
// except the UTF-16/32 family.
bool LooksBinary(std::string_view b) {
  std::string_view head = b.substr(0, 1024);
  if (HasWideBom(head)) return false;
  if (head.size() >= 4 && ((head[0] == '<' && head[1] == '\0') || (head[0] == '\0' && head[1] == '<'))) return false;
  size_t control = 0;
  for (char ch : head) {
    auto c = static_cast<unsigned char>(ch);
    if (c == 0) return true;
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') ++control;
  }
  return control * 20 > head.size();
}

std::string DescribeBinary(std::string_view b) {
  if (b.substr(0, 2) == "\x1F\x8B") return "gzip-compressed data";
  if (b.substr(0, 4) == "PK\x03\x04") return "a ZIP archive";
  if (b.substr(0, 4) == "%PDF") return "a PDF document";
  if (b.substr(0, 8) == "\x89PNG\r\n\x1A\n" || b.substr(0, 3) == "\xFF\xD8\xFF" || b.substr(0, 4) == "GIF8")
    return "an image";
  return "binary data";
}

bool LooksLikeHtml(std::string_view text) {
  std::string head = ToLowerAscii(text.substr(0, 1024));
  return head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0 ||
         (head.find("<html") != std::string::npos && head.find("<rss") == std::string::npos &&
          head.find("<feed") == std::string::npos && head.find("<rdf") == std::string::npos);
}

const xmlNode* RootElement(const ParsedXml& xml) {
  return xml.doc != nullptr ? xmlDocGetRootElement(xml.doc.get()) : nullptr;
}

Result<Feed> ParseXmlFeed(std::string_view bytes, const ParseOptions& options) {
  ParsedXml xml = ParseXmlDocument(bytes, options.content_type);
  const xmlNode* root = RootElement(xml);
  if (root == nullptr) {
    return NotAFeed("XML with no readable root element (" +
                        (xml.bozo_message.empty() ? std::string("empty") : xml.bozo_message) + ")",
                    "check that the URL serves the whole feed");
  }
  std::string name = QName(root);
  Feed feed;
  if (name == "rss" || name == "rdf:RDF" || name == "RDF") {
    feed = ParseRss(root, options.url);
  } else if (name == "feed" || name == "atom:feed") {
    feed = ParseAtom(root, options.url);
  } else if (name == "urlset" || name == "sitemapindex") {
    feed = ParseSitemap(root, options.url);
  } else if (name == "opml") {
    return NotAFeed("an OPML subscription list", "import it with `herald sources import-opml FILE` instead");
  } else if (ToLowerAscii(name) == "html" || name == "xhtml:html") {
    return NotAFeed("looks like an HTML page", kDiscoverHint);
  } else {
    return NotAFeed("XML whose root element is <" + CleanPlain(name).substr(0, 64) +
                        ">, not <rss>, <feed>, <rdf:RDF>, <urlset> or <sitemapindex>",
                    kDiscoverHint);
  }
  feed.bozo = xml.bozo;
  feed.bozo_message = CleanPlain(xml.bozo_message);
  return feed;
}

}  // namespace

Result<Feed> ParseFeed(std::string_view bytes, const ParseOptions& options) {
  std::string_view text = SkipBomAndSpace(bytes);
  if (text.empty()) return NotAFeed("the document is empty", "check the URL and that the server returns a body");
  if (LooksBinary(bytes)) return NotAFeed("looks like " + DescribeBinary(text), kDiscoverHint);
  if (text.front() == '{' || text.front() == '[') return ParseJsonFeed(text, options.url);
  if (HasWideBom(bytes) || text.front() == '\0') return ParseXmlFeed(bytes, options);
  if (text.front() != '<') {
    // Junk before the XML (a PHP warning, stray bytes): read from the first
    // '<' when that is where a feed starts, and say so.
    size_t lt = text.find('<');
    std::string_view rest = lt == std::string_view::npos ? "" : text.substr(lt);
    if (lt == std::string_view::npos || lt > 512 ||
        !(rest.substr(0, 5) == "<?xml" || rest.substr(0, 4) == "<rss" || rest.substr(0, 5) == "<feed" ||
          rest.substr(0, 4) == "<rdf"))
      return NotAFeed("plain text, not XML or JSON", kDiscoverHint);
    Result<Feed> feed = ParseXmlFeed(rest, options);
    if (feed.ok() && !feed->bozo) {
      feed->bozo = true;
      feed->bozo_message = "text before the XML document was ignored";
    }
    return feed;
  }
  if (LooksLikeHtml(text)) return NotAFeed("looks like an HTML page", kDiscoverHint);
  // Leading white space before "<?xml" is fatal to libxml2; the UTF-8 BOM is
  // kept because it outranks any declared encoding.
  if (bytes.substr(0, 3) != "\xEF\xBB\xBF") return ParseXmlFeed(text, options);
  std::string with_bom = "\xEF\xBB\xBF" + std::string(text);
  return ParseXmlFeed(with_bom, options);
}

}  // namespace herald::feed
