// herald stories cluster IN.jsonl
//
// Offline story clustering and copy detection, for evaluation: reads JSON
// lines {id, url, source, published, language?, title, text}, feeds them to
// one StoryEngine in the order given, and prints one JSON line per article:
// {"id", "story", "duplicate_of"} (the contract of shared/tools/story-eval).
// Story ids are printed after the whole input is processed, resolved through
// merges, so an article always shows its story's surviving id.
#include <nlohmann/json.hpp>

#include <cstdio>

#include "cli/commands.h"
#include "common/time.h"
#include "story/engine.h"

namespace herald::cli {
namespace {

std::string StringField(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// One input line as an engine article. `previous_utc` stands in for a
// missing or unreadable date, so such an article keeps its place in time.
Result<story::ArticleInput> ParseArticleLine(std::string_view line, int64_t previous_utc) {
  nlohmann::json object = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!object.is_object()) return MakeError(ErrorKind::kInvalidInput, "not a JSON object");
  story::ArticleInput article;
  article.id = StringField(object, "id");
  if (article.id.empty()) return MakeError(ErrorKind::kInvalidInput, "no string \"id\"");
  article.source = StringField(object, "source");
  article.language = StringField(object, "language");
  article.title = StringField(object, "title");
  article.text = StringField(object, "text");
  auto published = ParseDate(StringField(object, "published"));
  article.published_utc = published ? published->utc_seconds : previous_utc;
  return article;
}

// Clusters every line of `path`. A bad line is reported and skipped; the
// others are still clustered and printed.
int ClusterFile(const std::string& path) {
  auto bytes = ReadInput(path);
  if (!bytes.ok()) return Fail(bytes.error());
  story::StoryEngine engine;
  struct Output {
    std::string id;
    story::Assignment assignment;
  };
  std::vector<Output> outputs;
  int64_t previous_utc = 0;
  int bad_lines = 0, line_number = 0;
  std::string_view rest = *bytes;
  while (!rest.empty()) {
    size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto article = ParseArticleLine(line, previous_utc);
    auto assignment = article.ok() ? engine.Add(*article) : Result<story::Assignment>(article.error());
    if (!assignment.ok()) {
      std::fprintf(stderr, "herald: %s:%d: %s; line skipped\n", path.c_str(), line_number,
                   assignment.message().c_str());
      ++bad_lines;
      continue;
    }
    previous_utc = article->published_utc;
    outputs.push_back({article->id, std::move(*assignment)});
  }
  for (const Output& out : outputs) {
    nlohmann::json line = {{"id", out.id},
                           {"story", engine.ResolveStory(out.assignment.story_id)},
                           {"duplicate_of", out.assignment.duplicate_of ? nlohmann::json(*out.assignment.duplicate_of)
                                                                        : nlohmann::json(nullptr)}};
    std::printf("%s\n", line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  }
  if (bad_lines > 0)
    return Fail(std::to_string(bad_lines) + " line(s) of " + path + " could not be read (see above)", kExitUsage);
  return kExitOk;
}

}  // namespace

void AddStoriesCommand(CLI::App& app, const CommonOptions&, int* exit_status) {
  CLI::App* stories = app.add_subcommand("stories", "Story clusters and syndicated copies");
  stories->require_subcommand(1);
  auto file = std::make_shared<std::string>();
  CLI::App* cluster = stories->add_subcommand(
      "cluster",
      "Cluster articles offline: reads JSON lines {id, url, source, published, language?, title, text} in the "
      "order given, prints JSON lines {id, story, duplicate_of}");
  cluster->add_option("file", *file, "JSON Lines file, or - for standard input")->required();
  cluster->callback([file, exit_status] { *exit_status = ClusterFile(*file); });
}

}  // namespace herald::cli
