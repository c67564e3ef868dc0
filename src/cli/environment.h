// What every command shares: the common flags, the configuration they name,
// the data directory and the store in it, and how a command reports failure.
//
// Order matters for "bad input loses nothing": a command validates its inputs
// (files, URLs, config) before it opens the store, so a rejected input never
// touches the data directory.
#pragma once

#include <memory>
#include <string>

#include "common/result.h"
#include "config/config.h"
#include "store/store.h"

namespace herald::cli {

// Exit statuses.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;   // the work failed (network, storage)
inline constexpr int kExitUsage = 2;     // bad flag, bad input file, bad config

struct CommonOptions {
  std::string config_path;   // "" = defaults (no file)
  std::string data_dir = "data";
  std::string listen;        // "" = from config
};

// Loads --config (or defaults when none was given).
Result<config::Config> LoadSettings(const CommonOptions& options);

// The PostgreSQL URL to use: HERALD_STORE_URL, else the config's
// [store] url; "" = SQLite in the data directory.
Result<std::string> StoreUrl(const CommonOptions& options);

// Opens the PostgreSQL store when StoreUrl names one; else creates the data
// directory if needed and opens DATA/herald.db.
Result<std::unique_ptr<store::Store>> OpenStore(const CommonOptions& options);

// Reads a whole file, or standard input for "-". Errors name the path and say
// what is wrong with it (missing, a directory, unreadable).
Result<std::string> ReadInput(const std::string& path);

// Prints "herald: MESSAGE" as one line on stderr and returns `exit_status`.
int Fail(const std::string& message, int exit_status);
// Same, choosing the status from the error kind (bad or refused input -> 2).
int Fail(const Error& error);

}  // namespace herald::cli
