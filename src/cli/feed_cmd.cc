// herald feed parse FILE [--url URL] [--json]
#include <nlohmann/json.hpp>

#include <cstdio>

#include "cli/commands.h"
#include "common/time.h"
#include "feed/feed.h"

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

}  // namespace

void AddFeedCommand(CLI::App& app, const CommonOptions&, int* exit_status) {
  struct Flags {
    std::string file;
    std::string url;
    bool json = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* feed = app.add_subcommand("feed", "Work with feed documents");
  feed->require_subcommand(1);
  CLI::App* parse = feed->add_subcommand("parse", "Parse a feed file (RSS, Atom, JSON Feed, news sitemap) and print its entries");
  parse->add_option("file", flags->file, "Feed file, or - for standard input")->required();
  parse->add_option("--url", flags->url, "The feed's URL (base for relative links)");
  parse->add_flag("--json", flags->json, "Print one JSON object (the default output is one line per entry)");
  parse->callback([flags, exit_status] {
    auto bytes = ReadInput(flags->file);
    if (!bytes.ok()) {
      *exit_status = Fail(bytes.error());
      return;
    }
    auto parsed = feed::ParseFeed(*bytes, {flags->url, ""});
    if (!parsed.ok()) {
      *exit_status = Fail(flags->file + ": " + parsed.message(), kExitUsage);
      return;
    }
    if (flags->json) {
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
