// demo/: the demo newsroom, a fictional set of publishers served over HTTP
// (or HTTPS, for TLS tests).
// It is the offline demo for new users and the tests' fixture: everything it
// serves is deterministic and written here, and each article carries its
// ground truth.
//
// Publishers and paths (all under one base URL, e.g. http://127.0.0.1:PORT):
//   /<publisher>/rss.xml | atom.xml | feed.json   one feed per publisher
//   /sitemap-news.xml                              Google News sitemap (all)
//   /<publisher>/<yyyy>/<mm>/<slug>.html           article pages
//   /ground-truth.json                             every article's truth
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "httpd/server.h"

namespace herald::demo {

struct Truth {
  std::string path;                 // "/harbour-times/2025/10/typhoon.html"
  std::string publisher;            // publisher display name
  std::string title;                // expected title (plain text, unescaped)
  std::vector<std::string> byline;  // expected authors
  std::string published;            // expected ISO 8601 with offset
  std::string language;             // "en", "zh"
  std::string lead_image_caption;   // expected caption (no credit), "" if none
  std::string lead_image_credit;    // expected credit, "" if none
  bool paywalled = false;
  std::vector<std::string> paragraphs;  // expected body paragraphs, in order
  std::string charset = "utf-8";    // charset the page is served in
  std::string syndicated_from;      // path of the original for wire copies
};

struct FeedInfo {
  std::string publisher;  // display name
  std::string path;       // "/harbour-times/rss.xml"
  std::string format;     // "rss20", "atom10", "json11", "sitemap"
};

// The whole content set.
const std::vector<Truth>& Articles();
const std::vector<FeedInfo>& Feeds();

// Serves a request against the newsroom rooted at base_url (used to write
// absolute links in feeds). Unknown paths get 404.
httpd::Response Serve(const httpd::Request& request, const std::string& base_url);

// Starts the newsroom on host:port (port 0 = ephemeral).
Result<std::unique_ptr<httpd::Server>> StartNewsroom(const std::string& host, uint16_t port);

// Starts the newsroom over HTTPS (HTTP/1.1) on host:port with the server
// certificate (chain) and private key in PEM files; links in its feeds and
// pages are https. An unreadable or mismatched certificate or key is an
// Error naming the file.
Result<std::unique_ptr<httpd::Server>> StartNewsroomTls(const std::string& host, uint16_t port,
                                                        const std::string& cert_file, const std::string& key_file);

}  // namespace herald::demo
