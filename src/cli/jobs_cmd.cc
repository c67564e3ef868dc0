// herald jobs [list] | retry
// The durable queue of article pages: how much is waiting, and the pages
// given up with their errors; `retry` queues the given-up ones again (after
// fixing a per-source rule, say).
#include <cstdio>

#include "cli/commands.h"

namespace herald::cli {
namespace {

int PrintJobs(store::Store& store) {
  auto counts = store.CountJobs();
  if (!counts.ok()) return Fail(counts.error());
  std::printf("article pages: %lld waiting, %lld being fetched, %lld given up\n",
              static_cast<long long>(counts->pending), static_cast<long long>(counts->claimed),
              static_cast<long long>(counts->failed));
  auto failed = store.FailedJobs(50);
  if (!failed.ok()) return Fail(failed.error());
  for (const store::Job& job : *failed)
    std::printf("given up after %d attempt%s: %s\n  %s\n", job.attempts, job.attempts == 1 ? "" : "s",
                job.key.c_str(), job.last_error.c_str());
  if (counts->failed > 0) std::printf("`herald jobs retry` queues the given-up pages again\n");
  return kExitOk;
}

}  // namespace

void AddJobsCommand(CLI::App& app, const CommonOptions& common, int* exit_status) {
  CLI::App* jobs = app.add_subcommand("jobs", "The queue of article pages to fetch: counts and given-up pages");
  CLI::App* list = jobs->add_subcommand("list", "Counts and the pages given up, with their errors (the default)");
  CLI::App* retry = jobs->add_subcommand("retry", "Queue every given-up page again");
  auto show = [&common, exit_status] {
    auto store = OpenStore(common);
    *exit_status = store.ok() ? PrintJobs(**store) : Fail(store.error());
  };
  list->callback(show);
  jobs->callback([jobs, show] {
    if (jobs->get_subcommands().empty()) show();
  });
  retry->callback([&common, exit_status] {
    auto store = OpenStore(common);
    if (!store.ok()) {
      *exit_status = Fail(store.error());
      return;
    }
    auto retried = (*store)->RetryFailedJobs();
    if (!retried.ok()) {
      *exit_status = Fail(retried.error());
      return;
    }
    std::printf("%lld page%s queued again; the next ingest round fetches them\n", static_cast<long long>(*retried),
                *retried == 1 ? "" : "s");
    *exit_status = kExitOk;
  });
}

}  // namespace herald::cli
