// herald run | serve | ingest [--once]
#include <spdlog/spdlog.h>

#include <algorithm>

#include "cli/commands.h"
#include "cli/service.h"
#include "cli/signals.h"
#include "common/time.h"
#include "pipeline/stories.h"

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
  if (Status rules = ValidateConfig(*config); !rules.ok()) return rules.error();
  if (serves_site) {
    auto listen = httpd::ParseListenAddress(common.listen.empty() ? config->site.listen : common.listen);
    if (!listen.ok()) return listen.error();
  }
  auto store = OpenStore(common);
  if (!store.ok()) return store.error();
  if (Status st = SyncConfiguredSources(**store, *config); !st.ok()) return st.error();
  if (Status st = ApplyConfiguredRules(**store, *config); !st.ok()) return st.error();
  return Started{std::move(*config), std::move(*store)};
}

// Seconds until the earliest source is due, between 30 s and the shortest
// refresh interval (so sources added meanwhile are picked up soon).
int SecondsUntilNextDue(store::Store& store, const config::Config& config) {
  const int64_t longest = int64_t{config.fetch.min_refresh_minutes} * 60;
  int64_t wait = longest;
  if (auto sources = store.ListSources(); sources.ok())
    for (const auto& s : *sources) wait = std::min(wait, s.next_fetch_utc - NowUtcSeconds());
  return static_cast<int>(std::clamp<int64_t>(wait, 30, std::max<int64_t>(30, longest)));
}

// Runs the articles stored this round through the story layer. A failure
// is logged: the articles stay unassigned and are taken up next round.
void AssignStories(pipeline::StoryStage& stories) {
  auto assigned = stories.AssignPending();
  if (!assigned.ok())
    spdlog::warn("{}", assigned.message());
  else if (*assigned > 0)
    spdlog::info("stories: {} article(s) sorted into stories and copy groups", *assigned);
}

// One round of every source (`once`), or rounds of the due sources until
// SIGINT/SIGTERM. Returns the exit status.
// With a push receiver, hubs' pushes wake the loop early to fetch the
// pushed articles.
int IngestLoop(store::Store& store, const config::Config& config, bool demo_mode, bool once, bool only_due,
               PushReceiver* receiver = nullptr) {
  net::Fetcher fetcher(FetchOptionsFrom(config, demo_mode));
  auto stories = pipeline::StoryStage::Open(store);
  if (!stories.ok()) return Fail(stories.error());
  while (true) {
    auto report = IngestRound(store, fetcher, config, only_due || !once);
    if (!report.ok()) {
      Fail(report.error());
      if (once) return kExitFailure;
    }
    AssignStories(**stories);
    if (once) return report->feeds_failed == report->feeds_total && report->feeds_total > 0 ? kExitFailure : kExitOk;
    if (receiver != nullptr && report.ok()) SubscribeAndRenew(*receiver, store, *report);
    int wait = SecondsUntilNextDue(store, config);
    if (report.ok() && report->feeds_total > 0)
      spdlog::info("next check for due feeds in {} s (Ctrl-C to stop)", wait);
    if (WaitForStopOrWork(wait) == Wakeup::kStop) return kExitOk;
  }
}

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
    auto receiver = MakePushReceiver(*store, config, demo->server != nullptr);
    auto site = StartSite(*store, config, common, receiver.get(),  // serve at once, fill as we go
                          /*demo_mode=*/demo->server != nullptr);
    if (!site.ok()) {
      *exit_status = Fail(site.error());
      return;
    }
    *exit_status =
        IngestLoop(*store, config, demo->server != nullptr, /*once=*/false, /*only_due=*/true, receiver.get());
    DrainSite(*site, config);
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
    *exit_status = IngestLoop(*started->store, started->config, false, *once, *due_only);
  });
}

}  // namespace herald::cli
