// herald run | serve | ingest [--once]
#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "cli/service.h"
#include "cli/signals.h"
#include "cli/work_loop.h"

namespace herald::cli {
namespace {

// The graceful end of serving: no new connections, requests in flight
// finish, for at most [site] shutdown_timeout_seconds.
void DrainSite(SiteServer& site, const config::Config& config) {
  spdlog::info("stopping: finishing requests in flight (up to {} s)", config.site.shutdown_timeout_seconds);
  if (!site.server->Drain(std::chrono::seconds(config.site.shutdown_timeout_seconds)))
    spdlog::warn("site: requests still running after {} s were cut off", config.site.shutdown_timeout_seconds);
}

}  // namespace

void AddRunCommand(CLI::App& app, const CommonOptions& common, int* exit_status) {
  CLI::App* cmd = app.add_subcommand(
      "run", "Fetch sources on a schedule and serve the site, in one process (the demo newsroom when no sources are configured)");
  cmd->callback([&common, exit_status] {
    auto started = StartService(common, /*serves_site=*/true);
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
    // The site has a store connection of its own: on SQLite (WAL) its reads
    // then go on while ingest writes, instead of queueing behind every write
    // on one connection (docs/benchmarks.md, "Mixed traffic while ingesting").
    auto site_store = OpenStore(common);
    if (!site_store.ok()) {
      *exit_status = Fail(site_store.error());
      return;
    }
    auto receiver = MakePushReceiver(**site_store, config, demo->server != nullptr);
    auto site = StartSite(**site_store, config, common, receiver.get(),  // serve at once, fill as we go
                          /*demo_mode=*/demo->server != nullptr);
    if (!site.ok()) {
      *exit_status = Fail(site.error());
      return;
    }
    WorkLoopOptions loop;
    loop.demo_mode = demo->server != nullptr;
    loop.receiver = receiver.get();
    loop.image_cache_dir = common.data_dir + "/images";
    *exit_status = RunWorkLoop(*store, config, loop);
    DrainSite(*site, config);
  });
}

void AddServeCommand(CLI::App& app, const CommonOptions& common, int* exit_status) {
  CLI::App* cmd = app.add_subcommand("serve", "Serve the site and nothing else (no fetching)");
  cmd->callback([&common, exit_status] {
    auto started = StartService(common, /*serves_site=*/true);
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
    DrainSite(*site, started->config);
  });
}

void AddIngestCommand(CLI::App& app, const CommonOptions& common, int* exit_status) {
  auto once = std::make_shared<bool>(false);
  auto due_only = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("ingest", "Fetch sources and store new articles");
  cmd->add_flag("--once", *once,
                "One round over every source, then exit (default: keep fetching each source when it is due)");
  cmd->add_flag("--due-only", *due_only, "With --once: only the sources whose refresh time has come (for cron)");
  cmd->callback([&common, exit_status, once, due_only] {
    auto started = StartService(common, /*serves_site=*/false);
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
    WorkLoopOptions loop;
    loop.once = *once;
    loop.only_due = *due_only;
    loop.image_cache_dir = common.data_dir + "/images";
    *exit_status = RunWorkLoop(*started->store, started->config, loop);
  });
}

}  // namespace herald::cli
