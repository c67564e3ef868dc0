#include "cli/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <shared_mutex>
#include <vector>

namespace herald::cli {
namespace {

constexpr size_t kMinSecretLength = 4;

struct Secrets {
  std::shared_mutex mutex;
  std::vector<std::string> values;  // longest first, so a secret containing another goes whole
};

Secrets& TheSecrets() {
  static Secrets* secrets = new Secrets();  // used by loggers until exit
  return *secrets;
}

// Lowercase ASCII copy, for header names.
std::string Lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// Appends `text` as the inside of a JSON string.
void AppendJsonString(std::string_view text, std::string& out) {
  static const char* kHex = "0123456789abcdef";
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
      ++i;
    } else if (c == '\n') {
      out += "\\n", ++i;
    } else if (c == '\r') {
      out += "\\r", ++i;
    } else if (c == '\t') {
      out += "\\t", ++i;
    } else if (c < 0x20 || c == 0x7f) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 15];
      ++i;
    } else if (c < 0x80) {
      out += static_cast<char>(c), ++i;
    } else {
      // A whole, shortest-form UTF-8 sequence, or U+FFFD for one bad byte.
      size_t length = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c <= 0xdf ? 2 : 0;
      bool valid = length > 0 && i + length <= text.size();
      for (size_t k = 1; valid && k < length; ++k) valid = (static_cast<unsigned char>(text[i + k]) & 0xc0) == 0x80;
      if (valid && length == 3) {
        unsigned char c1 = static_cast<unsigned char>(text[i + 1]);
        valid = !(c == 0xe0 && c1 < 0xa0) && !(c == 0xed && c1 >= 0xa0);  // overlong, surrogates
      }
      if (valid && length == 4) {
        unsigned char c1 = static_cast<unsigned char>(text[i + 1]);
        valid = !(c == 0xf0 && c1 < 0x90) && !(c == 0xf4 && c1 >= 0x90);
      }
      if (valid) {
        out.append(text.substr(i, length));
        i += length;
      } else {
        out += "\\ufffd";
        ++i;
      }
    }
  }
}

std::string_view LevelName(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace: return "trace";
    case spdlog::level::debug: return "debug";
    case spdlog::level::info: return "info";
    case spdlog::level::warn: return "warn";
    case spdlog::level::err: return "error";
    case spdlog::level::critical: return "critical";
    default: return "off";
  }
}

// UTC, RFC 3339 with milliseconds.
std::string Rfc3339(spdlog::log_clock::time_point time) {
  auto since_epoch = time.time_since_epoch();
  std::time_t seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count();
  int millis = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count() % 1000);
  std::tm tm {};
  gmtime_r(&seconds, &tm);
  char buffer[128];  // room for any int the compiler can imagine
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  return buffer;
}

class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    std::string line = "{\"ts\":\"" + Rfc3339(msg.time) + "\",\"level\":\"";
    line += LevelName(msg.level);
    line += "\",\"msg\":\"";
    AppendJsonString(RedactSecrets(std::string(msg.payload.data(), msg.payload.size())), line);
    line += "\",\"logger\":\"";
    AppendJsonString(std::string_view(msg.logger_name.data(), msg.logger_name.size()), line);
    line += "\"}\n";
    dest.append(line.data(), line.data() + line.size());
  }
  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonFormatter>(); }
};

// The text pattern, with secrets redacted from the finished line.
class RedactingTextFormatter final : public spdlog::formatter {
 public:
  RedactingTextFormatter() : inner_("%H:%M:%S %^%l%$ %v") {}
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    spdlog::memory_buf_t plain;
    inner_.format(msg, plain);
    std::string line = RedactSecrets(std::string(plain.data(), plain.size()));
    dest.append(line.data(), line.data() + line.size());
  }
  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<RedactingTextFormatter>(); }

 private:
  spdlog::pattern_formatter inner_;
};

}  // namespace

void AddLogSecret(const std::string& secret) {
  if (secret.size() < kMinSecretLength) return;
  Secrets& secrets = TheSecrets();
  std::unique_lock lock(secrets.mutex);
  for (const std::string& known : secrets.values)
    if (known == secret) return;
  auto at = secrets.values.begin();
  while (at != secrets.values.end() && at->size() >= secret.size()) ++at;
  secrets.values.insert(at, secret);
}

void AddLogSecretsOfUrl(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return;
  size_t authority = scheme + 3;
  size_t end = url.find_first_of("/?#", authority);
  std::string userinfo_host = url.substr(authority, end == std::string::npos ? std::string::npos : end - authority);
  size_t at = userinfo_host.rfind('@');
  if (at == std::string::npos) {
    // libpq also takes the password as a query parameter.
    size_t password = url.find("password=");
    if (password != std::string::npos) {
      size_t value = password + 9;
      AddLogSecret(url.substr(value, url.find('&', value) - value));
    }
    return;
  }
  std::string userinfo = userinfo_host.substr(0, at);
  size_t colon = userinfo.find(':');
  if (colon != std::string::npos) AddLogSecret(userinfo.substr(colon + 1));
  // Query-string passwords too.
  if (size_t password = url.find("password="); password != std::string::npos) {
    size_t value = password + 9;
    AddLogSecret(url.substr(value, url.find('&', value) - value));
  }
}

void AddLogSecretsOfConfig(const config::Config& config) {
  AddLogSecretsOfUrl(config.store.url);
  for (const config::SourceConfig& source : config.sources) {
    // Each cookie's value ("a=VALUE; b=VALUE"), and the whole header.
    AddLogSecret(source.cookies);
    size_t start = 0;
    while (start < source.cookies.size()) {
      size_t end = source.cookies.find(';', start);
      std::string pair = source.cookies.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (size_t eq = pair.find('='); eq != std::string::npos) AddLogSecret(pair.substr(eq + 1));
      if (end == std::string::npos) break;
      start = end + 1;
    }
    for (const auto& [name, value] : source.headers) {
      std::string lower = Lower(name);
      if (lower == "authorization" || lower == "cookie" || lower == "proxy-authorization" ||
          lower.find("token") != std::string::npos || lower.find("key") != std::string::npos)
        AddLogSecret(value);
    }
    AddLogSecretsOfUrl(source.proxy);
    AddLogSecretsOfUrl(source.url);
  }
}

std::string RedactSecrets(std::string text) {
  Secrets& secrets = TheSecrets();
  std::shared_lock lock(secrets.mutex);
  for (const std::string& secret : secrets.values) {
    for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3))
      text.replace(at, secret.size(), "***");
  }
  return text;
}

std::unique_ptr<spdlog::formatter> MakeJsonFormatter() { return std::make_unique<JsonFormatter>(); }
std::unique_ptr<spdlog::formatter> MakeTextFormatter() { return std::make_unique<RedactingTextFormatter>(); }

void SetUpLogging(const CommonOptions& common, const std::string& format_flag) {
  if (const char* url = std::getenv("HERALD_STORE_URL"); url != nullptr) AddLogSecretsOfUrl(url);
  config::LogConfig log;
  if (Result<config::Config> config = LoadSettings(common); config.ok()) {
    AddLogSecretsOfConfig(*config);
    log = config->log;
  }
  if (!format_flag.empty()) log.format = format_flag;
  (void)ConfigureLogging(log.format, log.level);  // the config reader already allows only valid values
}

Status ConfigureLogging(const std::string& format, const std::string& level) {
  spdlog::level::level_enum parsed;
  if (level == "debug") parsed = spdlog::level::debug;
  else if (level == "info") parsed = spdlog::level::info;
  else if (level == "warn" || level == "warning") parsed = spdlog::level::warn;
  else if (level == "error") parsed = spdlog::level::err;
  else
    return MakeError(ErrorKind::kInvalidInput,
                     "log level \"" + level + "\" is not one of debug, info, warn, error");
  if (format != "text" && format != "json")
    return MakeError(ErrorKind::kInvalidInput, "log format \"" + format + "\" is not \"text\" or \"json\"");
  spdlog::set_formatter(format == "json" ? MakeJsonFormatter() : MakeTextFormatter());
  spdlog::set_level(parsed);
  return Status::Ok();
}

}  // namespace herald::cli
