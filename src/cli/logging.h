// How herald logs: spdlog's default logger on stderr, as text for a person
// or as one JSON object per line for a collector ([log] format, level;
// --log-format), and never with a secret in it.
//
// Contract: every line a logger formats passes through the redaction
// below, text and JSON alike: each registered secret is replaced by "***"
// wherever it occurs in the line. JSON lines are {"ts","level","msg",
// "logger"} with RFC 8259 escaping (control characters as \u00XX, invalid
// UTF-8 as U+FFFD), one per line whatever the message holds.
#pragma once

#include <spdlog/formatter.h>

#include <memory>
#include <string>

#include "cli/environment.h"
#include "common/result.h"
#include "config/config.h"

namespace herald::cli {

// Sets the default logger's format ("text" | "json") and level ("debug" |
// "info" | "warn" | "error"). kInvalidInput naming the value otherwise
// (nothing changed then).
Status ConfigureLogging(const std::string& format, const std::string& level);

// Before a command runs: registers the secrets of HERALD_STORE_URL and of
// the --config file, then applies its [log] format and level
// (`format_flag`, when not "", overrides the format). A config that does
// not load is left for the command to report.
void SetUpLogging(const CommonOptions& common, const std::string& format_flag);

// A value never to be logged. Empty and very short values (< 4 bytes) are
// ignored: replacing them would mangle ordinary words. Thread-safe.
void AddLogSecret(const std::string& secret);
// The password of a URL ("scheme://user:PASSWORD@host/..."), if any.
void AddLogSecretsOfUrl(const std::string& url);
// Every secret the config holds: [store] url's password, cookie values and
// Authorization-like headers of sources, proxy passwords.
void AddLogSecretsOfConfig(const config::Config& config);

// `text` with every registered secret replaced by "***".
std::string RedactSecrets(std::string text);

// The formatters ConfigureLogging installs (for tests).
std::unique_ptr<spdlog::formatter> MakeJsonFormatter();
std::unique_ptr<spdlog::formatter> MakeTextFormatter();

}  // namespace herald::cli
