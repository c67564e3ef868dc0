// herald extract FILE|- [--url URL] [--json]
#include <nlohmann/json.hpp>

#include <cstdio>

#include "cli/commands.h"
#include "extract/extract.h"

namespace herald::cli {

void AddExtractCommand(CLI::App& app, const CommonOptions&, int* exit_status) {
  struct Flags {
    std::string file;
    std::string url;
    bool json = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* cmd = app.add_subcommand("extract", "Extract an article (text and metadata) from an HTML page");
  cmd->add_option("file", flags->file, "HTML file, or - for standard input")->required();
  cmd->add_option("--url", flags->url, "The page's URL (base for relative links)");
  cmd->add_flag("--json", flags->json, "Print one JSON object (the default output is title and text)");
  cmd->callback([flags, exit_status] {
    auto bytes = ReadInput(flags->file);
    if (!bytes.ok()) {
      *exit_status = Fail(bytes.error());
      return;
    }
    auto article = extract::Extract(*bytes, {flags->url, ""});
    if (!article.ok()) {
      *exit_status = Fail(flags->file + ": " + article.message(), kExitUsage);
      return;
    }
    if (flags->json) {
      std::printf("%s\n", extract::ToJson(*article).dump(2).c_str());
    } else {
      std::printf("%s\n\n%s\n", article->title.c_str(), article->text.c_str());
    }
  });
}

}  // namespace herald::cli
