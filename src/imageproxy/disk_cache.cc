#include "imageproxy/disk_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "common/strings.h"
#include "common/time.h"

namespace herald::imageproxy {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kFailureSuffix = ".fail";
constexpr std::string_view kTempSuffix = ".part";

std::string ImageName(std::string_view key) { return Sha256Hex(key); }
std::string FailureName(std::string_view key) { return Sha256Hex(key) + std::string(kFailureSuffix); }

// Our names only: 64 hex digits, optionally ".fail".
bool IsEntryName(std::string_view name) {
  if (name.size() == 64 + kFailureSuffix.size() && name.substr(64) == kFailureSuffix) name = name.substr(0, 64);
  return name.size() == 64 && std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::optional<std::string> ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return bytes;
}

}  // namespace

Result<std::unique_ptr<DiskCache>> DiskCache::Open(DiskCacheOptions options) {
  std::error_code error;
  fs::create_directories(options.dir, error);
  if (error) return MakeError(ErrorKind::kIo, options.dir + ": cannot create the image cache folder: " + error.message());
  std::unique_ptr<DiskCache> cache(new DiskCache(std::move(options)));
  cache->LoadIndex();
  std::lock_guard lock(cache->mutex_);
  cache->EvictOverCap();
  return cache;
}

// Oldest mtime first, so recency survives a restart; leftovers of
// interrupted writes are removed.
void DiskCache::LoadIndex() {
  struct Found {
    std::string name;
    uint64_t size;
    fs::file_time_type mtime;
  };
  std::vector<Found> found;
  std::error_code error;
  for (const auto& item : fs::directory_iterator(options_.dir, error)) {
    std::string name = item.path().filename().string();
    if (name.size() > kTempSuffix.size() && name.ends_with(kTempSuffix)) {
      fs::remove(item.path(), error);
      continue;
    }
    if (!IsEntryName(name) || !item.is_regular_file(error)) continue;
    found.push_back({name, static_cast<uint64_t>(item.file_size(error)), item.last_write_time(error)});
  }
  std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.mtime < b.mtime; });
  std::lock_guard lock(mutex_);
  for (const Found& f : found) MarkUsed(f.name, f.size);
}

void DiskCache::MarkUsed(const std::string& name, uint64_t size) {
  auto it = entries_.find(name);
  if (it != entries_.end()) {
    total_bytes_ -= it->second.size;
    recency_.erase(it->second.recency);
    entries_.erase(it);
  }
  recency_.push_back(name);
  entries_[name] = Entry{size, std::prev(recency_.end())};
  total_bytes_ += size;
}

void DiskCache::Forget(const std::string& name) {
  auto it = entries_.find(name);
  if (it == entries_.end()) return;
  total_bytes_ -= it->second.size;
  recency_.erase(it->second.recency);
  entries_.erase(it);
}

void DiskCache::EvictOverCap() {
  while (total_bytes_ > options_.max_bytes && !recency_.empty()) {
    std::string oldest = recency_.front();
    unlink(PathOf(oldest).c_str());
    Forget(oldest);
  }
}

Status DiskCache::WriteAtomically(const std::string& name, std::string_view bytes) {
  uint64_t counter;
  {
    std::lock_guard lock(mutex_);
    counter = ++temp_counter_;
  }
  std::string temp = PathOf(name + "." + std::to_string(getpid()) + "-" + std::to_string(counter) +
                            std::string(kTempSuffix));
  int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return MakeError(ErrorKind::kIo, temp + ": " + std::strerror(errno));
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  bool ok = close(fd) == 0 && done == bytes.size();
  if (!ok || rename(temp.c_str(), PathOf(name).c_str()) != 0) {
    std::string reason = std::strerror(errno);
    unlink(temp.c_str());
    return MakeError(ErrorKind::kIo, PathOf(name) + ": cannot write the cached image: " + reason);
  }
  return Status::Ok();
}

std::optional<std::string> DiskCache::Get(std::string_view key) {
  std::string name = ImageName(key);
  std::optional<std::string> bytes = ReadWhole(PathOf(name));
  std::lock_guard lock(mutex_);
  if (!bytes) {
    Forget(name);  // evicted, or removed by hand
    return std::nullopt;
  }
  utimensat(AT_FDCWD, PathOf(name).c_str(), nullptr, 0);
  MarkUsed(name, bytes->size());
  return bytes;
}

Status DiskCache::Put(std::string_view key, std::string_view bytes) {
  std::string name = ImageName(key);
  if (Status written = WriteAtomically(name, bytes); !written.ok()) return written;
  std::lock_guard lock(mutex_);
  MarkUsed(name, bytes.size());
  EvictOverCap();
  return Status::Ok();
}

// A failure file holds "<status>\n<message>"; its mtime dates it.
std::optional<CachedFailure> DiskCache::GetFailure(std::string_view key) {
  std::string name = FailureName(key);
  struct stat info;
  if (stat(PathOf(name).c_str(), &info) != 0) return std::nullopt;
  if (NowUtcSeconds() - info.st_mtime >= options_.failure_ttl_seconds) return std::nullopt;
  std::optional<std::string> text = ReadWhole(PathOf(name));
  if (!text) return std::nullopt;
  size_t newline = text->find('\n');
  CachedFailure failure;
  failure.status = std::atoi(text->substr(0, newline).c_str());
  if (failure.status < 400 || failure.status > 599) return std::nullopt;
  if (newline != std::string::npos) failure.message = text->substr(newline + 1);
  return failure;
}

Status DiskCache::PutFailure(std::string_view key, const CachedFailure& failure) {
  std::string name = FailureName(key);
  std::string text = std::to_string(failure.status) + "\n" + failure.message;
  if (Status written = WriteAtomically(name, text); !written.ok()) return written;
  std::lock_guard lock(mutex_);
  MarkUsed(name, text.size());
  EvictOverCap();
  return Status::Ok();
}

uint64_t DiskCache::size_bytes() const {
  std::lock_guard lock(mutex_);
  return total_bytes_;
}

}  // namespace herald::imageproxy
