#include "websub/hub_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "common/url.h"
#include "net/ssrf_guard.h"

namespace herald::websub {
namespace {

constexpr size_t kKeptBodyBytes = 4096;

size_t KeepStart(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  size_t bytes = size * count;
  if (body->size() < kKeptBodyBytes) body->append(data, std::min(bytes, kKeptBodyBytes - body->size()));
  return bytes;  // the rest is read and dropped, so the hub's status still arrives
}

std::string PercentEncode(const std::string& text) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kDigits[c >> 4];
      out += kDigits[c & 0xf];
    }
  }
  return out;
}

net::SsrfGuard GuardFor(const PostOptions& options) {
  net::SsrfGuard guard;
  guard.allow_private_networks = options.allow_private_networks;
  for (const std::string& range : options.allowed_networks)
    if (auto parsed = net::ParseNetworkRange(range); parsed.ok()) guard.allowed.push_back(*parsed);
  return guard;
}

}  // namespace

std::string FormEncode(const FormFields& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    out += PercentEncode(name) + "=" + PercentEncode(value);
  }
  return out;
}

Result<HubAnswer> PostForm(const std::string& url, const FormFields& fields, const PostOptions& options) {
  if (!IsHttpUrl(url) || !ParseHttpUrl(url).ok())
    return MakeError(ErrorKind::kInvalidInput, "hub URL '" + url + "' is not an http(s) URL");
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> easy(curl_easy_init(), curl_easy_cleanup);
  if (!easy) return MakeError(ErrorKind::kInternal, "libcurl could not start a transfer");
  std::string form = FormEncode(fields);
  HubAnswer answer;
  net::SsrfGuard guard = GuardFor(options);
  guard.Install(easy.get());
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/x-www-form-urlencoded");
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(headers, curl_slist_free_all);
  CURL* e = easy.get();
  curl_easy_setopt(e, CURLOPT_URL, url.c_str());
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(e, CURLOPT_USERAGENT, options.user_agent.c_str());
  // curl reads 0 as "no limit": every request here ends within a bound.
  long timeout = std::max(1, options.timeout_seconds);
  curl_easy_setopt(e, CURLOPT_TIMEOUT, timeout);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, std::min(timeout, 10L));
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(e, CURLOPT_POSTFIELDS, form.c_str());
  curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, static_cast<long>(form.size()));
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, KeepStart);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &answer.body);
  CURLcode code = curl_easy_perform(e);
  if (!guard.refused_ip.empty())
    return MakeError(ErrorKind::kRefused, "hub " + url + " resolves to private address " + guard.refused_ip +
                                              "; allow it with allowed_networks if it is yours");
  if (code != CURLE_OK)
    return MakeError(ErrorKind::kNetwork, "hub " + url + " unreachable: " + curl_easy_strerror(code));
  long status = 0;
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
  answer.status = static_cast<int>(status);
  return answer;
}

}  // namespace herald::websub
