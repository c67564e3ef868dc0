// gen_articles: a store of synthetic articles for bench/web_bench.sh.
//   gen_articles --data DIR [--url postgresql://...] [--count 100000] [--sources 40] [--paragraphs 22]
// Writes DIR/herald.db (the path `herald serve --data DIR` opens; with --url,
// that PostgreSQL database instead) and
// DIR/queries.txt: 200 distinct search queries that find articles. With the
// default 22 paragraphs an article page is about 16 KB (bench/web_bench.sh);
// fewer make a million-article store fit in less time and disk. One article
// in five is Chinese. Deterministic: the same flags give the same store.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include "store/store.h"

namespace {

using herald::store::Article;

// English words for titles and paragraphs; search queries are drawn from them.
const char* const kWords[] = {
    "harbour", "typhoon", "election", "council", "budget", "railway", "river", "festival", "market", "museum",
    "school", "hospital", "bridge", "airport", "farmers", "harvest", "drought", "flood", "courts", "ministers",
    "energy", "solar", "wind", "battery", "factory", "workers", "union", "strike", "tariff", "exports",
    "imports", "currency", "inflation", "housing", "tenants", "landlords", "police", "protest", "parliament",
    "senate", "mayor", "village", "province", "island", "coast", "mountain", "forest", "wildlife", "fishing",
    "shipping", "port", "container", "rescue", "storm", "earthquake", "volcano", "science", "research",
    "university", "students", "teachers", "library", "theatre", "orchestra", "football", "marathon", "cycling",
    "tennis", "olympics", "vaccine", "clinic", "doctors", "nurses", "pension", "taxes", "customs", "border",
    "refugees", "treaty", "summit", "embassy", "satellite", "rocket", "telescope", "software", "startup",
    "bank", "loans", "savings", "insurance", "copper", "rice", "coffee", "tea", "cotton", "steel", "timber"};
// Chinese phrases for the Chinese articles; also searched.
const char* const kZhWords[] = {"台风", "港口", "选举", "预算", "铁路", "河流", "节日", "市场", "博物馆", "学校",
                                "医院", "大桥", "机场", "农民", "丰收", "干旱", "洪水", "法院", "能源", "电池",
                                "工厂", "工人", "出口", "进口", "通胀", "住房", "警察", "议会", "市长", "村庄"};

template <typename T, size_t N>
const char* Pick(const T (&words)[N], std::mt19937& rng) {
  return words[rng() % N];
}

std::string Sentence(std::mt19937& rng, bool zh, int words) {
  std::string out;
  for (int i = 0; i < words; ++i) {
    if (zh) {
      out += Pick(kZhWords, rng);
      if (i % 4 == 3) out += "，";
    } else {
      if (i) out += ' ';
      out += Pick(kWords, rng);
    }
  }
  return out + (zh ? "。" : ".");
}

Article MakeArticle(int n, int64_t source_id, int paragraphs, std::mt19937& rng) {
  bool zh = n % 5 == 4;
  Article a;
  a.source_id = source_id;
  a.canonical_url = "https://news" + std::to_string(source_id) + ".example/story/" + std::to_string(n);
  a.url = a.canonical_url;
  std::string title = Sentence(rng, zh, zh ? 6 : 8);
  title.resize(title.size() - (zh ? std::string("。").size() : 1));  // no sentence stop; "。" is 3 bytes
  if (!zh) title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
  a.title = title;
  a.byline = {"Reporter " + std::to_string(n % 97)};
  int64_t published = 1735689600 + int64_t{n} * 300;  // 2025-01-01 on, five minutes apart
  a.published = herald::Timestamp{published, 0, true};
  a.fetched_utc = published + 60;
  a.site_name = "News " + std::to_string(source_id);
  a.language = zh ? "zh" : "en";
  // 22 paragraphs: about 11 KB of HTML; with the layout and related teasers, a ~16 KB page.
  // Chinese articles have 14 for 22 English ones.
  for (int p = 0; p < (zh ? std::max(1, paragraphs * 14 / 22) : paragraphs); ++p) {
    std::string para = Sentence(rng, zh, zh ? 40 : 55);
    a.text += para + "\n\n";
    a.html += "<p>" + para + "</p>\n";
  }
  a.excerpt = a.text.substr(0, a.text.find('\n'));
  a.content_hash = "bench-" + std::to_string(n);
  a.word_count = 1000;
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data_dir, url;
  int count = 100000, sources = 40, paragraphs = 22;
  CLI::App app("Synthetic articles for the web benchmark");
  app.add_option("--data", data_dir, "Directory for herald.db and queries.txt")->required();
  app.add_option("--url", url, "PostgreSQL URL to write to instead of DIR/herald.db (queries.txt still goes to DIR)");
  app.add_option("--count", count, "Articles")->capture_default_str();
  app.add_option("--sources", sources, "Publishers")->capture_default_str();
  app.add_option("--paragraphs", paragraphs, "Paragraphs per English article")->capture_default_str()->check(CLI::Range(1, 200));
  CLI11_PARSE(app, argc, argv);

  std::filesystem::create_directories(data_dir);
  herald::store::StoreOptions options;
  if (url.empty()) options.path = data_dir + "/herald.db";
  else options.url = url;
  auto store = herald::store::Store::Open(options);
  if (!store.ok()) {
    std::fprintf(stderr, "gen_articles: %s\n", store.message().c_str());
    return 1;
  }
  std::vector<int64_t> source_ids;
  for (int s = 1; s <= sources; ++s) {
    herald::store::Source source;
    source.name = "News " + std::to_string(s);
    source.feed_url = "https://news" + std::to_string(s) + ".example/feed.xml";
    source.site_url = "https://news" + std::to_string(s) + ".example/";
    auto id = (*store)->AddSource(source);
    if (!id.ok()) {
      std::fprintf(stderr, "gen_articles: %s\n", id.message().c_str());
      return 1;
    }
    source_ids.push_back(*id);
  }
  std::mt19937 rng(20251129);
  constexpr int kBatch = 500;
  for (int start = 0; start < count; start += kBatch) {
    std::vector<Article> batch;
    for (int n = start; n < std::min(count, start + kBatch); ++n)
      batch.push_back(MakeArticle(n, source_ids[n % source_ids.size()], paragraphs, rng));
    auto put = (*store)->PutArticles(batch);
    if (!put.ok()) {
      std::fprintf(stderr, "gen_articles: %s\n", put.message().c_str());
      return 1;
    }
  }
  // 200 distinct queries: single words, word pairs, Chinese words.
  std::set<std::string> queries;
  for (const char* w : kZhWords) queries.insert(w);
  std::mt19937 qrng(7);
  for (const char* w : kWords) {
    queries.insert(w);
    if (queries.size() >= 200) break;
  }
  while (queries.size() < 200) queries.insert(std::string(Pick(kWords, qrng)) + " " + Pick(kWords, qrng));
  std::ofstream out(data_dir + "/queries.txt");
  for (const auto& q : queries) out << q << "\n";
  std::printf("gen_articles: %d articles from %d sources in %s\n", count, sources,
              url.empty() ? (data_dir + "/herald.db").c_str() : "the PostgreSQL database");
  return 0;
}
