// herald sources add URL | list | remove ID|URL | import-opml FILE | export-opml
#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"
#include "websub/websub.h"
#include "cli/service.h"
#include "common/time.h"
#include "common/url.h"
#include "feed/discovery.h"
#include "feed/feed.h"
#include "feed/opml.h"
#include "net/fetcher.h"
#include "pipeline/feed_status.h"

namespace herald::cli {
namespace {

// Validates before opening the store, so a bad argument changes nothing.
Result<store::Source> SourceFromArgs(const std::string& url, const std::string& name, const std::string& display) {
  auto parts = ParseHttpUrl(url);
  if (!parts.ok()) return MakeError(ErrorKind::kInvalidInput, "sources add: " + parts.message());
  if (display != "full" && display != "excerpt")
    return MakeError(ErrorKind::kInvalidInput, "--display '" + display + "': use full or excerpt");
  store::Source s;
  s.feed_url = url;
  s.name = name;  // "": the feed's title, else the host (AddSources)
  s.display = display;
  return s;
}

// Fetches `url`: a feed is kept as it is; an HTML page is searched for the
// feeds it advertises (then common feed paths), and the first that parses
// wins. Returns the source with the feed's URL (and its title as the name
// when none was given).
Result<store::Source> ResolveFeed(const CommonOptions& common, store::Source source) {
  auto config = LoadSettings(common);
  if (!config.ok()) return config.error();
  net::Fetcher fetcher(FetchOptionsFrom(*config, /*demo_mode=*/false));
  auto page = fetcher.Fetch({source.feed_url, "", ""});
  if (!page.ok() && page.error().kind == ErrorKind::kHttp)
    return MakeError(ErrorKind::kInvalidInput, page.message() + "; check the address, or give the feed's own URL");
  if (!page.ok()) return page.error();
  auto parsed = feed::ParseFeed(page->body, {page->url, page->content_type});
  std::vector<std::string> tried;
  if (!parsed.ok()) {
    for (const auto& candidate : feed::DiscoverFeeds(page->body, page->url)) {
      tried.push_back(candidate.url);
      auto fetched = fetcher.Fetch({candidate.url, "", ""});
      if (!fetched.ok()) continue;
      auto candidate_feed = feed::ParseFeed(fetched->body, {fetched->url, fetched->content_type});
      if (!candidate_feed.ok()) continue;
      parsed = std::move(candidate_feed);
      page = std::move(fetched);
      break;
    }
  }
  if (!parsed.ok())
    return MakeError(ErrorKind::kInvalidInput, source.feed_url + ": " + parsed.message() + " (and no feed found among " +
                                                   std::to_string(tried.size()) +
                                                   " candidate links); give the feed's own URL");
  source.feed_url = page->url;
  if (source.name.empty()) source.name = parsed->title;
  if (source.site_url.empty()) source.site_url = parsed->link;
  return source;
}

int AddSources(const CommonOptions& common, const std::vector<store::Source>& sources) {
  auto store = OpenStore(common);
  if (!store.ok()) return Fail(store.error());
  auto existing = (*store)->ListSources();
  if (!existing.ok()) return Fail(existing.error());
  int added = 0, skipped = 0;
  for (const auto& s : sources) {
    bool known = false;
    for (const auto& e : *existing) known = known || e.feed_url == s.feed_url;
    if (known) {
      ++skipped;
      continue;
    }
    store::Source named = s;
    if (named.name.empty()) {
      auto parts = ParseHttpUrl(named.feed_url);
      named.name = parts.ok() ? parts->host : named.feed_url;
    }
    auto id = (*store)->AddSource(named);
    if (!id.ok()) return Fail(id.error());
    std::printf("added %lld\t%s\t%s\n", static_cast<long long>(*id), named.name.c_str(), named.feed_url.c_str());
    ++added;
  }
  std::fprintf(stderr, "%d source(s) added, %d already present\n", added, skipped);
  return kExitOk;
}

Result<std::vector<store::Source>> ListStoredSources(const CommonOptions& common) {
  auto store = OpenStore(common);
  if (!store.ok()) return store.error();
  return (*store)->ListSources();
}

void AddList(CLI::App& sources, const CommonOptions& common, int* exit_status) {
  CLI::App* cmd = sources.add_subcommand("list", "List sources with their fetch state");
  cmd->callback([&common, exit_status] {
    auto store = OpenStore(common);
    auto list = store.ok() ? (*store)->ListSources() : Result<std::vector<store::Source>>(store.error());
    if (!list.ok()) {
      *exit_status = Fail(list.error());
      return;
    }
    const int64_t now = NowUtcSeconds();
    for (const auto& s : *list) {
      std::string status = pipeline::DescribeFeedStatus(s, now);
      // Pushes are counted by the running herald, not here.
      if (auto sub = (*store)->GetSubscription(s.id); sub.ok() && sub->has_value())
        status += "; " + websub::DescribeSubscription(**sub, nullptr);
      std::printf("%lld\t%s\t%s\t%s\n", static_cast<long long>(s.id), s.name.c_str(), s.feed_url.c_str(),
                  status.c_str());
    }
  });
}

void AddRemove(CLI::App& sources, const CommonOptions& common, int* exit_status) {
  auto target = std::make_shared<std::string>();
  CLI::App* cmd = sources.add_subcommand("remove", "Remove a source and its articles");
  cmd->add_option("source", *target, "Source id (from `sources list`) or feed URL")->required();
  cmd->callback([&common, exit_status, target] {
    auto store = OpenStore(common);
    if (!store.ok()) {
      *exit_status = Fail(store.error());
      return;
    }
    auto list = (*store)->ListSources();
    if (!list.ok()) {
      *exit_status = Fail(list.error());
      return;
    }
    for (const auto& s : *list) {
      if (std::to_string(s.id) == *target || s.feed_url == *target) {
        Status st = (*store)->RemoveSource(s.id);
        *exit_status = st.ok() ? kExitOk : Fail(st.error());
        if (st.ok()) std::printf("removed %s\n", s.feed_url.c_str());
        return;
      }
    }
    *exit_status = Fail("no source '" + *target + "'; see `herald sources list`", kExitUsage);
  });
}

}  // namespace

void AddSourcesCommand(CLI::App& app, const CommonOptions& common, int* exit_status) {
  CLI::App* sources = app.add_subcommand("sources", "Manage the feeds herald reads");
  sources->require_subcommand(1);

  struct AddFlags {
    std::string url, name, display = "full";
    bool no_fetch = false;
  };
  auto add_flags = std::make_shared<AddFlags>();
  CLI::App* add = sources->add_subcommand(
      "add", "Add a feed by URL (RSS, Atom, JSON Feed or news sitemap), or a site URL whose feed is found for you");
  add->add_option("url", add_flags->url, "Feed or site URL")->required();
  add->add_flag("--no-fetch", add_flags->no_fetch, "Add the URL as given, without fetching it to check or discover the feed");
  add->add_option("--name", add_flags->name, "Publisher name shown to readers (default: the host)");
  add->add_option("--display", add_flags->display, "full | excerpt: how much of each article the site shows");
  add->callback([&common, exit_status, add_flags] {
    auto source = SourceFromArgs(add_flags->url, add_flags->name, add_flags->display);
    if (source.ok() && !add_flags->no_fetch) source = ResolveFeed(common, *source);
    *exit_status = source.ok() ? AddSources(common, {*source}) : Fail(source.error());
  });

  AddList(*sources, common, exit_status);
  AddRemove(*sources, common, exit_status);

  auto opml_file = std::make_shared<std::string>();
  CLI::App* import = sources->add_subcommand("import-opml", "Add every feed listed in an OPML file");
  import->add_option("file", *opml_file, "OPML file, or - for standard input")->required();
  import->callback([&common, exit_status, opml_file] {
    auto bytes = ReadInput(*opml_file);
    if (!bytes.ok()) {
      *exit_status = Fail(bytes.error());
      return;
    }
    auto outlines = feed::ParseOpml(*bytes);
    if (!outlines.ok()) {
      *exit_status = Fail(*opml_file + ": " + outlines.message(), kExitUsage);
      return;
    }
    std::vector<store::Source> list;
    for (const auto& o : *outlines) {
      auto s = SourceFromArgs(o.xml_url, o.title, "full");
      if (!s.ok()) {
        std::fprintf(stderr, "herald: %s: skipping outline '%s': %s\n", opml_file->c_str(), o.title.c_str(),
                     s.message().c_str());
        continue;
      }
      s->site_url = o.html_url;
      list.push_back(*s);
    }
    if (list.empty()) {
      *exit_status = Fail(*opml_file + ": no feed outlines (xmlUrl) found; check that it is an OPML subscription list",
                          kExitUsage);
      return;
    }
    *exit_status = AddSources(common, list);
  });

  CLI::App* export_cmd = sources->add_subcommand("export-opml", "Print all sources as OPML");
  export_cmd->callback([&common, exit_status] {
    auto list = ListStoredSources(common);
    if (!list.ok()) {
      *exit_status = Fail(list.error());
      return;
    }
    std::vector<feed::OpmlOutline> outlines;
    for (const auto& s : *list) outlines.push_back({s.name, s.feed_url, s.site_url, ""});
    std::printf("%s", feed::WriteOpml("herald sources", outlines).c_str());
  });
}

}  // namespace herald::cli
