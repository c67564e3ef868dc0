// Test-only helpers for store/ tests: a temporary directory that removes
// itself, and a fully populated sample article.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>
#include <string>
#include <unistd.h>

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

// ---- Both backends ----
// Store tests run against SQLite (a file in a temp dir) and PostgreSQL (a
// fresh database per test on the cluster that scripts/test.sh starts and
// names in HERALD_TEST_PG_URL). Without that variable the PostgreSQL cases
// skip with a message, unless HERALD_REQUIRE_PG=1 (make test) makes that a
// failure.
enum class Backend { kSqlite, kPostgres };

inline std::string BackendParamName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

// The URL with its database name replaced.
inline std::string WithDatabase(const std::string& url, const std::string& database) {
  size_t slash = url.rfind('/');
  size_t query = url.find('?', slash);
  return url.substr(0, slash + 1) + database + (query == std::string::npos ? "" : url.substr(query));
}

// A new empty PostgreSQL database, dropped by the destructor.
class ScratchPgDatabase {
 public:
  explicit ScratchPgDatabase(std::string cluster_url) : cluster_url_(std::move(cluster_url)) {
    static std::atomic<int> counter{0};
    name_ = "herald_t_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
    try {
      pqxx::connection admin(cluster_url_);
      pqxx::nontransaction tx(admin);
      tx.exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
      tx.exec("CREATE DATABASE " + name_ + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'");
      url_ = WithDatabase(cluster_url_, name_);
    } catch (const std::exception& e) {
      ADD_FAILURE() << "cannot create a test database on " << cluster_url_ << ": " << e.what();
    }
  }
  ~ScratchPgDatabase() {
    if (url_.empty()) return;
    try {
      pqxx::connection admin(cluster_url_);
      pqxx::nontransaction(admin).exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const std::exception&) {
    }
  }
  ScratchPgDatabase(const ScratchPgDatabase&) = delete;
  ScratchPgDatabase& operator=(const ScratchPgDatabase&) = delete;
  const std::string& url() const { return url_; }  // "" when creation failed

 private:
  std::string cluster_url_, name_, url_;
};

// The test cluster's URL, or "" after skipping/failing the current test.
inline std::string TestPgClusterUrl() {
  const char* url = std::getenv("HERALD_TEST_PG_URL");
  if (url != nullptr && *url != '\0') return url;
  const char* required = std::getenv("HERALD_REQUIRE_PG");
  if (required != nullptr && std::string(required) == "1")
    ADD_FAILURE() << "HERALD_REQUIRE_PG=1 but HERALD_TEST_PG_URL is not set (scripts/test.sh sets both)";
  return "";
}

// A fixture giving each test a fresh, empty store of its backend.
class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kSqlite) {
      options_.path = dir_.File("herald.db");
    } else {
      std::string cluster = TestPgClusterUrl();
      if (cluster.empty()) {
        if (!HasFailure())
          GTEST_SKIP() << "PostgreSQL test cluster not running: `make test` starts one; by hand: "
                          "HERALD_TEST_PG_URL=$(scripts/pg-test-cluster.sh start /tmp/herald-pg)";
        return;
      }
      database_ = std::make_unique<ScratchPgDatabase>(cluster);
      ASSERT_FALSE(database_->url().empty());
      options_.url = database_->url();
    }
    store_ = Open();
    ASSERT_NE(store_, nullptr);
  }
  void TearDown() override { store_.reset(); }

  // Another store on the same database (what a second process sees).
  std::unique_ptr<Store> Open() {
    auto store = Store::Open(options_);
    if (!store.ok()) {
      ADD_FAILURE() << store.message();
      return nullptr;
    }
    return std::move(store).value();
  }

  TempDir dir_;
  std::unique_ptr<ScratchPgDatabase> database_;
  StoreOptions options_;
  std::unique_ptr<Store> store_;
};

// BackendTest with one source, for tests that need somewhere to put articles.
class BackendWithSource : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto source = store_->AddSource(SampleSource("https://example.com/feed.xml"));
    ASSERT_TRUE(source.ok()) << source.message();
    source_id_ = *source;
  }
  int64_t source_id_ = 0;
};

#define HERALD_ON_BOTH_BACKENDS(Suite)                                                       \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite,                                                  \
                           ::testing::Values(::herald::store::testing::Backend::kSqlite,     \
                                             ::herald::store::testing::Backend::kPostgres),  \
                           ::herald::store::testing::BackendParamName)

}  // namespace herald::store::testing
