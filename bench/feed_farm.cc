#include "bench/feed_farm.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "common/html_escape.h"
#include "common/strings.h"
#include "common/time.h"
#include "feed/opml.h"
#include "httpd/http_cache.h"
#include "httpd/server.h"

namespace herald::bench {
namespace {

// Newest item of every feed; older items step back an hour each, and feeds
// are staggered by minutes so no two feeds share a Last-Modified.
constexpr int64_t kNewestItemUtc = 1795867200;  // 2026-11-28T12:00:00Z

constexpr std::array<const char*, 96> kWords = {
    "council", "budget", "river", "harbour", "minister", "election", "school", "hospital", "storm",
    "market", "railway", "bridge", "festival", "museum", "court", "police", "union", "strike",
    "energy", "price", "farmers", "harvest", "drought", "flood", "airport", "tourism", "housing",
    "rent", "wages", "inflation", "exports", "factory", "startup", "software", "satellite", "launch",
    "research", "university", "students", "teachers", "nurses", "doctors", "vaccine", "clinic",
    "coastal", "village", "district", "mayor", "senate", "vote", "reform", "tax", "pension",
    "league", "final", "coach", "season", "record", "stadium", "concert", "novel", "award",
    "gallery", "weather", "heatwave", "wildfire", "forest", "wildlife", "ocean", "fishing", "port",
    "shipping", "trade", "talks", "summit", "treaty", "border", "refugees", "charity", "volunteers",
    "library", "archive", "history", "bakery", "restaurant", "traffic", "cyclists", "tram", "metro",
    "water", "power", "grid", "solar", "wind", "battery", "carbon"};
constexpr std::array<const char*, 12> kVerbs = {"announces", "delays", "approves", "rejects", "opens",
                                                "closes", "expands", "cuts", "reviews", "backs",
                                                "questions", "celebrates"};

// splitmix64: a deterministic stream per (feed, item), so every run of the
// farm serves the same bytes and validators.
class Words {
 public:
  explicit Words(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  const char* Word() { return kWords[Next() % kWords.size()]; }
  const char* Verb() { return kVerbs[Next() % kVerbs.size()]; }

 private:
  uint64_t state_;
};

std::string Capitalized(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

std::string Title(Words& words) {
  std::string t = Capitalized(words.Word());
  t += std::string(" ") + words.Word() + " " + words.Verb();
  int extra = 3 + static_cast<int>(words.Next() % 4);
  for (int i = 0; i < extra; ++i) t += std::string(" ") + words.Word();
  return t;
}

// Paragraphs of sentences, about `bytes` of HTML before escaping.
std::string DescriptionHtml(Words& words, int bytes) {
  std::string html;
  while (static_cast<int>(html.size()) < bytes) {
    html += "<p>";
    int sentences = 2 + static_cast<int>(words.Next() % 3);
    for (int s = 0; s < sentences; ++s) {
      html += Capitalized(words.Word());
      int length = 8 + static_cast<int>(words.Next() % 10);
      for (int w = 0; w < length; ++w) html += std::string(" ") + (w == 2 ? words.Verb() : words.Word());
      html += ". ";
    }
    html += "</p>";
  }
  return html;
}

int64_t ItemTime(int feed, int item) { return kNewestItemUtc - int64_t{feed} * 60 - int64_t{item} * 3600; }

std::string Origin(const FarmOptions& options, int feed, uint16_t port) {
  return "http://" + HostAddress(feed % options.hosts) + ":" + std::to_string(port);
}

std::string RenderFeed(const FarmOptions& options, int feed, uint16_t port) {
  const std::string origin = Origin(options, feed, port);
  const std::string id = std::to_string(feed);
  Words words(static_cast<uint64_t>(feed) * 1000003u);
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n"
      "<title>Farm Desk " + id + "</title>\n<link>" + origin + "/</link>\n"
      "<description>Synthetic news desk " + id + " of the herald refresh benchmark</description>\n"
      "<language>en</language>\n<lastBuildDate>" + HttpDate(ItemTime(feed, 0)) + "</lastBuildDate>\n";
  for (int item = 0; item < options.items_per_feed; ++item) {
    const std::string link = origin + "/articles/" + id + "/" + std::to_string(item) + ".html";
    xml += "<item>\n<title>" + EscapeHtml(Title(words)) + "</title>\n<link>" + link +
           "</link>\n<guid isPermaLink=\"true\">" + link + "</guid>\n<pubDate>" + HttpDate(ItemTime(feed, item)) +
           "</pubDate>\n<dc:creator>Reporter " + std::to_string(words.Next() % 50) + "</dc:creator>\n<category>" +
           words.Word() + "</category>\n<description>" +
           EscapeHtml(DescriptionHtml(words, options.description_bytes)) + "</description>\n</item>\n";
  }
  xml += "</channel>\n</rss>\n";
  return xml;
}

std::string ArticlePage(const std::string& title, int feed, int item) {
  Words words(static_cast<uint64_t>(feed) * 7919u + static_cast<uint64_t>(item));
  return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + EscapeHtml(title) +
         "</title></head><body><article><h1>" + EscapeHtml(title) + "</h1>" + DescriptionHtml(words, 2048) +
         "</article></body></html>";
}

// The decimal number N of PREFIX N SUFFIX, digits only (no sign, no overflow).
std::optional<int> NumberBetween(std::string_view text, std::string_view prefix, std::string_view suffix) {
  if (!text.starts_with(prefix) || !text.ends_with(suffix) || text.size() <= prefix.size() + suffix.size())
    return std::nullopt;
  std::string_view digits = text.substr(prefix.size(), text.size() - prefix.size() - suffix.size());
  int n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size() || digits[0] == '-') return std::nullopt;
  return n;
}

// (feed, item) of "/articles/FEED/ITEM.html".
std::optional<std::pair<int, int>> ArticleOf(std::string_view path) {
  constexpr std::string_view kPrefix = "/articles/";
  if (!path.starts_with(kPrefix)) return std::nullopt;
  size_t slash = path.find('/', kPrefix.size());
  if (slash == std::string_view::npos) return std::nullopt;
  auto feed = NumberBetween(path.substr(0, slash + 1), kPrefix, "/");
  auto item = NumberBetween(path.substr(slash), "/", ".html");
  if (!feed || !item) return std::nullopt;
  return std::pair{*feed, *item};
}

// One feed as served: both encodings, each with its own strong validator.
struct RenderedFeed {
  std::string body, gzip_body;
  std::string etag, gzip_etag;
  std::string last_modified;
  int64_t last_modified_utc = 0;
};

// An entity tag's quoted form. (Appending, not `"\"" + s`: g++ 12 warns on
// that idiom, a false -Wrestrict, PR 105329.)
std::string Quoted(std::string_view s) {
  std::string q;
  q.reserve(s.size() + 2);
  q += '"';
  q += s;
  q += '"';
  return q;
}

// True when the request's validators match the feed: If-None-Match decides
// when present (RFC 9110 13.2.2), otherwise If-Modified-Since.
bool NotModified(const httpd::Request& request, const RenderedFeed& feed) {
  std::string if_none_match = request.Header("if-none-match");
  if (!if_none_match.empty())
    return httpd::EtagMatches(if_none_match, feed.etag) || httpd::EtagMatches(if_none_match, feed.gzip_etag);
  auto since = ParseDate(request.Header("if-modified-since"));
  return since && since->utc_seconds >= feed.last_modified_utc;
}

// Arrival bookkeeping of one address.
struct HostTraffic {
  std::mutex mu;
  int64_t requests = 0;
  std::chrono::steady_clock::time_point last_arrival;
  double min_gap_ms = -1;
};

class FarmImpl final : public FeedFarm {
 public:
  explicit FarmImpl(const FarmOptions& options) : options_(options), traffic_(options.hosts) {}

  Status Listen() {
    // The first address picks the port (when asked for any); the others must
    // get the same one, and one of them may be taken by a stranger: then try
    // another port.
    Status last = Status::Ok();
    for (int attempt = 0; attempt < 5; ++attempt) {
      servers_.clear();
      last = ListenAll();
      if (last.ok() || options_.port != 0) return last;
    }
    return last;
  }

  void Render() {
    feeds_.resize(options_.feeds);
    for (int k = 0; k < options_.feeds; ++k) {
      RenderedFeed& f = feeds_[k];
      f.body = RenderFeed(options_, k, port_);
      f.gzip_body = httpd::Gzip(f.body).value_or(f.body);
      std::string hash = Sha256Hex(f.body).substr(0, 16);
      std::string tag = std::to_string(k) + "-" + hash;
      f.etag = Quoted(tag);
      f.gzip_etag = Quoted(tag + "-gzip");
      f.last_modified_utc = ItemTime(k, 0);
      f.last_modified = HttpDate(f.last_modified_utc);
    }
    ready_ = true;
  }

  uint16_t port() const override { return port_; }
  std::string FeedUrl(int feed) const override {
    return Origin(options_, feed, port_) + "/feeds/" + std::to_string(feed) + ".xml";
  }
  std::string Opml() const override {
    std::vector<feed::OpmlOutline> outlines;
    for (int k = 0; k < options_.feeds; ++k)
      outlines.push_back({"Farm Desk " + std::to_string(k), FeedUrl(k), Origin(options_, k, port_) + "/", ""});
    return feed::WriteOpml("herald refresh benchmark feed farm", outlines);
  }
  std::string UrlList() const override {
    std::string out;
    for (int k = 0; k < options_.feeds; ++k) out += FeedUrl(k) + "\n";
    return out;
  }

  FarmCounters Counters() const override {
    FarmCounters c;
    c.feed_200 = feed_200_;
    c.feed_304 = feed_304_;
    c.feed_conditional = feed_conditional_;
    c.feed_gzip = feed_gzip_;
    c.article_200 = article_200_;
    c.robots = robots_;
    c.not_found = not_found_;
    for (HostTraffic& t : traffic_) {
      std::lock_guard<std::mutex> lock(t.mu);
      c.busiest_host_requests = std::max(c.busiest_host_requests, t.requests);
      if (t.min_gap_ms >= 0 && (c.min_host_gap_ms < 0 || t.min_gap_ms < c.min_host_gap_ms))
        c.min_host_gap_ms = t.min_gap_ms;
    }
    return c;
  }

  void ResetCounters() override {
    for (auto* counter : {&feed_200_, &feed_304_, &feed_conditional_, &feed_gzip_, &article_200_, &robots_,
                          &not_found_})
      *counter = 0;
    for (HostTraffic& t : traffic_) {
      std::lock_guard<std::mutex> lock(t.mu);
      t.requests = 0;
      t.min_gap_ms = -1;
    }
  }

 private:
  Status ListenAll() {
    port_ = options_.port;
    for (int h = 0; h < options_.hosts; ++h) {
      httpd::ServerOptions server_options;
      server_options.host = HostAddress(h);
      server_options.port = port_;
      server_options.threads = options_.threads_per_host;
      auto server = httpd::Server::Start(server_options, [this, h](const httpd::Request& r) { return Serve(h, r); });
      if (!server.ok()) return server.error();
      port_ = (*server)->port();
      servers_.push_back(std::move(*server));
    }
    return Status::Ok();
  }

  void CountArrival(int host) {
    HostTraffic& t = traffic_[host];
    auto now = std::chrono::steady_clock::now();
    std::lock_guard<std::mutex> lock(t.mu);
    if (t.requests > 0) {
      double gap = std::chrono::duration<double, std::milli>(now - t.last_arrival).count();
      if (t.min_gap_ms < 0 || gap < t.min_gap_ms) t.min_gap_ms = gap;
    }
    t.last_arrival = now;
    ++t.requests;
  }

  httpd::Response Serve(int host, const httpd::Request& request) {
    if (!ready_) return {503, "text/plain; charset=utf-8", {{"Retry-After", "1"}}, "starting\n"};
    if (request.path == "/stats") {
      httpd::Response r{200, "application/json", {}, CountersJson(Counters())};
      if (request.query.count("reset")) ResetCounters();
      return r;
    }
    CountArrival(host);
    if (auto feed = NumberBetween(request.path, "/feeds/", ".xml"); feed && OnThisHost(*feed, host))
      return ServeFeed(request, feeds_[*feed]);
    if (auto page = ArticleOf(request.path); page && OnThisHost(page->first, host) && page->second < options_.items_per_feed) {
      ++article_200_;
      return {200, "text/html; charset=utf-8", {}, ArticlePage("Article " + std::to_string(page->second), page->first, page->second)};
    }
    if (request.path == "/robots.txt") {
      ++robots_;
      return {200, "text/plain; charset=utf-8", {}, "User-agent: *\nAllow: /\n"};
    }
    ++not_found_;
    return {404, "text/plain; charset=utf-8", {}, "not found\n"};
  }

  bool OnThisHost(int feed, int host) const {
    return feed >= 0 && feed < options_.feeds && feed % options_.hosts == host;
  }

  httpd::Response ServeFeed(const httpd::Request& request, const RenderedFeed& feed) {
    bool conditional = !request.Header("if-none-match").empty() || !request.Header("if-modified-since").empty();
    if (conditional) ++feed_conditional_;
    bool gzip = httpd::AcceptsGzip(request.Header("accept-encoding"));
    httpd::Response r;
    r.content_type = "application/rss+xml; charset=utf-8";
    r.headers = {{"ETag", gzip ? feed.gzip_etag : feed.etag},
                 {"Last-Modified", feed.last_modified},
                 {"Vary", "Accept-Encoding"}};
    if (NotModified(request, feed)) {
      ++feed_304_;
      r.status = 304;
      return r;
    }
    ++feed_200_;
    if (gzip) {
      ++feed_gzip_;
      r.headers.push_back({"Content-Encoding", "gzip"});
    }
    r.body = gzip ? feed.gzip_body : feed.body;
    return r;
  }

  FarmOptions options_;
  uint16_t port_ = 0;
  std::vector<RenderedFeed> feeds_;  // written before ready_, read-only after
  std::atomic<bool> ready_{false};
  mutable std::vector<HostTraffic> traffic_;
  std::atomic<int64_t> feed_200_{0}, feed_304_{0}, feed_conditional_{0}, feed_gzip_{0}, article_200_{0},
      robots_{0}, not_found_{0};
  std::vector<std::unique_ptr<httpd::Server>> servers_;  // last: stopped first on destruction
};

}  // namespace

std::string HostAddress(int index) {
  int n = index + 1;  // 127.0.0.0 is the network's own address
  return "127.0." + std::to_string(n / 256) + "." + std::to_string(n % 256);
}

std::string HttpDate(int64_t utc_seconds) {
  std::time_t t = static_cast<std::time_t>(utc_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string CountersJson(const FarmCounters& c) {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "{\"feed_200\":%lld,\"feed_304\":%lld,\"feed_conditional\":%lld,\"feed_gzip\":%lld,"
                "\"article_200\":%lld,\"robots\":%lld,\"not_found\":%lld,\"busiest_host_requests\":%lld,"
                "\"min_host_gap_ms\":%.1f}\n",
                static_cast<long long>(c.feed_200), static_cast<long long>(c.feed_304),
                static_cast<long long>(c.feed_conditional), static_cast<long long>(c.feed_gzip),
                static_cast<long long>(c.article_200), static_cast<long long>(c.robots),
                static_cast<long long>(c.not_found), static_cast<long long>(c.busiest_host_requests),
                c.min_host_gap_ms);
  return buf;
}

Result<std::unique_ptr<FeedFarm>> FeedFarm::Start(const FarmOptions& options) {
  if (options.feeds < 1 || options.hosts < 1 || options.hosts > 65000 || options.items_per_feed < 1)
    return MakeError(ErrorKind::kInvalidInput, "feed farm: need feeds >= 1, 1 <= hosts <= 65000, items >= 1");
  auto farm = std::make_unique<FarmImpl>(options);
  // Listen first: the feeds' links name the port. Requests before Render()
  // is done get 503.
  if (Status st = farm->Listen(); !st.ok()) return st.error();
  farm->Render();
  return std::unique_ptr<FeedFarm>(std::move(farm));
}

}  // namespace herald::bench
