#include "cli/service.h"

#include "cli/signals.h"

#include <spdlog/spdlog.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "common/strings.h"
#include "common/url.h"
#include "demo/newsroom.h"
#include "extract/extract.h"
#include "net/ssrf_guard.h"
#include "topics/apply.h"
#include "topics/focus_apply.h"

namespace herald::cli {
namespace {

// "http://HOST:PORT" of [demo] listen; "" when that is no address.
std::string DemoBaseUrl(const config::Config& config) {
  auto listen = httpd::ParseListenAddress(config.demo.listen);
  return listen.ok() ? "http://" + listen->first + ":" + std::to_string(listen->second) : "";
}

bool IsDemoSource(const store::Source& s, const std::string& demo_base) {
  return !demo_base.empty() && s.feed_url.rfind(demo_base + "/", 0) == 0;
}

std::string HostOf(const std::string& url) {
  auto parts = ParseHttpUrl(url);
  return parts.ok() ? parts->host : url;
}

// [focus] with the sections of each config source, keyed by `id_of(source)`
// (0 = not stored yet: no sections).
template <typename IdOf>
Result<std::shared_ptr<const topics::FocusMatcher>> CompileFocus(const config::Config& config, IdOf id_of) {
  topics::FocusRule rule{config.focus.keywords,        config.focus.exclude_keywords, config.focus.regexes,
                         config.focus.exclude_regexes, config.focus.languages,        config.focus.min_words,
                         {}};
  for (size_t i = 0; i < config.sources.size(); ++i) {
    if (int64_t id = id_of(i); id > 0 && !config.sources[i].sections.empty()) {
      auto& prefixes = rule.sections[id];
      prefixes.insert(prefixes.end(), config.sources[i].sections.begin(), config.sources[i].sections.end());
    }
  }
  auto matcher = topics::FocusMatcher::Create(std::move(rule));
  if (!matcher.ok()) return MakeError(ErrorKind::kInvalidInput, config.path + ": [focus] " + matcher.message());
  return std::shared_ptr<const topics::FocusMatcher>(std::move(*matcher));
}

// Records the extraction fingerprint of sources that have none: their
// articles were extracted under the rules in force (or before herald kept
// fingerprints, which is as much as can be known).
Status RecordMissingExtractionFingerprints(store::Store& store, const config::Config& config) {
  auto sources = store.ListSources();
  if (!sources.ok()) return sources.status();
  for (const store::Source& source : *sources) {
    auto stored = store.GetMeta(ExtractionFingerprintKey(source.id));
    if (!stored.ok()) return stored.status();
    if (!stored->empty()) continue;
    if (Status saved = store.SetMeta(ExtractionFingerprintKey(source.id), ExtractionFingerprint(config, source));
        !saved.ok())
      return saved;
  }
  return Status::Ok();
}

}  // namespace

Status SyncConfiguredSources(store::Store& store, const config::Config& config) {
  auto existing = store.ListSources();
  if (!existing.ok()) return existing.status();
  std::set<std::string> known;
  for (const auto& s : *existing) known.insert(s.feed_url);
  for (const auto& c : config.sources) {
    if (known.count(c.url)) continue;
    store::Source s;
    s.feed_url = c.url;
    s.name = c.name.empty() ? HostOf(c.url) : c.name;
    s.site_url = c.site_url;
    s.display = c.display;
    auto added = store.AddSource(s);
    if (!added.ok()) return added.status();
    spdlog::info("added source {} ({}) from {}", s.name, s.feed_url, config.path);
  }
  return Status::Ok();
}

bool IsDemoSource(const store::Source& source, const config::Config& config) {
  return IsDemoSource(source, DemoBaseUrl(config));
}

Result<Demo> StartDemoIfNoSources(store::Store& store, const config::Config& config) {
  auto listen = httpd::ParseListenAddress(config.demo.listen);
  if (!listen.ok()) return MakeError(ErrorKind::kInvalidInput, "[demo] listen: " + listen.message());
  std::string demo_base = "http://" + listen->first + ":" + std::to_string(listen->second);
  auto sources = store.ListSources();
  if (!sources.ok()) return sources.error();

  std::vector<store::Source> demo_sources;
  bool has_real_sources = !config.sources.empty();
  for (const auto& s : *sources) {
    if (IsDemoSource(s, demo_base)) demo_sources.push_back(s);
    else has_real_sources = true;
  }
  if (has_real_sources) {
    for (const auto& s : demo_sources) {
      spdlog::info("real sources are configured: removing demo source {}", s.name);
      if (Status st = store.RemoveSource(s.id); !st.ok()) return st.error();
    }
    return Demo{};
  }

  auto server = demo::StartNewsroom(listen->first, listen->second);
  if (!server.ok())
    return MakeError(server.error().kind, "demo newsroom: " + server.message() + " (or set [demo] listen in the config)");
  std::set<std::string> known;
  for (const auto& s : demo_sources) known.insert(s.feed_url);
  for (const auto& f : demo::Feeds()) {
    std::string url = demo_base + f.path;
    if (known.count(url)) continue;
    store::Source s;
    s.name = f.publisher;
    s.feed_url = url;
    s.site_url = demo_base + "/";
    auto added = store.AddSource(s);
    if (!added.ok()) return added.error();
  }
  spdlog::info("no sources configured: serving the demo newsroom at {} and reading its {} feeds "
               "(add real sources with `herald sources add URL` or `herald sources import-opml FILE`)",
               demo_base, demo::Feeds().size());
  return Demo{std::move(*server)};
}

net::FetchOptions FetchOptionsFrom(const config::Config& config, bool demo_mode) {
  net::FetchOptions o;
  o.user_agent = config.fetch.user_agent;
  o.timeout_seconds = config.fetch.timeout_seconds;
  o.max_body_bytes = static_cast<size_t>(config.fetch.max_body_mib) << 20;
  o.max_parallel = config.fetch.max_parallel;
  o.max_per_host = config.fetch.max_per_host;
  o.per_host_delay_ms = config.fetch.per_host_delay_ms;
  o.connect_timeout_seconds = config.fetch.connect_timeout_seconds;
  o.max_retries = config.fetch.max_retries;
  o.retry_base_delay_ms = config.fetch.retry_base_delay_ms;
  o.max_retry_wait_ms = config.fetch.max_retry_wait_ms;
  o.allowed_networks = config.fetch.allowed_networks;
  o.ca_file = config.fetch.ca_file;
  // The demo newsroom runs on loopback; nothing else is fetched in demo mode.
  o.allow_private_networks = config.fetch.allow_private_networks || demo_mode;
  return o;
}

Status ValidateConfig(const config::Config& config) {
  for (const std::string& network : config.fetch.allowed_networks) {
    if (auto range = net::ParseNetworkRange(network); !range.ok())
      return MakeError(ErrorKind::kInvalidInput, config.path + ": [fetch] allowed_networks: " + range.message());
  }
  if (!config.fetch.ca_file.empty() && access(config.fetch.ca_file.c_str(), R_OK) != 0)
    return MakeError(ErrorKind::kInvalidInput, config.path + ": [fetch] ca_file '" + config.fetch.ca_file +
                                                   "' cannot be read; give the path of a PEM file of CA certificates");
  for (const auto& s : config.sources) {
    extract::Options o;
    o.body_selector = s.body_selector;
    o.remove_selectors = s.remove_selectors;
    if (Status st = extract::ValidateOptions(o); !st.ok())
      return MakeError(ErrorKind::kInvalidInput, config.path + ": [[sources]] " + s.url + ": " + st.message());
  }
  if (auto topics = TopicMatcherFrom(config); !topics.ok()) return topics.error();
  // Checked before any store is open: ids stand in for the sources' own.
  auto focus = CompileFocus(config, [](size_t index) { return static_cast<int64_t>(index) + 1; });
  if (!focus.ok()) return focus.error();
  return Status::Ok();
}

Result<std::shared_ptr<const topics::FocusMatcher>> FocusMatcherFrom(const config::Config& config,
                                                                     store::Store& store) {
  auto sources = store.ListSources();
  if (!sources.ok()) return sources.error();
  std::map<std::string, int64_t> id_by_feed_url;
  for (const store::Source& s : *sources) id_by_feed_url[s.feed_url] = s.id;
  return CompileFocus(config, [&](size_t index) {
    auto found = id_by_feed_url.find(config.sources[index].url);
    return found == id_by_feed_url.end() ? int64_t{0} : found->second;
  });
}

std::string ExtractionFingerprintKey(int64_t source_id) {
  return "extraction.fingerprint." + std::to_string(source_id);
}

std::string ExtractionFingerprint(const config::Config& config, const store::Source& source) {
  std::string all = extract::kExtractorVersion;
  for (const config::SourceConfig& c : config.sources) {
    if (c.url != source.feed_url) continue;
    all += '\x1d' + c.body_selector;
    for (const std::string& selector : c.remove_selectors) all += '\x1f' + selector;
  }
  return Sha256Hex(all);
}

Result<std::shared_ptr<const topics::TopicMatcher>> TopicMatcherFrom(const config::Config& config) {
  std::vector<topics::TopicRule> rules;
  for (const config::TopicConfig& t : config.topics) {
    rules.push_back({t.name, t.title, t.keywords, t.exclude_keywords, t.regexes, t.exclude_regexes, t.languages,
                     t.sources, t.min_words});
  }
  auto matcher = topics::TopicMatcher::Create(std::move(rules));
  if (!matcher.ok()) return MakeError(ErrorKind::kInvalidInput, config.path + ": [topics] " + matcher.message());
  return std::shared_ptr<const topics::TopicMatcher>(std::move(*matcher));
}

Status ApplyConfiguredRules(store::Store& store, const config::Config& config) {
  auto matcher = TopicMatcherFrom(config);
  if (!matcher.ok()) return matcher.status();
  auto applied = topics::ApplyTopicsIfChanged(store, **matcher);
  if (!applied.ok()) return applied.status();
  if (applied->recomputed)
    spdlog::info("topics: rules changed; {} article(s) sorted again into {} topic membership(s)", applied->articles,
                 applied->memberships);
  auto focus = FocusMatcherFrom(config, store);
  if (!focus.ok()) return focus.status();
  auto focused = topics::ApplyFocusIfChanged(store, **focus);
  if (!focused.ok()) return focused.status();
  if (focused->recomputed && focused->articles > 0)
    spdlog::info("focus: rules changed; {} article(s) tested again, {} changed, {} outside the focus",
                 focused->articles, focused->changed, focused->out_of_focus);
  return RecordMissingExtractionFingerprints(store, config);
}

pipeline::IngestOptions IngestOptionsFrom(store::Store& store, const config::Config& config, bool only_due) {
  pipeline::IngestOptions options;
  options.job_lease_seconds = config.worker.job_lease_seconds;
  options.source_lease_seconds = config.worker.source_lease_seconds;
  options.max_articles_per_feed = config.fetch.max_articles_per_feed;
  options.fetch_article_pages = config.fetch.article_pages;
  options.max_job_attempts = config.fetch.max_page_attempts;
  options.only_due = only_due;
  options.refresh.min_seconds = int64_t{config.fetch.min_refresh_minutes} * 60;
  options.refresh.max_seconds = int64_t{config.fetch.max_refresh_minutes} * 60;
  options.refresh.default_seconds = std::clamp<int64_t>(int64_t{config.fetch.interval_minutes} * 60,
                                                        options.refresh.min_seconds, options.refresh.max_seconds);
  for (const auto& s : config.sources) {
    pipeline::SourceSettings& settings = options.settings_by_feed_url[s.url];
    settings.extract = {s.body_selector, s.remove_selectors};
    settings.headers.assign(s.headers.begin(), s.headers.end());
    settings.cookies = s.cookies;
    settings.proxy = s.proxy;
  }
  // Rules are checked at start (ValidateConfig); a store failure here leaves
  // that rule set out of this round's hook, and says so.
  std::shared_ptr<const topics::TopicMatcher> topic_rules;
  if (auto matcher = TopicMatcherFrom(config); matcher.ok() && !config.topics.empty()) topic_rules = *matcher;
  std::shared_ptr<const topics::FocusMatcher> focus;
  if (auto matcher = FocusMatcherFrom(config, store); !matcher.ok())
    spdlog::warn("focus: {}", matcher.message());
  else if (!(*matcher)->TakesEverything())
    focus = *matcher;
  if (topic_rules || focus) {
    options.after_store = [topic_rules, focus](store::Store& store, const store::Article& article) {
      // Both run: a failure of one does not skip the other.
      Status topics_done = topic_rules ? topics::ApplyTopicsToArticle(store, *topic_rules, article) : Status::Ok();
      Status focus_done = focus ? topics::ApplyFocusToArticle(store, *focus, article) : Status::Ok();
      return topics_done.ok() ? focus_done : topics_done;
    };
  }
  return options;
}

Result<Started> StartService(const CommonOptions& common, bool serves_site) {
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

Result<pipeline::IngestReport> IngestRound(store::Store& store, net::Fetcher& fetcher, const config::Config& config,
                                           bool only_due, const std::string& worker_id,
                                           std::function<bool()> stop_requested) {
  pipeline::IngestOptions options = IngestOptionsFrom(store, config, only_due);
  options.worker_id = worker_id;
  options.stop_requested = std::move(stop_requested);
  pipeline::Ingester ingester(store, fetcher, std::move(options));
  // Jobs a killed herald on this machine held are resumed now, not after their lease.
  if (auto freed = ingester.ReleaseClaimsOfDeadLocalWorkers(); !freed.ok())
    spdlog::warn("ingest: cannot free the claims of stopped workers: {}", freed.message());
  else if (*freed > 0)
    spdlog::info("ingest: resuming {} article page(s) a stopped herald had claimed", *freed);
  size_t last_logged = 0;
  auto progress = [&](const std::string& stage, size_t done, size_t total) {
    // About ten progress lines per stage, plus the last one.
    if (done == total || total < 10 || done - last_logged >= total / 10) {
      spdlog::info("ingest: {} {}/{}", stage, done, total);
      last_logged = done == total ? 0 : done;
    }
  };
  auto report = ingester.RunOnce(progress);
  if (!report.ok()) return report;
  for (const auto& e : report->errors) spdlog::warn("ingest: {}", e);
  return report;
}

std::unique_ptr<PushReceiver> MakePushReceiver(store::Store& store, const config::Config& config, bool demo_mode) {
  if (!config.websub.enabled) return nullptr;
  if (config.site.base_url.empty()) {
    spdlog::info("websub: off (hubs need the site's public address: set [site] base_url)");
    return nullptr;
  }
  auto receiver = std::make_unique<PushReceiver>();
  net::FetchOptions fetch = FetchOptionsFrom(config, demo_mode);
  receiver->fetcher = std::make_unique<net::Fetcher>(fetch);
  receiver->ingester =
      std::make_unique<pipeline::Ingester>(store, *receiver->fetcher, IngestOptionsFrom(store, config, true));
  websub::SubscriberOptions options;
  options.callback_base_url = config.site.base_url;
  options.lease_seconds = int64_t{config.websub.lease_days} * 86400;
  options.allow_private_networks = fetch.allow_private_networks;
  options.allowed_networks = fetch.allowed_networks;
  options.user_agent = fetch.user_agent;
  pipeline::Ingester* ingester = receiver->ingester.get();
  auto sink = [ingester](const store::Source& source, std::string_view body, std::string_view content_type) {
    auto queued = ingester->AcceptPushedFeed(source, body, content_type);
    if (!queued.ok()) return Status(queued.error());
    spdlog::info("websub: push for {}: {} article(s) queued", source.feed_url, *queued);
    if (*queued > 0) WakeForWork();
    return Status::Ok();
  };
  receiver->subscriber = std::make_unique<websub::Subscriber>(store, options, sink);
  spdlog::info("websub: on; hubs call {}/websub/", config.site.base_url);
  return receiver;
}

void SubscribeAndRenew(PushReceiver& receiver, store::Store& store, const pipeline::IngestReport& report) {
  const int64_t now = NowUtcSeconds();
  for (const auto& hub : report.hubs) {
    auto source = store.GetSource(hub.source_id);
    if (!source.ok() || !source->has_value()) continue;
    if (Status st = receiver.subscriber->SubscribeIfAdvertised(**source, hub.hub_url, hub.self_url, now); !st.ok())
      spdlog::warn("websub: {}: {}", (*source)->feed_url, st.message());
  }
  if (Status st = receiver.subscriber->RenewDue(now); !st.ok()) spdlog::warn("websub: renewing: {}", st.message());
}

Result<SiteServer> StartSite(store::Store& store, const config::Config& config, const CommonOptions& common,
                             PushReceiver* receiver, bool demo_mode) {
  std::string listen_text = common.listen.empty() ? config.site.listen : common.listen;
  auto listen = httpd::ParseListenAddress(listen_text);
  if (!listen.ok()) return listen.error();
  web::SiteOptions options;
  options.title = config.site.title;
  options.tagline = config.site.tagline;
  options.language = config.site.language;
  options.time_zone = config.site.time_zone;
  options.donate_url = config.site.donate_url;
  options.base_url = config.site.base_url;
  options.articles_per_page = config.site.articles_per_page;
  options.view_flush_seconds = config.site.view_flush_seconds;
  options.page_cache.recheck = std::chrono::milliseconds(config.site.page_cache_recheck_ms);
  for (const config::TopicConfig& t : config.topics) options.topics.push_back({t.name, t.title.empty() ? t.name : t.title});
  // With a PostgreSQL store nothing else creates the data directory the
  // image proxy keeps its key and cache in.
  std::error_code ignored;
  std::filesystem::create_directories(common.data_dir, ignored);
  imageproxy::ImageProxyOptions image_options;
  image_options.data_dir = common.data_dir;
  image_options.cache_max_bytes = uint64_t(std::max(1, config.retention.image_cache_mib)) << 20;  // [retention]
  image_options.fetch = FetchOptionsFrom(config, demo_mode);
  auto images = imageproxy::ImageProxy::Open(image_options);
  if (!images.ok()) return images.error();
  imageproxy::ImageProxy* proxy = images->get();
  options.image_path = [proxy](std::string_view url, int width) { return proxy->ProxyPath(url, width); };
  options.serve_image = [proxy](const httpd::Request& r) { return proxy->Serve(r); };
  auto site = web::Site::Create(store, options);
  if (!site.ok()) return site.error();
  httpd::ServerOptions server_options;
  server_options.host = listen->first;
  server_options.port = listen->second;
  web::Site* raw = site->get();
  websub::Subscriber* subscriber = receiver != nullptr ? receiver->subscriber.get() : nullptr;
  auto server = httpd::Server::Start(server_options, [raw, subscriber](const httpd::Request& r) {
    if (subscriber != nullptr && r.path.rfind("/websub/", 0) == 0) return subscriber->HandleCallback(r);
    return raw->Handle(r);
  });
  if (!server.ok()) return server.error();
  spdlog::info("site: serving on {}", (*server)->base_url());
  return SiteServer{std::move(*images), std::move(*site), std::move(*server)};
}

}  // namespace herald::cli
