// Extract over real pages of the article-extraction benchmark: no crash, and
// text found on most pages. (Quality is scored by tools/extract-eval.)
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "extract/extract.h"

#include <nlohmann/json.hpp>

#ifdef HERALD_HAVE_ZLIB
#include <zlib.h>
#endif

namespace herald::extract {
namespace {

namespace fs = std::filesystem;

#ifdef HERALD_HAVE_ZLIB
std::string Gunzip(const fs::path& path) {
  std::string out;
  gzFile file = gzopen(path.c_str(), "rb");
  if (!file) return out;
  char buffer[1 << 15];
  int n;
  while ((n = gzread(file, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<size_t>(n));
  gzclose(file);
  return out;
}
#endif

TEST(ExtractBenchmarkTest, FirstPagesExtractWithText) {
#ifndef HERALD_HAVE_ZLIB
  GTEST_SKIP() << "built without zlib; cannot read .html.gz pages";
#else
  fs::path dir = fs::path(HERALD_SHARED_DIR) / "datasets/article-extraction-benchmark/html";
  if (!fs::is_directory(dir)) GTEST_SKIP() << dir << " is absent; skipping the benchmark pages";
  std::vector<fs::path> pages;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().string().ends_with(".html.gz")) pages.push_back(entry.path());
  }
  std::sort(pages.begin(), pages.end());
  if (pages.size() > 20) pages.resize(20);
  ASSERT_FALSE(pages.empty());
  size_t with_text = 0;
  for (const fs::path& page : pages) {
    Result<Article> article = Extract(Gunzip(page), {"https://example.com/article", ""});
    ASSERT_TRUE(article.ok()) << page << ": " << article.message();
    if (article->text.size() > 200) ++with_text;
    nlohmann::json json = ToJson(*article);  // must serialize (valid UTF-8)
    EXPECT_NO_THROW(json.dump()) << page;
  }
  EXPECT_GE(with_text * 10, pages.size() * 8) << with_text << " of " << pages.size() << " pages had text";
#endif
}

}  // namespace
}  // namespace herald::extract
