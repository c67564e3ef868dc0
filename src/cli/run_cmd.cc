// herald run | serve | ingest [--once]
#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "cli/service.h"
#include "cli/signals.h"

namespace herald::cli {
namespace {

// Config, store, config sources: the start of every long-running command.
struct Started {
  config::Config config;
  std::unique_ptr<store::Store> store;
};

// Inputs are checked before the store opens: bad input touches nothing.
Result<Started> Start(const CommonOptions& common, bool serves_site) {
  auto config = LoadSettings(common);
  if (!config.ok()) return config.error();
  if (Status rules = ValidateExtractRules(*config); !rules.ok()) return rules.error();
  if (serves_site) {
    auto listen = httpd::ParseListenAddress(common.listen.empty() ? config->site.listen : common.listen);
    if (!listen.ok()) return listen.error();
  }
  auto store = OpenStore(common);
  if (!store.ok()) return store.error();
  if (Status st = SyncConfiguredSources(**store, *config); !st.ok()) return st.error();
  return Started{std::move(*config), std::move(*store)};
}

// Ingest rounds every interval until SIGINT/SIGTERM. Returns the exit status.
int IngestLoop(store::Store& store, const config::Config& config, bool demo_mode, bool once) {
  net::Fetcher fetcher(FetchOptionsFrom(config, demo_mode));
  while (true) {
    auto report = IngestRound(store, fetcher, config);
    if (!report.ok()) {
      Fail(report.error());
      if (once) return kExitFailure;
    }
    if (once) return report->feeds_failed == report->feeds_total && report->feeds_total > 0 ? kExitFailure : kExitOk;
    spdlog::info("next ingest in {} min (Ctrl-C to stop)", config.fetch.interval_minutes);
    if (WaitForTermination(config.fetch.interval_minutes * 60)) return kExitOk;
  }
}

}  // namespace

void AddRunCommand(CLI::App& app, const CommonOptions& common, int* exit_status) {
  CLI::App* cmd = app.add_subcommand(
      "run", "Fetch sources on a schedule and serve the site, in one process (the demo newsroom when no sources are configured)");
  cmd->callback([&common, exit_status] {
    auto started = Start(common, /*serves_site=*/true);
    if (!started.ok()) {
      *exit_status = Fail(started.error());
      return;
    }
    auto& [config, store] = *started;
    auto demo = StartDemoIfNoSources(*store, config);
    if (!demo.ok()) {
      *exit_status = Fail(demo.error());
      return;
    }
    auto site = StartSite(*store, config, common);  // serve at once, fill as we go
    if (!site.ok()) {
      *exit_status = Fail(site.error());
      return;
    }
    *exit_status = IngestLoop(*store, config, demo->server != nullptr, /*once=*/false);
    spdlog::info("stopping");
  });
}

void AddServeCommand(CLI::App& app, const CommonOptions& common, int* exit_status) {
  CLI::App* cmd = app.add_subcommand("serve", "Serve the site and nothing else (no fetching)");
  cmd->callback([&common, exit_status] {
    auto started = Start(common, /*serves_site=*/true);
    if (!started.ok()) {
      *exit_status = Fail(started.error());
      return;
    }
    auto site = StartSite(*started->store, started->config, common);
    if (!site.ok()) {
      *exit_status = Fail(site.error());
      return;
    }
    WaitForTermination(-1);
    spdlog::info("stopping");
  });
}

void AddIngestCommand(CLI::App& app, const CommonOptions& common, int* exit_status) {
  auto once = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("ingest", "Fetch every source and store new articles");
  cmd->add_flag("--once", *once, "One round, then exit (default: every [fetch] interval_minutes)");
  cmd->callback([&common, exit_status, once] {
    auto started = Start(common, /*serves_site=*/false);
    if (!started.ok()) {
      *exit_status = Fail(started.error());
      return;
    }
    auto sources = started->store->ListSources();
    if (sources.ok() && sources->empty()) {
      *exit_status = Fail("no sources to ingest; add one with `herald sources add URL` or [[sources]] in the config, "
                          "or try `herald run` for the demo newsroom",
                          kExitUsage);
      return;
    }
    *exit_status = IngestLoop(*started->store, started->config, false, *once);
  });
}

}  // namespace herald::cli
