// `herald run` from a fresh data directory: the demo newsroom starts, gets
// ingested, and the site shows it. This is the newcomer's first minute.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <regex>
#include <thread>

#include "common/html_escape.h"
#include "demo/newsroom.h"
#include "http_get.h"
#include "process.h"

namespace herald::testing {
namespace {

const std::string kHerald = HERALD_BINARY_DIR "/herald";

class RunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("herald-run");
    site_port_ = FreeLoopbackPort();
    demo_port_ = FreeLoopbackPort();
    WriteFile(dir_ + "/herald.toml", "[site]\ntitle = \"China Desk\"\ndonate_url = \"https://donate.example/\"\n"
                                     "[demo]\nlisten = \"127.0.0.1:" + std::to_string(demo_port_) + "\"\n");
    base_ = "http://127.0.0.1:" + std::to_string(site_port_);
  }
  void TearDown() override {
    if (pid_ > 0) StopProcess(pid_);
    RemoveTree(dir_);
  }

  void StartHerald() {
    pid_ = StartProcess({kHerald, "--config", dir_ + "/herald.toml", "--data", dir_ + "/data", "--listen",
                         "127.0.0.1:" + std::to_string(site_port_), "run"},
                        dir_ + "/herald.log");
  }

  // Polls the home page until it lists exactly `want` articles or `seconds`
  // pass; what it saw last. Wire copies are listed until the story layer
  // marks them as duplicates, so "at least" would pass too early.
  size_t WaitForExactly(size_t want, int seconds) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    size_t seen = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      seen = CountOccurrences(HttpGet(base_ + "/").body, "class=\"teaser\"");
      if (seen == want) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    return seen;
  }

  // Polls the home page until it lists `want` articles or `seconds` pass.
  size_t WaitForArticles(size_t want, int seconds) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    size_t seen = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      auto home = HttpGet(base_ + "/");
      seen = CountOccurrences(home.body, "class=\"teaser\"");
      if (seen >= want) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    return seen;
  }

  std::vector<std::string> ArticleLinks() {
    std::vector<std::string> links;
    std::string body = HttpGet(base_ + "/").body;
    std::regex href("href=\"(/article/[0-9]+)\"");
    for (std::sregex_iterator it(body.begin(), body.end(), href), end; it != end; ++it) {
      std::string l = (*it)[1];
      if (std::find(links.begin(), links.end(), l) == links.end()) links.push_back(l);
    }
    return links;
  }

  // The demo articles the home page lists once the story layer has run (one
  // per wire group: copies are shown as duplicates of the first), at most a page.
  static size_t ListedDemoArticles() {
    size_t originals = 0;
    for (const demo::Truth& t : demo::Articles()) originals += t.syndicated_from.empty() ? 1 : 0;
    return std::min<size_t>(originals, 30);
  }
  // Whether `t` is a wire copy or has copies.
  static bool InWireGroup(const demo::Truth& t) {
    if (!t.syndicated_from.empty()) return true;
    for (const demo::Truth& other : demo::Articles())
      if (other.syndicated_from == t.path) return true;
    return false;
  }

  std::string dir_, base_;
  int site_port_ = 0, demo_port_ = 0;
  pid_t pid_ = -1;
};

TEST_F(RunTest, FreshStartShowsTheDemoNewsroomWithinAMinute) {
  StartHerald();
  size_t want = ListedDemoArticles();
  ASSERT_GE(want, 10u);
  EXPECT_EQ(WaitForExactly(want, 60), want) << ReadFile(dir_ + "/herald.log");

  auto home = HttpGet(base_ + "/");
  EXPECT_NE(home.body.find("China Desk"), std::string::npos);
  EXPECT_NE(home.body.find(">Donate</a>"), std::string::npos);
  EXPECT_EQ(home.body.find("<script"), std::string::npos) << "a script element reached the page";

  // Every article page: title once, caption once, no player junk, source link.
  std::vector<std::string> links = ArticleLinks();
  ASSERT_GE(links.size(), 10u);
  size_t escaped_script_titles = 0;
  for (const auto& link : links) {
    SCOPED_TRACE(link);
    auto page = HttpGet(base_ + link);
    ASSERT_EQ(page.status, 200);
    EXPECT_EQ(CountOccurrences(page.body, "<h1>"), 1u);
    // The only script element is our JSON-LD (data, never executed).
    EXPECT_EQ(CountOccurrences(page.body, "<script"), CountOccurrences(page.body, "<script type=\"application/ld+json\">"));
    EXPECT_LE(CountOccurrences(page.body, "<script"), 1u);
    EXPECT_LE(CountOccurrences(page.body, "<figcaption"), 1u);
    for (const char* junk : {"Your browser does not support", "您的浏览器不支持", "Listen to this article"})
      EXPECT_EQ(page.body.find(junk), std::string::npos) << junk;
    EXPECT_EQ(CountOccurrences(page.body, ">Source link</a>"), 1u);
    if (page.body.find("&lt;script&gt;") != std::string::npos) ++escaped_script_titles;
  }
  EXPECT_GE(escaped_script_titles, 1u) << "the demo's <script> title should appear escaped";

  // Each demo caption is shown exactly once (as text; the image alt may repeat it).
  std::vector<std::string> pages;
  for (const auto& link : links) pages.push_back(HttpGet(base_ + link).body);
  for (const demo::Truth& t : demo::Articles()) {
    if (t.lead_image_caption.empty() || t.paywalled) continue;
    SCOPED_TRACE(t.path);
    const std::string* page = nullptr;
    for (const auto& body : pages)
      if (body.find("<h1>" + EscapeHtml(t.title) + "</h1>") != std::string::npos) page = &body;
    if (page == nullptr && InWireGroup(t)) continue;  // the group is listed once, as whichever member came first
    ASSERT_NE(page, nullptr) << "no article page titled " << t.title;
    EXPECT_EQ(CountOccurrences(*page, ">" + EscapeHtml(t.lead_image_caption)), 1u);
    EXPECT_EQ(CountOccurrences(*page, "<figcaption"), 1u);
    if (!t.lead_image_credit.empty()) {
      // Once as a credit within the article (the credit may also be the
      // publisher's name, which the page names elsewhere).
      std::string article = page->substr(0, page->find("</article>"));
      std::string figures;
      for (size_t at = article.find("<figure"); at != std::string::npos; at = article.find("<figure", at + 1))
        figures += article.substr(at, article.find("</figure>", at) - at);
      EXPECT_EQ(CountOccurrences(figures, EscapeHtml(t.lead_image_credit)), 1u);
    }
  }

  EXPECT_EQ(StopProcess(pid_), 0) << "herald should exit cleanly on SIGTERM";
  pid_ = -1;
}

TEST_F(RunTest, RestartKeepsArticlesWithoutDuplicates) {
  StartHerald();
  const size_t listed = ListedDemoArticles();
  ASSERT_EQ(WaitForExactly(listed, 60), listed) << ReadFile(dir_ + "/herald.log");
  size_t first = ArticleLinks().size();
  EXPECT_EQ(first, listed);
  EXPECT_EQ(StopProcess(pid_), 0);
  StartHerald();
  EXPECT_GE(WaitForArticles(first, 30), first);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(ArticleLinks().size(), first) << ReadFile(dir_ + "/herald.log");
  EXPECT_EQ(StopProcess(pid_), 0);
  pid_ = -1;
  // Every demo feed was fetched and is scheduled: `sources list` says so in words.
  auto list = RunProcess({kHerald, "--config", dir_ + "/herald.toml", "--data", dir_ + "/data", "sources", "list"});
  ASSERT_EQ(list.exit_status, 0) << list.err;
  size_t lines = 0;
  for (size_t at = 0; (at = list.out.find('\n', at)) != std::string::npos; ++at) ++lines;
  EXPECT_EQ(lines, demo::Feeds().size()) << list.out;
  size_t healthy = 0;
  for (size_t at = 0; (at = list.out.find("\tok; next fetch in ", at)) != std::string::npos; ++at) ++healthy;
  EXPECT_EQ(healthy, demo::Feeds().size()) << list.out;
}

// WebSub through the real binary: with a public base URL, `herald run`
// subscribes to the demo feeds' hub, answers its verification on the site's
// /websub/ path, and accepts the hub's signed push of a feed.
TEST_F(RunTest, SubscribesToTheHubAndAcceptsItsPushes) {
  WriteFile(dir_ + "/herald.toml", "[site]\nbase_url = \"" + base_ + "\"\n[demo]\nlisten = \"127.0.0.1:" +
                                       std::to_string(demo_port_) + "\"\n");
  StartHerald();
  ASSERT_GE(WaitForArticles(5, 60), 5u) << ReadFile(dir_ + "/herald.log");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  std::string listed;
  while (std::chrono::steady_clock::now() < deadline) {
    listed = RunProcess({kHerald, "--config", dir_ + "/herald.toml", "--data", dir_ + "/data", "sources", "list"}).out;
    if (listed.find("WebSub: active") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  ASSERT_NE(listed.find("WebSub: active"), std::string::npos) << listed << ReadFile(dir_ + "/herald.log");
  // The publisher pings the hub; the hub fetches the feed and pushes it, signed, to herald.
  std::string demo = "http://127.0.0.1:" + std::to_string(demo_port_);
  std::string topic = demo + demo::Feeds().front().path;
  auto ping = RunProcess({"/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-d",
                          "hub.mode=publish&hub.url=" + topic, demo + "/hub"});
  ASSERT_EQ(ping.out, "202") << ping.err;
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  std::string log;
  while (std::chrono::steady_clock::now() < deadline) {
    log = ReadFile(dir_ + "/herald.log");
    if (log.find("websub: push for " + topic) != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  EXPECT_NE(log.find("websub: push for " + topic), std::string::npos) << log;
  EXPECT_EQ(log.find("rejected"), std::string::npos) << log;
}

}  // namespace
}  // namespace herald::testing
