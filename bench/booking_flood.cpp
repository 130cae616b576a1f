// A booking flood against a running eventbook: registers users, creates
// events, then books from many connections for a while and reports
// throughput, latency percentiles and whether any seat was sold twice.
//
//   booking_flood --url http://127.0.0.1:8080 --connections 64 --seconds 10
//                 --events 50 --capacity 100000 [--hot] [--json out.json]
#include "eventbook/core/config.hpp"
#include "eventbook/http/client.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

struct Api {
  explicit Api(const std::string& url) : client(url, {.request_timeout = std::chrono::milliseconds(30000)}) {}
  eventbook::http::ClientResponse post(const std::string& path, const json::object& body, const std::string& token) {
    eventbook::http::Headers headers{{"Content-Type", "application/json"}};
    if (!token.empty()) headers.push_back({"Authorization", "Bearer " + token});
    return client.request("POST", path, headers, json::serialize(body));
  }
  eventbook::http::Client client;
};

std::string token_for(Api& api, const std::string& name) {
  std::string email = name + "@bench.example.com";
  api.post("/api/users/register", {{"username", name}, {"email", email}, {"password", "benchmark password"}}, "");
  auto response = api.post("/api/users/login", {{"email", email}, {"password", "benchmark password"}}, "");
  if (response.status != 200) throw std::runtime_error("login failed: " + response.body);
  return std::string(json::parse(response.body).at("token").as_string());
}

double percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  auto index = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1));
  return sorted[index];
}

}  // namespace

int main(int argc, char** argv) {
  eventbook::core::Args args(argc, argv);
  std::string url = args.get_or("url", "http://127.0.0.1:8080");
  int connections = static_cast<int>(args.integer("connections", 64, 1, 4096));
  int seconds = static_cast<int>(args.integer("seconds", 10, 1, 3600));
  int event_count = args.flag("hot") ? 1 : static_cast<int>(args.integer("events", 50, 1, 100000));
  std::int64_t capacity = args.integer("capacity", 1000000, 1, 1000000);
  int user_count = static_cast<int>(args.integer("users", 32, 1, 10000));
  std::string run = std::to_string(std::chrono::system_clock::now().time_since_epoch().count() % 100000000);

  Api setup(url);
  std::cerr << "setting up: " << user_count << " users, " << event_count << " events of " << capacity << " seats\n";
  std::vector<std::string> tokens(static_cast<std::size_t>(user_count));
  {
    std::vector<std::thread> signups;
    for (int t = 0; t < 4; ++t) {
      signups.emplace_back([&, t] {
        Api api(url);
        for (int u = t; u < user_count; u += 4) tokens[u] = token_for(api, "b" + run + "_" + std::to_string(u));
      });
    }
    for (auto& s : signups) s.join();
  }
  auto organizer = token_for(setup, "o" + run);
  std::vector<std::string> events;
  for (int e = 0; e < event_count; ++e) {
    auto response = setup.post("/api/events",
                               {{"title", "Bench " + std::to_string(e)}, {"date", "2035-01-01"},
                                {"location", "Bench hall"}, {"availableSeats", capacity}},
                               organizer);
    if (response.status != 201) throw std::runtime_error("create event failed: " + response.body);
    events.emplace_back(json::parse(response.body).at("eventId").as_string());
  }

  std::cerr << "flooding: " << connections << " connections for " << seconds << " s\n";
  std::atomic<bool> running{true};
  std::atomic<std::uint64_t> confirmed{0}, refused{0}, failed{0};
  std::mutex latencies_mutex;
  std::vector<double> latencies;
  std::vector<std::thread> clients;
  auto started = Clock::now();
  for (int c = 0; c < connections; ++c) {
    clients.emplace_back([&, c] {
      Api api(url);
      std::mt19937 random(static_cast<unsigned>(c));
      std::vector<double> mine;
      mine.reserve(100000);
      while (running) {
        const auto& token = tokens[random() % tokens.size()];
        const auto& event = events[random() % events.size()];
        auto t0 = Clock::now();
        try {
          auto response = api.post("/api/bookings", {{"eventId", event}, {"seats", 1}}, token);
          (response.status == 201 ? confirmed : response.status == 409 ? refused : failed)++;
        } catch (const std::exception&) {
          ++failed;
        }
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      }
      std::lock_guard lock(latencies_mutex);
      latencies.insert(latencies.end(), mine.begin(), mine.end());
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  running = false;
  for (auto& client : clients) client.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - started).count();

  // Oversold seats: more taken than the capacity, or more taken than confirmed.
  std::int64_t taken = 0, oversold = 0;
  for (const auto& event : events) {
    auto response = setup.client.request("GET", "/api/events/" + event);
    auto body = json::parse(response.body).as_object();
    auto used = body.at("capacity").as_int64() - body.at("availableSeats").as_int64();
    taken += used;
    oversold += std::max<std::int64_t>(0, used - body.at("capacity").as_int64());
  }
  oversold += std::max<std::int64_t>(0, taken - static_cast<std::int64_t>(confirmed.load()));

  std::sort(latencies.begin(), latencies.end());
  json::object result{{"connections", connections},
                      {"seconds", elapsed},
                      {"events", event_count},
                      {"confirmed", confirmed.load()},
                      {"refused", refused.load()},
                      {"failed", failed.load()},
                      {"bookingsPerSecond", static_cast<double>(confirmed.load()) / elapsed},
                      {"p50Ms", percentile(latencies, 0.50)},
                      {"p99Ms", percentile(latencies, 0.99)},
                      {"seatsTaken", taken},
                      {"oversold", oversold}};
  std::printf("%d connections, %d event(s): %.0f bookings/s confirmed (%llu confirmed, %llu refused, %llu failed), "
              "p50 %.2f ms, p99 %.2f ms, seats taken %lld, oversold %lld\n",
              connections, event_count, static_cast<double>(confirmed.load()) / elapsed,
              static_cast<unsigned long long>(confirmed.load()), static_cast<unsigned long long>(refused.load()),
              static_cast<unsigned long long>(failed.load()), percentile(latencies, 0.5), percentile(latencies, 0.99),
              static_cast<long long>(taken), static_cast<long long>(oversold));
  if (auto out = args.get("json")) {
    std::ofstream(*out) << json::serialize(result) << "\n";
  }
  return oversold == 0 ? 0 : 1;
}
