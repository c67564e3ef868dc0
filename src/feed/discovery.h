// feed/discovery.h: an HTML page -> the feeds it advertises, for
// `herald sources add SITE_URL`.
//
// Contract: never throws, never fetches. Returns the <link rel="alternate">
// feeds the page declares (RSS, Atom, JSON Feed; absolute URLs resolved
// against <base href> and the page URL, in page order, no duplicates), then
// the common feed paths on the page's origin as unconfirmed candidates for
// the caller to try. Hostile or broken HTML gives a shorter list, never an error.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace herald::feed {

struct DiscoveredFeed {
  std::string url;
  std::string title;     // the link's title attribute, "" when none
  std::string type;      // "rss", "atom", "json" or "" for a guessed path
  bool advertised;       // true: declared by the page; false: a common path to try
};

std::vector<DiscoveredFeed> DiscoverFeeds(std::string_view html, std::string_view page_url);

}  // namespace herald::feed
