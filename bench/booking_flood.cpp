// A booking flood against a running eventbook: registers users, creates
// events, then books from many connections for a while and reports
// throughput, latency percentiles and whether any seat was sold twice.
//
//   booking_flood --url http://127.0.0.1:8080 --connections 64 --seconds 10
//                 --events 50 --capacity 100000 [--hot] [--holds] [--json out.json]
//
// With --holds every booking is a checkout: POST /api/holds, then
// POST /api/holds/{id}/confirm; its latency is the two together.
#include "load_socket.hpp"

#include "eventbook/core/config.hpp"
#include "eventbook/core/loop.hpp"
#include "eventbook/http/client.hpp"

#include <boost/json.hpp>

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

namespace json = boost::json;
namespace core = eventbook::core;
using Clock = std::chrono::steady_clock;

namespace {

struct Api {
  explicit Api(const std::string& url) : client(url, {.request_timeout = std::chrono::milliseconds(30000)}) {}
  eventbook::http::ClientResponse post(const std::string& path, const json::object& body, const std::string& token) {
    eventbook::http::Headers headers{{"Content-Type", "application/json"}};
    if (!token.empty()) headers.push_back({"Authorization", "Bearer " + token});
    return core::run_blocking(client.request("POST", path, headers, json::serialize(body)));
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

// The flood itself: every connection sends a booking, waits for its answer
// and sends the next, until the time is up; answers still in flight then are
// awaited, so that every booking the server confirmed is counted. Two
// threads drive all connections through epoll with plain HTTP/1.1, so that
// the load generator takes little of the CPU it shares with the server.
struct Outcome {
  std::uint64_t confirmed = 0, refused = 0, failed = 0;
  std::vector<double> latencies;  // ms
};

using eventbook::bench::complete_response;
using eventbook::bench::connect_to;
using eventbook::bench::parse_url;
using eventbook::bench::Target;

struct Connection {
  int fd = -1;
  std::mt19937 random;
  std::string out;
  std::size_t sent = 0;
  std::string in;
  Clock::time_point t0;
  bool busy = false;
  std::string hold_id;  // --holds: the hold to confirm next; empty: a hold is next
};

// The value of "holdId" in a 201 answer to POST /api/holds.
std::string hold_id_of(const std::string& response) {
  const std::string key = "\"holdId\":\"";
  auto at = response.find(key);
  if (at == std::string::npos) return "";
  at += key.size();
  return response.substr(at, response.find('"', at) - at);
}

void drive(const Target& target, int first, int count, int seconds, bool holds, const std::vector<std::string>& tokens,
           const std::vector<std::string>& events, Outcome& outcome) {
  std::vector<Connection> connections(static_cast<std::size_t>(count));
  int poll = ::epoll_create1(0);
  auto post = [&](Connection& c, const std::string& path, const std::string& token, const std::string& body) {
    c.out = "POST " + path + " HTTP/1.1\r\nHost: " + target.host + "\r\nAuthorization: Bearer " + token +
            "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    c.sent = 0;
    c.busy = true;
  };
  // Each connection books as one user, so that it may confirm its holds.
  auto request = [&](Connection& c) {
    const auto& token = tokens[static_cast<std::size_t>(&c - connections.data() + first) % tokens.size()];
    if (!c.hold_id.empty()) {
      post(c, "/api/holds/" + c.hold_id + "/confirm", token, "{}");
      return;
    }
    const auto& event = events[c.random() % events.size()];
    post(c, holds ? "/api/holds" : "/api/bookings", token,
         json::serialize(json::object{{"eventId", event}, {"seats", 1}}));
    c.t0 = Clock::now();
  };
  auto send_some = [&](Connection& c) {
    while (c.sent < c.out.size()) {
      auto n = ::send(c.fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
      if (n <= 0) return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
      c.sent += static_cast<std::size_t>(n);
    }
    return true;
  };
  for (int i = 0; i < count; ++i) {
    auto& c = connections[static_cast<std::size_t>(i)];
    c.random.seed(static_cast<unsigned>(first + i));
    c.fd = connect_to(target);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u32 = static_cast<std::uint32_t>(i);
    ::epoll_ctl(poll, EPOLL_CTL_ADD, c.fd, &ev);
    request(c);
    if (!send_some(c)) throw std::runtime_error("cannot send");
  }
  const auto deadline = Clock::now() + std::chrono::seconds(seconds);
  const auto give_up = deadline + std::chrono::seconds(60);
  int in_flight = count;
  std::vector<epoll_event> ready(256);
  char buffer[16384];
  while (in_flight > 0 && Clock::now() < give_up) {
    int n = ::epoll_wait(poll, ready.data(), static_cast<int>(ready.size()), 100);
    for (int k = 0; k < n; ++k) {
      auto& c = connections[ready[static_cast<std::size_t>(k)].data.u32];
      if (!c.busy) continue;
      for (;;) {
        auto got = ::recv(c.fd, buffer, sizeof buffer, 0);
        if (got > 0) {
          c.in.append(buffer, static_cast<std::size_t>(got));
          continue;
        }
        if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
          ++outcome.failed;  // the server closed the connection: stop using it
          c.busy = false;
          --in_flight;
          ::close(c.fd);
        }
        break;
      }
      int status = 0;
      std::size_t body_at = 0;
      std::size_t used = c.busy ? complete_response(c.in, status, body_at) : 0;
      if (used == 0) continue;
      const bool held = holds && c.hold_id.empty() && status == 201;
      if (held) c.hold_id = hold_id_of(c.in.substr(0, used));
      c.in.erase(0, used);
      if (held && !c.hold_id.empty()) {
        // Held: confirm it, whatever the time, so that no seat stays held.
        request(c);
        if (!send_some(c)) {
          ++outcome.failed;
          c.busy = false;
          --in_flight;
        }
        continue;
      }
      c.hold_id.clear();
      outcome.latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - c.t0).count());
      (status == 201 ? outcome.confirmed : status == 409 ? outcome.refused : outcome.failed)++;
      if (Clock::now() >= deadline) {
        c.busy = false;
        --in_flight;
        continue;
      }
      request(c);
      if (!send_some(c)) {
        ++outcome.failed;
        c.busy = false;
        --in_flight;
      }
    }
  }
  for (auto& c : connections) {
    if (c.fd >= 0) ::close(c.fd);
  }
  ::close(poll);
}

Outcome flood(const std::string& url, int connections, int seconds, bool holds, const std::vector<std::string>& tokens,
              const std::vector<std::string>& events) {
  auto target = parse_url(url);
  int threads = std::min(connections, 2);
  std::vector<Outcome> parts(static_cast<std::size_t>(threads));
  std::vector<std::thread> drivers;
  for (int t = 0; t < threads; ++t) {
    int first = connections * t / threads;
    int count = connections * (t + 1) / threads - first;
    drivers.emplace_back([&, t, first, count] {
      drive(target, first, count, seconds, holds, tokens, events, parts[static_cast<std::size_t>(t)]);
    });
  }
  for (auto& driver : drivers) driver.join();
  Outcome total;
  for (auto& part : parts) {
    total.confirmed += part.confirmed;
    total.refused += part.refused;
    total.failed += part.failed;
    total.latencies.insert(total.latencies.end(), part.latencies.begin(), part.latencies.end());
  }
  return total;
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
                               {{"title", "Bench " + std::to_string(e)},
                                {"date", "2035-01-01"},
                                {"location", "Bench hall"},
                                {"availableSeats", capacity}},
                               organizer);
    if (response.status != 201) throw std::runtime_error("create event failed: " + response.body);
    events.emplace_back(json::parse(response.body).at("eventId").as_string());
  }

  std::cerr << "flooding: " << connections << " connections for " << seconds << " s\n";
  auto started = Clock::now();
  const bool holds = args.flag("holds");
  auto outcome = flood(url, connections, seconds, holds, tokens, events);
  double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
  const auto confirmed = outcome.confirmed;
  const auto refused = outcome.refused;
  const auto failed = outcome.failed;
  auto& latencies = outcome.latencies;

  // Oversold seats: more taken than the capacity, or more taken than confirmed.
  std::int64_t taken = 0, oversold = 0;
  for (const auto& event : events) {
    auto response = core::run_blocking(setup.client.request("GET", "/api/events/" + event));
    auto body = json::parse(response.body).as_object();
    auto used = body.at("capacity").as_int64() - body.at("availableSeats").as_int64();
    taken += used;
    oversold += std::max<std::int64_t>(0, used - body.at("capacity").as_int64());
  }
  oversold += std::max<std::int64_t>(0, taken - static_cast<std::int64_t>(confirmed));

  std::sort(latencies.begin(), latencies.end());
  json::object result{{"flow", holds ? "hold-confirm" : "booking"},
                      {"connections", connections},
                      {"seconds", elapsed},
                      {"events", event_count},
                      {"confirmed", confirmed},
                      {"refused", refused},
                      {"failed", failed},
                      {"bookingsPerSecond", static_cast<double>(confirmed) / elapsed},
                      {"p50Ms", percentile(latencies, 0.50)},
                      {"p99Ms", percentile(latencies, 0.99)},
                      {"seatsTaken", taken},
                      {"oversold", oversold}};
  std::printf(
      "%s%d connections, %d event(s): %.0f bookings/s confirmed (%llu confirmed, %llu refused, %llu failed), "
      "p50 %.2f ms, p99 %.2f ms, seats taken %lld, oversold %lld\n",
      holds ? "hold then confirm, " : "", connections, event_count, static_cast<double>(confirmed) / elapsed,
      static_cast<unsigned long long>(confirmed), static_cast<unsigned long long>(refused),
      static_cast<unsigned long long>(failed), percentile(latencies, 0.5), percentile(latencies, 0.99),
      static_cast<long long>(taken), static_cast<long long>(oversold));
  if (auto out = args.get("json")) {
    std::ofstream(*out) << json::serialize(result) << "\n";
  }
  return oversold == 0 ? 0 : 1;
}
