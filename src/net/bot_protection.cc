#include "net/bot_protection.h"

#include <algorithm>

#include "common/strings.h"

namespace herald::net {
namespace {

struct Marker {
  const char* vendor;
  const char* header;      // a response header whose presence betrays it ("" = none)
  const char* body_texts;  // '|'-separated lowercase fragments of its challenge page
};

// Challenge pages are small; the markers sit near the top.
constexpr size_t kBodyScanBytes = 64 * 1024;

constexpr Marker kMarkers[] = {
    {"Cloudflare challenge", "cf-mitigated", "cf-chl|just a moment...|challenge-platform|cf_chl_opt"},
    {"DataDome", "x-datadome", "datadome|captcha-delivery.com"},
    {"PerimeterX", "x-px-block", "px-captcha|_pxhd|_pxappid|perimeterx"},
    {"Akamai Bot Manager", "akamai-grn", "_abck|ak_bmsc|akamai bot manager"},
    {"Sucuri firewall", "x-sucuri-block", "sucuri website firewall|access denied - sucuri"},
    {"Imperva Incapsula", "x-iinfo", "incapsula incident|_incapsula_resource"},
};

bool HasHeader(const HeaderList& headers, std::string_view name) {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& header) { return ToLowerAscii(header.first) == name; });
}

bool BodyContainsAny(const std::string& lowered_body, std::string_view fragments) {
  while (!fragments.empty()) {
    size_t bar = fragments.find('|');
    std::string_view fragment = fragments.substr(0, bar);
    if (lowered_body.find(fragment) != std::string::npos) return true;
    fragments = bar == std::string_view::npos ? std::string_view() : fragments.substr(bar + 1);
  }
  return false;
}

}  // namespace

std::optional<std::string> DetectBotProtection(int status, const HeaderList& headers, std::string_view body) {
  if (status != 403 && status != 503) return std::nullopt;
  std::string lowered_body = ToLowerAscii(body.substr(0, kBodyScanBytes));
  for (const Marker& marker : kMarkers) {
    if (HasHeader(headers, marker.header) || BodyContainsAny(lowered_body, marker.body_texts)) return marker.vendor;
  }
  return std::nullopt;
}

}  // namespace herald::net
