#include "feed/xml_util.h"

#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/xmlsave.h>

#include <cctype>
#include <climits>
#include <cstring>
#include <unordered_map>

#include "common/charset_guess.h"
#include "common/strings.h"
#include "common/url.h"

namespace herald::feed {
namespace {

// Caps on entity expansion when reading text, so a "billion laughs" document
// that libxml2 kept in recover mode cannot blow up here.
constexpr size_t kMaxTextBytes = 4 << 20;
constexpr int kMaxEntityDepth = 4;

bool IsValidUtf8(std::string_view s) { return ToValidUtf8(s) == s; }

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Encodings (iconv names) that read ASCII bytes as ASCII: for pure-ASCII
// input they all equal UTF-8, which libxml2 decodes without iconv.
bool ReadsAsciiAsAscii(std::string_view iconv_name) {
  for (std::string_view prefix : {"WINDOWS-", "ISO-8859-", "ISO8859-", "US-ASCII", "ASCII", "LATIN", "KOI8-", "CP125",
                                  "GB18030", "CP932", "CP949", "BIG5", "EUC-"}) {
    if (iconv_name.substr(0, prefix.size()) == prefix) return true;
  }
  return false;
}

// charset=... from a Content-Type header, lowercased; "" when absent.
std::string CharsetFromContentType(std::string_view content_type) {
  std::string lower = ToLowerAscii(content_type);
  size_t at = lower.find("charset=");
  if (at == std::string::npos) return "";
  std::string_view v = std::string_view(lower).substr(at + 8);
  v = v.substr(0, v.find(';'));
  v = Trim(v);
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'')) v = v.substr(1, v.size() - 2);
  return std::string(Trim(v));
}

// encoding="..." from an ASCII-compatible XML declaration; "" when absent.
std::string DeclaredEncoding(std::string_view bytes) {
  std::string_view head = bytes.substr(0, 256);
  if (head.substr(0, 5) != "<?xml") return "";
  head = head.substr(0, head.find("?>"));
  size_t at = head.find("encoding");
  if (at == std::string_view::npos) return "";
  size_t q = head.find_first_of("\"'", at);
  if (q == std::string_view::npos) return "";
  size_t end = head.find(head[q], q + 1);
  if (end == std::string_view::npos) return "";
  return ToLowerAscii(Trim(head.substr(q + 1, end - q - 1)));
}

// Maps labels to the supersets browsers actually decode them as (WHATWG),
// in the spelling iconv knows. "" for UTF-8.
std::string IconvName(std::string_view label) {
  std::string l = ToLowerAscii(label);
  if (l.empty() || l == "utf-8" || l == "utf8" || l == "unicode-1-1-utf-8") return "";
  if (l == "iso-8859-1" || l == "latin1" || l == "iso8859-1" || l == "us-ascii" || l == "ascii" ||
      l == "cp1252" || l == "windows-1252")
    return "WINDOWS-1252";
  if (l == "gb2312" || l == "gbk" || l == "x-gbk" || l == "gb_2312-80" || l == "cp936" || l == "gb18030")
    return "GB18030";
  if (l == "shift_jis" || l == "shift-jis" || l == "sjis" || l == "x-sjis") return "CP932";
  if (l == "euc-kr" || l == "ks_c_5601-1987") return "CP949";
  if (l == "big5") return "BIG5-HKSCS";
  std::string upper = l;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper;
}

// Cached per thread, and the handler kept open: opening an iconv converter
// loads its gconv module (dlopen) and the last close unloads it, which cost
// more than parsing a typical feed. With one handler held, libxml2's own
// open for the parse finds the module resident.
// Handlers held open, closed when the thread ends (LeakSanitizer checks that).
struct HeldHandlers {
  std::unordered_map<std::string, xmlCharEncodingHandlerPtr> open;
  ~HeldHandlers() {
    for (auto& [name, handler] : open)
      if (handler != nullptr) xmlCharEncCloseFunc(handler);
  }
};

bool EncodingKnown(const std::string& iconv_name) {
  if (iconv_name.empty()) return true;
  thread_local HeldHandlers held;
  if (auto it = held.open.find(iconv_name); it != held.open.end()) return it->second != nullptr;
  xmlCharEncodingHandlerPtr handler = xmlFindCharEncodingHandler(iconv_name.c_str());
  if (held.open.size() >= 64) {  // bounded cache: answer without keeping it
    if (handler != nullptr) xmlCharEncCloseFunc(handler);
    return handler != nullptr;
  }
  held.open.emplace(iconv_name, handler);
  return handler != nullptr;
}

bool HasByteOrderMark(std::string_view b) {
  auto at = [&](size_t i) { return static_cast<unsigned char>(b[i]); };
  if (b.size() >= 3 && at(0) == 0xEF && at(1) == 0xBB && at(2) == 0xBF) return true;
  if (b.size() >= 2 && ((at(0) == 0xFE && at(1) == 0xFF) || (at(0) == 0xFF && at(1) == 0xFE))) return true;
  return false;
}

// UTF-16/32 without a BOM: "<" next to NUL bytes. libxml2 detects these itself.
bool LooksWideWithoutBom(std::string_view b) {
  return b.size() >= 4 && (b[0] == '\0' || b[1] == '\0');
}

struct EncodingChoice {
  std::string iconv_name;  // "" = UTF-8 / let libxml2 decide
  std::string problem;     // bozo reason, "" when none
};

EncodingChoice ChooseEncoding(std::string_view bytes, std::string_view content_type) {
  if (HasByteOrderMark(bytes) || LooksWideWithoutBom(bytes)) return {};
  EncodingChoice choice;
  // Labels as iconv names; "" means UTF-8. A wide encoding named for bytes
  // that are plainly ASCII-compatible is a lie and is ignored.
  bool ascii = IsAscii(bytes);
  auto usable = [&](const std::string& label, const char* where) -> std::string {
    std::string name = IconvName(label);
    if (name.rfind("UTF-16", 0) == 0 || name.rfind("UTF-32", 0) == 0) return "";
    if (ascii && ReadsAsciiAsAscii(name)) return "";  // same as UTF-8 here; no iconv needed
    if (!EncodingKnown(name)) {
      choice.problem = "unknown encoding '" + label + "' in " + where;
      return "";
    }
    return name;
  };
  std::string http_label = CharsetFromContentType(content_type);
  std::string declared_label = DeclaredEncoding(bytes);
  std::string http = usable(http_label, "the Content-Type");
  std::string declared = usable(declared_label, "the XML declaration");
  // The transport's charset outranks the document's own declaration (RFC 7303).
  bool http_given = !http_label.empty() && choice.problem.find("Content-Type") == std::string::npos;
  std::string chosen = http_given ? http : declared;
  std::string other = http_given ? declared : "";
  bool utf8_ok = ascii || IsValidUtf8(bytes);
  if (chosen.empty() && !utf8_ok) {
    // Labelled (or defaulted) UTF-8 but it is not: try the other label, then
    // ICU's guess (a Big5 or GB18030 feed that declares nothing), then
    // windows-1252, which decodes every byte.
    if (other.empty()) {
      std::string guess = http_label.empty() && declared_label.empty() ? GuessCharset(bytes) : "";
      std::string guessed_name = guess.empty() ? "" : IconvName(guess);
      other = !guessed_name.empty() && EncodingKnown(guessed_name) ? guessed_name : "WINDOWS-1252";
    }
    chosen = other;
    choice.problem = "document is not valid UTF-8; decoded as " + chosen;
  } else if (!chosen.empty() && other.empty() && utf8_ok && http_given && !declared_label.empty()) {
    // Non-ASCII bytes that are valid UTF-8 and declared UTF-8 by the document
    // are UTF-8, whatever a server's default charset says.
    if (!ascii) {
      choice.problem = "Content-Type charset disagrees with the document; decoded as UTF-8";
      chosen.clear();
    }
  }
  // Named explicitly so libxml2 ignores the declaration (XML_PARSE_IGNORE_ENC).
  choice.iconv_name = chosen.empty() ? "UTF-8" : chosen;
  return choice;
}

// Feeds use HTML's named entities (&nbsp; &eacute; &mdash;) without a DTD
// declaring them, and libxml2 drops undeclared references. Rewrites each as a
// character reference, an unknown one as literal text ("&amp;foo;"), and
// "&#X41;" as "&#x41;", leaving entities the internal subset declares alone.
// Returns "" when nothing needed rewriting. Only for ASCII-compatible bytes.
std::string RewriteEntityReferences(std::string_view bytes) {
  std::string out;
  size_t copied = 0;
  auto replace = [&](size_t from, size_t to, std::string_view with) {
    out.append(bytes.substr(copied, from - copied));
    out.append(with);
    copied = to;
  };
  for (size_t amp = bytes.find_first_of("&<"); amp != std::string_view::npos;
       amp = bytes.find_first_of("&<", amp + 1)) {
    // CDATA sections and comments hold no references: "&nbsp;" there is text.
    if (bytes[amp] == '<') {
      std::string_view close = bytes.substr(amp, 9) == "<![CDATA[" ? "]]>" : bytes.substr(amp, 4) == "<!--" ? "-->" : "";
      if (close.empty()) continue;
      size_t end = bytes.find(close, amp + 4);
      if (end == std::string_view::npos) break;
      amp = end;
      continue;
    }
    if (bytes.substr(amp, 3) == "&#X") {
      replace(amp, amp + 3, "&#x");
      continue;
    }
    size_t end = amp + 1;
    while (end < bytes.size() && end - amp <= 32 && std::isalnum(static_cast<unsigned char>(bytes[end]))) ++end;
    if (end >= bytes.size() || bytes[end] != ';' || end == amp + 1) continue;
    std::string name(bytes.substr(amp + 1, end - amp - 1));
    if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos") continue;
    if (!std::isalpha(static_cast<unsigned char>(name[0]))) continue;
    if (bytes.find("<!ENTITY " + name) != std::string_view::npos) continue;
    const htmlEntityDesc* html = htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str()));
    replace(amp, end + 1, html != nullptr ? "&#" + std::to_string(html->value) + ";" : "&amp;" + name + ";");
  }
  if (copied == 0) return "";
  out.append(bytes.substr(copied));
  return out;
}

// libxml2 must be initialised once before several threads parse at the same
// time (the ingester parses feeds on every core); done when the program loads.
[[maybe_unused]] const bool kLibxmlInitialised = (xmlInitParser(), true);

// libxml2 reports some problems (encoding, I/O) on its thread's generic error
// channel, which prints to stderr; silenced for the duration of one parse.
class QuietLibxml {
 public:
  QuietLibxml() : old_func_(xmlGenericError), old_context_(xmlGenericErrorContext) {
    xmlSetGenericErrorFunc(nullptr, Ignore);
  }
  ~QuietLibxml() { xmlSetGenericErrorFunc(old_context_, old_func_); }
  QuietLibxml(const QuietLibxml&) = delete;
  QuietLibxml& operator=(const QuietLibxml&) = delete;

 private:
  static void Ignore(void*, const char*, ...) {}
  xmlGenericErrorFunc old_func_;
  void* old_context_;
};

struct ErrorCollector {
  std::string first_error;
};

void CollectError(void* user_data, xmlErrorPtr error) {
  auto* ctxt = static_cast<xmlParserCtxtPtr>(user_data);
  auto* collector = ctxt != nullptr ? static_cast<ErrorCollector*>(ctxt->_private) : nullptr;
  if (collector == nullptr || error == nullptr || error->level < XML_ERR_ERROR) return;
  if (!collector->first_error.empty()) return;
  std::string msg = error->message != nullptr ? error->message : "XML error";
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  collector->first_error = "line " + std::to_string(error->line) + ": " + msg;
}

void AppendCodePoint(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

void AppendText(const xmlNode* node, int entity_depth, std::string& out) {
  for (const xmlNode* n = node; n != nullptr && out.size() < kMaxTextBytes; n = n->next) {
    switch (n->type) {
      case XML_TEXT_NODE:
      case XML_CDATA_SECTION_NODE:
        if (n->content != nullptr) out += reinterpret_cast<const char*>(n->content);
        break;
      case XML_ELEMENT_NODE:
        AppendText(n->children, entity_depth, out);
        break;
      case XML_ENTITY_REF_NODE: {
        xmlEntityPtr entity = xmlGetDocEntity(n->doc, n->name);
        if (entity == nullptr) {
          // Undeclared (the DTD is never loaded): HTML's named entities are what
          // feeds mean by &nbsp; and friends.
          const htmlEntityDesc* html = htmlEntityLookup(n->name);
          if (html != nullptr) AppendCodePoint(html->value, out);
        } else if (entity->etype == XML_INTERNAL_GENERAL_ENTITY || entity->etype == XML_INTERNAL_PREDEFINED_ENTITY) {
          if (entity_depth < kMaxEntityDepth && entity->content != nullptr) {
            if (entity->children != nullptr)
              AppendText(entity->children, entity_depth + 1, out);
            else
              out += reinterpret_cast<const char*>(entity->content);
          }
        }
        // External entities are never read.
        break;
      }
      default:
        break;
    }
  }
  if (out.size() > kMaxTextBytes) out.resize(kMaxTextBytes);
}

// Canonical prefix by namespace URI.
const char* CanonicalPrefix(std::string_view uri) {
  struct Known {
    std::string_view uri;
    const char* prefix;
  };
  static constexpr Known kKnown[] = {
      {"http://purl.org/rss/1.0/", ""},
      {"http://my.netscape.com/rdf/simple/0.9/", ""},
      {"http://backend.userland.com/rss2", ""},
      {"http://backend.userland.com/rss", ""},
      {"http://www.sitemaps.org/schemas/sitemap/0.9", ""},
      {"http://www.google.com/schemas/sitemap/0.84", ""},
      {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf"},
      {"http://purl.org/rss/1.0/modules/content/", "content"},
      {"http://purl.org/dc/elements/1.1/", "dc"},
      {"http://purl.org/dc/terms/", "dcterms"},
      {"http://www.w3.org/2005/Atom", "atom"},
      {"http://purl.org/atom/ns#", "atom"},
      {"http://search.yahoo.com/mrss/", "media"},
      {"http://search.yahoo.com/mrss", "media"},
      {"http://www.itunes.com/dtds/podcast-1.0.dtd", "itunes"},
      {"http://www.google.com/schemas/sitemap-news/0.9", "news"},
      {"http://www.google.com/schemas/sitemap-image/1.1", "image"},
      {"http://www.w3.org/1999/xhtml", "xhtml"},
  };
  for (const auto& k : kKnown) {
    if (k.uri == uri) return k.prefix;
  }
  return nullptr;
}

}  // namespace

ParsedXml ParseXmlDocument(std::string_view bytes, std::string_view content_type) {
  ParsedXml result;
  if (bytes.size() > INT_MAX) {
    result.bozo = true;
    result.bozo_message = "document too large";
    return result;
  }
  EncodingChoice encoding = ChooseEncoding(bytes, content_type);
  std::string rewritten;
  if (!HasByteOrderMark(bytes) && !LooksWideWithoutBom(bytes)) {
    rewritten = RewriteEntityReferences(bytes);
    if (!rewritten.empty()) {
      bytes = rewritten;
      if (encoding.problem.empty()) encoding.problem = "undeclared entity references were read as characters";
    }
  }
  QuietLibxml quiet;
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (ctxt == nullptr) return result;
  ErrorCollector collector;
  ctxt->_private = &collector;
  ctxt->sax->serror = CollectError;
  // No XML_PARSE_NOENT (entities are not substituted into the tree), no
  // DTDLOAD/DTDATTR/DTDVALID (nothing external is read), NONET as a second lock.
  int options = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                XML_PARSE_NOCDATA | XML_PARSE_COMPACT;
  if (!encoding.iconv_name.empty()) options |= XML_PARSE_IGNORE_ENC;
  xmlDocPtr doc = xmlCtxtReadMemory(ctxt, bytes.data(), static_cast<int>(bytes.size()), nullptr,
                                    encoding.iconv_name.empty() ? nullptr : encoding.iconv_name.c_str(), options);
  bool well_formed = ctxt->wellFormed != 0;
  xmlFreeParserCtxt(ctxt);
  result.doc.reset(doc);
  if (!well_formed || !collector.first_error.empty()) {
    result.bozo = true;
    result.bozo_message = collector.first_error.empty() ? "document is not well-formed XML" : collector.first_error;
  } else if (!encoding.problem.empty()) {
    result.bozo = true;
    result.bozo_message = encoding.problem;
  }
  return result;
}

std::string QName(const xmlNode* node) {
  if (node == nullptr || node->name == nullptr) return "";
  std::string local = reinterpret_cast<const char*>(node->name);
  if (node->ns == nullptr || node->ns->href == nullptr) return local;
  const char* prefix = CanonicalPrefix(reinterpret_cast<const char*>(node->ns->href));
  if (prefix == nullptr)
    prefix = node->ns->prefix != nullptr ? reinterpret_cast<const char*>(node->ns->prefix) : "";
  return *prefix == '\0' ? local : std::string(prefix) + ":" + local;
}

std::vector<xmlNode*> Children(const xmlNode* node) {
  std::vector<xmlNode*> out;
  if (node == nullptr) return out;
  for (xmlNode* n = node->children; n != nullptr; n = n->next) {
    if (n->type == XML_ELEMENT_NODE) out.push_back(n);
  }
  return out;
}

xmlNode* FirstChild(const xmlNode* node, std::string_view qname) {
  if (node == nullptr) return nullptr;
  for (xmlNode* n = node->children; n != nullptr; n = n->next) {
    if (n->type == XML_ELEMENT_NODE && QName(n) == qname) return n;
  }
  return nullptr;
}

std::string Attr(const xmlNode* node, const char* name) {
  if (node == nullptr) return "";
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    if (a->name != nullptr && std::strcmp(reinterpret_cast<const char*>(a->name), name) == 0) {
      std::string value;
      AppendText(a->children, 0, value);
      return value;
    }
  }
  return "";
}

std::string Text(const xmlNode* node) {
  std::string out;
  if (node != nullptr) AppendText(node->children, 0, out);
  return out;
}

std::string InnerMarkup(const xmlNode* node) {
  if (node == nullptr) return "";
  bool has_elements = false;
  for (const xmlNode* n = node->children; n != nullptr; n = n->next) has_elements |= n->type == XML_ELEMENT_NODE;
  if (!has_elements) return Text(node);
  xmlBufferPtr buffer = xmlBufferCreate();
  if (buffer == nullptr) return "";
  for (xmlNode* n = node->children; n != nullptr; n = n->next) {
    if (xmlBufferLength(buffer) > static_cast<int>(kMaxTextBytes)) break;
    xmlNodeDump(buffer, n->doc, n, 0, 0);
  }
  std::string out(reinterpret_cast<const char*>(xmlBufferContent(buffer)), xmlBufferLength(buffer));
  xmlBufferFree(buffer);
  return out;
}

std::string BaseUrl(const xmlNode* node, std::string_view document_url) {
  std::vector<std::string> bases;
  for (const xmlNode* n = node; n != nullptr && n->type == XML_ELEMENT_NODE; n = n->parent) {
    for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
      if (a->name != nullptr && std::strcmp(reinterpret_cast<const char*>(a->name), "base") == 0 && a->ns != nullptr &&
          a->ns->href != nullptr && std::strcmp(reinterpret_cast<const char*>(a->ns->href),
                                                reinterpret_cast<const char*>(XML_XML_NAMESPACE)) == 0) {
        std::string value;
        AppendText(a->children, 0, value);
        bases.push_back(value);
      }
    }
  }
  std::string base(document_url);
  for (auto it = bases.rbegin(); it != bases.rend(); ++it) {
    std::string resolved = ResolveUrl(base, *it);
    if (!resolved.empty()) base = resolved;
  }
  return base;
}

}  // namespace herald::feed
