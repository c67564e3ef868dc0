// herald feed parse FILE [--url URL] [--headers H.json] [--json | --format herald-json|feedparser-json]
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "common/strings.h"
#include "common/time.h"
#include "feed/feed.h"
#include "feed/feedparser_json.h"

namespace herald::cli {
namespace {

nlohmann::json DateJson(const std::optional<Timestamp>& t) {
  return t ? nlohmann::json(FormatIso8601(*t)) : nlohmann::json(nullptr);
}

nlohmann::json FeedToJson(const feed::Feed& f) {
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& e : f.entries) {
    entries.push_back({{"id", e.id},
                       {"link", e.link},
                       {"title", e.title},
                       {"summary", e.summary},
                       {"content", e.content},
                       {"authors", e.authors},
                       {"categories", e.categories},
                       {"published", DateJson(e.published)},
                       {"updated", DateJson(e.updated)},
                       {"image_url", e.image_url},
                       {"language", e.language}});
  }
  return {{"format", f.format},     {"title", f.title},
          {"link", f.link},         {"description", f.description},
          {"language", f.language}, {"bozo", f.bozo},
          {"bozo_message", f.bozo_message}, {"child_sitemaps", f.child_sitemaps},
          {"entries", entries}};
}

// --headers: a JSON object of HTTP response headers, as if the feed had been
// fetched with them.
Result<std::map<std::string, std::string>> ReadHeaders(const std::string& path) {
  std::map<std::string, std::string> headers;
  if (path.empty()) return headers;
  auto bytes = ReadInput(path);
  if (!bytes.ok()) return bytes.error();
  nlohmann::json doc = nlohmann::json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object())
    return MakeError(ErrorKind::kInvalidInput, path + ": --headers wants a JSON object of header names to values");
  for (const auto& [name, value] : doc.items()) {
    if (value.is_string()) headers[name] = value.get<std::string>();
  }
  return headers;
}

}  // namespace

// `herald feed bench DIR`: parsing throughput on files preloaded in memory,
// single thread, best of N rounds (bench/feeds_bench.sh compares it with
// Python feedparser on the same files).
void AddBenchCommand(CLI::App& feed, int* exit_status) {
  struct Flags {
    std::string dir;
    int rounds = 5;
    std::string format = "feedparser-json";
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* bench = feed.add_subcommand("bench", "Measure feed parsing throughput on every file under a folder");
  bench->add_option("dir", flags->dir, "Folder of feed files (read once, parsed from memory)")->required();
  bench->add_option("--rounds", flags->rounds, "Rounds; the best is reported")->check(CLI::Range(1, 100));
  bench->add_option("--format", flags->format, "Parser: feedparser-json (full result) or herald (ParseFeed)")
      ->check(CLI::IsMember({"feedparser-json", "herald"}));
  bench->callback([flags, exit_status] {
    namespace fs = std::filesystem;
    std::vector<std::string> files;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(flags->dir, ec), end; !ec && it != end; it.increment(ec)) {
      if (!it->is_regular_file()) continue;
      std::string ext = it->path().extension().string();
      if (ext != ".xml" && ext != ".rss" && ext != ".atom" && ext != ".rdf" && ext != ".json") continue;
      std::ifstream in(it->path(), std::ios::binary);
      std::stringstream bytes;
      bytes << in.rdbuf();
      files.push_back(bytes.str());
    }
    if (files.empty()) {
      *exit_status = Fail(flags->dir + ": no feed files found (.xml .rss .atom .rdf .json)", kExitUsage);
      return;
    }
    double best = 1e30;
    size_t sink = 0;
    for (int round = 0; round < flags->rounds; ++round) {
      auto start = std::chrono::steady_clock::now();
      for (const std::string& bytes : files) {
        if (flags->format == "herald") {
          auto parsed = feed::ParseFeed(bytes, {"http://example.com/feed.xml", ""});
          sink += parsed.ok() ? parsed->entries.size() : 1;
        } else {
          sink += feed::ParseAsFeedparser(bytes, {"", {}}).size();
        }
      }
      best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::printf("herald %s: %zu files, best of %d: %.3f s, %.0f files/s (checksum %zu)\n", flags->format.c_str(),
                files.size(), flags->rounds, best, files.size() / best, sink);
  });
}

void AddFeedCommand(CLI::App& app, const CommonOptions&, int* exit_status) {
  struct Flags {
    std::string file;
    std::string url;
    std::string headers;
    std::string format;
    bool json = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* feed = app.add_subcommand("feed", "Work with feed documents");
  feed->require_subcommand(1);
  CLI::App* parse = feed->add_subcommand("parse", "Parse a feed file (RSS, Atom, JSON Feed, news sitemap) and print its entries");
  AddBenchCommand(*feed, exit_status);
  parse->add_option("file", flags->file, "Feed file, or - for standard input")->required();
  parse->add_option("--url", flags->url, "The feed's URL (base for relative links)");
  parse->add_option("--headers", flags->headers, "JSON file of HTTP response headers (Content-Type gives the charset)");
  parse->add_flag("--json", flags->json, "Print one JSON object (the default output is one line per entry)");
  parse->add_option("--format", flags->format, "Output: text, json (same as --json) or feedparser-json")
      ->check(CLI::IsMember({"text", "json", "feedparser-json"}));
  parse->callback([flags, exit_status] {
    auto bytes = ReadInput(flags->file);
    if (!bytes.ok()) {
      *exit_status = Fail(bytes.error());
      return;
    }
    auto headers = ReadHeaders(flags->headers);
    if (!headers.ok()) {
      *exit_status = Fail(headers.message(), kExitUsage);
      return;
    }
    if (flags->format == "feedparser-json") {
      nlohmann::json out = feed::ParseAsFeedparser(*bytes, {flags->url, *headers});
      std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
      return;
    }
    std::string content_type;
    for (const auto& [name, value] : *headers) {
      if (ToLowerAscii(name) == "content-type") content_type = value;
    }
    auto parsed = feed::ParseFeed(*bytes, {flags->url, content_type});
    if (!parsed.ok()) {
      *exit_status = Fail(flags->file + ": " + parsed.message(), kExitUsage);
      return;
    }
    if (flags->json || flags->format == "json") {
      std::printf("%s\n", FeedToJson(*parsed).dump(2).c_str());
      return;
    }
    std::printf("%s (%s, %zu entries)\n", parsed->title.c_str(), parsed->format.c_str(), parsed->entries.size());
    for (const auto& e : parsed->entries)
      std::printf("%s\t%s\t%s\n", e.published ? FormatIso8601(*e.published).c_str() : "-", e.title.c_str(),
                  e.link.c_str());
  });
}

}  // namespace herald::cli
