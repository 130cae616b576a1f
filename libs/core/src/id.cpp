#include "eventbook/core/id.hpp"

#include "eventbook/core/clock.hpp"

#include <array>
#include <cctype>
#include <cstdint>
#include <mutex>
#include <random>

namespace eventbook::core {

namespace {

// Monotonic within a process: ids made in the same millisecond still sort in
// the order they were made, which keeps cursor pagination stable.
struct Generator {
  std::mutex mutex;
  std::mt19937_64 random{std::random_device{}()};
  std::int64_t last_ms = 0;
  std::uint64_t counter = 0;  // 12 bits in rand_a, then rolls into the clock
};

Generator& generator() {
  static Generator instance;
  return instance;
}

}  // namespace

std::string new_id() {
  auto& gen = generator();
  std::array<std::uint8_t, 16> bytes{};
  std::uint64_t tail = 0;
  std::int64_t ms = 0;
  std::uint64_t seq = 0;
  {
    std::lock_guard lock(gen.mutex);
    ms = now_ms();
    if (ms <= gen.last_ms) {
      ms = gen.last_ms;
      if (++gen.counter > 0xFFF) {
        ++ms;
        gen.counter = 0;
      }
    } else {
      gen.counter = gen.random() & 0x3FF;
    }
    gen.last_ms = ms;
    seq = gen.counter;
    tail = gen.random();
  }
  for (int i = 0; i < 6; ++i) {
    bytes[i] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(ms) >> (40 - 8 * i));
  }
  bytes[6] = static_cast<std::uint8_t>(0x70 | ((seq >> 8) & 0x0F));
  bytes[7] = static_cast<std::uint8_t>(seq & 0xFF);
  for (int i = 8; i < 16; ++i) {
    bytes[i] = static_cast<std::uint8_t>(tail >> (8 * (i - 8)));
  }
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3F) | 0x80);

  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) {
      out.push_back('-');
    }
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0x0F]);
  }
  return out;
}

bool looks_like_id(std::string_view text) noexcept {
  if (text.size() != 36) {
    return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : std::isxdigit(static_cast<unsigned char>(text[i])) == 0) {
      return false;
    }
  }
  return true;
}

}  // namespace eventbook::core
