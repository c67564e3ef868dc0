#include "cli/environment.h"
#include "cli/logging.h"

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

namespace herald::cli {

Result<config::Config> LoadSettings(const CommonOptions& options) {
  if (options.config_path.empty()) return config::ParseConfig("", "");
  return config::LoadConfig(options.config_path);
}

namespace {

// [store] of the config (defaults without one), the URL overridden by HERALD_STORE_URL.
Result<config::StoreConfig> StoreSettings(const CommonOptions& options) {
  config::StoreConfig settings;
  if (!options.config_path.empty()) {
    Result<config::Config> config = config::LoadConfig(options.config_path);
    if (!config.ok()) return config.error();
    settings = config->store;
  }
  if (const char* url = std::getenv("HERALD_STORE_URL"); url != nullptr && *url != '\0') settings.url = url;
  return settings;
}

}  // namespace

Result<std::string> StoreUrl(const CommonOptions& options) {
  Result<config::StoreConfig> settings = StoreSettings(options);
  if (!settings.ok()) return settings.error();
  return settings->url;
}

Result<std::unique_ptr<store::Store>> OpenStore(const CommonOptions& options) {
  Result<config::StoreConfig> settings = StoreSettings(options);
  if (!settings.ok()) return settings.error();
  store::StoreOptions store_options;
  store_options.search_window = settings->search_window;
  store_options.related_window = settings->related_window;
  if (!settings->url.empty()) {
    store_options.url = settings->url;
    return store::Store::Open(store_options);
  }
  const std::string& dir = options.data_dir;
  struct stat st {};
  if (stat(dir.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode))
      return MakeError(ErrorKind::kInvalidInput, "--data " + dir + ": not a directory; give a directory for herald's database");
  } else {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
      return MakeError(ErrorKind::kIo, "--data " + dir + ": cannot create directory (" + ec.message() +
                                           "); choose a writable --data directory");
  }
  store_options.path = dir + "/herald.db";
  return store::Store::Open(store_options);
}

Result<std::string> ReadInput(const std::string& path) {
  if (path == "-") {
    std::string data((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    return data;
  }
  struct stat st {};
  if (stat(path.c_str(), &st) != 0)
    return MakeError(ErrorKind::kInvalidInput, path + ": no such file; check the path");
  if (S_ISDIR(st.st_mode))
    return MakeError(ErrorKind::kInvalidInput, path + ": is a directory; give a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorKind::kInvalidInput, path + ": cannot be read; check its permissions");
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return MakeError(ErrorKind::kInvalidInput, path + ": read error");
  return data;
}

int Fail(const std::string& message, int exit_status) {
  std::string line = RedactSecrets(message);  // a URL's password, cookie values
  for (char& c : line)
    if (c == '\n' || c == '\r') c = ' ';
  std::fprintf(stderr, "herald: %s\n", line.c_str());
  return exit_status;
}

int Fail(const Error& error) {
  bool usage = error.kind == ErrorKind::kInvalidInput || error.kind == ErrorKind::kNotFound ||
               error.kind == ErrorKind::kRefused;
  return Fail(error.message, usage ? kExitUsage : kExitFailure);
}

}  // namespace herald::cli
