// herald reprocess [--refetch] [--progress-every N]
// Re-applies the config's topic rules and site focus to every stored article
// (after editing [topics.NAME], [focus] or [[sources]] sections), and queues
// the article pages of sources whose extraction rules changed so that the
// next ingest round extracts them again (Miniflux #476 asks for exactly this).
#include <algorithm>
#include <cstdio>
#include <memory>
#include <set>

#include "cli/commands.h"
#include "cli/service.h"
#include "common/time.h"
#include "pipeline/entry_job.h"
#include "topics/apply.h"
#include "topics/focus_apply.h"

namespace herald::cli {
namespace {

struct ReprocessFlags {
  bool refetch = false;       // every source's pages, not only those with changed rules
  int progress_every = 1000;  // articles between progress lines
};

// Written in batches: one transaction each, not one for the whole store.
constexpr int kArticlesPerBatch = 500;
constexpr size_t kJobsPerWrite = 500;

// "topics: 1000/5321 articles" every `every` articles, and at the end.
topics::Progress ProgressPrinter(const char* pass, int64_t total, int every) {
  auto last = std::make_shared<int64_t>(0);
  return [pass, total, every, last](int64_t done) {
    if (done - *last < every && done != total) return;
    *last = done;
    std::fprintf(stderr, "reprocess: %s %lld/%lld articles\n", pass, static_cast<long long>(done),
                 static_cast<long long>(total));
  };
}

// Sources whose pages are queued: all with --refetch, else those whose
// extraction fingerprint changed since it was recorded. Records the new
// fingerprints (the queued jobs extract under them).
Result<std::set<int64_t>> SourcesToRefetch(store::Store& store, const config::Config& config, bool all) {
  auto sources = store.ListSources();
  if (!sources.ok()) return sources.error();
  std::set<int64_t> chosen;
  for (const store::Source& source : *sources) {
    const std::string key = ExtractionFingerprintKey(source.id);
    const std::string now = ExtractionFingerprint(config, source);
    auto stored = store.GetMeta(key);
    if (!stored.ok()) return stored.error();
    // Never recorded: how its articles were extracted is unknown; only --refetch redoes them.
    if (all || (!stored->empty() && *stored != now)) chosen.insert(source.id);
    if (*stored != now) {
      if (Status saved = store.SetMeta(key, now); !saved.ok()) return saved.error();
    }
  }
  return chosen;
}

// Queues a page job for every stored article of `sources`; returns how many.
Result<int64_t> QueueRefetch(store::Store& store, const std::set<int64_t>& sources) {
  int64_t queued = 0;
  std::vector<store::Job> jobs;
  auto flush = [&]() -> Status {
    if (jobs.empty()) return Status::Ok();
    if (Status st = store.EnqueueJobs(jobs, NowUtcSeconds()); !st.ok()) return st;
    queued += static_cast<int64_t>(jobs.size());
    jobs.clear();
    return Status::Ok();
  };
  for (int64_t after = 0;;) {
    auto batch = store.ArticlesForRules(after, static_cast<int>(kJobsPerWrite));
    if (!batch.ok()) return batch.error();
    if (batch->empty()) break;
    after = batch->back().id;
    for (const store::ArticleForRules& a : *batch) {
      if (!sources.count(a.source_id)) continue;
      auto article = store.GetArticle(a.id);
      if (!article.ok()) return article.error();
      if (!article->has_value()) continue;  // deleted meanwhile
      jobs.push_back(pipeline::RefetchJob(**article));
    }
    if (jobs.size() >= kJobsPerWrite) {
      if (Status st = flush(); !st.ok()) return st.error();
    }
  }
  if (Status st = flush(); !st.ok()) return st.error();
  return queued;
}

int Reprocess(const CommonOptions& common, const ReprocessFlags& flags) {
  auto config = LoadSettings(common);
  if (!config.ok()) return Fail(config.error());
  if (Status rules = ValidateConfig(*config); !rules.ok()) return Fail(rules.error());
  if (flags.refetch && !config->fetch.article_pages)
    return Fail("reprocess --refetch: [fetch] article_pages = false, so herald stores the feeds' own content and "
                "fetches no pages; set it to true in " + (config->path.empty() ? "the config" : config->path) +
                    " to re-extract pages",
                kExitUsage);
  auto store = OpenStore(common);
  if (!store.ok()) return Fail(store.error());
  // Sources added to the config since the last run get their sections too.
  if (Status st = SyncConfiguredSources(**store, *config); !st.ok()) return Fail(st.error());
  auto total = (*store)->CountArticles();
  if (!total.ok()) return Fail(total.error());

  auto topic_rules = TopicMatcherFrom(*config);
  if (!topic_rules.ok()) return Fail(topic_rules.error());
  // Progress comes after each batch (one transaction), so a batch is at most
  // the progress step.
  const int batch_size = std::min(kArticlesPerBatch, flags.progress_every);
  auto topic_report = topics::ApplyTopics(**store, **topic_rules, batch_size,
                                    ProgressPrinter("topics", *total, flags.progress_every));
  if (!topic_report.ok())
    return Fail("reprocess: topics: " + topic_report.message() + "; nothing is lost, run it again", kExitFailure);

  auto focus_rule = FocusMatcherFrom(*config, **store);
  if (!focus_rule.ok()) return Fail(focus_rule.error());
  auto focus_report =
      topics::ApplyFocus(**store, **focus_rule, batch_size, ProgressPrinter("focus", *total, flags.progress_every));
  if (!focus_report.ok())
    return Fail("reprocess: focus: " + focus_report.message() + "; nothing is lost, run it again", kExitFailure);

  std::printf("reprocessed %lld article(s): %lld changed topics (%lld topic membership(s) now), "
              "%lld entered or left the focus (%lld outside it now)\n",
              static_cast<long long>(topic_report->articles), static_cast<long long>(topic_report->changed),
              static_cast<long long>(topic_report->memberships), static_cast<long long>(focus_report->changed),
              static_cast<long long>(focus_report->out_of_focus));

  if (!config->fetch.article_pages) return kExitOk;  // nothing is extracted from pages
  auto sources = SourcesToRefetch(**store, *config, flags.refetch);
  if (!sources.ok()) return Fail(sources.error());
  if (sources->empty()) {
    std::printf(flags.refetch ? "no sources: no article pages queued\n"
                              : "extraction rules unchanged: no article pages queued (--refetch queues them all)\n");
    return kExitOk;
  }
  auto queued = QueueRefetch(**store, *sources);
  if (!queued.ok()) return Fail("reprocess: queuing pages: " + queued.message() + "; run it again", kExitFailure);
  std::printf("queued %lld article page(s) of %zu source(s) to extract again; the next `herald ingest --once` "
              "or round of `herald run` fetches them (`herald jobs` shows the queue)\n",
              static_cast<long long>(*queued), sources->size());
  return kExitOk;
}

}  // namespace

void AddReprocessCommand(CLI::App& app, const CommonOptions& common, int* exit_status) {
  auto flags = std::make_shared<ReprocessFlags>();
  CLI::App* cmd = app.add_subcommand(
      "reprocess", "Apply changed topic and focus rules to every stored article; queue pages to extract again");
  cmd->add_flag("--refetch", flags->refetch,
                "Queue every stored article's page to be fetched and extracted again (by default only those of "
                "sources whose extraction rules or the extractor changed)");
  cmd->add_option("--progress-every", flags->progress_every, "Articles between progress lines on stderr")
      ->check(CLI::Range(1, 100000000))
      ->capture_default_str();
  cmd->callback([&common, exit_status, flags] { *exit_status = Reprocess(common, *flags); });
}

}  // namespace herald::cli
