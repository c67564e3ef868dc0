// JSON Feed 1.0 and 1.1 (jsonfeed.org). nlohmann-json parses without
// exceptions; every field is read defensively since any value may have any
// JSON type in the wild.
#include <nlohmann/json.hpp>

#include <string>

#include "common/strings.h"
#include "feed/formats.h"

namespace herald::feed {
namespace {

using Json = nlohmann::json;

constexpr int kMaxJsonDepth = 256;

// Nesting depth outside strings, so hostile "[[[[..." is refused before the
// parser and the destructor have to deal with it.
bool NestingWithin(std::string_view bytes, int limit) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (char c : bytes) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') {
      if (++depth > limit) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

std::string String(const Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  if (it->is_number_unsigned()) return std::to_string(it->get<uint64_t>());
  return "";
}

void AddAuthors(const Json& object, std::vector<std::string>& authors) {
  auto add = [&](const Json& author) {
    if (author.is_object()) AddUnique(authors, String(author, "name"));
    else if (author.is_string()) AddUnique(authors, author.get<std::string>());
  };
  if (auto it = object.find("authors"); it != object.end() && it->is_array()) {
    for (const Json& author : *it) add(author);
  }
  if (auto it = object.find("author"); it != object.end()) add(*it);  // 1.0
}

std::string ItemImage(const Json& item, std::string_view base) {
  for (const char* key : {"image", "banner_image"}) {
    std::string image = CleanUrl(String(item, key), base);
    if (!image.empty()) return image;
  }
  if (auto it = item.find("attachments"); it != item.end() && it->is_array()) {
    for (const Json& attachment : *it) {
      if (!attachment.is_object()) continue;
      std::string src = String(attachment, "url");
      if (IsImage(String(attachment, "mime_type"), src)) return CleanUrl(src, base);
    }
  }
  return "";
}

Entry ParseItem(const Json& item, std::string_view base, const std::vector<std::string>& feed_authors) {
  Entry entry;
  entry.id = String(item, "id");
  entry.link = CleanUrl(String(item, "url"), base);
  if (entry.link.empty()) entry.link = CleanUrl(String(item, "external_url"), base);
  entry.title = HtmlToPlain(String(item, "title"));
  std::string html = String(item, "content_html");
  entry.content = html.empty() ? PlainToHtml(String(item, "content_text")) : CleanHtml(html, base);
  entry.summary = PlainToHtml(String(item, "summary"));
  AddAuthors(item, entry.authors);
  if (entry.authors.empty()) entry.authors = feed_authors;
  if (auto it = item.find("tags"); it != item.end() && it->is_array()) {
    for (const Json& tag : *it) {
      if (tag.is_string()) AddUnique(entry.categories, tag.get<std::string>());
    }
  }
  entry.published = CleanDate(String(item, "date_published"));
  entry.updated = CleanDate(String(item, "date_modified"));
  entry.image_url = ItemImage(item, base);
  entry.language = CleanPlain(String(item, "language"));
  FinishEntry(entry);
  return entry;
}

}  // namespace

Result<Feed> ParseJsonFeed(std::string_view bytes, std::string_view url) {
  if (!NestingWithin(bytes, kMaxJsonDepth))
    return MakeError(ErrorKind::kInvalidInput, "not a feed: JSON nested deeper than " +
                                                   std::to_string(kMaxJsonDepth) + " levels");
  Json doc = Json::parse(bytes.begin(), bytes.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded())
    return MakeError(ErrorKind::kInvalidInput, "not a feed: looks like JSON but does not parse; check the feed URL");
  std::string version = doc.is_object() ? String(doc, "version") : "";
  auto items = doc.is_object() ? doc.find("items") : doc.end();
  bool has_items = doc.is_object() && items != doc.end() && items->is_array();
  if (version.find("jsonfeed.org/version/") == std::string::npos && !has_items)
    return MakeError(ErrorKind::kInvalidInput,
                     "not a feed: JSON without a JSON Feed \"version\" or \"items\"; it may be an API response, "
                     "give the site's RSS, Atom or JSON Feed URL instead");
  Feed feed;
  feed.format = "json1";
  feed.title = HtmlToPlain(String(doc, "title"));
  std::string feed_url = String(doc, "feed_url");
  std::string base = url.empty() ? CleanUrl(feed_url, "") : std::string(url);
  feed.link = CleanUrl(String(doc, "home_page_url"), base);
  feed.self_url = CleanUrl(feed_url, base);
  if (auto hubs = doc.find("hubs"); hubs != doc.end() && hubs->is_array()) {
    for (const Json& hub : *hubs) {
      if (!hub.is_object() || ToLowerAscii(String(hub, "type")) != "websub") continue;
      feed.hub_url = CleanUrl(String(hub, "url"), base);
      if (!feed.hub_url.empty()) break;
    }
  }
  feed.description = HtmlToPlain(String(doc, "description"));
  feed.language = CleanPlain(String(doc, "language"));
  if (version.find("jsonfeed.org/version/") == std::string::npos) {
    feed.bozo = true;
    feed.bozo_message = "JSON Feed without a jsonfeed.org \"version\"";
  }
  std::vector<std::string> feed_authors;
  AddAuthors(doc, feed_authors);
  if (has_items) {
    for (const Json& item : *items) {
      if (item.is_object()) feed.entries.push_back(ParseItem(item, base, feed_authors));
    }
  }
  return feed;
}

}  // namespace herald::feed
