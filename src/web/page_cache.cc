#include "web/page_cache.h"

#include <openssl/rand.h>

#include "common/html_escape.h"
#include "httpd/http_cache.h"

namespace herald::web {

CachedPage::CachedPage(httpd::Response page) : response(std::move(page)), hash(httpd::ContentHash(response.body)) {}

PageCache::PageCache(VersionSource version, PageCacheOptions options)
    : version_source_(std::move(version)), options_(options) {}

int64_t PageCache::CurrentVersion() {
  auto now = std::chrono::steady_clock::now();
  if (version_ >= 0 && now - checked_ < options_.recheck) return version_;
  Result<int64_t> read = version_source_();
  int64_t version = read.ok() ? *read : -1;
  checked_ = now;
  if (version != version_) {
    lru_.clear();
    index_.clear();
    bytes_ = 0;
    version_ = version;
  }
  return version_;
}

PageCache::Lookup PageCache::Find(const std::string& key) {
  std::lock_guard lock(mutex_);
  if (options_.max_bytes == 0) return {};
  Lookup out;
  out.version = CurrentVersion();
  auto it = index_.find(key);
  if (it != index_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second);
    out.page = it->second->page;
  }
  return out;
}

void PageCache::Insert(const std::string& key, std::shared_ptr<const CachedPage> page, int64_t version) {
  std::lock_guard lock(mutex_);
  if (version < 0 || version != version_ || page == nullptr) return;
  size_t size = key.size() + page->response.body.size();
  for (const auto& [name, value] : page->response.headers) size += name.size() + value.size();
  if (size > options_.max_bytes / 4) return;  // one page must not flush the rest
  if (auto it = index_.find(key); it != index_.end()) {
    bytes_ -= it->second->bytes;
    lru_.erase(it->second);
    index_.erase(it);
  }
  lru_.push_front(Entry{key, std::move(page), size});
  index_[key] = lru_.begin();
  bytes_ += size;
  Evict();
}

void PageCache::Evict() {
  while (bytes_ > options_.max_bytes && !lru_.empty()) {
    bytes_ -= lru_.back().bytes;
    index_.erase(lru_.back().key);
    lru_.pop_back();
  }
}

size_t PageCache::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

size_t PageCache::entries() const {
  std::lock_guard lock(mutex_);
  return lru_.size();
}

const std::string& ViewsPlaceholder() {
  static const std::string token = [] {
    unsigned char random[16];
    if (RAND_bytes(random, sizeof random) != 1) {
      // Unguessable is the point; without it, an address still differs per run.
      auto seed = reinterpret_cast<uintptr_t>(&random) ^ static_cast<uintptr_t>(
                      std::chrono::steady_clock::now().time_since_epoch().count());
      for (size_t i = 0; i < sizeof random; ++i) random[i] = static_cast<unsigned char>(seed >> (i % 8 * 8));
    }
    static const char* kHex = "0123456789abcdef";
    std::string out = "herald-views-";
    for (unsigned char c : random) {
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
    return out;
  }();
  return token;
}

std::string FillViews(std::string_view body, std::string_view views_text) {
  const std::string& token = ViewsPlaceholder();
  std::string escaped = EscapeHtml(views_text);
  std::string out;
  out.reserve(body.size() + escaped.size());
  size_t from = 0;
  for (size_t at; (at = body.find(token, from)) != std::string_view::npos; from = at + token.size())
    out.append(body.substr(from, at - from)).append(escaped);
  out.append(body.substr(from));
  return out;
}

}  // namespace herald::web
