// Politeness bookkeeping for FetchAll: which queued request may start now.
// Pure logic over a caller-supplied clock, so the limits are tested without
// sockets or sleeps.
//
// Contract: at most max_parallel requests run at once overall and at most
// max_per_host per host; two starts to one host are at least per_host_delay
// apart; among the requests allowed to start, the smallest id goes first
// (FetchAll passes request indices, so requests start in request order).
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <string>

namespace herald::net {

class HostScheduler {
 public:
  using Clock = std::chrono::steady_clock;

  // Limits below 1 are raised to 1, a negative delay to 0.
  HostScheduler(int max_parallel, int max_per_host, std::chrono::milliseconds per_host_delay);

  void Enqueue(size_t id, const std::string& host);

  // The request to start at `now`, counted as running from then on; nullopt
  // when none may start yet.
  std::optional<size_t> StartNext(Clock::time_point now);

  // A request to `host` finished, freeing its slots.
  void Finish(const std::string& host);

  // When a queued request held back only by the per-host delay becomes
  // startable; nullopt when none is (nothing queued, or all wait for a slot).
  std::optional<Clock::time_point> NextDelayExpiry(Clock::time_point now) const;

  size_t queued() const { return queued_; }
  size_t running() const { return running_; }

 private:
  struct Host {
    std::deque<size_t> queue;
    int running = 0;
    std::optional<Clock::time_point> last_start;
  };

  bool HasFreeSlot(const Host& host) const;
  Clock::time_point EarliestStart(const Host& host) const;

  size_t max_parallel_;
  int max_per_host_;
  Clock::duration per_host_delay_;
  std::map<std::string, Host> hosts_;
  size_t queued_ = 0;
  size_t running_ = 0;
};

}  // namespace herald::net
