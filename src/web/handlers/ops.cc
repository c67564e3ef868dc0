// /healthz and /metrics: for load balancers, orchestrators and Prometheus.
// Both read the store on every request and are never cached.
#include "common/metrics.h"
#include "web/handlers/handlers.h"

namespace herald::web {
namespace {

httpd::Response Uncached(int status, std::string content_type, std::string body) {
  httpd::Response response;
  response.status = status;
  response.content_type = std::move(content_type);
  response.headers = {{"Cache-Control", "no-store"}};
  response.body = std::move(body);
  return response;
}

}  // namespace

httpd::Response HealthResponse(store::Store& store) {
  if (Status ping = store.Ping(); !ping.ok())
    return Uncached(503, "text/plain; charset=utf-8", "unavailable: the store does not answer\n");
  return Uncached(200, "text/plain; charset=utf-8", "ok\n");
}

httpd::Response MetricsResponse(store::Store& store) {
  metrics::RegisterHeraldMetrics();
  std::string body = metrics::Global().RenderPrometheus();
  // The queue is read at scrape time: it is shared by every process.
  // Left out when the store does not answer (a scrape still succeeds).
  if (auto jobs = store.CountJobs(); jobs.ok()) {
    body += metrics::RenderGauge("herald_job_queue", "Article page jobs in the store by state.",
                                 {{{{"state", "pending"}}, static_cast<double>(jobs->pending)},
                                  {{{"state", "claimed"}}, static_cast<double>(jobs->claimed)},
                                  {{{"state", "failed"}}, static_cast<double>(jobs->failed)}});
  }
  return Uncached(200, "text/plain; version=0.0.4; charset=utf-8", std::move(body));
}

}  // namespace herald::web
