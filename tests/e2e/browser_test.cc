// The site in Debian's headless Chromium: the rendered DOM of the home page
// and of an article page, as a reader's browser builds it.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "http_get.h"
#include "process.h"

namespace herald::testing {
namespace {

const std::string kHerald = HERALD_BINARY_DIR "/herald";
const std::string kChromium = "/usr/bin/chromium";

// Chromium's rendered DOM of `url`.
ProcessResult DumpDom(const std::string& url, const std::string& profile) {
  return RunProcess({kChromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--user-data-dir=" + profile, "--virtual-time-budget=3000", "--dump-dom", url});
}

TEST(BrowserTest, HomeAndArticleRenderInChromium) {
  ASSERT_EQ(access(kChromium.c_str(), X_OK), 0)
      << kChromium << " is missing: run scripts/install-deps.sh (it installs Debian's chromium)";
  std::string dir = MakeTempDir("herald-browser");
  int site_port = FreeLoopbackPort(), demo_port = FreeLoopbackPort();
  WriteFile(dir + "/herald.toml", "[demo]\nlisten = \"127.0.0.1:" + std::to_string(demo_port) + "\"\n");
  std::string base = "http://127.0.0.1:" + std::to_string(site_port);
  pid_t pid = StartProcess({kHerald, "--config", dir + "/herald.toml", "--data", dir + "/data", "--listen",
                            "127.0.0.1:" + std::to_string(site_port), "run"},
                           dir + "/herald.log");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline &&
         CountOccurrences(HttpGet(base + "/").body, "class=\"teaser\"") < 10)
    std::this_thread::sleep_for(std::chrono::milliseconds(250));

  auto home = DumpDom(base + "/", dir + "/profile");
  EXPECT_EQ(home.exit_status, 0) << home.err;
  EXPECT_GE(CountOccurrences(home.out, "class=\"teaser\""), 10u) << home.out.substr(0, 2000);
  EXPECT_NE(home.out.find("<html lang=\"en\">"), std::string::npos);

  size_t at = home.out.find("href=\"/article/");
  ASSERT_NE(at, std::string::npos);
  std::string link = home.out.substr(at + 6, home.out.find('"', at + 6) - at - 6);
  auto article = DumpDom(base + link, dir + "/profile");
  EXPECT_EQ(article.exit_status, 0);
  EXPECT_EQ(CountOccurrences(article.out, "<h1>"), 1u);
  EXPECT_NE(article.out.find(">Source link</a>"), std::string::npos);
  EXPECT_NE(article.out.find("<time datetime=\""), std::string::npos);
  // No script was injected: the only script element is our JSON-LD data.
  EXPECT_EQ(CountOccurrences(article.out, "<script"), CountOccurrences(article.out, "<script type=\"application/ld+json\">"));
  EXPECT_NE(article.out.find("class=\"views\""), std::string::npos);

  EXPECT_EQ(StopProcess(pid), 0);
  RemoveTree(dir);
}

}  // namespace
}  // namespace herald::testing
