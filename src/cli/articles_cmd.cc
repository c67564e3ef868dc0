// herald articles hide|unhide|feature|unfeature ID | list [--hidden]
// Editorial control: a republisher answers takedown requests with `hide`,
// which removes the article from pages, API, feeds and sitemaps at once.
#include <cstdio>
#include <memory>

#include "cli/commands.h"

namespace herald::cli {
namespace {

// "42" -> 42; validated before the store is opened, so a bad id touches nothing.
Result<int64_t> ParseArticleId(const std::string& command, const std::string& text) {
  bool digits = !text.empty() && text.size() <= 18 && text.find_first_not_of("0123456789") == std::string::npos;
  int64_t id = digits ? std::stoll(text) : 0;
  if (id <= 0)
    return MakeError(ErrorKind::kInvalidInput, "articles " + command + ": '" + text +
                                                   "' is not an article id; see `herald articles list`");
  return id;
}

// One subcommand that sets one editorial flag on one article.
struct FlagCommand {
  std::string name;  // "hide"
  std::string help;
  std::string done;  // "hidden", printed with the id on success
  Status (store::Store::*set)(int64_t, bool);
  bool value;
};

void AddFlagCommand(CLI::App& articles, const CommonOptions& common, int* exit_status, const FlagCommand& flag) {
  auto id_text = std::make_shared<std::string>();
  CLI::App* cmd = articles.add_subcommand(flag.name, flag.help);
  cmd->add_option("id", *id_text, "Article id (from `herald articles list` or the /article/ID address)")->required();
  cmd->callback([&common, exit_status, id_text, flag] {
    const std::string& name = flag.name;
    auto id = ParseArticleId(name, *id_text);
    if (!id.ok()) {
      *exit_status = Fail(id.error());
      return;
    }
    auto store = OpenStore(common);
    if (!store.ok()) {
      *exit_status = Fail(store.error());
      return;
    }
    Status st = ((**store).*flag.set)(*id, flag.value);
    if (!st.ok()) {
      *exit_status = st.error().kind == ErrorKind::kNotFound
                         ? Fail("articles " + name + ": " + st.message() + "; see `herald articles list`", kExitUsage)
                         : Fail(st.error());
      return;
    }
    std::printf("%s %lld\n", flag.done.c_str(), static_cast<long long>(*id));
    *exit_status = kExitOk;
  });
}

void AddList(CLI::App& articles, const CommonOptions& common, int* exit_status) {
  struct ListFlags {
    bool hidden = false;
    int limit = 50;
  };
  auto flags = std::make_shared<ListFlags>();
  CLI::App* cmd = articles.add_subcommand("list", "List articles, newest first: ID, state, published, title");
  cmd->add_flag("--hidden", flags->hidden, "List the hidden articles instead of the visible ones");
  cmd->add_option("--limit", flags->limit, "How many to list (1-10000)")->check(CLI::Range(1, 10000))->capture_default_str();
  cmd->callback([&common, exit_status, flags] {
    auto store = OpenStore(common);
    if (!store.ok()) {
      *exit_status = Fail(store.error());
      return;
    }
    store::ArticleFilter filter;
    filter.hidden = flags->hidden;
    auto list = (*store)->ListArticles(filter, flags->limit);
    if (!list.ok()) {
      *exit_status = Fail(list.error());
      return;
    }
    for (const auto& a : *list) {
      const char* state = flags->hidden ? "hidden" : a.featured ? "featured" : "-";
      std::string when = a.published ? FormatIso8601(*a.published) : "-";
      std::printf("%lld\t%s\t%s\t%s\n", static_cast<long long>(a.id), state, when.c_str(), a.title.c_str());
    }
    *exit_status = kExitOk;
  });
}

}  // namespace

void AddArticlesCommand(CLI::App& app, const CommonOptions& common, int* exit_status) {
  CLI::App* articles = app.add_subcommand("articles", "Editorial control: hide, unhide, feature, list articles");
  articles->require_subcommand(1);
  const FlagCommand commands[] = {
      {"hide", "Hide an article (takedown): gone from pages, API, feeds and sitemaps at once", "hidden",
       &store::Store::SetHidden, true},
      {"unhide", "Show a hidden article again", "unhidden", &store::Store::SetHidden, false},
      {"feature", "Put an article at the top of the home page", "featured", &store::Store::SetFeatured, true},
      {"unfeature", "Return a featured article to its place by date", "unfeatured", &store::Store::SetFeatured,
       false},
  };
  for (const FlagCommand& flag : commands) AddFlagCommand(*articles, common, exit_status, flag);
  AddList(*articles, common, exit_status);
}

}  // namespace herald::cli
