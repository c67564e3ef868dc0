#include "common/url.h"

#include <curl/curl.h>

#include <memory>
#include <vector>

#include "common/strings.h"

namespace herald {
namespace {

struct CurlUrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using CurlUrl = std::unique_ptr<CURLU, CurlUrlDeleter>;

std::string GetPart(CURLU* u, CURLUPart part, unsigned flags = 0) {
  char* value = nullptr;
  if (curl_url_get(u, part, &value, flags) != CURLUE_OK || value == nullptr) return "";
  std::string out(value);
  curl_free(value);
  return out;
}

CurlUrl ParseAbsolute(std::string_view url) {
  CurlUrl u(curl_url());
  std::string s(Trim(url));
  if (!u || s.empty()) return nullptr;
  if (curl_url_set(u.get(), CURLUPART_URL, s.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
    return nullptr;
  return u;
}

bool IsTrackingParam(std::string_view name) {
  std::string n = ToLowerAscii(name);
  return n.rfind("utm_", 0) == 0 || n == "fbclid" || n == "gclid" || n == "dclid" ||
         n == "msclkid" || n == "mc_cid" || n == "mc_eid" || n == "igshid" ||
         n == "_ga" || n == "yclid" || n == "ref_src" || n == "cmpid";
}

// A host name as curl hands it back is percent-decoded: "a%7Fb" becomes a
// control byte that curl itself refuses to parse again. Such hosts are not
// reachable names, so the URL is rejected.
bool IsPlainHost(std::string_view host) {
  for (unsigned char c : host)
    if (c <= 0x20 || c == 0x7F || c == '%') return false;
  return !host.empty();
}

}  // namespace

std::string SiteOf(std::string_view url) {
  auto parts = ParseHttpUrl(url);
  if (!parts.ok()) return "";
  const std::string& host = parts->host;
  if (host.find(':') != std::string::npos || host.find_first_not_of("0123456789.") == std::string::npos)
    return host;  // IPv6 or IPv4 literal
  std::vector<std::string_view> labels;
  for (size_t start = 0; start <= host.size();) {
    size_t dot = host.find('.', start);
    if (dot == std::string::npos) dot = host.size();
    if (dot > start) labels.push_back(std::string_view(host).substr(start, dot - start));
    start = dot + 1;
  }
  size_t keep = 2;
  if (labels.size() >= 3 && labels.back().size() == 2 && labels[labels.size() - 2].size() <= 3) keep = 3;
  if (labels.size() <= keep) return host;
  std::string site;
  for (size_t i = labels.size() - keep; i < labels.size(); ++i) {
    if (!site.empty()) site += '.';
    site += labels[i];
  }
  return site;
}

bool IsHttpUrl(std::string_view url) {
  return StartsWithIgnoreCase(Trim(url), "http://") || StartsWithIgnoreCase(Trim(url), "https://");
}

Result<UrlParts> ParseHttpUrl(std::string_view url) {
  if (!IsHttpUrl(url))
    return MakeError(ErrorKind::kInvalidInput,
                     "'" + std::string(url) + "' is not an http(s) URL; give a URL starting with http:// or https://");
  CurlUrl u = ParseAbsolute(url);
  if (!u) return MakeError(ErrorKind::kInvalidInput, "'" + std::string(url) + "' is not a valid URL");
  UrlParts p;
  p.scheme = ToLowerAscii(GetPart(u.get(), CURLUPART_SCHEME));
  p.host = ToLowerAscii(GetPart(u.get(), CURLUPART_HOST));
  if (p.host.size() > 2 && p.host.front() == '[' && p.host.back() == ']')
    p.host = p.host.substr(1, p.host.size() - 2);
  std::string port = GetPart(u.get(), CURLUPART_PORT);
  p.port = port.empty() ? 0 : std::atoi(port.c_str());
  p.path = GetPart(u.get(), CURLUPART_PATH);
  if (p.path.empty()) p.path = "/";
  p.query = GetPart(u.get(), CURLUPART_QUERY);
  if (p.host.empty()) return MakeError(ErrorKind::kInvalidInput, "'" + std::string(url) + "' has no host");
  if (!IsPlainHost(p.host))
    return MakeError(ErrorKind::kInvalidInput, "'" + std::string(url) + "' has a host no name can be (a control byte, a space or a %)");
  return p;
}

std::string ResolveUrl(std::string_view base, std::string_view ref) {
  std::string r(Trim(ref));
  if (r.empty()) return "";
  if (StartsWithIgnoreCase(r, "data:")) return r;
  if (StartsWithIgnoreCase(r, "javascript:") || StartsWithIgnoreCase(r, "vbscript:")) return "";
  CurlUrl u = ParseAbsolute(base);
  if (!u) return IsHttpUrl(r) ? r : "";
  // Setting a relative URL on a parsed one resolves it (RFC 3986).
  if (curl_url_set(u.get(), CURLUPART_URL, r.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) return "";
  std::string out = GetPart(u.get(), CURLUPART_URL);
  return IsHttpUrl(out) ? out : "";
}

namespace {

// One pass of CanonicalizeUrl. curl decodes the host once per pass, so a
// second pass can differ from the first ("1%38" becomes "18", which the
// next parse reads as the address 0.0.0.18).
std::string CanonicalizeOnce(std::string_view url) {
  if (!IsHttpUrl(url)) return "";
  CurlUrl u = ParseAbsolute(url);
  if (!u) return "";
  curl_url_set(u.get(), CURLUPART_FRAGMENT, nullptr, 0);
  std::string query = GetPart(u.get(), CURLUPART_QUERY);
  if (!query.empty()) {
    std::string kept;
    for (const std::string& param : Split(query, '&')) {
      if (param.empty()) continue;
      std::string name = param.substr(0, param.find('='));
      if (IsTrackingParam(name)) continue;
      if (!kept.empty()) kept += '&';
      kept += param;
    }
    curl_url_set(u.get(), CURLUPART_QUERY, kept.empty() ? nullptr : kept.c_str(), 0);
  }
  std::string scheme = ToLowerAscii(GetPart(u.get(), CURLUPART_SCHEME));
  std::string port = GetPart(u.get(), CURLUPART_PORT);
  if ((scheme == "http" && port == "80") || (scheme == "https" && port == "443"))
    curl_url_set(u.get(), CURLUPART_PORT, nullptr, 0);
  curl_url_set(u.get(), CURLUPART_SCHEME, scheme.c_str(), 0);
  std::string host = ToLowerAscii(GetPart(u.get(), CURLUPART_HOST));
  if (!IsPlainHost(host) || curl_url_set(u.get(), CURLUPART_HOST, host.c_str(), 0) != CURLUE_OK) return "";
  return GetPart(u.get(), CURLUPART_URL);
}

}  // namespace

std::string CanonicalizeUrl(std::string_view url) {
  // Passes until nothing changes (two at most in practice), so the result
  // is its own canonical form; a URL that keeps changing is refused.
  std::string current = CanonicalizeOnce(url);
  for (int pass = 0; pass < 3 && !current.empty(); ++pass) {
    std::string next = CanonicalizeOnce(current);
    if (next == current) return current;
    current = std::move(next);
  }
  return "";
}

}  // namespace herald
