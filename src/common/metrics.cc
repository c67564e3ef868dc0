#include "common/metrics.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace herald::metrics {

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), buckets_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  std::sort(bounds_.begin(), bounds_.end());
  for (size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0, std::memory_order_relaxed);
}

void Histogram::Observe(double value) {
  if (std::isnan(value)) return;
  size_t i = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();  // le: value <= bound
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_micro_.fetch_add(static_cast<int64_t>(std::llround(value * 1e6)), std::memory_order_relaxed);
}

std::vector<double> DefaultSecondsBuckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

struct Registry::Family {
  std::string name, help;
  bool histogram = false;
  struct Series {
    Labels labels;
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Histogram> histogram;
  };
  std::vector<Series> series;  // registration order

  Series* Find(const Labels& labels) {
    for (Series& s : series)
      if (s.labels == labels) return &s;
    return nullptr;
  }
};

Registry::Registry() = default;
Registry::~Registry() = default;

Registry::Family& Registry::FamilyOf(const std::string& name, const std::string& help, bool histogram) {
  for (auto& family : families_)
    if (family->name == name) return *family;
  auto family = std::make_unique<Family>();
  family->name = name;
  family->help = help;
  family->histogram = histogram;
  families_.push_back(std::move(family));
  return *families_.back();
}

Counter& Registry::GetCounter(const std::string& name, const std::string& help, const Labels& labels) {
  std::lock_guard lock(mutex_);
  Family& family = FamilyOf(name, help, false);
  if (Family::Series* found = family.Find(labels)) return *found->counter;
  family.series.push_back({labels, std::make_unique<Counter>(), nullptr});
  return *family.series.back().counter;
}

Histogram& Registry::GetHistogram(const std::string& name, const std::string& help, const std::vector<double>& bounds,
                                  const Labels& labels) {
  std::lock_guard lock(mutex_);
  Family& family = FamilyOf(name, help, true);
  if (Family::Series* found = family.Find(labels)) return *found->histogram;
  family.series.push_back({labels, nullptr, std::make_unique<Histogram>(bounds)});
  return *family.series.back().histogram;
}

std::string EscapeLabelValue(const std::string& value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

namespace {

// HELP text escapes backslash and newline only (format 0.0.4).
std::string EscapeHelp(const std::string& help) {
  std::string out;
  for (char c : help) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string FormatLabels(const Labels& labels, const std::string& extra_name = "", const std::string& extra_value = "") {
  Labels all = labels;
  if (!extra_name.empty()) all.emplace_back(extra_name, extra_value);
  if (all.empty()) return "";
  std::string out = "{";
  for (size_t i = 0; i < all.size(); ++i) {
    if (i > 0) out += ',';
    out += all[i].first + "=\"" + EscapeLabelValue(all[i].second) + "\"";
  }
  return out + "}";
}

std::string FormatNumber(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  // Shortest form that reads back the same (0.1 rather than 0.10000000000000001).
  for (int precision = 1; precision <= 17; ++precision) {
    char shorter[64];
    std::snprintf(shorter, sizeof shorter, "%.*g", precision, value);
    if (std::strtod(shorter, nullptr) == value) return shorter;
  }
  return buffer;
}

void RenderHistogram(const std::string& name, const Labels& labels, const Histogram& h, std::string& out) {
  uint64_t cumulative = 0;
  for (size_t i = 0; i < h.bounds().size(); ++i) {
    cumulative += h.BucketCount(i);
    out += name + "_bucket" + FormatLabels(labels, "le", FormatNumber(h.bounds()[i])) + " " +
           std::to_string(cumulative) + "\n";
  }
  cumulative += h.BucketCount(h.bounds().size());
  // Read apart from the buckets, so _count may run ahead of +Inf under
  // concurrent observations; +Inf is what the buckets saw.
  out += name + "_bucket" + FormatLabels(labels, "le", "+Inf") + " " + std::to_string(cumulative) + "\n";
  out += name + "_sum" + FormatLabels(labels) + " " + FormatNumber(h.Sum()) + "\n";
  out += name + "_count" + FormatLabels(labels) + " " + std::to_string(cumulative) + "\n";
}

}  // namespace

std::string Registry::RenderPrometheus() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& family : families_) {
    out += "# HELP " + family->name + " " + EscapeHelp(family->help) + "\n";
    out += "# TYPE " + family->name + (family->histogram ? " histogram\n" : " counter\n");
    for (const Family::Series& s : family->series) {
      if (s.counter) out += family->name + FormatLabels(s.labels) + " " + std::to_string(s.counter->Value()) + "\n";
      else RenderHistogram(family->name, s.labels, *s.histogram, out);
    }
  }
  return out;
}

std::string RenderGauge(const std::string& name, const std::string& help,
                        const std::vector<std::pair<Labels, double>>& samples) {
  std::string out = "# HELP " + name + " " + EscapeHelp(help) + "\n# TYPE " + name + " gauge\n";
  for (const auto& [labels, value] : samples) out += name + FormatLabels(labels) + " " + FormatNumber(value) + "\n";
  return out;
}

Registry& Global() {
  static Registry* registry = new Registry();  // never destroyed: counted into until exit
  return *registry;
}

namespace {

constexpr std::array<const char*, 2> kFetchKinds = {"feed", "page"};
constexpr std::array<const char*, 3> kFetchOutcomes = {"ok", "not_modified", "error"};
constexpr std::array<const char*, 8> kFetchErrorKinds = {"timeout",  "dns",       "tls",             "http_4xx",
                                                         "http_5xx", "too_large", "refused_private", "other"};
constexpr std::array<const char*, 4> kStatusClasses = {"2xx", "3xx", "4xx", "5xx"};

// Every well-known series, registered together so /metrics shows them all
// (at zero) from the first scrape, and counting needs no registry lookup.
struct HeraldMetrics {
  Counter* fetches[kFetchKinds.size()][kFetchOutcomes.size()];
  Counter* fetch_errors[kFetchErrorKinds.size()];
  Counter* http_requests[kStatusClasses.size()];
  Histogram* http_seconds;
  Histogram* extract_seconds;
  Counter* articles_stored;

  HeraldMetrics() {
    Registry& r = Global();
    for (size_t k = 0; k < kFetchKinds.size(); ++k)
      for (size_t o = 0; o < kFetchOutcomes.size(); ++o)
        fetches[k][o] = &r.GetCounter("herald_fetches_total", "Feed and page fetches by outcome.",
                                      {{"kind", kFetchKinds[k]}, {"outcome", kFetchOutcomes[o]}});
    for (size_t k = 0; k < kFetchErrorKinds.size(); ++k)
      fetch_errors[k] = &r.GetCounter("herald_fetch_errors_total", "Failed fetches by cause.",
                                      {{"kind", kFetchErrorKinds[k]}});
    extract_seconds = &r.GetHistogram("herald_extract_seconds", "Time to extract one article page.",
                                      DefaultSecondsBuckets());
    articles_stored = &r.GetCounter("herald_articles_stored_total", "Articles inserted or updated in the store.");
    for (size_t c = 0; c < kStatusClasses.size(); ++c)
      http_requests[c] = &r.GetCounter("herald_http_requests_total", "HTTP responses of the site by status class.",
                                       {{"code", kStatusClasses[c]}});
    http_seconds = &r.GetHistogram("herald_http_request_seconds", "Time from request read to response written.",
                                   DefaultSecondsBuckets());
  }
};

HeraldMetrics& Herald() {
  static HeraldMetrics metrics;
  return metrics;
}

template <size_t N>
size_t IndexOf(const std::array<const char*, N>& names, const std::string& name, size_t fallback) {
  for (size_t i = 0; i < N; ++i)
    if (name == names[i]) return i;
  return fallback;
}

}  // namespace

void RegisterHeraldMetrics() { Herald(); }

void CountFetch(const std::string& kind, const std::string& outcome) {
  size_t k = IndexOf(kFetchKinds, kind, 1);
  size_t o = IndexOf(kFetchOutcomes, outcome, 2);
  Herald().fetches[k][o]->Add();
}

void CountFetchError(const std::string& kind) {
  Herald().fetch_errors[IndexOf(kFetchErrorKinds, kind, kFetchErrorKinds.size() - 1)]->Add();
}

void CountHttpRequest(int status, double seconds) {
  int c = std::clamp(status / 100 - 2, 0, 3);  // 1xx counts as 2xx: herald sends none
  Herald().http_requests[c]->Add();
  Herald().http_seconds->Observe(seconds);
}

void ObserveExtractSeconds(double seconds) { Herald().extract_seconds->Observe(seconds); }

void CountArticlesStored(uint64_t n) { Herald().articles_stored->Add(n); }

}  // namespace herald::metrics
