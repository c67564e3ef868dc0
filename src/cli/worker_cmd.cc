// herald worker: fetch, extract and sort into stories, without the site; as
// many processes as wanted, on as many machines, around one store (each
// turn claims what no other worker holds: see cli/work_loop.h).
#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "cli/service.h"
#include "cli/work_loop.h"

namespace herald::cli {

void AddWorkerCommand(CLI::App& app, const CommonOptions& common, int* exit_status) {
  CLI::App* cmd = app.add_subcommand(
      "worker", "Fetch, extract and sort into stories in a loop, without the site; run several, sharing one store");
  cmd->callback([&common, exit_status] {
    auto started = StartService(common, /*serves_site=*/false);
    if (!started.ok()) {
      *exit_status = Fail(started.error());
      return;
    }
    auto& [config, store] = *started;
    spdlog::info("worker {}: {} store; looking for work every {} s (SIGTERM stops after the batch in flight)",
                 ThisWorkerId(), store->BackendName(), config.worker.poll_seconds);
    WorkLoopOptions loop;
    loop.poll = true;
    loop.log_every_turn = true;
    loop.image_cache_dir = common.data_dir + "/images";
    *exit_status = RunWorkLoop(*store, config, loop);
    spdlog::info("worker {}: stopped", ThisWorkerId());
  });
}

}  // namespace herald::cli
