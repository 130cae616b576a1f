// What reading a request body costs: core::parse_object (which also finds a
// key given twice) against plain boost::json::parse, on the bodies the
// services take most and on a large one.
//
//   body_parse_bench [--rounds 200000]
#include "eventbook/core/config.hpp"
#include "eventbook/core/json.hpp"

#include <boost/json/parse.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace eventbook;
using Clock = std::chrono::steady_clock;

namespace {

// Nanoseconds per call of parse over rounds calls (after as many to warm up).
template <class Parse>
double time_per_call(int rounds, Parse parse) {
  std::size_t sink = 0;
  for (int i = 0; i < rounds; ++i) sink += parse();
  auto started = Clock::now();
  for (int i = 0; i < rounds; ++i) sink += parse();
  auto elapsed = std::chrono::duration<double, std::nano>(Clock::now() - started).count();
  if (sink == 42) std::printf(" ");  // keeps the calls
  return elapsed / rounds;
}

}  // namespace

int main(int argc, char** argv) {
  core::Args args(argc, argv);
  int rounds = static_cast<int>(args.integer("rounds", 200000, 1, 100000000));
  std::string large = "{\"reservations\":[";
  for (int i = 0; i < 256; ++i) {
    large += std::string(i ? "," : "") + R"({"bookingId":"0193a1b2-9e5f-7061-acbd-)" +
             std::to_string(100000000000 + i) + R"(","eventId":"0193a1b2-8d4e-7f50-9bac-1d2e3f4a5b6c","seats":2})";
  }
  large += "]}";
  std::string many = "{";
  for (int i = 0; i < 1000; ++i) {
    many += std::string(i ? "," : "") + "\"k" + std::to_string(i) + "\":" + std::to_string(i);
  }
  many += "}";
  const std::vector<std::pair<const char*, std::string>> bodies{
      {"booking", R"({"eventId":"0193a1b2-8d4e-7f50-9bac-1d2e3f4a5b6c","seats":2})"},
      {"event", R"({"title":"Tech Conference 2030","description":"Annual technology event.","date":"2030-06-15",
                   "location":"New York","capacity":100,"category":"tech","price":{"amount":25.0,"currency":"EUR"},
                   "maxSeatsPerBooking":4})"},
      {"256 reservations", large},
      {"1000 keys", many},
  };
  std::printf("%-18s %8s %14s %14s %8s\n", "body", "bytes", "boost (ns)", "eventbook (ns)", "ratio");
  for (const auto& [name, body] : bodies) {
    int n = body.size() > 10000 ? rounds / 100 + 1 : rounds;
    double plain = time_per_call(n, [&] { return boost::json::parse(body).as_object().size(); });
    double ours = time_per_call(n, [&] { return core::parse_object(body).size(); });
    std::printf("%-18s %8zu %14.0f %14.0f %8.2f\n", name, body.size(), plain, ours, ours / plain);
  }
  return 0;
}
