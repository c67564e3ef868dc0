// Recognizes answers from anti-bot services (Cloudflare, DataDome, Akamai,
// PerimeterX, ...) so a refused fetch can be explained in plain words instead
// of a bare "HTTP 403": the user cannot fix such a source by retrying.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace herald::net {

using HeaderList = std::vector<std::pair<std::string, std::string>>;  // names as sent

// The protection's name ("Cloudflare challenge", "DataDome", ...) when a
// 403/503 response carries its markers in `headers` or `body`; nullopt
// otherwise, also for every other status.
std::optional<std::string> DetectBotProtection(int status, const HeaderList& headers, std::string_view body);

}  // namespace herald::net
