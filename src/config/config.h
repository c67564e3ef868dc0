// config/: herald's settings, read from one TOML file (see docs/config.md and
// examples/herald.toml). Every key has a default, so an empty or missing file
// is a valid configuration.
//
// Contract: LoadConfig reads the file, rejects unknown keys and wrong types
// (typos must not pass silently) and returns an Error whose message is one line
// naming the file, the line and the key, and how to fix it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/result.h"

namespace herald::config {

struct SiteConfig {
  std::string title = "herald";
  std::string tagline = "News from many sources, in one place";
  std::string language = "en";          // interface language: "en" | "zh"
  std::string time_zone;                // IANA zone for page times and "today";
                                        // "" = each article in its publisher's offset, "today" in UTC
  std::string donate_url;               // "" hides the donate link
  std::string base_url;                 // public address for feeds and sitemaps; "" = from requests
  std::string listen = "127.0.0.1:8080";
  int articles_per_page = 30;
  int shutdown_timeout_seconds = 30;    // on SIGTERM: how long in-flight requests may take to finish
  int view_flush_seconds = 10;          // view counts are written this often: the most a crash loses
  // How stale a cached page may be after the store changed. While ingest
  // writes, each change drops the page cache: a longer wait keeps pages
  // cached under load (docs/benchmarks.md, "Mixed traffic while ingesting").
  int page_cache_recheck_ms = 100;
};

struct FetchConfig {
  int interval_minutes = 15;            // between ingest rounds in `herald run`
  bool allow_private_networks = false;  // allow sources on loopback/private IPs
  std::string user_agent = "herald/0.1 (self-hosted news aggregator)";
  int timeout_seconds = 30;
  int max_body_mib = 16;
  int max_parallel = 16;
  int max_per_host = 2;
  int per_host_delay_ms = 250;
  int max_articles_per_feed = 50;       // newest entries fetched per round
  // false: store the feeds' own content and never fetch article pages.
  bool article_pages = true;
  int max_page_attempts = 3;            // tries of a failing article page before it is given up
  int connect_timeout_seconds = 10;
  int max_retries = 2;                  // extra attempts after a transient failure
  int retry_base_delay_ms = 1000;       // first backoff, doubled per retry, jittered
  int max_retry_wait_ms = 120000;       // cap on one wait, also on Retry-After
  // Private ranges fetched despite the SSRF guard ("192.168.1.0/24");
  // checked by the caller with net::ParseNetworkRange (config knows no net).
  std::vector<std::string> allowed_networks;
  std::string ca_file;                  // PEM of extra CAs to trust ("" = system store only)
  // Adaptive refresh: each feed is fetched again after an interval learned
  // from its posting rate, TTL and Cache-Control, kept within these bounds.
  int min_refresh_minutes = 5;
  int max_refresh_minutes = 24 * 60;
};

struct SourceConfig {
  std::string name;
  std::string url;                      // feed URL
  std::string site_url;
  std::string display = "full";         // "full" | "excerpt"
  // Extraction overrides for the few sites the automatic path gets wrong
  // (CSS selectors: tag .class #id [attr=v], descendant/child, commas).
  std::string body_selector;            // the article body, when it matches
  std::vector<std::string> remove_selectors;  // never part of the article
  // Fetch settings of this source.
  std::map<std::string, std::string> headers;  // extra request headers
  std::string cookies;                  // Cookie header value, "a=1; b=2"
  std::string proxy;                    // http://, https://, socks5:// or socks5h:// URL
  // Site focus: URL path prefixes ("/world/asia/"); when given, only this
  // source's articles under one of them are shown. Empty = every path.
  std::vector<std::string> sections;
};

// WebSub: push instead of polling for feeds that advertise a hub. Needs
// [site] base_url (the hub calls <base_url>/websub/<source id>).
struct WebSubConfig {
  bool enabled = true;
  int lease_days = 10;                  // lease asked of hubs; renewed a day before it ends
};

struct DemoConfig {
  std::string listen = "127.0.0.1:8090";  // where `herald run` serves the demo newsroom
};

// A topic ([topics.NAME]): a named rule sorting articles into a page and
// feeds of their own. How keywords and regexes match: topics/matcher.h.
struct TopicConfig {
  std::string name;                           // the table's key: /topic/NAME
  std::string title;                          // shown to readers; "" = name
  std::vector<std::string> keywords;          // any one matches; "elect*" = prefix
  std::vector<std::string> exclude_keywords;  // any one vetoes
  std::vector<std::string> regexes;           // any one matches (ICU syntax, case-insensitive)
  std::vector<std::string> exclude_regexes;   // any one vetoes
  std::vector<std::string> languages;         // "zh" also takes "zh-TW"; empty = any
  std::vector<std::string> sources;           // source names or ids; empty = any
  int min_words = 0;
};

// The site's focus ([focus]): a topic rule without a name, applied to the
// whole site. Articles outside it are stored but not shown; empty = all.
// How terms match: topics/matcher.h; how the parts combine: topics/focus.h.
struct FocusConfig {
  std::vector<std::string> keywords;          // any one must match; empty = any text
  std::vector<std::string> exclude_keywords;  // any one leaves the article out
  std::vector<std::string> regexes;           // any one must match (ICU syntax, case-insensitive)
  std::vector<std::string> exclude_regexes;   // any one leaves the article out
  std::vector<std::string> languages;         // "zh" also takes "zh-TW"; empty = any
  int min_words = 0;
};

// [store]: where herald keeps everything. Without a url, the SQLite file
// DATA/herald.db; with one, a PostgreSQL database shared by every process.
// HERALD_STORE_URL in the environment overrides url (keeps a password out
// of the file).
struct StoreConfig {
  std::string url;                      // "postgresql://user@host:5432/herald"; "" = SQLite
  // How many matches search and related articles rank at most (the newest,
  // or those stored nearest the article); 0 ranks every match. Smaller is
  // faster on a large store, PostgreSQL above all (docs/benchmarks.md).
  int search_window = 5000;
  int related_window = 1000;
};

// [retention]: what is kept. Articles older than max_age_days (by published
// time, else fetched) are deleted, featured ones excepted; 0 keeps all.
struct RetentionConfig {
  int max_age_days = 0;
  int image_cache_mib = 512;            // the image proxy's disk cache cap
};

// [log]: "text" (human) or "json" (one object per line, for collectors).
struct LogConfig {
  std::string format = "text";
  std::string level = "info";           // "debug" | "info" | "warn" | "error"
};

// [worker]: `herald worker` processes sharing the work through the store.
struct WorkerConfig {
  int job_lease_seconds = 600;          // a dead worker's pages are taken over after this
  int source_lease_seconds = 300;       // likewise its feeds
  int poll_seconds = 5;                 // idle wait between looks for work
  int max_backoff_seconds = 60;         // cap on the wait after a database error
};

struct Config {
  std::string path;                     // file it came from ("" = defaults)
  StoreConfig store;
  RetentionConfig retention;
  LogConfig log;
  WorkerConfig worker;
  SiteConfig site;
  FetchConfig fetch;
  WebSubConfig websub;
  DemoConfig demo;
  std::vector<SourceConfig> sources;
  std::vector<TopicConfig> topics;      // in the order the file lists them
  FocusConfig focus;
};

// Reads `path`. A missing file is an error (the user named it).
Result<Config> LoadConfig(const std::string& path);

// Parses TOML text; `path` is used in messages only.
Result<Config> ParseConfig(std::string_view toml_text, const std::string& path);

}  // namespace herald::config
