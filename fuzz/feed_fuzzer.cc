// libFuzzer target: ParseFeed, the feedparser-shaped parser and feed
// discovery must never crash, hang or leak on any bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "feed/discovery.h"
#include "feed/feed.h"
#include "feed/feedparser_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  herald::feed::ParseOptions options;
  options.url = "https://fuzz.example.com/feed.xml";
  (void)herald::feed::ParseFeed(bytes, options);
  (void)herald::feed::ParseAsFeedparser(bytes, {options.url, {{"Content-Type", "text/xml; charset=iso-8859-1"}}});
  (void)herald::feed::DiscoverFeeds(bytes, options.url);
  return 0;
}
