#include "metrics.hpp"

#include <cstdio>

namespace eventbook::http {

void Metrics::observe(const std::string& route, const std::string& method, int status,
                      std::chrono::nanoseconds elapsed) {
  double seconds = std::chrono::duration<double>(elapsed).count();
  std::lock_guard lock(mutex_);
  auto& series = series_[Key{route, method, status}];
  ++series.count;
  series.sum += seconds;
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++series.buckets[i];
    }
  }
}

void Metrics::rejected_busy() { busy_rejections_.fetch_add(1, std::memory_order_relaxed); }

std::string Metrics::render(const std::vector<const core::ThreadPool*>& pools) const {
  std::string out;
  char number[64];
  std::lock_guard lock(mutex_);
  out += "# HELP eventbook_http_requests_total HTTP requests answered, by route, method and status.\n";
  out += "# TYPE eventbook_http_requests_total counter\n";
  for (const auto& [key, series] : series_) {
    const auto& [route, method, status] = key;
    out += "eventbook_http_requests_total{service=\"" + service_ + "\",route=\"" + route + "\",method=\"" + method +
           "\",status=\"" + std::to_string(status) + "\"} " + std::to_string(series.count) + "\n";
  }
  out += "# HELP eventbook_http_request_duration_seconds Time from a complete request to its response.\n";
  out += "# TYPE eventbook_http_request_duration_seconds histogram\n";
  for (const auto& [key, series] : series_) {
    const auto& [route, method, status] = key;
    std::string labels = "service=\"" + service_ + "\",route=\"" + route + "\",method=\"" + method +
                         "\",status=\"" + std::to_string(status) + "\"";
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      std::snprintf(number, sizeof number, "%g", kBuckets[i]);
      out += "eventbook_http_request_duration_seconds_bucket{" + labels + ",le=\"" + number + "\"} " +
             std::to_string(series.buckets[i]) + "\n";
    }
    out += "eventbook_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " +
           std::to_string(series.count) + "\n";
    std::snprintf(number, sizeof number, "%.6f", series.sum);
    out += "eventbook_http_request_duration_seconds_sum{" + labels + "} " + number + "\n";
    out += "eventbook_http_request_duration_seconds_count{" + labels + "} " + std::to_string(series.count) + "\n";
  }
  out += "# HELP eventbook_http_pool_rejections_total Work refused with 503 because a bound was reached.\n";
  out += "# TYPE eventbook_http_pool_rejections_total counter\n";
  out += "eventbook_http_pool_rejections_total{service=\"" + service_ + "\",pool=\"requests\"} " +
         std::to_string(busy_rejections_.load(std::memory_order_relaxed)) + "\n";
  for (const auto* pool : pools) {
    out += "eventbook_http_pool_rejections_total{service=\"" + service_ + "\",pool=\"" + pool->name() + "\"} " +
           std::to_string(pool->rejected()) + "\n";
  }
  return out;
}

}  // namespace eventbook::http
