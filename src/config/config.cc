#include "config/config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/stat.h>

namespace herald::config {
namespace {

// Builds "FILE:LINE: MESSAGE".
Error ConfigError(const std::string& path, const toml::source_region& where, const std::string& message) {
  std::string at = path;
  if (where.begin.line > 0) at += ":" + std::to_string(where.begin.line);
  return MakeError(ErrorKind::kInvalidInput, at + ": " + message);
}

// Reads one table's keys into typed fields, remembering what it saw so that
// unknown keys can be reported.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string section, const std::string& path)
      : table_(table), section_(std::move(section)), path_(path) {}

  void Read(const char* key, std::vector<std::string>* out) {
    known_.insert(key);
    const toml::node* node = table_.get(key);
    if (!node || error_) return;
    const toml::array* list = node->as_array();
    bool strings = list != nullptr;
    if (list)
      for (const toml::node& item : *list) strings = strings && item.is_string();
    if (!strings) {
      error_ = ConfigError(path_, node->source(), "'" + Qualified(key) + "' must be a list of strings in quotes");
      return;
    }
    out->clear();
    for (const toml::node& item : *list) out->push_back(*item.value<std::string>());
  }

  // A table of strings, e.g. headers = { "X-Api-Key" = "..." }.
  void Read(const char* key, std::map<std::string, std::string>* out) {
    known_.insert(key);
    const toml::node* node = table_.get(key);
    if (!node || error_) return;
    const toml::table* table = node->as_table();
    bool strings = table != nullptr;
    if (table)
      for (const auto& [name, value] : *table) strings = strings && value.is_string();
    if (!strings) {
      error_ = ConfigError(path_, node->source(),
                           "'" + Qualified(key) + "' must be a table of strings, like { \"Name\" = \"value\" }");
      return;
    }
    out->clear();
    for (const auto& [name, value] : *table) (*out)[std::string(name.str())] = *value.value<std::string>();
  }

  template <typename T>
  void Read(const char* key, T* out) {
    known_.insert(key);
    const toml::node* node = table_.get(key);
    if (!node || error_) return;
    if (auto v = node->value<T>()) {
      *out = *v;
    } else {
      error_ = ConfigError(path_, node->source(),
                           "'" + Qualified(key) + "' must be " + TypeName<T>() + "; fix its value");
    }
  }

  // Checks a string field against allowed values.
  void Require(const char* key, const std::string& value, std::initializer_list<const char*> allowed) {
    if (error_) return;
    for (const char* a : allowed)
      if (value == a) return;
    std::string list;
    for (const char* a : allowed) list += (list.empty() ? "\"" : ", \"") + std::string(a) + "\"";
    const toml::node* node = table_.get(key);
    error_ = ConfigError(path_, node ? node->source() : table_.source(),
                         "'" + Qualified(key) + "' is \"" + value + "\"; use one of " + list);
  }

  void RequireAtLeast(const char* key, int value, int minimum, const char* minimum_name) {
    if (error_ || value >= minimum) return;
    const toml::node* node = table_.get(key);
    error_ = ConfigError(path_, node ? node->source() : table_.source(),
                         "'" + Qualified(key) + "' must be at least " + minimum_name);
  }

  // `check` returns why an item is wrong, or nullopt.
  template <typename Check>
  void RequireEach(const char* key, const std::vector<std::string>& items, Check check) {
    if (error_) return;
    for (const std::string& item : items) {
      if (std::optional<std::string> why = check(item)) {
        const toml::node* node = table_.get(key);
        error_ = ConfigError(path_, node ? node->source() : table_.source(), "'" + Qualified(key) + "': " + *why);
        return;
      }
    }
  }

  void RequirePositive(const char* key, int value) {
    if (error_ || value > 0) return;
    const toml::node* node = table_.get(key);
    error_ = ConfigError(path_, node ? node->source() : table_.source(),
                         "'" + Qualified(key) + "' must be a positive number");
  }

  // Reports the first key that no Read() asked for.
  std::optional<Error> Finish() {
    if (error_) return error_;
    for (const auto& [key, node] : table_) {
      if (!known_.count(std::string(key.str())))
        return ConfigError(path_, node.source(),
                           "unknown key '" + Qualified(std::string(key.str())) +
                               "'; check the spelling against docs/config.md");
    }
    return std::nullopt;
  }

 private:
  std::string Qualified(const std::string& key) const { return section_.empty() ? key : section_ + "." + key; }

  template <typename T>
  static std::string TypeName() {
    if constexpr (std::is_same_v<T, bool>) return "true or false";
    else if constexpr (std::is_integral_v<T>) return "a whole number";
    else return "a string in quotes";
  }

  const toml::table& table_;
  std::string section_;
  const std::string& path_;
  std::set<std::string> known_;
  std::optional<Error> error_;
};

std::optional<Error> ReadSite(const toml::table& t, const std::string& path, SiteConfig* site) {
  TableReader r(t, "site", path);
  r.Read("title", &site->title);
  r.Read("tagline", &site->tagline);
  r.Read("language", &site->language);
  r.Read("time_zone", &site->time_zone);
  r.Read("donate_url", &site->donate_url);
  r.Read("base_url", &site->base_url);
  r.Read("listen", &site->listen);
  r.Read("articles_per_page", &site->articles_per_page);
  r.Read("shutdown_timeout_seconds", &site->shutdown_timeout_seconds);
  r.Read("view_flush_seconds", &site->view_flush_seconds);
  r.RequirePositive("view_flush_seconds", site->view_flush_seconds);
  r.Read("page_cache_recheck_ms", &site->page_cache_recheck_ms);
  r.RequireAtLeast("page_cache_recheck_ms", site->page_cache_recheck_ms, 0, "0");
  r.Require("language", site->language, {"en", "zh"});
  r.RequirePositive("articles_per_page", site->articles_per_page);
  r.RequirePositive("shutdown_timeout_seconds", site->shutdown_timeout_seconds);
  return r.Finish();
}

std::optional<Error> ReadStore(const toml::table& t, const std::string& path, StoreConfig* store) {
  TableReader r(t, "store", path);
  r.Read("url", &store->url);
  r.Read("search_window", &store->search_window);
  r.RequireAtLeast("search_window", store->search_window, 0, "0 (rank every match)");
  r.Read("related_window", &store->related_window);
  r.RequireAtLeast("related_window", store->related_window, 0, "0 (rank every match)");
  std::optional<Error> err = r.Finish();
  if (!err && !store->url.empty() && store->url.rfind("postgresql://", 0) != 0 && store->url.rfind("postgres://", 0) != 0)
    return ConfigError(path, t.source(),
                       "store.url must start with postgresql:// (or postgres://); leave it out to use SQLite in the data directory");
  return err;
}

std::optional<Error> ReadRetention(const toml::table& t, const std::string& path, RetentionConfig* retention) {
  TableReader r(t, "retention", path);
  r.Read("max_age_days", &retention->max_age_days);
  r.Read("image_cache_mib", &retention->image_cache_mib);
  r.RequirePositive("image_cache_mib", retention->image_cache_mib);
  std::optional<Error> err = r.Finish();
  if (!err && retention->max_age_days < 0)
    return ConfigError(path, t.source(), "retention.max_age_days must be 0 (keep everything) or a number of days");
  return err;
}

std::optional<Error> ReadLog(const toml::table& t, const std::string& path, LogConfig* log) {
  TableReader r(t, "log", path);
  r.Read("format", &log->format);
  r.Read("level", &log->level);
  r.Require("format", log->format, {"text", "json"});
  r.Require("level", log->level, {"debug", "info", "warn", "error"});
  return r.Finish();
}

std::optional<Error> ReadWorker(const toml::table& t, const std::string& path, WorkerConfig* worker) {
  TableReader r(t, "worker", path);
  r.Read("job_lease_seconds", &worker->job_lease_seconds);
  r.Read("source_lease_seconds", &worker->source_lease_seconds);
  r.Read("poll_seconds", &worker->poll_seconds);
  r.Read("max_backoff_seconds", &worker->max_backoff_seconds);
  r.RequirePositive("job_lease_seconds", worker->job_lease_seconds);
  r.RequirePositive("source_lease_seconds", worker->source_lease_seconds);
  r.RequirePositive("poll_seconds", worker->poll_seconds);
  r.RequirePositive("max_backoff_seconds", worker->max_backoff_seconds);
  return r.Finish();
}

std::optional<Error> ReadFetch(const toml::table& t, const std::string& path, FetchConfig* f) {
  TableReader r(t, "fetch", path);
  r.Read("interval_minutes", &f->interval_minutes);
  r.Read("allow_private_networks", &f->allow_private_networks);
  r.Read("user_agent", &f->user_agent);
  r.Read("timeout_seconds", &f->timeout_seconds);
  r.Read("max_body_mib", &f->max_body_mib);
  r.Read("max_parallel", &f->max_parallel);
  r.Read("max_per_host", &f->max_per_host);
  r.Read("per_host_delay_ms", &f->per_host_delay_ms);
  r.Read("max_articles_per_feed", &f->max_articles_per_feed);
  r.Read("article_pages", &f->article_pages);
  r.Read("max_page_attempts", &f->max_page_attempts);
  r.Read("connect_timeout_seconds", &f->connect_timeout_seconds);
  r.Read("max_retries", &f->max_retries);
  r.Read("retry_base_delay_ms", &f->retry_base_delay_ms);
  r.Read("max_retry_wait_ms", &f->max_retry_wait_ms);
  r.Read("allowed_networks", &f->allowed_networks);
  r.Read("ca_file", &f->ca_file);
  r.Read("min_refresh_minutes", &f->min_refresh_minutes);
  r.Read("max_refresh_minutes", &f->max_refresh_minutes);
  r.RequirePositive("interval_minutes", f->interval_minutes);
  r.RequirePositive("connect_timeout_seconds", f->connect_timeout_seconds);
  r.RequirePositive("min_refresh_minutes", f->min_refresh_minutes);
  r.RequireAtLeast("max_refresh_minutes", f->max_refresh_minutes, f->min_refresh_minutes, "min_refresh_minutes");
  r.RequireAtLeast("max_retries", f->max_retries, 0, "0");
  r.RequireAtLeast("retry_base_delay_ms", f->retry_base_delay_ms, 0, "0");
  r.RequireAtLeast("max_retry_wait_ms", f->max_retry_wait_ms, 0, "0");

  r.RequirePositive("timeout_seconds", f->timeout_seconds);
  r.RequirePositive("max_body_mib", f->max_body_mib);
  r.RequirePositive("max_parallel", f->max_parallel);
  r.RequirePositive("max_per_host", f->max_per_host);
  r.RequirePositive("max_articles_per_feed", f->max_articles_per_feed);
  r.RequirePositive("max_page_attempts", f->max_page_attempts);
  return r.Finish();
}

std::optional<Error> ReadSource(const toml::table& t, const std::string& path, SourceConfig* s) {
  TableReader r(t, "sources", path);
  r.Read("name", &s->name);
  r.Read("url", &s->url);
  r.Read("site_url", &s->site_url);
  r.Read("display", &s->display);
  r.Read("body_selector", &s->body_selector);
  r.Read("remove_selectors", &s->remove_selectors);
  r.Read("headers", &s->headers);
  r.Read("cookies", &s->cookies);
  r.Read("proxy", &s->proxy);
  r.Read("sections", &s->sections);
  r.Require("display", s->display, {"full", "excerpt"});
  r.RequireEach("proxy", s->proxy.empty() ? std::vector<std::string>{} : std::vector<std::string>{s->proxy},
                [](const std::string& proxy) -> std::optional<std::string> {
                  for (const char* scheme : {"http://", "https://", "socks5://", "socks5h://"})
                    if (proxy.rfind(scheme, 0) == 0 && proxy.size() > std::string(scheme).size()) return std::nullopt;
                  return "'" + proxy + "' is not a proxy URL; write http://host:port or socks5h://host:port";
                });
  std::vector<std::string> header_lines;
  for (const auto& [name, value] : s->headers) header_lines.push_back(name + ": " + value);
  r.RequireEach("headers", header_lines, [](const std::string& line) -> std::optional<std::string> {
    size_t colon = line.find(": ");
    std::string name = line.substr(0, colon);
    if (name.empty() || name.find_first_of(" :\t\r\n") != std::string::npos)
      return "header name '" + name + "' is not a valid HTTP header name";
    if (line.find_first_of("\r\n") != std::string::npos) return "the value of '" + name + "' holds a line break";
    return std::nullopt;
  });
  r.RequireEach("sections", s->sections, [](const std::string& section) -> std::optional<std::string> {
    if (section.empty() || section[0] != '/')
      return "'" + section + "' is not a URL path; write it from the first slash, like \"/world/asia/\"";
    return std::nullopt;
  });
  r.RequireEach("cookies", {s->cookies}, [](const std::string& cookies) -> std::optional<std::string> {
    if (cookies.find_first_of("\r\n") != std::string::npos) return "holds a line break";
    return std::nullopt;
  });
  if (auto e = r.Finish()) return e;
  if (s->url.empty()) return ConfigError(path, t.source(), "a [[sources]] entry has no url; add url = \"https://...\"");
  return std::nullopt;
}

std::optional<Error> ReadTopic(const std::string& name, const toml::table& t, const std::string& path,
                               TopicConfig* topic) {
  TableReader r(t, "topics." + name, path);
  topic->name = name;
  r.Read("title", &topic->title);
  r.Read("keywords", &topic->keywords);
  r.Read("exclude_keywords", &topic->exclude_keywords);
  r.Read("regexes", &topic->regexes);
  r.Read("exclude_regexes", &topic->exclude_regexes);
  r.Read("languages", &topic->languages);
  r.Read("sources", &topic->sources);
  r.Read("min_words", &topic->min_words);
  r.RequireAtLeast("min_words", topic->min_words, 0, "0");
  return r.Finish();
}

// Keywords and regexes are checked where they are compiled (cli's
// ValidateConfig through topics::FocusMatcher), like topics'.
std::optional<Error> ReadFocus(const toml::table& t, const std::string& path, FocusConfig* focus) {
  TableReader r(t, "focus", path);
  r.Read("keywords", &focus->keywords);
  r.Read("exclude_keywords", &focus->exclude_keywords);
  r.Read("regexes", &focus->regexes);
  r.Read("exclude_regexes", &focus->exclude_regexes);
  r.Read("languages", &focus->languages);
  r.Read("min_words", &focus->min_words);
  r.RequireAtLeast("min_words", focus->min_words, 0, "0");
  return r.Finish();
}

// [topics.NAME] tables, in file order (toml++ keeps a table's keys sorted).
std::optional<Error> ReadTopics(const toml::node& node, const std::string& path, std::vector<TopicConfig>* out) {
  const toml::table* topics = node.as_table();
  if (!topics) return ConfigError(path, node.source(), "'topics' must be written as [topics.NAME] tables");
  std::vector<std::pair<const toml::table*, std::string>> ordered;
  for (const auto& [key, value] : *topics) {
    if (!value.is_table())
      return ConfigError(path, value.source(), "'topics." + std::string(key.str()) +
                                                   "' must be a table: write [topics." + std::string(key.str()) + "]");
    ordered.emplace_back(value.as_table(), std::string(key.str()));
  }
  std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
    return a.first->source().begin < b.first->source().begin;
  });
  for (const auto& [table, name] : ordered) {
    TopicConfig topic;
    if (auto err = ReadTopic(name, *table, path, &topic)) return err;
    out->push_back(std::move(topic));
  }
  return std::nullopt;
}

}  // namespace

Result<Config> ParseConfig(std::string_view toml_text, const std::string& path) {
  Config config;
  config.path = path;
  toml::table root;
  try {
    root = toml::parse(toml_text, path);
  } catch (const toml::parse_error& e) {
    return ConfigError(path, e.source(), std::string(e.description()) + "; fix the TOML syntax (see docs/config.md)");
  }
  std::set<std::string> sections = {"site",   "fetch",     "websub", "demo",   "focus",
                                    "store",  "retention", "log",    "worker", "sources", "topics"};
  for (const auto& [key, node] : root) {
    std::string name(key.str());
    if (!sections.count(name))
      return ConfigError(path, node.source(),
                         "unknown section or key '" + name + "'; known sections are [site], [fetch], [websub], [demo], [focus], [store], [retention], [log], [worker], [[sources]], [topics.NAME]");
  }
  auto table_of = [&](const char* name) -> Result<const toml::table*> {
    const toml::node* node = root.get(name);
    if (!node) return static_cast<const toml::table*>(nullptr);
    if (!node->is_table())
      return ConfigError(path, node->source(), std::string("'") + name + "' must be a table: write [" + name + "]");
    return node->as_table();
  };
  for (const char* name : {"site", "fetch", "websub", "demo", "focus", "store", "retention", "log", "worker"}) {
    auto t = table_of(name);
    if (!t.ok()) return t.error();
    if (!*t) continue;
    std::optional<Error> err;
    if (std::string(name) == "site") err = ReadSite(**t, path, &config.site);
    if (std::string(name) == "fetch") err = ReadFetch(**t, path, &config.fetch);
    if (std::string(name) == "websub") {
      TableReader r(**t, "websub", path);
      r.Read("enabled", &config.websub.enabled);
      r.Read("lease_days", &config.websub.lease_days);
      r.RequirePositive("lease_days", config.websub.lease_days);
      err = r.Finish();
    }
    if (std::string(name) == "focus") err = ReadFocus(**t, path, &config.focus);
    if (std::string(name) == "store") err = ReadStore(**t, path, &config.store);
    if (std::string(name) == "retention") err = ReadRetention(**t, path, &config.retention);
    if (std::string(name) == "log") err = ReadLog(**t, path, &config.log);
    if (std::string(name) == "worker") err = ReadWorker(**t, path, &config.worker);
    if (std::string(name) == "demo") {
      TableReader r(**t, "demo", path);
      r.Read("listen", &config.demo.listen);
      err = r.Finish();
    }
    if (err) return *err;
  }
  if (const toml::node* node = root.get("sources")) {
    const toml::array* list = node->as_array();
    if (!list || !list->is_array_of_tables())
      return ConfigError(path, node->source(), "'sources' must be written as [[sources]] tables");
    for (const toml::node& item : *list) {
      SourceConfig s;
      if (auto err = ReadSource(*item.as_table(), path, &s)) return *err;
      config.sources.push_back(std::move(s));
    }
  }
  if (const toml::node* node = root.get("topics")) {
    if (auto err = ReadTopics(*node, path, &config.topics)) return *err;
  }
  return config;
}

Result<Config> LoadConfig(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0)
    return MakeError(ErrorKind::kNotFound, path + ": config file not found; check the --config path");
  if (S_ISDIR(st.st_mode))
    return MakeError(ErrorKind::kInvalidInput, path + ": is a directory, not a config file; give the path of a .toml file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorKind::kIo, path + ": cannot read config file; check its permissions");
  std::ostringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();
  if (text.find('\0') != std::string::npos)
    return MakeError(ErrorKind::kInvalidInput, path + ": binary data, not a TOML config file; give the path of a .toml file");
  return ParseConfig(text, path);
}

}  // namespace herald::config
