#pragma once

#include "eventbook/core/thread_pool.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace eventbook::http {

// Request counts and a latency histogram per route, method and status, in the
// Prometheus text format.
class Metrics {
 public:
  explicit Metrics(std::string service) : service_(std::move(service)) {}

  void observe(const std::string& route, const std::string& method, int status, std::chrono::nanoseconds elapsed);
  void rejected_busy();
  // pools: the service's thread pools, counted beside the server's own bound.
  std::string render(const std::vector<const core::ThreadPool*>& pools) const;

  static constexpr std::array<double, 12> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

 private:
  struct Series {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  using Key = std::tuple<std::string, std::string, int>;

  std::string service_;
  mutable std::mutex mutex_;
  std::map<Key, Series> series_;
  std::atomic<std::uint64_t> busy_rejections_{0};
};

}  // namespace eventbook::http
