#include "metrics.hpp"

#include "eventbook/core/metrics_text.hpp"

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
  core::MetricsText text;
  std::lock_guard lock(mutex_);
  text.family("eventbook_http_requests_total", core::MetricType::counter,
              "HTTP requests answered, by route, method and status.");
  for (const auto& [key, series] : series_) {
    const auto& [route, method, status] = key;
    const auto code = std::to_string(status);
    text.sample({{"service", service_}, {"route", route}, {"method", method}, {"status", code}}, series.count);
  }
  text.family("eventbook_http_request_duration_seconds", core::MetricType::histogram,
              "Time from a complete request to its response.");
  for (const auto& [key, series] : series_) {
    const auto& [route, method, status] = key;
    const auto code = std::to_string(status);
    text.histogram({{"service", service_}, {"route", route}, {"method", method}, {"status", code}}, kBuckets,
                   series.buckets, series.sum, series.count);
  }
  text.family("eventbook_http_pool_rejections_total", core::MetricType::counter,
              "Work refused with 503 because a bound was reached.");
  text.sample({{"service", service_}, {"pool", "requests"}}, busy_rejections_.load(std::memory_order_relaxed));
  for (const auto* pool : pools) {
    text.sample({{"service", service_}, {"pool", pool->name()}}, pool->rejected());
  }
  return text.take();
}

}  // namespace eventbook::http
