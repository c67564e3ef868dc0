// common/metrics: process-wide counters and histograms for /metrics.
//
// Contract: metrics are registered once (at first use, by a function-local
// static) with their labels fixed; counting afterwards is a relaxed atomic
// add, no lock and no allocation, safe from any thread. Registration takes a
// lock and is rare. RenderPrometheus() writes the Prometheus text exposition
// format 0.0.4: one "# HELP" and "# TYPE" per family, label values escaped,
// histogram buckets cumulative and ending with le="+Inf".
//
// Metrics live as long as the process (the registry never frees them), so a
// reference obtained once may be kept in a static.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace herald::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void Add(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// Observations in seconds (or any unit); bucket bounds are upper bounds,
// ascending. The sum is kept in microunits so it stays one atomic integer.
class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void Observe(double value);
  const std::vector<double>& bounds() const { return bounds_; }
  // Non-cumulative count of bucket i; i == bounds().size() is the overflow.
  uint64_t BucketCount(size_t i) const { return buckets_[i].load(std::memory_order_relaxed); }
  uint64_t Count() const { return count_.load(std::memory_order_relaxed); }
  double Sum() const { return static_cast<double>(sum_micro_.load(std::memory_order_relaxed)) / 1e6; }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;
  std::atomic<uint64_t> count_{0};
  std::atomic<int64_t> sum_micro_{0};
};

// Bounds for request and extraction times: 1 ms .. 10 s.
std::vector<double> DefaultSecondsBuckets();

class Registry {
 public:
  Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;
  ~Registry();

  // The counter of `name` with exactly these labels, created on first call;
  // the same object afterwards. `help` is kept from the first registration
  // of the name. Names must be valid Prometheus names (not checked).
  Counter& GetCounter(const std::string& name, const std::string& help, const Labels& labels = {});
  Histogram& GetHistogram(const std::string& name, const std::string& help, const std::vector<double>& bounds,
                          const Labels& labels = {});

  std::string RenderPrometheus() const;

 private:
  struct Family;
  Family& FamilyOf(const std::string& name, const std::string& help, bool histogram);
  mutable std::mutex mutex_;  // registration and render only, never counting
  std::vector<std::unique_ptr<Family>> families_;
};

// The registry herald's modules count into and /metrics renders.
Registry& Global();

// A gauge family read at scrape time (not kept in a registry): HELP, TYPE
// and one line per sample, in the same format.
std::string RenderGauge(const std::string& name, const std::string& help,
                        const std::vector<std::pair<Labels, double>>& samples);

// Escapes a label value for the text format: backslash, double quote, newline.
std::string EscapeLabelValue(const std::string& value);

// Well-known herald metrics, so modules count into the same families.
// Registers them all (at zero) in Global(); the counting calls below do it
// on first use too.
void RegisterHeraldMetrics();
// kind: "feed" | "page"; outcome: "ok" | "not_modified" | "error".
void CountFetch(const std::string& kind, const std::string& outcome);
// kind: "timeout" | "dns" | "tls" | "http_4xx" | "http_5xx" | "too_large" | "refused_private" | "other".
void CountFetchError(const std::string& kind);
// An HTTP response of the site, by status, and how long it took.
void CountHttpRequest(int status, double seconds);
void ObserveExtractSeconds(double seconds);
void CountArticlesStored(uint64_t n);

}  // namespace herald::metrics
