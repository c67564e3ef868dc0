// Per-stage throughput on the demo newsroom's real documents: feed parsing,
// extraction, fingerprinting and page rendering. Run with `make bench`.
// Peer comparisons (feedparser, Readability, trafilatura) live in
// docs/benchmarks.md with their own commands.
#include <benchmark/benchmark.h>

#include "demo/newsroom.h"
#include "extract/extract.h"
#include "feed/feed.h"
#include "httpd/server.h"
#include "story/fingerprint.h"
#include "web/template.h"

namespace {

using namespace herald;

const std::string kBase = "http://127.0.0.1:8090";

std::string Get(const std::string& path) {
  httpd::Request req;
  req.method = "GET";
  req.path = path;
  req.target = path;
  return demo::Serve(req, kBase).body;
}

void BM_ParseFeeds(benchmark::State& state) {
  std::vector<std::pair<std::string, std::string>> feeds;
  size_t bytes = 0;
  for (const auto& f : demo::Feeds()) {
    feeds.emplace_back(kBase + f.path, Get(f.path));
    bytes += feeds.back().second.size();
  }
  for (auto _ : state)
    for (const auto& [url, body] : feeds) benchmark::DoNotOptimize(feed::ParseFeed(body, {url, ""}));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * feeds.size()));
}
BENCHMARK(BM_ParseFeeds);

void BM_ExtractArticles(benchmark::State& state) {
  std::vector<std::pair<std::string, std::string>> pages;
  size_t bytes = 0;
  for (const auto& t : demo::Articles()) {
    pages.emplace_back(kBase + t.path, Get(t.path));
    bytes += pages.back().second.size();
  }
  for (auto _ : state)
    for (const auto& [url, body] : pages) benchmark::DoNotOptimize(extract::Extract(body, {url, ""}));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * pages.size()));
}
BENCHMARK(BM_ExtractArticles);

void BM_Fingerprint(benchmark::State& state) {
  std::string text;
  for (const auto& t : demo::Articles())
    for (const auto& p : t.paragraphs) text += p + "\n\n";
  for (auto _ : state) benchmark::DoNotOptimize(story::ContentFingerprint(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_Fingerprint);

void BM_RenderTeasers(benchmark::State& state) {
  auto t = web::Template::Compile("{{#items}}<li><a href=\"{{href}}\">{{title}}</a><p>{{excerpt}}</p></li>{{/items}}", "b");
  web::List items;
  for (const auto& a : demo::Articles())
    items.push_back(web::Object{{"href", a.path}, {"title", a.title}, {"excerpt", a.paragraphs.empty() ? "" : a.paragraphs[0]}});
  web::Object data{{"items", items}};
  for (auto _ : state) benchmark::DoNotOptimize(t->Render(data));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * items.size()));
}
BENCHMARK(BM_RenderTeasers);

}  // namespace
