// The feeds of the demo newsroom: RSS 2.0, Atom 1.0 (one with xml:base and
// relative links), JSON Feed 1.1, and a Google News sitemap covering every
// publisher. Absolute links are written against base_url.
#pragma once

#include <string>

#include "demo/content.h"

namespace herald::demo {

// "/harbour-times/rss.xml"; "/toyo-jiho/sitemap-news.xml" for sitemap-only publishers.
std::string FeedPath(const Publisher& publisher);
std::string FeedContentType(FeedFormat format);
// "rss20", "atom10", "json11", "sitemap"
std::string FeedFormatName(FeedFormat format);

// The publisher's one feed, in its format. Articles newest first.
std::string RenderFeed(const Publisher& publisher, const std::string& base_url);

// A Google News sitemap of one publisher's articles, feed or not; with
// publisher_id "" (/sitemap-news.xml) of every publisher's.
std::string RenderNewsSitemap(const std::string& base_url, const std::string& publisher_id = "");

// The newest dateModified among a publisher's feed articles (or, with
// publisher_id "", all articles): the feeds' Last-Modified.
int64_t LatestModified(const std::string& publisher_id);

}  // namespace herald::demo
