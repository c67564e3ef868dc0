// `herald ingest` runs every article through the story layer as it stores
// it, and what it stores equals what `herald stories cluster` prints for the
// same articles in the same order (the evaluation path measures the real one).
// The articles are shared/datasets/stories-dev, served as one JSON Feed on
// loopback; skips when the shared folder is absent.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <sstream>

#include "common/html_escape.h"
#include "httpd/server.h"
#include "process.h"
#include "store/store.h"

namespace herald::testing {
namespace {

const std::string kHerald = HERALD_BINARY_DIR "/herald";
const std::string kArticles = HERALD_SHARED_DIR "/datasets/stories-dev/articles.jsonl";

std::vector<nlohmann::json> ReadJsonLines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

// The articles as a JSON Feed 1.1, in the order given, each paragraph a <p>.
std::string JsonFeedOf(const std::vector<nlohmann::json>& articles) {
  nlohmann::json items = nlohmann::json::array();
  for (const nlohmann::json& a : articles) {
    std::string html, text = a["text"].get<std::string>();
    for (size_t at = 0; at <= text.size();) {
      size_t end = text.find("\n\n", at);
      if (end == std::string::npos) end = text.size();
      if (end > at) html += "<p>" + EscapeHtml(text.substr(at, end - at)) + "</p>";
      at = end + 2;
    }
    items.push_back({{"id", a["url"]}, {"url", a["url"]}, {"title", a["title"]},
                     {"content_html", html}, {"date_published", a["published"]}});
  }
  return nlohmann::json{{"version", "https://jsonfeed.org/version/1.1"}, {"title", "stories-dev"}, {"items", items}}
      .dump();
}

TEST(StoriesIngestTest, IngestStoresWhatStoriesClusterPrints) {
  if (!std::filesystem::exists(kArticles))
    GTEST_SKIP() << "needs " << kArticles << " (the shared datasets folder); not in this checkout";
  std::vector<nlohmann::json> articles = ReadJsonLines(ReadFile(kArticles));
  ASSERT_GT(articles.size(), 100u);
  const std::string feed = JsonFeedOf(articles);
  auto server = httpd::Server::Start({}, [&](const httpd::Request&) {
    httpd::Response r;
    r.content_type = "application/feed+json";
    r.body = feed;
    return r;
  });
  ASSERT_TRUE(server.ok()) << server.message();

  std::string dir = MakeTempDir("herald-stories-ingest");
  std::string data = dir + "/data", config = dir + "/herald.toml";
  WriteFile(config,
            "[fetch]\nallow_private_networks = true\nper_host_delay_ms = 0\narticle_pages = false\n"
            "max_articles_per_feed = 1000\n");
  auto herald = [&](std::vector<std::string> args) {
    std::vector<std::string> argv = {kHerald, "--data", data, "--config", config};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProcess(argv);
  };
  auto add = herald({"sources", "add", "--no-fetch", (*server)->base_url() + "/feed.json"});
  ASSERT_EQ(add.exit_status, 0) << add.err;
  auto ingest = herald({"ingest", "--once"});
  ASSERT_EQ(ingest.exit_status, 0) << ingest.err;
  EXPECT_NE(ingest.err.find("stories: " + std::to_string(articles.size()) + " article(s)"), std::string::npos)
      << ingest.err;
  auto cluster = RunProcess({kHerald, "stories", "cluster", kArticles});
  ASSERT_EQ(cluster.exit_status, 0) << cluster.err;

  // What the evaluation path printed, keyed by URL.
  std::map<std::string, std::string> url_of_id;
  for (const nlohmann::json& a : articles) url_of_id[a["id"]] = a["url"];
  struct Verdict {
    int64_t story = 0;
    std::string duplicate_of_url;
  };
  std::map<std::string, Verdict> printed;
  for (const nlohmann::json& line : ReadJsonLines(cluster.out)) {
    Verdict v{line["story"].get<int64_t>(), ""};
    if (line["duplicate_of"].is_string()) v.duplicate_of_url = url_of_id[line["duplicate_of"].get<std::string>()];
    printed[url_of_id[line["id"].get<std::string>()]] = v;
  }
  ASSERT_EQ(printed.size(), articles.size());

  // What ingest stored.
  auto store = store::Store::Open({.path = data + "/herald.db", .read_only = true});
  ASSERT_TRUE(store.ok()) << store.message();
  std::map<std::string, Verdict> stored;
  int copies = 0;
  for (int64_t after = 0;;) {
    auto batch = (*store)->ArticlesForRules(after, 500);
    ASSERT_TRUE(batch.ok()) << batch.message();
    if (batch->empty()) break;
    for (const store::ArticleForRules& row : *batch) {
      auto article = (*store)->GetArticle(row.id);
      ASSERT_TRUE(article.ok() && *article);
      auto story = (*store)->ResolveStory((*article)->story_id);
      ASSERT_TRUE(story.ok());
      Verdict v{*story, ""};
      if ((*article)->duplicate_of != 0) {
        auto original = (*store)->GetArticle((*article)->duplicate_of);
        ASSERT_TRUE(original.ok() && *original);
        v.duplicate_of_url = (*original)->url;
        ++copies;
      }
      stored[(*article)->url] = v;
    }
    after = batch->back().id;
  }
  ASSERT_EQ(stored.size(), articles.size());
  EXPECT_GT(copies, 20) << "the set has 36 copies; the story layer found few";
  int differences = 0;
  for (const auto& [url, want] : printed) {
    const Verdict& got = stored[url];
    if (got.story != want.story || got.duplicate_of_url != want.duplicate_of_url) {
      if (++differences <= 5)
        ADD_FAILURE() << url << ": stored story " << got.story << " copy of '" << got.duplicate_of_url
                      << "', cluster printed story " << want.story << " copy of '" << want.duplicate_of_url << "'";
    }
  }
  EXPECT_EQ(differences, 0);
  RemoveTree(dir);
}

}  // namespace
}  // namespace herald::testing
