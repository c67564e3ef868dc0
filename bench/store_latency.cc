// store_latency: how long the store's reads behind each page take on a big
// store (issue 7, point 7: a million articles), measured call by call
// through store::Store on either backend.
//   store_latency --data DIR [--url postgresql://...] [--samples 200] [--window 5000] [--related-window 1000]
// DIR holds queries.txt (bench/gen_articles writes it) and, without --url,
// herald.db. For `samples` random articles and for every query: GetArticle
// (an article page's read), RelatedArticles (its related list, 5 as the site
// shows), ListArticles (the home page's newest 30) and Search (each query's
// first 20 results, then the same query again). Prints p50, p90, p99 and the
// worst, in milliseconds, per call. Nothing is cached by herald here: the
// site's page cache sits above the store.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "store/store.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Timings {
  std::string name;
  std::vector<double> ms;
};

double Percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  size_t index = static_cast<size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

void Print(const Timings& t) {
  if (t.ms.empty()) return;
  std::printf("%-28s %6zu %9.2f %9.2f %9.2f %9.2f\n", t.name.c_str(), t.ms.size(), Percentile(t.ms, 0.5),
              Percentile(t.ms, 0.9), Percentile(t.ms, 0.99), *std::max_element(t.ms.begin(), t.ms.end()));
}

// Runs `call` once and records its time; a failed call stops the benchmark.
template <typename Call>
void Time(Timings& into, Call call) {
  auto start = Clock::now();
  auto result = call();
  into.ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  if (!result.ok()) {
    std::fprintf(stderr, "store_latency: %s: %s\n", into.name.c_str(), result.message().c_str());
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string data_dir, url;
  int samples = 200;
  int64_t window = herald::store::StoreOptions{}.search_window;
  int64_t related_window = herald::store::StoreOptions{}.related_window;
  CLI::App app("Latency of the store reads behind the site's pages");
  app.add_option("--data", data_dir, "Directory with queries.txt (and herald.db without --url)")->required();
  app.add_option("--url", url, "PostgreSQL URL instead of DIR/herald.db");
  app.add_option("--samples", samples, "Random articles to read")->capture_default_str();
  app.add_option("--window", window, "StoreOptions::search_window (0: rank every match)")->capture_default_str();
  app.add_option("--related-window", related_window, "StoreOptions::related_window (0: rank every match)")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  auto store = herald::store::Store::Open({.path = data_dir + "/herald.db", .url = url, .read_only = url.empty(), .search_window = window, .related_window = related_window});
  if (!store.ok()) {
    std::fprintf(stderr, "store_latency: %s\n", store.message().c_str());
    return 1;
  }
  std::vector<std::string> queries;
  std::ifstream in(data_dir + "/queries.txt");
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) queries.push_back(line);
  auto count = (*store)->CountArticles();
  if (!count.ok() || *count == 0 || queries.empty()) {
    std::fprintf(stderr, "store_latency: no articles or no queries.txt in %s; run bench/gen_articles first\n",
                 data_dir.c_str());
    return 1;
  }
  std::printf("store: %s, %lld articles, %zu queries, %d random articles, search window %lld, related window %lld\n",
              (*store)->BackendName().c_str(), static_cast<long long>(*count), queries.size(), samples,
              static_cast<long long>(window), static_cast<long long>(related_window));

  Timings get{"GetArticle"}, related{"RelatedArticles (5)"}, home{"ListArticles (home, 30)"},
      search_first{"Search (20), first time"}, search_again{"Search (20), again"};
  std::mt19937_64 rng(29);
  std::uniform_int_distribution<int64_t> pick(1, *count);
  for (int i = 0; i < samples; ++i) {
    const int64_t id = pick(rng);
    Time(get, [&] { return (*store)->GetArticle(id); });
    Time(related, [&] { return (*store)->RelatedArticles(id, 5); });
    Time(home, [&] { return (*store)->ListArticles({}, 30); });
  }
  for (const std::string& q : queries) Time(search_first, [&] { return (*store)->Search({.text = q, .limit = 20}); });
  for (const std::string& q : queries) Time(search_again, [&] { return (*store)->Search({.text = q, .limit = 20}); });

  std::printf("%-28s %6s %9s %9s %9s %9s\n", "call (ms)", "calls", "p50", "p90", "p99", "max");
  for (const Timings* t : {&get, &related, &home, &search_first, &search_again}) Print(*t);
  return 0;
}
