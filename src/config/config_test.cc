#include "config/config.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>

namespace herald::config {
namespace {

TEST(Config, EmptyTextGivesDefaults) {
  auto c = ParseConfig("", "empty.toml");
  ASSERT_TRUE(c.ok()) << c.message();
  EXPECT_EQ(c->site.listen, "127.0.0.1:8080");
  EXPECT_EQ(c->site.shutdown_timeout_seconds, 30);
  EXPECT_FALSE(c->fetch.allow_private_networks);
  EXPECT_TRUE(c->sources.empty());
}

TEST(Config, ReadsAllSections) {
  auto c = ParseConfig(R"(
[site]
title = "China Desk"
language = "zh"
time_zone = "Asia/Shanghai"
donate_url = "https://example.org/donate"

[fetch]
interval_minutes = 5
allow_private_networks = true

[demo]
listen = "127.0.0.1:9999"

[[sources]]
name = "Harbour Times"
url = "https://harbour.example/rss.xml"
display = "excerpt"

[[sources]]
url = "https://other.example/atom.xml"
body_selector = "div.story-text"
remove_selectors = [".promo", "aside.more"]
headers = { "X-Api-Key" = "k-42", "Accept-Language" = "zh-CN" }
cookies = "consent=yes"
proxy = "socks5h://127.0.0.1:1080"
)", "c.toml");
  ASSERT_TRUE(c.ok()) << c.message();
  EXPECT_EQ(c->site.title, "China Desk");
  EXPECT_EQ(c->site.language, "zh");
  EXPECT_EQ(c->site.time_zone, "Asia/Shanghai");
  EXPECT_EQ(c->fetch.interval_minutes, 5);
  EXPECT_TRUE(c->fetch.allow_private_networks);
  EXPECT_EQ(c->demo.listen, "127.0.0.1:9999");
  ASSERT_EQ(c->sources.size(), 2u);
  EXPECT_EQ(c->sources[0].display, "excerpt");
  EXPECT_EQ(c->sources[1].display, "full");
  EXPECT_EQ(c->sources[1].body_selector, "div.story-text");
  EXPECT_EQ(c->sources[1].remove_selectors, (std::vector<std::string>{".promo", "aside.more"}));
  EXPECT_EQ(c->sources[1].headers,
            (std::map<std::string, std::string>{{"Accept-Language", "zh-CN"}, {"X-Api-Key", "k-42"}}));
  EXPECT_EQ(c->sources[1].cookies, "consent=yes");
  EXPECT_EQ(c->sources[1].proxy, "socks5h://127.0.0.1:1080");
}

TEST(Config, ReadsStoreRetentionLogAndWorker) {
  auto c = ParseConfig(R"(
[store]
url = "postgresql://herald@db.example:5432/herald"
search_window = 1000
related_window = 0
[retention]
max_age_days = 90
image_cache_mib = 64
[log]
format = "json"
level = "warn"
[worker]
job_lease_seconds = 120
source_lease_seconds = 60
poll_seconds = 2
max_backoff_seconds = 30
[site]
view_flush_seconds = 3
page_cache_recheck_ms = 2000
)", "ops.toml");
  ASSERT_TRUE(c.ok()) << c.message();
  EXPECT_EQ(c->store.url, "postgresql://herald@db.example:5432/herald");
  EXPECT_EQ(c->store.search_window, 1000);
  EXPECT_EQ(c->store.related_window, 0);  // rank every match
  EXPECT_EQ(c->retention.max_age_days, 90);
  EXPECT_EQ(c->retention.image_cache_mib, 64);
  EXPECT_EQ(c->log.format, "json");
  EXPECT_EQ(c->log.level, "warn");
  EXPECT_EQ(c->worker.job_lease_seconds, 120);
  EXPECT_EQ(c->worker.source_lease_seconds, 60);
  EXPECT_EQ(c->worker.poll_seconds, 2);
  EXPECT_EQ(c->worker.max_backoff_seconds, 30);
  EXPECT_EQ(c->site.view_flush_seconds, 3);
  EXPECT_EQ(c->site.page_cache_recheck_ms, 2000);

  auto defaults = ParseConfig("", "empty.toml");
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->store.url, "");  // SQLite in the data directory
  EXPECT_EQ(defaults->store.search_window, 5000);
  EXPECT_EQ(defaults->store.related_window, 1000);
  EXPECT_EQ(defaults->retention.max_age_days, 0);  // keep everything
  EXPECT_EQ(defaults->log.format, "text");
}

TEST(Config, ReadsShutdownTimeout) {
  auto c = ParseConfig("[site]\nshutdown_timeout_seconds = 5\n", "t.toml");
  ASSERT_TRUE(c.ok()) << c.message();
  EXPECT_EQ(c->site.shutdown_timeout_seconds, 5);
}

TEST(Config, ReadsFetchPolicy) {
  auto c = ParseConfig(R"(
[fetch]
connect_timeout_seconds = 5
max_retries = 0
retry_base_delay_ms = 500
max_retry_wait_ms = 60000
allowed_networks = ["192.168.1.0/24", "fd00::/8"]
ca_file = "/etc/herald/intranet-ca.pem"
min_refresh_minutes = 10
max_refresh_minutes = 720
)", "c.toml");
  ASSERT_TRUE(c.ok()) << c.message();
  EXPECT_EQ(c->fetch.connect_timeout_seconds, 5);
  EXPECT_EQ(c->fetch.max_retries, 0);
  EXPECT_EQ(c->fetch.retry_base_delay_ms, 500);
  EXPECT_EQ(c->fetch.max_retry_wait_ms, 60000);
  EXPECT_EQ(c->fetch.allowed_networks, (std::vector<std::string>{"192.168.1.0/24", "fd00::/8"}));
  EXPECT_EQ(c->fetch.ca_file, "/etc/herald/intranet-ca.pem");
  EXPECT_EQ(c->fetch.min_refresh_minutes, 10);
  EXPECT_EQ(c->fetch.max_refresh_minutes, 720);
}

// Every bad config names the file, the line and what to do.
struct BadCase {
  const char* text;
  const char* expect;
};

TEST(Config, RejectsBadInputWithOneClearLine) {
  const BadCase cases[] = {
      {"[site]\ntitel = \"x\"\n", "bad.toml:2: unknown key 'site.titel'"},
      {"[site]\ntitle = 3\n", "bad.toml:2: 'site.title' must be a string"},
      {"[fetch]\ninterval_minutes = \"often\"\n", "'fetch.interval_minutes' must be a whole number"},
      {"[fetch]\ninterval_minutes = 0\n", "'fetch.interval_minutes' must be a positive number"},
      {"[site]\nlanguage = \"fr\"\n", "use one of \"en\", \"zh\""},
      {"[bogus]\n", "unknown section or key 'bogus'"},
      {"site = 1\n", "'site' must be a table"},
      {"[[sources]]\nname = \"x\"\n", "has no url"},
      {"[[sources]]\nurl = \"u\"\ndisplay = \"all\"\n", "'sources.display'"},
      {"sources = 1\n", "[[sources]]"},
      {"[[sources]]\nurl = \"u\"\nremove_selectors = \".x\"\n", "'sources.remove_selectors' must be a list of strings"},
      {"<html><body>not toml</body></html>", "bad.toml:1:"},
      {"[site\n", "bad.toml:1:"},
      {"[site]\nshutdown_timeout_seconds = 0\n", "'site.shutdown_timeout_seconds' must be a positive number"},
      {"[fetch]\nmax_retries = -1\n", "'fetch.max_retries' must be at least 0"},
      {"[fetch]\nmin_refresh_minutes = 60\nmax_refresh_minutes = 30\n",
       "'fetch.max_refresh_minutes' must be at least min_refresh_minutes"},
      {"[fetch]\nallowed_networks = \"10.0.0.0/8\"\n", "'fetch.allowed_networks' must be a list of strings"},
      {"[[sources]]\nurl = \"u\"\nheaders = [\"X: y\"]\n", "'sources.headers' must be a table of strings"},
      {"[[sources]]\nurl = \"u\"\nheaders = { \"X Y\" = \"v\" }\n", "not a valid HTTP header name"},
      {"[[sources]]\nurl = \"u\"\nheaders = { \"X\" = \"a\\r\\nEvil: 1\" }\n", "holds a line break"},
      {"[[sources]]\nurl = \"u\"\ncookies = \"a=1\\nb=2\"\n", "'sources.cookies': holds a line break"},
      {"[[sources]]\nurl = \"u\"\nproxy = \"ftp://proxy\"\n", "is not a proxy URL"},
      {"[store]\nurl = \"mysql://db/herald\"\n", "store.url must start with postgresql://"},
      {"[store]\npath = \"x\"\n", "unknown key 'store.path'"},
      {"[store]\nsearch_window = -1\n", "'store.search_window' must be at least 0"},
      {"[store]\nrelated_window = \"all\"\n", "store.related_window"},
      {"[retention]\nmax_age_days = -1\n", "retention.max_age_days must be 0"},
      {"[retention]\nimage_cache_mib = 0\n", "'retention.image_cache_mib' must be a positive number"},
      {"[log]\nformat = \"xml\"\n", "use one of \"text\", \"json\""},
      {"[worker]\njob_lease_seconds = 0\n", "'worker.job_lease_seconds' must be a positive number"},
      {"[site]\nview_flush_seconds = 0\n", "'site.view_flush_seconds' must be a positive number"},
      {"[site]\npage_cache_recheck_ms = -1\n", "'site.page_cache_recheck_ms' must be at least 0"},
  };
  for (const auto& c : cases) {
    auto r = ParseConfig(c.text, "bad.toml");
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_NE(r.message().find(c.expect), std::string::npos) << "got: " << r.message();
    EXPECT_EQ(r.message().find('\n'), std::string::npos) << r.message();
  }
}

TEST(Config, LoadConfigReportsMissingDirectoryAndBinary) {
  auto missing = LoadConfig("/nonexistent/herald.toml");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.message().find("/nonexistent/herald.toml: config file not found"), std::string::npos);

  auto dir = LoadConfig("/tmp");
  ASSERT_FALSE(dir.ok());
  EXPECT_NE(dir.message().find("is a directory"), std::string::npos);

  std::string bin = ::testing::TempDir() + "/binary.toml";
  {
    std::ofstream out(bin, std::ios::binary);
    out << std::string("\x7f" "ELF\0\0\x01", 7);
  }
  auto b = LoadConfig(bin);
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.message().find("binary data"), std::string::npos);
}

TEST(Config, WebSubSection) {
  auto c = ParseConfig("[websub]\nenabled = false\nlease_days = 3\n", "t.toml");
  ASSERT_TRUE(c.ok()) << c.message();
  EXPECT_FALSE(c->websub.enabled);
  EXPECT_EQ(c->websub.lease_days, 3);
  EXPECT_TRUE(ParseConfig("", "t.toml")->websub.enabled);
  auto bad = ParseConfig("[websub]\nlease_days = 0\n", "t.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.message().find("lease_days"), std::string::npos) << bad.message();
  auto typo = ParseConfig("[websub]\nlease = 3\n", "t.toml");
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(typo.message().find("lease"), std::string::npos) << typo.message();
}

TEST(Config, TopicsKeepFileOrderAndEveryField) {
  auto c = ParseConfig(R"toml(
[topics.weather]
title = "Weather"
keywords = ["typhoon", "台风"]
exclude_keywords = ["fantasy"]
regexes = ['\bstorms?\b']
exclude_regexes = ["^Sponsored"]
languages = ["en", "zh"]
sources = ["Harbor Times", "3"]
min_words = 50

[topics.asia]
keywords = ["Taiwan"]
)toml", "t.toml");
  ASSERT_TRUE(c.ok()) << c.message();
  ASSERT_EQ(c->topics.size(), 2u);
  const TopicConfig& w = c->topics[0];  // file order, not the sorted key order
  EXPECT_EQ(w.name, "weather");
  EXPECT_EQ(w.title, "Weather");
  EXPECT_EQ(w.keywords, (std::vector<std::string>{"typhoon", "台风"}));
  EXPECT_EQ(w.exclude_keywords, (std::vector<std::string>{"fantasy"}));
  EXPECT_EQ(w.regexes, (std::vector<std::string>{"\\bstorms?\\b"}));
  EXPECT_EQ(w.exclude_regexes, (std::vector<std::string>{"^Sponsored"}));
  EXPECT_EQ(w.languages, (std::vector<std::string>{"en", "zh"}));
  EXPECT_EQ(w.sources, (std::vector<std::string>{"Harbor Times", "3"}));
  EXPECT_EQ(w.min_words, 50);
  EXPECT_EQ(c->topics[1].name, "asia");
  EXPECT_EQ(c->topics[1].title, "");
  EXPECT_TRUE(ParseConfig("", "t.toml")->topics.empty());
}

TEST(Config, RejectsMalformedTopics) {
  auto error_of = [](const char* text) {
    auto c = ParseConfig(text, "t.toml");
    return c.ok() ? std::string("ok") : c.message();
  };
  EXPECT_NE(error_of("[topics.x]\nkeyword = [\"a\"]\n").find("unknown key 'topics.x.keyword'"), std::string::npos);
  EXPECT_NE(error_of("[topics.x]\nkeywords = \"a\"\n").find("'topics.x.keywords' must be a list of strings"),
            std::string::npos);
  EXPECT_NE(error_of("[topics.x]\nmin_words = -1\n").find("min_words"), std::string::npos);
  EXPECT_NE(error_of("topics = 3\n").find("[topics.NAME]"), std::string::npos);
  EXPECT_NE(error_of("[topics]\nx = 3\n").find("write [topics.x]"), std::string::npos);
  EXPECT_EQ(error_of("[topics.x]\nkeywords = [\"a\"]\n").find("t.toml"), std::string::npos);  // valid
  EXPECT_NE(error_of("[topic.x]\n").find("[topics.NAME]"), std::string::npos);  // the hint names it
}

TEST(Config, FocusAndSourceSections) {
  auto c = ParseConfig(R"(
[focus]
keywords = ["typhoon", "台风"]
exclude_keywords = ["celebrity"]
regexes = ['storm\s+surge']
exclude_regexes = ["horoscope"]
languages = ["en", "zh"]
min_words = 40

[[sources]]
url = "https://news.example/feed.xml"
sections = ["/world/asia/", "/weather/"]
)", "t.toml");
  ASSERT_TRUE(c.ok()) << c.message();
  EXPECT_EQ(c->focus.keywords, (std::vector<std::string>{"typhoon", "台风"}));
  EXPECT_EQ(c->focus.exclude_keywords, (std::vector<std::string>{"celebrity"}));
  EXPECT_EQ(c->focus.regexes, (std::vector<std::string>{"storm\\s+surge"}));
  EXPECT_EQ(c->focus.exclude_regexes, (std::vector<std::string>{"horoscope"}));
  EXPECT_EQ(c->focus.languages, (std::vector<std::string>{"en", "zh"}));
  EXPECT_EQ(c->focus.min_words, 40);
  ASSERT_EQ(c->sources.size(), 1u);
  EXPECT_EQ(c->sources[0].sections, (std::vector<std::string>{"/world/asia/", "/weather/"}));
  // Absent: everything is in focus.
  auto empty = ParseConfig("", "t.toml");
  EXPECT_TRUE(empty->focus.keywords.empty() && empty->focus.exclude_regexes.empty());
  EXPECT_EQ(empty->focus.min_words, 0);
}

TEST(Config, RejectsMalformedFocus) {
  auto error_of = [](const char* text) {
    auto c = ParseConfig(text, "t.toml");
    return c.ok() ? std::string() : c.message();
  };
  EXPECT_NE(error_of("[focus]\nname = \"x\"\n").find("unknown key 'focus.name'"), std::string::npos);
  EXPECT_NE(error_of("[focus]\nkeywords = \"a\"\n").find("'focus.keywords' must be a list of strings"),
            std::string::npos);
  EXPECT_NE(error_of("[focus]\nmin_words = -3\n").find("'focus.min_words' must be at least 0"), std::string::npos);
  EXPECT_NE(error_of("focus = 3\n").find("write [focus]"), std::string::npos);
  EXPECT_NE(error_of("[[focus]]\n").find("write [focus]"), std::string::npos);
  EXPECT_NE(error_of("[[sources]]\nurl = \"https://x/f\"\nsections = [\"world/\"]\n")
                .find("t.toml:3: 'sources.sections': 'world/' is not a URL path"),
            std::string::npos);
  EXPECT_NE(error_of("[[sources]]\nurl = \"https://x/f\"\nsections = [\"\"]\n").find("sources.sections"),
            std::string::npos);
  EXPECT_NE(error_of("[[sources]]\nurl = \"https://x/f\"\nsections = \"/a/\"\n").find("must be a list of strings"),
            std::string::npos);
}

}  // namespace
}  // namespace herald::config
