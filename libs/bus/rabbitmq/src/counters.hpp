#pragma once

#include <atomic>
#include <cstdint>

namespace eventbook::bus::rabbitmq {

// The numbers behind Transport::stats(), shared by the transport's threads.
struct Counters {
  std::atomic<std::uint64_t> published{0};
  std::atomic<std::uint64_t> delivered{0};
  std::atomic<std::uint64_t> failed{0};
  std::atomic<std::uint64_t> dead_lettered{0};
};

}  // namespace eventbook::bus::rabbitmq
