#include "net/host_scheduler.h"

#include <algorithm>

namespace herald::net {

HostScheduler::HostScheduler(int max_parallel, int max_per_host, std::chrono::milliseconds per_host_delay)
    : max_parallel_(static_cast<size_t>(std::max(1, max_parallel))),
      max_per_host_(std::max(1, max_per_host)),
      per_host_delay_(std::max(per_host_delay, std::chrono::milliseconds(0))) {}

void HostScheduler::Enqueue(size_t id, const std::string& host) {
  hosts_[host].queue.push_back(id);
  ++queued_;
}

bool HostScheduler::HasFreeSlot(const Host& host) const {
  return !host.queue.empty() && host.running < max_per_host_;
}

HostScheduler::Clock::time_point HostScheduler::EarliestStart(const Host& host) const {
  return host.last_start ? *host.last_start + per_host_delay_ : Clock::time_point::min();
}

std::optional<size_t> HostScheduler::StartNext(Clock::time_point now) {
  if (running_ >= max_parallel_) return std::nullopt;
  Host* chosen = nullptr;
  for (auto& [name, host] : hosts_) {
    if (!HasFreeSlot(host) || EarliestStart(host) > now) continue;
    if (chosen == nullptr || host.queue.front() < chosen->queue.front()) chosen = &host;
  }
  if (chosen == nullptr) return std::nullopt;
  size_t id = chosen->queue.front();
  chosen->queue.pop_front();
  ++chosen->running;
  chosen->last_start = now;
  --queued_;
  ++running_;
  return id;
}

void HostScheduler::Finish(const std::string& host) {
  auto it = hosts_.find(host);
  if (it == hosts_.end() || it->second.running == 0) return;
  --it->second.running;
  --running_;
}

std::optional<HostScheduler::Clock::time_point> HostScheduler::NextDelayExpiry(Clock::time_point now) const {
  if (running_ >= max_parallel_) return std::nullopt;
  std::optional<Clock::time_point> earliest;
  for (const auto& [name, host] : hosts_) {
    if (!HasFreeSlot(host)) continue;
    Clock::time_point start = EarliestStart(host);
    if (start > now && (!earliest || start < *earliest)) earliest = start;
  }
  return earliest;
}

}  // namespace herald::net
