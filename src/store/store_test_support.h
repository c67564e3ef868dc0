// Test-only helpers for store/ tests: a temporary directory that removes
// itself, and a fully populated sample article.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

#include "store/store.h"

namespace herald::store::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "herald-store-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline std::unique_ptr<Store> OpenOrDie(const std::string& path) {
  auto store = Store::Open(StoreOptions{.path = path});
  if (!store.ok()) {
    ADD_FAILURE() << store.message();
    return nullptr;
  }
  return std::move(store).value();
}

// Every field set to something distinctive, so a round trip that drops or
// swaps a column shows.
inline Article SampleArticle(int64_t source_id, const std::string& canonical_url) {
  Article a;
  a.source_id = source_id;
  a.url = canonical_url + "?utm_source=feed";
  a.canonical_url = canonical_url;
  a.title = "Typhoon \"Ragasa\" nears Hong Kong — 颱風樺加沙";
  a.byline = {"Jane \"JD\" Doe", "Zoë Ångström", "李小龍", "O'Brien, \\ backslash"};
  a.published = Timestamp{1759377180, 480, true};
  a.modified = Timestamp{1759380000, -330, true};
  a.site_name = "The Daily Example";
  a.lead_image_url = "https://img.example.com/lead.jpg";
  a.lead_image_caption = "Waves at the harbour";
  a.lead_image_credit = "Photo: A. Photographer";
  a.excerpt = "The storm is expected to make landfall tonight.";
  a.text = "The storm is expected to make landfall tonight.\n\nSchools are closed.";
  a.html = "<p>The storm is expected to make landfall tonight.</p><p>Schools are closed.</p>";
  a.language = "en";
  a.paywalled = true;
  a.content_hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  a.fetched_utc = 1759378000;
  a.word_count = 11;
  return a;
}

inline Source SampleSource(const std::string& feed_url) {
  Source s;
  s.name = "Example News";
  s.feed_url = feed_url;
  s.site_url = "https://example.com/";
  return s;
}

// A fresh store in a temporary directory with one source, for tests that
// need somewhere to put articles.
class StoreWithSource : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenOrDie(dir_.File("herald.db"));
    ASSERT_NE(store_, nullptr);
    auto source = store_->AddSource(SampleSource("https://example.com/feed.xml"));
    ASSERT_TRUE(source.ok()) << source.message();
    source_id_ = *source;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  int64_t source_id_ = 0;
};

}  // namespace herald::store::testing
