#include "common/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <thread>
#include <vector>

namespace herald::metrics {
namespace {

bool Contains(const std::string& text, const std::string& line) { return text.find(line) != std::string::npos; }

TEST(MetricsTest, CounterRendersHelpTypeAndLabels) {
  Registry registry;
  registry.GetCounter("x_total", "Things counted.", {{"kind", "a"}}).Add(3);
  registry.GetCounter("x_total", "ignored second help", {{"kind", "b"}}).Add();
  std::string text = registry.RenderPrometheus();
  EXPECT_EQ(text,
            "# HELP x_total Things counted.\n"
            "# TYPE x_total counter\n"
            "x_total{kind=\"a\"} 3\n"
            "x_total{kind=\"b\"} 1\n");
}

TEST(MetricsTest, SameLabelsGiveTheSameCounter) {
  Registry registry;
  Counter& a = registry.GetCounter("y_total", "h", {{"k", "v"}});
  Counter& b = registry.GetCounter("y_total", "h", {{"k", "v"}});
  EXPECT_EQ(&a, &b);
  Counter& plain = registry.GetCounter("z_total", "h");
  plain.Add(2);
  EXPECT_TRUE(Contains(registry.RenderPrometheus(), "\nz_total 2\n"));
}

TEST(MetricsTest, LabelValuesAreEscaped) {
  EXPECT_EQ(EscapeLabelValue("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
  Registry registry;
  registry.GetCounter("e_total", "help with \\ and\nnewline", {{"path", "/\"x\"\n\\"}}).Add();
  std::string text = registry.RenderPrometheus();
  EXPECT_TRUE(Contains(text, "# HELP e_total help with \\\\ and\\nnewline\n")) << text;
  EXPECT_TRUE(Contains(text, "e_total{path=\"/\\\"x\\\"\\n\\\\\"} 1\n")) << text;
  // Every sample stays on one line.
  for (size_t start = 0, end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    EXPECT_FALSE(text.substr(start, end - start).empty());
}

TEST(MetricsTest, HistogramBucketsAreCumulativeAndEndWithInf) {
  Registry registry;
  Histogram& h = registry.GetHistogram("t_seconds", "Time.", {0.1, 1, 0.5}, {{"op", "x"}});  // unsorted on purpose
  h.Observe(0.05);
  h.Observe(0.1);   // le is inclusive
  h.Observe(0.7);
  h.Observe(30);    // only +Inf
  std::string text = registry.RenderPrometheus();
  EXPECT_EQ(text,
            "# HELP t_seconds Time.\n"
            "# TYPE t_seconds histogram\n"
            "t_seconds_bucket{op=\"x\",le=\"0.1\"} 2\n"
            "t_seconds_bucket{op=\"x\",le=\"0.5\"} 2\n"
            "t_seconds_bucket{op=\"x\",le=\"1\"} 3\n"
            "t_seconds_bucket{op=\"x\",le=\"+Inf\"} 4\n"
            "t_seconds_sum{op=\"x\"} 30.85\n"
            "t_seconds_count{op=\"x\"} 4\n");
}

TEST(MetricsTest, NanIsIgnored) {
  Histogram h({1});
  h.Observe(std::nan(""));
  EXPECT_EQ(h.Count(), 0u);
}

TEST(MetricsTest, ConcurrentCountsAreNotLost) {
  Registry registry;
  Counter& c = registry.GetCounter("c_total", "h");
  Histogram& h = registry.GetHistogram("h_seconds", "h", DefaultSecondsBuckets());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        c.Add();
        h.Observe(0.002);
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.Value(), 40000u);
  EXPECT_EQ(h.Count(), 40000u);
  EXPECT_NEAR(h.Sum(), 80.0, 1e-6);
}

TEST(MetricsTest, GaugeRendersTypeGauge) {
  std::string text = RenderGauge("q", "Queue.", {{{{"state", "pending"}}, 5}, {{{"state", "failed"}}, 0}});
  EXPECT_EQ(text, "# HELP q Queue.\n# TYPE q gauge\nq{state=\"pending\"} 5\nq{state=\"failed\"} 0\n");
}

TEST(MetricsTest, HeraldMetricsAreRegisteredAtZeroAndCount) {
  RegisterHeraldMetrics();
  std::string before = Global().RenderPrometheus();
  for (const char* line : {"# TYPE herald_fetches_total counter", "herald_fetches_total{kind=\"feed\",outcome=\"ok\"}",
                           "herald_fetch_errors_total{kind=\"refused_private\"}", "# TYPE herald_extract_seconds histogram",
                           "herald_http_requests_total{code=\"5xx\"}", "herald_http_request_seconds_bucket{le=\"+Inf\"}",
                           "herald_articles_stored_total "})
    EXPECT_TRUE(Contains(before, line)) << line;
  CountHttpRequest(404, 0.003);
  CountHttpRequest(99, 0.001);   // out of range: clamped, never out of bounds
  CountHttpRequest(700, 0.001);
  CountFetch("feed", "not_modified");
  CountFetch("bogus", "bogus");  // unknown names fall into page/error
  CountFetchError("nonsense");   // -> other
  std::string after = Global().RenderPrometheus();
  EXPECT_TRUE(Contains(after, "herald_http_requests_total{code=\"4xx\"} 1\n")) << after;
  EXPECT_TRUE(Contains(after, "herald_fetches_total{kind=\"feed\",outcome=\"not_modified\"} 1\n"));
  EXPECT_TRUE(Contains(after, "herald_fetches_total{kind=\"page\",outcome=\"error\"} 1\n"));
  EXPECT_TRUE(Contains(after, "herald_fetch_errors_total{kind=\"other\"} 1\n"));
}

}  // namespace
}  // namespace herald::metrics
