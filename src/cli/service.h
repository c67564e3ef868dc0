// The long-running parts that `run`, `serve` and `ingest` share: sources from
// the config, the demo newsroom, the fetcher, ingest rounds and the site.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "cli/environment.h"
#include "httpd/server.h"
#include "imageproxy/imageproxy.h"
#include "net/fetcher.h"
#include "pipeline/ingest.h"
#include "topics/focus.h"
#include "topics/matcher.h"
#include "websub/websub.h"
#include "web/site.h"

namespace herald::cli {

// Config, store, config sources: the start of every long-running command.
struct Started {
  config::Config config;
  std::unique_ptr<store::Store> store;
};
// Inputs are checked before the store opens: bad input touches nothing.
// `serves_site`: the listen address is checked too.
Result<Started> StartService(const CommonOptions& common, bool serves_site);

// Checks what the config reader cannot: per-source extraction selectors and
// [fetch] allowed_networks.
Status ValidateConfig(const config::Config& config);

// The config's [topics.NAME] rules, compiled; errors name the config file.
Result<std::shared_ptr<const topics::TopicMatcher>> TopicMatcherFrom(const config::Config& config);

// The config's [focus] rule and [[sources]] sections, compiled; sections
// are keyed by the store's ids of the config's sources (a source the store
// does not have yet has none). Errors name the config file and key.
Result<std::shared_ptr<const topics::FocusMatcher>> FocusMatcherFrom(const config::Config& config,
                                                                     store::Store& store);

// At start-up: re-applies the topic rules and the site focus to every stored
// article when they changed since the last run (topics/apply.h,
// topics/focus_apply.h), and records the extraction fingerprint of sources
// that have none yet; logs what it did.
Status ApplyConfiguredRules(store::Store& store, const config::Config& config);

// Whether a source's stored articles were extracted under today's rules:
// the meta key and the fingerprint of its [[sources]] body_selector,
// remove_selectors and the extractor's version (`herald reprocess` queues
// its pages again when they differ).
std::string ExtractionFingerprintKey(int64_t source_id);
std::string ExtractionFingerprint(const config::Config& config, const store::Source& source);

// Adds the config's [[sources]] that the store does not have yet.
Status SyncConfiguredSources(store::Store& store, const config::Config& config);

// The demo newsroom, when herald has no sources of its own.
struct Demo {
  std::unique_ptr<httpd::Server> server;  // null when not in demo mode
};

// Whether `source` is one of the demo newsroom's feeds (under [demo] listen).
bool IsDemoSource(const store::Source& source, const config::Config& config);

// Starts the demo newsroom on config.demo.listen and registers its feeds as
// sources when neither the config nor the store has any other source. When
// real sources exist, removes the demo's sources (and their articles) instead.
Result<Demo> StartDemoIfNoSources(store::Store& store, const config::Config& config);

net::FetchOptions FetchOptionsFrom(const config::Config& config, bool demo_mode);

// With an after_store hook that sets each stored article's topics and focus.
pipeline::IngestOptions IngestOptionsFrom(store::Store& store, const config::Config& config, bool only_due);

// Runs one ingest round (every source, or only the due ones) as
// `worker_id`, logging progress and each failure to stderr; stop_requested
// (optional) ends it after the batch in flight.
Result<pipeline::IngestReport> IngestRound(store::Store& store, net::Fetcher& fetcher, const config::Config& config,
                                           bool only_due, const std::string& worker_id,
                                           std::function<bool()> stop_requested = {});

// WebSub for `herald run`: subscribes to feeds that advertise a hub and
// takes the hubs' pushes into the job queue, waking the run loop.
struct PushReceiver {
  std::unique_ptr<net::Fetcher> fetcher;       // required by the Ingester; pushes fetch nothing
  std::unique_ptr<pipeline::Ingester> ingester;
  std::unique_ptr<websub::Subscriber> subscriber;
};
// Null (and a log line saying why) when [websub] is off or [site] base_url
// is empty: hubs need a public address to call.
std::unique_ptr<PushReceiver> MakePushReceiver(store::Store& store, const config::Config& config, bool demo_mode);
// After a round: subscribes to the hubs the fetched feeds advertised and
// renews the leases that end soon. Failures are logged, not fatal.
void SubscribeAndRenew(PushReceiver& receiver, store::Store& store, const pipeline::IngestReport& report);

// Starts the site on --listen or [site] listen; with a receiver, its
// callback answers under /websub/.
// The site's images go through the image proxy (cache in DATA/images/);
// `demo_mode` lets it fetch the demo newsroom's images on loopback.
struct SiteServer {
  std::unique_ptr<imageproxy::ImageProxy> images;  // outlives the server that calls it
  std::unique_ptr<web::Site> site;
  std::unique_ptr<httpd::Server> server;
};
Result<SiteServer> StartSite(store::Store& store, const config::Config& config, const CommonOptions& common,
                             PushReceiver* receiver = nullptr, bool demo_mode = false);

}  // namespace herald::cli
