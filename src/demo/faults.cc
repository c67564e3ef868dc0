#include "demo/faults.h"

#include <algorithm>
#include <cstdint>

#include "httpd/http_cache.h"

namespace herald::demo {
namespace {

std::string OneItemRss(const std::string& link, const std::string& title) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Faults desk</title>"
         "<link>" + link + "</link><item><title>" + title + "</title><link>" + link +
         "</link></item></channel></rss>\n";
}

// A few kilobytes of valid RSS, so the drip has something to take its time over.
std::string DripFeed(const std::string& link) {
  std::string rss = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
                    "<title>Drip desk</title><link>" + link + "</link>\n";
  for (int i = 1; i <= 12; ++i)
    rss += "<item><title>Slow news, part " + std::to_string(i) + "</title><link>" + link + "?part=" +
           std::to_string(i) + "</link><description>Every word of this item arrives a few bytes at a time."
                               "</description></item>\n";
  return rss + "</channel></rss>\n";
}

// The feed in pieces sized so the last arrives kDripDuration or later after the first.
httpd::Response Drip(const std::string& link) {
  httpd::Response r{200, "application/rss+xml; charset=utf-8", {}, ""};
  const size_t pieces = static_cast<size_t>(kDripDuration / kDripInterval);
  r.stream = [feed = DripFeed(link), pieces, sent = size_t{0}](std::string& chunk) mutable {
    if (sent == feed.size()) return false;
    size_t size = std::max<size_t>(1, feed.size() / pieces);  // rounded down: never sooner
    chunk = feed.substr(sent, size);
    sent += chunk.size();
    return true;
  };
  r.stream_interval = kDripInterval;
  return r;
}

// An RSS head, then numbered items in 32 KiB batches, never closed.
httpd::Response Endless(const std::string& link) {
  httpd::Response r{200, "application/rss+xml; charset=utf-8", {}, ""};
  r.stream = [link, head_sent = false, next = uint64_t{1}](std::string& chunk) mutable {
    chunk.clear();
    if (!head_sent) {
      chunk = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Endless desk"
              "</title><link>" + link + "</link>\n";
      head_sent = true;
    }
    while (chunk.size() < 32 * 1024) {
      std::string n = std::to_string(next++);
      chunk += "<item><title>More news, number " + n + "</title><link>" + link + "?n=" + n + "</link></item>\n";
    }
    return true;
  };
  return r;
}

const std::string& GzipBomb() {
  static const std::string bomb = httpd::Gzip(std::string(20u << 20, '\0')).value_or("");
  return bomb;
}

}  // namespace

const std::vector<Fault>& Faults() {
  static const std::vector<Fault> faults = {
      {"/faults/status-500.xml", "HTTP 500"},
      {"/faults/rate-limited.xml", "HTTP 429"},
      {"/faults/redirect-loop.xml", "redirect"},
      {"/faults/moved.xml", ""},
      {"/faults/wrong-type.xml", ""},
      {"/faults/html.xml", "feed"},
      {"/faults/empty.xml", "empty"},
      {"/faults/invalid-utf8.xml", ""},
      {"/faults/gzip-bomb.xml", "larger than"},
      {"/faults/not-modified.xml", ""},
      {"/faults/drip.xml", "timed out", true},
      {"/faults/endless.xml", "larger than", true},
  };
  return faults;
}

std::optional<httpd::Response> ServeFault(const httpd::Request& request, const std::string& base_url,
                                          const std::string& article_path) {
  const std::string& path = request.path;
  const std::string link = base_url + article_path;
  if (path == "/faults/status-500.xml") return httpd::Response{500, "text/plain", {}, "internal error\n"};
  if (path == "/faults/rate-limited.xml") {
    httpd::Response r{429, "text/plain", {}, "slow down\n"};
    r.headers.emplace_back("Retry-After", "120");
    return r;
  }
  if (path == "/faults/redirect-loop.xml" || path == "/faults/moved.xml") {
    bool loop = path == "/faults/redirect-loop.xml";
    httpd::Response r{loop ? 302 : 301, "text/plain", {}, "moved\n"};
    r.headers.emplace_back("Location", loop ? path : base_url + "/faults/new-home.xml");
    return r;
  }
  if (path == "/faults/new-home.xml")
    return httpd::Response{200, "application/rss+xml", {}, OneItemRss(link, "Moved here")};
  if (path == "/faults/wrong-type.xml")
    return httpd::Response{200, "text/plain", {}, OneItemRss(link, "Sent as plain text")};
  if (path == "/faults/html.xml")
    return httpd::Response{200, "text/html; charset=utf-8", {},
                           "<!doctype html><html><head><title>Not a feed</title></head><body><p>Welcome to our "
                           "home page.</p></body></html>"};
  if (path == "/faults/empty.xml") return httpd::Response{200, "application/rss+xml", {}, ""};
  if (path == "/faults/invalid-utf8.xml")
    return httpd::Response{200, "application/rss+xml; charset=utf-8", {}, OneItemRss(link, "Bad \xff\xfe bytes \xc3(")};
  if (path == "/faults/gzip-bomb.xml") {
    httpd::Response r{200, "application/rss+xml", {}, GzipBomb()};
    r.headers.emplace_back("Content-Encoding", "gzip");
    return r;
  }
  if (path == "/faults/not-modified.xml") {
    const std::string etag = "\"faults-v1\"";
    if (httpd::EtagMatches(request.Header("if-none-match"), etag)) return httpd::Response{304, "text/plain", {}, ""};
    httpd::Response r{200, "application/rss+xml", {}, OneItemRss(link, "Unchanged since")};
    r.headers.emplace_back("ETag", etag);
    return r;
  }
  if (path == "/faults/drip.xml") return Drip(link);
  if (path == "/faults/endless.xml") return Endless(link);
  return std::nullopt;
}

}  // namespace herald::demo
