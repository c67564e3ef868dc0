// The herald command: parses flags and hands over to one command.
#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>

#include "cli/commands.h"
#include "cli/logging.h"
#include "cli/signals.h"

#ifndef HERALD_VERSION
#define HERALD_VERSION "0.0.0"
#endif

namespace {

// CLI11 errors as one line naming the option and the fix.
int ReportParseError(const CLI::App& app, const CLI::ParseError& e) {
  std::string what = e.what();
  // "A subcommand is required" hides the real mistake when a word was not understood.
  if (std::vector<std::string> extra = app.remaining(); !extra.empty())
    what = "'" + extra.front() + "' is not a herald command or option";
  const CLI::App* sub = &app;
  while (!sub->get_subcommands().empty()) sub = sub->get_subcommands().front();
  std::string usage = sub == &app ? "herald --help" : "herald " + sub->get_name() + " --help";
  if (sub != &app && sub->get_parent() != &app) usage = "herald " + sub->get_parent()->get_name() + " " + sub->get_name() + " --help";
  return herald::cli::Fail(what + "; run '" + usage + "' for usage", herald::cli::kExitUsage);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace herald::cli;
  BlockTerminationSignals();
  // Logs and progress go to stderr; stdout carries only command output (JSON).
  spdlog::set_default_logger(spdlog::stderr_color_mt("herald"));
  (void)ConfigureLogging("text", "info");

  CLI::App app{"herald: a self-hosted news aggregation and republishing engine.\n"
               "Sources (RSS, Atom, JSON Feed, news sitemaps, OPML) -> fetch -> extract -> store -> site.",
               "herald"};
  app.set_version_flag("--version", "herald " HERALD_VERSION);
  app.require_subcommand(1);
  app.fallthrough();  // common flags may come before or after the command

  CommonOptions common;
  app.add_option("--config", common.config_path, "TOML configuration file (see docs/config.md)");
  app.add_option("--data", common.data_dir, "Directory for herald's database")->capture_default_str();
  app.add_option("--listen", common.listen, "HOST:PORT to serve on (overrides [site] listen)");
  std::string log_format;
  app.add_option("--log-format", log_format, "text or json (overrides [log] format)")
      ->check(CLI::IsMember({"text", "json"}));
  // Before the command runs: [log] from the config, and the secrets no log line may show.
  app.parse_complete_callback([&common, &log_format] { SetUpLogging(common, log_format); });

  int exit_status = kExitOk;
  AddRunCommand(app, common, &exit_status);
  AddServeCommand(app, common, &exit_status);
  AddWorkerCommand(app, common, &exit_status);
  AddIngestCommand(app, common, &exit_status);
  AddExtractCommand(app, common, &exit_status);
  AddFeedCommand(app, common, &exit_status);
  AddSourcesCommand(app, common, &exit_status);
  AddArticlesCommand(app, common, &exit_status);
  AddDemoNewsroomCommand(app, common, &exit_status);
  AddStoriesCommand(app, common, &exit_status);
  AddJobsCommand(app, common, &exit_status);
  AddReprocessCommand(app, common, &exit_status);
  AddBackupCommand(app, common, &exit_status);
  AddRestoreCommand(app, common, &exit_status);
  AddDoctorCommand(app, common, &exit_status);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return ReportParseError(app, e);
  }
  return exit_status;
}
