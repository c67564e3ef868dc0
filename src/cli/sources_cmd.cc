// herald sources add URL | list | remove ID|URL | import-opml FILE | export-opml
#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"
#include "common/url.h"
#include "feed/opml.h"

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
  s.name = name.empty() ? parts->host : name;
  s.display = display;
  return s;
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
    auto id = (*store)->AddSource(s);
    if (!id.ok()) return Fail(id.error());
    std::printf("added %lld\t%s\t%s\n", static_cast<long long>(*id), s.name.c_str(), s.feed_url.c_str());
    ++added;
  }
  std::fprintf(stderr, "%d source(s) added, %d already present\n", added, skipped);
  return kExitOk;
}

void AddList(CLI::App& sources, const CommonOptions& common, int* exit_status) {
  CLI::App* cmd = sources.add_subcommand("list", "List sources with their fetch state");
  cmd->callback([&common, exit_status] {
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
    for (const auto& s : *list)
      std::printf("%lld\t%s\t%s\t%s\n", static_cast<long long>(s.id), s.name.c_str(), s.feed_url.c_str(),
                  s.last_error.empty() ? (s.last_fetched_utc ? "ok" : "not fetched yet") : s.last_error.c_str());
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
  };
  auto add_flags = std::make_shared<AddFlags>();
  CLI::App* add = sources->add_subcommand("add", "Add a feed by URL (RSS, Atom, JSON Feed or news sitemap)");
  add->add_option("url", add_flags->url, "Feed URL")->required();
  add->add_option("--name", add_flags->name, "Publisher name shown to readers (default: the host)");
  add->add_option("--display", add_flags->display, "full | excerpt: how much of each article the site shows");
  add->callback([&common, exit_status, add_flags] {
    auto source = SourceFromArgs(add_flags->url, add_flags->name, add_flags->display);
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
    std::vector<feed::OpmlOutline> outlines;
    for (const auto& s : *list) outlines.push_back({s.name, s.feed_url, s.site_url, ""});
    std::printf("%s", feed::WriteOpml("herald sources", outlines).c_str());
  });
}

}  // namespace herald::cli
