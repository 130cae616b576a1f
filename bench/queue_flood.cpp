// An on-sale against a running eventbook: many accounts join one event's
// waiting room before it opens, then poll their place while admissions run,
// and the bench checks that admissions follow the event's rate exactly.
//
//   queue_flood --url http://127.0.0.1:8080 --accounts 20000 --connections 256
//               --seconds 10 --admit-per-minute 6000 [--lead 25]
//               [--accounts-file accounts.tsv | --signing-key DIR/keys/users-ed25519.key]
//               [--server-pid PID] [--json out.json]
//
// Setup (not measured): N accounts are registered and signed in over a few
// connections (two Argon2id hashes each: minutes for thousands), an
// organizer creates an event whose waiting room opens --lead seconds ahead
// (default: long enough for every join). With --accounts-file the accounts
// and tokens of an earlier run against the same system are used again (and
// the file is written for the next run). With --signing-key, the users
// service's key of a system on this machine, the bench signs a sign-in
// token for each of N new account ids itself instead: the queue service
// checks a token's signature and claims, not the account, so the measured
// requests are the same, without the hour of hashing 20,000 accounts take
// on a small machine. --server-pid adds the server's CPU time per request.
//
// Measured:
//  (a) joins: every account joins once, over C keep-alive connections;
//  (b) status polls: from just before the opening, every account polls its
//      place in turn, as fast as the connections allow, for S seconds;
//  (c) admissions: the organizer's view of the room is sampled every 20 ms;
//      each admission step must match admitPerMinute times the time since
//      the opening within one step, and the poll answers must agree with it:
//      places (position + admitted when asked) distinct and 1..N, each entry
//      admitted exactly when its place comes up, and never waiting again.
//      A last sweep polls every account once more to check the end state.
#include "load_socket.hpp"

#include "eventbook/auth/jwt.hpp"
#include "eventbook/core/clock.hpp"
#include "eventbook/core/config.hpp"
#include "eventbook/core/id.hpp"
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
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <optional>
#include <queue>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace json = boost::json;
namespace core = eventbook::core;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::string_view kPassword = "benchmark password";

const Clock::time_point kBase = Clock::now();
const std::int64_t kBaseWallMs =
    std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();

// Microseconds since the bench started (steady clock).
std::int64_t micros(Clock::time_point t = Clock::now()) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t - kBase).count();
}
// A wall-clock time (UTC ms) on the same scale.
std::int64_t micros_of_wall(std::int64_t wall_ms) { return (wall_ms - kBaseWallMs) * 1000; }

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// ---- setup over the blocking client ----------------------------------------

struct Api {
  explicit Api(const std::string& url) : client(url, {.request_timeout = std::chrono::milliseconds(30000)}) {}
  eventbook::http::ClientResponse call(const std::string& method, const std::string& path, const std::string& body,
                                       const std::string& token) {
    eventbook::http::Headers headers;
    if (!body.empty()) headers.push_back({"Content-Type", "application/json"});
    if (!token.empty()) headers.push_back({"Authorization", "Bearer " + token});
    return core::run_blocking(client.request(method, path, headers, body));
  }
  eventbook::http::Client client;
};

std::string token_for(Api& api, const std::string& name) {
  const std::string email = name + "@bench.example.com";
  api.call("POST", "/api/users/register",
           json::serialize(json::object{{"username", name}, {"email", email}, {"password", kPassword}}), "");
  auto response = api.call("POST", "/api/users/login",
                           json::serialize(json::object{{"email", email}, {"password", kPassword}}), "");
  if (response.status != 200) throw std::runtime_error("login failed: " + response.body);
  return std::string(json::parse(response.body).at("token").as_string());
}

// ---- the load: keep-alive connections driven by two epoll threads ----------

using eventbook::bench::complete_response;
using eventbook::bench::connect_to;
using eventbook::bench::parse_url;
using eventbook::bench::Target;

std::string http_request(std::string_view method, const std::string& host, const std::string& path,
                         const std::string& token, const std::string& body) {
  std::string out;
  out.reserve(160 + path.size() + token.size() + body.size());
  out.append(method).append(" ").append(path).append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n");
  if (!token.empty()) out.append("Authorization: Bearer ").append(token).append("\r\n");
  if (!body.empty()) out.append("Content-Type: application/json\r\n");
  if (method != "GET") out.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
  out.append("\r\n").append(body);
  return out;
}

struct Answer {
  int status = 0;  // 0: the connection failed or was closed before an answer
  std::string_view body;
  std::int64_t sent_us = 0;
  std::int64_t received_us = 0;
  double ms() const { return static_cast<double>(received_us - sent_us) / 1000.0; }
};

// What a phase asks of its connections: the next raw request of connection
// c (none: it has finished), and what to do with its answer. Both are called
// only on the thread that drives connection c.
struct Phase {
  std::function<std::optional<std::string>(int c)> next;
  std::function<void(int c, const Answer& answer)> done;
};

struct Connection {
  int fd = -1;
  std::string out;
  std::size_t sent = 0;
  std::string in;
  std::int64_t sent_us = 0;
  bool busy = false;
};

void drive_some(const Target& target, int first, int count, const Phase& phase, Clock::time_point give_up) {
  std::vector<Connection> connections(static_cast<std::size_t>(count));
  int poll = ::epoll_create1(0);
  auto watch = [&](Connection& c, int op, std::uint32_t events) {
    epoll_event ev{};
    ev.events = events;
    ev.data.u32 = static_cast<std::uint32_t>(&c - connections.data());
    ::epoll_ctl(poll, op, c.fd, &ev);
  };
  // Sends what it can; false when the connection failed.
  auto send_some = [&](Connection& c) {
    while (c.sent < c.out.size()) {
      auto n = ::send(c.fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        watch(c, EPOLL_CTL_MOD, EPOLLIN | EPOLLOUT);
        return true;
      }
      if (n <= 0) return false;
      c.sent += static_cast<std::size_t>(n);
    }
    return true;
  };
  int in_flight = 0;
  // Starts the connection's next request; false when it has none.
  auto start = [&](Connection& c, int index) {
    for (;;) {
      auto request = phase.next(first + index);
      if (!request) {
        c.busy = false;
        return false;
      }
      if (c.fd < 0) {
        c.fd = connect_to(target);
        watch(c, EPOLL_CTL_ADD, EPOLLIN);
      }
      c.out = std::move(*request);
      c.sent = 0;
      c.in.clear();
      c.busy = true;
      c.sent_us = micros();
      if (send_some(c)) return true;
      // Failed at once (a connection the server had closed): report, reconnect.
      ::close(c.fd);
      c.fd = -1;
      phase.done(first + index, Answer{0, {}, c.sent_us, micros()});
    }
  };
  for (int i = 0; i < count; ++i) {
    if (start(connections[static_cast<std::size_t>(i)], i)) ++in_flight;
  }
  std::vector<epoll_event> ready(256);
  char buffer[16384];
  while (in_flight > 0 && Clock::now() < give_up) {
    int n = ::epoll_wait(poll, ready.data(), static_cast<int>(ready.size()), 100);
    for (int k = 0; k < n; ++k) {
      const int index = static_cast<int>(ready[static_cast<std::size_t>(k)].data.u32);
      auto& c = connections[static_cast<std::size_t>(index)];
      if (!c.busy) continue;
      if ((ready[static_cast<std::size_t>(k)].events & EPOLLOUT) != 0 && c.sent < c.out.size()) {
        watch(c, EPOLL_CTL_MOD, EPOLLIN);
        if (!send_some(c)) c.sent = 0;  // reported below as a failure
      }
      bool failed = false;
      for (;;) {
        auto got = ::recv(c.fd, buffer, sizeof buffer, 0);
        if (got > 0) {
          c.in.append(buffer, static_cast<std::size_t>(got));
          continue;
        }
        failed = got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
        break;
      }
      int status = 0;
      std::size_t body_at = 0;
      std::size_t used = complete_response(c.in, status, body_at);
      if (used == 0 && !failed) continue;
      Answer answer{used == 0 ? 0 : status,
                    used == 0 ? std::string_view{} : std::string_view(c.in).substr(body_at, used - body_at), c.sent_us,
                    micros()};
      phase.done(first + index, answer);
      if (failed || used == 0) {
        ::close(c.fd);
        c.fd = -1;
      }
      if (!start(c, index)) --in_flight;
    }
  }
  for (auto& c : connections) {
    if (c.fd >= 0) ::close(c.fd);
  }
  ::close(poll);
}

void drive(const Target& target, int connections, const Phase& phase, Clock::time_point give_up) {
  const int threads = std::min(connections, 2);
  std::vector<std::thread> drivers;
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(threads));
  for (int t = 0; t < threads; ++t) {
    const int first = connections * t / threads;
    const int count = connections * (t + 1) / threads - first;
    drivers.emplace_back([&, t, first, count] {
      try {
        drive_some(target, first, count, phase, give_up);
      } catch (...) {
        errors[static_cast<std::size_t>(t)] = std::current_exception();
      }
    });
  }
  for (auto& driver : drivers) driver.join();
  for (auto& error : errors) {
    if (error) std::rethrow_exception(error);
  }
}

// The text of "name":"..." in a JSON body (our answers have no escapes in these values).
std::string_view text_field(std::string_view body, std::string_view name) {
  std::string key = "\"" + std::string(name) + "\":\"";
  auto at = body.find(key);
  if (at == std::string_view::npos) return {};
  at += key.size();
  auto end = body.find('"', at);
  return end == std::string_view::npos ? std::string_view{} : body.substr(at, end - at);
}

// The integer of "name":123 in a JSON body; -1 when null or missing.
std::int64_t integer_field(std::string_view body, std::string_view name) {
  std::string key = "\"" + std::string(name) + "\":";
  auto at = body.find(key);
  if (at == std::string_view::npos) return -1;
  at += key.size();
  if (at >= body.size() || !std::isdigit(static_cast<unsigned char>(body[at]))) return -1;
  return std::strtoll(body.data() + at, nullptr, 10);
}

// CPU time (user + system, µs) the process has used so far; 0 without one.
double cpu_us(long pid) {
  if (pid <= 0) return 0;
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto at = text.rfind(')');  // the name may hold spaces
  if (at == std::string::npos) return 0;
  std::istringstream fields(text.substr(at + 2));
  std::string field;
  double ticks = 0;
  for (int n = 3; n <= 15 && fields >> field; ++n) {
    if (n >= 14) ticks += std::strtod(field.c_str(), nullptr);  // utime, stime
  }
  return ticks * 1e6 / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

double percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  auto index = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1));
  return sorted[index];
}

struct Figures {
  std::uint64_t done = 0, failed = 0;
  double seconds = 0;
  double server_cpu_us = 0;       // the server's CPU time over the phase (with --server-pid)
  double client_cpu_us = 0;       // this bench's
  std::vector<double> latencies;  // ms
  double rate() const { return seconds > 0 ? static_cast<double>(done) / seconds : 0; }
  double cpu_each() const { return done > 0 ? server_cpu_us / static_cast<double>(done) : 0; }
  double client_cpu_each() const { return done > 0 ? client_cpu_us / static_cast<double>(done) : 0; }
  json::object to_json(const char* rate_name) {
    std::sort(latencies.begin(), latencies.end());
    return {{"count", done},
            {"failed", failed},
            {"seconds", seconds},
            {rate_name, rate()},
            {"p50Ms", percentile(latencies, 0.50)},
            {"p99Ms", percentile(latencies, 0.99)},
            {"serverCpuUsEach", cpu_each()},
            {"benchCpuUsEach", client_cpu_each()}};
  }
};

// Per connection: figures gathered on its own thread, merged after the phase.
struct PerConnection {
  std::uint64_t done = 0, failed = 0;
  std::vector<double> latencies;
};

Figures merge(std::vector<PerConnection>& parts, double seconds) {
  Figures out;
  out.seconds = seconds;
  for (auto& part : parts) {
    out.done += part.done;
    out.failed += part.failed;
    out.latencies.insert(out.latencies.end(), part.latencies.begin(), part.latencies.end());
  }
  return out;
}

// ---- accounts ----------------------------------------------------------------

struct Account {
  std::string email;
  std::string token;
  std::string queue_id;
};

// Registers (unless `registered`) and signs in every account in `which`,
// over `connections` connections, retrying while the server is busy.
void sign_in(const std::string& url, std::vector<Account>& accounts, const std::vector<std::size_t>& which,
             bool registered, int connections) {
  const auto target = parse_url(url);
  connections = std::max(1, std::min<int>(connections, static_cast<int>(which.size())));
  struct State {
    std::size_t cursor = 0;  // into which, by steps of `connections`
    bool logging_in = false;
    int retries = 0;
  };
  std::vector<State> states(static_cast<std::size_t>(connections));
  for (int c = 0; c < connections; ++c) {
    states[static_cast<std::size_t>(c)].cursor = static_cast<std::size_t>(c);
    states[static_cast<std::size_t>(c)].logging_in = registered;
  }
  std::atomic<std::size_t> finished{0};
  std::string failure;
  std::atomic<bool> failing{false};
  const auto started = Clock::now();
  Phase phase;
  phase.next = [&](int c) -> std::optional<std::string> {
    auto& state = states[static_cast<std::size_t>(c)];
    if (state.cursor >= which.size() || failing) return std::nullopt;
    const auto& account = accounts[which[state.cursor]];
    const auto name = account.email.substr(0, account.email.find('@'));
    if (state.logging_in) {
      return http_request("POST", target.host, "/api/users/login", "",
                          json::serialize(json::object{{"email", account.email}, {"password", kPassword}}));
    }
    return http_request(
        "POST", target.host, "/api/users/register", "",
        json::serialize(json::object{{"username", name}, {"email", account.email}, {"password", kPassword}}));
  };
  phase.done = [&](int c, const Answer& answer) {
    auto& state = states[static_cast<std::size_t>(c)];
    auto& account = accounts[which[state.cursor]];
    const bool busy = answer.status == 0 || answer.status == 429 || answer.status == 503;
    if (busy) {
      if (++state.retries > 50 && !failing.exchange(true)) {
        failure = "the server stayed busy signing up " + account.email;
      }
      return;
    }
    state.retries = 0;
    if (!state.logging_in) {
      if (answer.status != 201 && answer.status != 409) {
        if (!failing.exchange(true)) failure = "register " + account.email + ": " + std::string(answer.body);
        return;
      }
      state.logging_in = true;
      return;
    }
    if (answer.status != 200) {
      if (!failing.exchange(true)) failure = "sign in " + account.email + ": " + std::string(answer.body);
      return;
    }
    account.token = std::string(text_field(answer.body, "token"));
    state.logging_in = registered;
    state.cursor += static_cast<std::size_t>(connections);
    auto count = ++finished;
    if (count % 2000 == 0) {
      std::cerr << "  " << count << " of " << which.size() << " accounts ready ("
                << static_cast<int>(seconds_since(started)) << " s)\n";
    }
  };
  drive(target, connections, phase, Clock::time_point::max());
  if (failing) throw std::runtime_error(failure);
}

// Accounts of an earlier run, as "email<TAB>token" lines.
std::vector<Account> read_accounts(const std::string& file) {
  std::vector<Account> accounts;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    accounts.push_back({line.substr(0, tab), line.substr(tab + 1), {}});
  }
  return accounts;
}

void write_accounts(const std::string& file, const std::vector<Account>& accounts) {
  std::ofstream out(file, std::ios::trunc);
  for (const auto& account : accounts) out << account.email << '\t' << account.token << '\n';
}

// ---- admissions as the organizer sees them -----------------------------------

struct Sample {
  std::int64_t sent_us = 0;
  std::int64_t received_us = 0;
  std::int64_t admitted = -1;
  std::int64_t joined = -1;
};

// Samples the room view until stopped, every `every`.
class Sampler {
 public:
  Sampler(const std::string& url, std::string path, std::string token, std::chrono::milliseconds every)
      : api_(url), path_(std::move(path)), token_(std::move(token)), every_(every) {
    thread_ = std::thread([this] { run(); });
  }
  ~Sampler() { stop(); }
  void stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
  }
  const std::vector<Sample>& samples() const { return samples_; }
  const std::string& error() const { return error_; }

 private:
  void run() {
    while (!stopping_) {
      const auto next = Clock::now() + every_;
      Sample sample;
      sample.sent_us = micros();
      try {
        auto response = api_.call("GET", path_, "", token_);
        sample.received_us = micros();
        if (response.status == 200) {
          sample.admitted = integer_field(response.body, "admitted");
          sample.joined = integer_field(response.body, "joined");
          samples_.push_back(sample);
        } else if (error_.empty()) {
          error_ = "room view answered " + std::to_string(response.status) + ": " + response.body;
        }
      } catch (const std::exception& error) {
        if (error_.empty()) error_ = error.what();
      }
      std::this_thread::sleep_until(next);
    }
  }

  Api api_;
  std::string path_, token_;
  std::chrono::milliseconds every_;
  std::atomic<bool> stopping_{false};
  std::vector<Sample> samples_;
  std::string error_;
  std::thread thread_;
};

// The admitted count while the server answered a request sent at t0 and
// answered at t1 lies between the count of the last sample answered before
// t0 and that of the first sample sent after t1 (it never goes down).
struct Between {
  std::int64_t low = 0;
  std::int64_t high = std::numeric_limits<std::int64_t>::max();
  bool exact() const { return low == high; }
};
Between admitted_during(const std::vector<Sample>& samples, std::int64_t t0, std::int64_t t1) {
  Between out;
  auto after = std::lower_bound(samples.begin(), samples.end(), t1,
                                [](const Sample& s, std::int64_t t) { return s.sent_us < t; });
  if (after != samples.end()) out.high = after->admitted;
  auto before = std::upper_bound(samples.begin(), samples.end(), t0,
                                 [](std::int64_t t, const Sample& s) { return t < s.received_us; });
  if (before != samples.begin()) out.low = std::prev(before)->admitted;
  return out;
}

// Whether every entry can have its own place, 1..places, within its
// [low, high]: the smallest place goes to the entry whose range ends first.
bool places_fit(std::vector<std::pair<std::int64_t, std::int64_t>> ranges, std::int64_t places) {
  if (static_cast<std::int64_t>(ranges.size()) != places) return false;
  std::sort(ranges.begin(), ranges.end());
  std::priority_queue<std::int64_t, std::vector<std::int64_t>, std::greater<>> open;  // their highs
  std::size_t next = 0;
  for (std::int64_t place = 1; place <= places; ++place) {
    while (next < ranges.size() && ranges[next].first <= place) open.push(ranges[next++].second);
    if (open.empty() || open.top() < place) return false;
    open.pop();
  }
  return true;
}

// One status poll, as the checks need it.
struct Observation {
  std::uint32_t account = 0;
  char state = '?';    // w waiting, a admitted, e expired, s sold-out, ? other
  bool pass = false;   // admitted: the answer carries a pass
  bool sweep = false;  // in the last sweep, not the measured polls
  std::int64_t position = -1;
  std::int64_t sent_us = 0, received_us = 0;
};

char state_code(std::string_view state) {
  if (state == "waiting") return 'w';
  if (state == "admitted") return 'a';
  if (state == "expired") return 'e';
  if (state == "sold-out") return 's';
  return '?';
}

}  // namespace

int main(int argc, char** argv) {
  eventbook::core::Args args(argc, argv);
  const std::string url = args.get_or("url", "http://127.0.0.1:8080");
  const auto count = static_cast<std::size_t>(args.integer("accounts", 20000, 1, 1000000));
  const int connections = static_cast<int>(args.integer("connections", 256, 1, 4096));
  const int poll_seconds = static_cast<int>(args.integer("seconds", 10, 1, 600));
  const std::int64_t rate = args.integer("admit-per-minute", 6000, 1, 100000);
  const int signup_connections = static_cast<int>(args.integer("signup-connections", 16, 1, 256));
  // Long enough for every join at 1,000 a second, and at least 10 s.
  const std::int64_t lead = args.integer("lead", 10 + static_cast<std::int64_t>(count) / 1000, 3, 1800);
  // The server's process, to count the CPU time it spends on each phase.
  const long server_pid = static_cast<long>(args.integer("server-pid", 0, 0, 1L << 30));
  const std::string run = std::to_string(std::chrono::system_clock::now().time_since_epoch().count() % 100000000);
  const auto target = parse_url(url);

  // ---- setup: accounts, organizer, event (not measured) ----
  std::vector<Account> accounts;
  std::size_t reused = 0;
  const auto accounts_file = args.get("accounts-file");
  if (accounts_file) {
    accounts = read_accounts(*accounts_file);
    if (accounts.size() > count) accounts.resize(count);
    reused = accounts.size();
  }
  std::vector<std::size_t> fresh;
  for (std::size_t i = accounts.size(); i < count; ++i) {
    accounts.push_back({"q" + run + "_" + std::to_string(i) + "@bench.example.com", {}, {}});
    fresh.push_back(i);
  }
  const auto setup_started = Clock::now();
  Api setup(url);
  const auto signing_key = args.get("signing-key");
  if (signing_key) {
    // Never create a key here: only one the system already signs with will do.
    if (!std::filesystem::exists(*signing_key)) throw std::runtime_error("no key at " + *signing_key);
    const auto key = eventbook::auth::SigningKey::load_or_create(*signing_key);
    const auto now = core::now_seconds();
    for (auto i : fresh) {
      // As the users service signs a new sign-in: an hour, role attendee, version 0.
      accounts[i].token = key.sign({core::new_id(), "attendee", now, now + 3600, now, 0});
    }
    std::cerr << "setting up: " << fresh.size() << " sign-in tokens signed with " << *signing_key << "\n";
    fresh.clear();
  }
  if (reused > 0) {
    // Tokens of an earlier run: signed in again only when they no longer work.
    auto first = setup.call("GET", "/api/users/me", "", accounts.front().token);
    auto last = setup.call("GET", "/api/users/me", "", accounts[reused - 1].token);
    if (first.status != 200 || last.status != 200) {
      std::cerr << "signing in " << reused << " accounts of " << *accounts_file << " again\n";
      std::vector<std::size_t> old(reused);
      for (std::size_t i = 0; i < reused; ++i) old[i] = i;
      sign_in(url, accounts, old, true, signup_connections);
    }
  }
  std::cerr << "setting up: " << fresh.size() << " accounts to register (" << reused << " reused), over "
            << signup_connections << " connections\n";
  if (!fresh.empty()) sign_in(url, accounts, fresh, false, signup_connections);
  const double setup_seconds = seconds_since(setup_started);
  if (accounts_file) write_accounts(*accounts_file, accounts);
  std::cerr << "accounts ready in " << setup_seconds << " s\n";

  const auto organizer = token_for(setup, "o" + run);
  const auto now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  // onSaleAt has whole seconds.
  const std::int64_t on_sale_ms = (now_ms + lead * 1000 + 999) / 1000 * 1000;
  const auto on_sale_time = std::chrono::system_clock::time_point(std::chrono::milliseconds(on_sale_ms));
  const auto on_sale_t = std::chrono::system_clock::to_time_t(on_sale_time);
  char on_sale_text[32];
  std::strftime(on_sale_text, sizeof on_sale_text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&on_sale_t));
  auto created = setup.call("POST", "/api/events",
                            json::serialize(json::object{{"title", "Queue bench " + run},
                                                         {"date", "2035-01-01"},
                                                         {"location", "Bench hall"},
                                                         {"availableSeats", 1000000},
                                                         {"onSaleAt", on_sale_text},
                                                         {"waitingRoom", true},
                                                         {"admitPerMinute", rate}}),
                            organizer);
  if (created.status != 201) throw std::runtime_error("create event failed: " + created.body);
  const std::string event_id(json::parse(created.body).at("eventId").as_string());
  const std::string queue_path = "/api/events/" + event_id + "/queue";
  std::cerr << "event " << event_id << ": waiting room opens at " << on_sale_text << " (" << lead << " s ahead), "
            << rate << " admitted a minute\n";

  // ---- (a) joins ----
  std::cerr << "joining: " << count << " accounts over " << connections << " connections\n";
  std::vector<PerConnection> join_parts(static_cast<std::size_t>(connections));
  std::vector<std::size_t> join_cursor(static_cast<std::size_t>(connections));
  std::vector<int> join_status(count, 0);
  for (int c = 0; c < connections; ++c) join_cursor[static_cast<std::size_t>(c)] = static_cast<std::size_t>(c);
  Phase joins;
  joins.next = [&](int c) -> std::optional<std::string> {
    auto at = join_cursor[static_cast<std::size_t>(c)];
    if (at >= count) return std::nullopt;
    return http_request("POST", target.host, queue_path, accounts[at].token, "");
  };
  joins.done = [&](int c, const Answer& answer) {
    auto& at = join_cursor[static_cast<std::size_t>(c)];
    auto& part = join_parts[static_cast<std::size_t>(c)];
    join_status[at] = answer.status;
    if (answer.status == 201) {
      accounts[at].queue_id = std::string(text_field(answer.body, "queueId"));
      ++part.done;
      part.latencies.push_back(answer.ms());
    } else {
      ++part.failed;
    }
    at += static_cast<std::size_t>(connections);
  };
  const auto joins_started = Clock::now();
  const double joins_cpu = cpu_us(server_pid);
  const double joins_own_cpu = cpu_us(::getpid());
  drive(target, connections, joins, Clock::now() + std::chrono::seconds(120));
  auto join_figures = merge(join_parts, seconds_since(joins_started));
  join_figures.server_cpu_us = cpu_us(server_pid) - joins_cpu;
  join_figures.client_cpu_us = cpu_us(::getpid()) - joins_own_cpu;
  const auto joins_ended_wall = std::chrono::system_clock::now();
  const bool joined_before_opening = joins_ended_wall < on_sale_time;
  std::vector<std::uint32_t> members;  // accounts that joined
  std::set<std::string> queue_ids;
  for (std::size_t i = 0; i < count; ++i) {
    if (join_status[i] == 201 && !accounts[i].queue_id.empty()) {
      members.push_back(static_cast<std::uint32_t>(i));
      queue_ids.insert(accounts[i].queue_id);
    }
  }
  std::sort(join_figures.latencies.begin(), join_figures.latencies.end());
  std::printf(
      "joins: %zu accounts over %d connections in %.2f s: %.0f joins/s, p50 %.2f ms, p99 %.2f ms, failed %llu, "
      "server CPU %.0f us/join%s\n",
      count, connections, join_figures.seconds, join_figures.rate(), percentile(join_figures.latencies, 0.5),
      percentile(join_figures.latencies, 0.99), static_cast<unsigned long long>(join_figures.failed),
      join_figures.cpu_each(), joined_before_opening ? "" : " (NOT all before the opening: raise --lead)");
  std::fflush(stdout);
  if (members.empty()) {
    std::cerr << "nobody joined\n";
    return 1;
  }

  // ---- (b) status polls, from just before the opening ----
  Sampler sampler(url, queue_path, organizer, std::chrono::milliseconds(20));
  std::this_thread::sleep_until(on_sale_time - std::chrono::milliseconds(500));
  const int poll_connections = std::min<int>(connections, static_cast<int>(members.size()));
  std::vector<PerConnection> poll_parts(static_cast<std::size_t>(poll_connections));
  std::vector<std::vector<Observation>> observed(static_cast<std::size_t>(poll_connections));
  std::vector<std::size_t> poll_cursor(static_cast<std::size_t>(poll_connections));
  std::vector<std::uint32_t> current(static_cast<std::size_t>(poll_connections));
  std::atomic<bool> sweeping{false};
  Clock::time_point poll_deadline;
  auto poll_next = [&](int c) -> std::optional<std::string> {
    const auto slot = static_cast<std::size_t>(c);
    auto& at = poll_cursor[slot];
    if (sweeping) {
      if (at >= members.size()) return std::nullopt;
    } else {
      if (Clock::now() >= poll_deadline) return std::nullopt;
      if (at >= members.size()) at = slot;  // round again
    }
    current[slot] = members[at];
    at += static_cast<std::size_t>(poll_connections);
    const auto& account = accounts[current[slot]];
    return http_request("GET", target.host, queue_path + "/" + account.queue_id, account.token, "");
  };
  auto poll_done = [&](int c, const Answer& answer) {
    const auto slot = static_cast<std::size_t>(c);
    auto& part = poll_parts[slot];
    if (answer.status != 200) {
      ++part.failed;
      return;
    }
    ++part.done;
    part.latencies.push_back(answer.ms());
    observed[slot].push_back(Observation{current[slot], state_code(text_field(answer.body, "state")),
                                         answer.body.find("\"pass\":\"") != std::string_view::npos, sweeping,
                                         integer_field(answer.body, "position"), answer.sent_us, answer.received_us});
  };
  Phase polls{poll_next, poll_done};
  std::cerr << "polling: " << members.size() << " accounts over " << poll_connections << " connections for "
            << poll_seconds << " s\n";
  for (int c = 0; c < poll_connections; ++c) poll_cursor[static_cast<std::size_t>(c)] = static_cast<std::size_t>(c);
  const auto polls_started = Clock::now();
  const double polls_cpu = cpu_us(server_pid);
  const double polls_own_cpu = cpu_us(::getpid());
  poll_deadline = polls_started + std::chrono::seconds(poll_seconds);
  drive(target, poll_connections, polls, poll_deadline + std::chrono::seconds(60));
  auto poll_figures = merge(poll_parts, seconds_since(polls_started));
  poll_figures.server_cpu_us = cpu_us(server_pid) - polls_cpu;
  poll_figures.client_cpu_us = cpu_us(::getpid()) - polls_own_cpu;
  const auto polled = [&] {
    std::size_t n = 0;
    for (const auto& list : observed) n += list.size();
    return n;
  }();

  // A last sweep: every account once more, for the end state.
  for (auto& part : poll_parts) part = {};
  for (int c = 0; c < poll_connections; ++c) poll_cursor[static_cast<std::size_t>(c)] = static_cast<std::size_t>(c);
  sweeping = true;
  const std::int64_t sweep_start_us = micros();
  drive(target, poll_connections, polls, Clock::now() + std::chrono::seconds(120));
  const std::int64_t sweep_end_us = micros();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  sampler.stop();

  // ---- (c) admissions ----
  const auto& samples = sampler.samples();
  const std::int64_t on_sale_us = micros_of_wall(on_sale_ms);
  const double step = static_cast<double>(rate) / 60.0;  // admissions a one-second step owes
  auto expected_at = [&](std::int64_t t_us) {
    return std::max(0.0, static_cast<double>(rate) * static_cast<double>(t_us - on_sale_us) / 60e6);
  };
  std::vector<std::string> problems;
  if (!sampler.error().empty()) problems.push_back(sampler.error());
  // Each step, seen as a change of the count between two samples, committed
  // while they were answered: the count must be within one step (the
  // admissions of one second, and one for rounding) of the rate times the
  // time since the opening at some moment between the two.
  std::int64_t ticks = 0, min_increment = -1, max_increment = 0;
  double worst = 0;  // the largest distance from the rate, in steps
  for (std::size_t i = 1; i < samples.size(); ++i) {
    const auto& a = samples[i - 1];
    const auto& b = samples[i];
    if (b.admitted < a.admitted) problems.push_back("the admitted count went down");
    if (b.admitted == a.admitted) continue;
    ++ticks;
    const auto increment = b.admitted - a.admitted;
    min_increment = min_increment < 0 ? increment : std::min(min_increment, increment);
    max_increment = std::max(max_increment, increment);
    const auto value = static_cast<double>(b.admitted);
    const double distance = std::max({0.0, expected_at(a.sent_us) - value, value - expected_at(b.received_us)});
    worst = std::max(worst, distance / step);
    if (distance > step + 1) {
      char line[200];
      std::snprintf(line, sizeof line,
                    "step to %lld admitted between %.3f and %.3f s after the opening: the rate says %.0f to %.0f",
                    static_cast<long long>(b.admitted), static_cast<double>(a.sent_us - on_sale_us) / 1e6,
                    static_cast<double>(b.received_us - on_sale_us) / 1e6, expected_at(a.sent_us),
                    expected_at(b.received_us));
      problems.push_back(line);
    }
  }
  // The count k seconds after the opening, for the record.
  json::array by_second;
  for (int k = 1;; ++k) {
    const auto t = on_sale_us + static_cast<std::int64_t>(k) * 1'000'000;
    if (t > sweep_end_us) break;
    auto at = std::lower_bound(samples.begin(), samples.end(), t,
                               [](const Sample& s, std::int64_t x) { return s.received_us < x; });
    if (at == samples.end()) break;
    by_second.push_back(json::object{{"seconds", k},
                                     {"admitted", at->admitted},
                                     {"expected", static_cast<std::int64_t>(expected_at(at->received_us))}});
  }
  const std::int64_t final_admitted = samples.empty() ? 0 : samples.back().admitted;
  const std::int64_t final_joined = samples.empty() ? 0 : samples.back().joined;
  if (final_joined != static_cast<std::int64_t>(members.size())) {
    problems.push_back("the room counts " + std::to_string(final_joined) + " joined, the bench " +
                       std::to_string(members.size()));
  }
  if (queue_ids.size() != members.size()) problems.push_back("two accounts were given the same queueId");

  // The poll answers. The admitted count A when the server answered lies
  // in a range (admitted_during; most often a single value). A waiting
  // answer puts the entry's place at its position + A; an admitted one at A
  // or below. Every entry's answers must agree on a place, and the places
  // must be able to be distinct and 1..N (those pinned exactly are simply
  // checked to be distinct): so nobody is admitted before their place comes
  // up (they would need a place at most A that someone else holds). Once
  // admitted, an entry must never wait again; an admitted answer carries a
  // pass. In the last sweep, between the count when it started and the last
  // count, as many entries must be admitted.
  std::vector<Observation> all;
  all.reserve(polled + members.size());
  for (auto& list : observed) all.insert(all.end(), list.begin(), list.end());
  std::sort(all.begin(), all.end(), [](const Observation& a, const Observation& b) { return a.sent_us < b.sent_us; });
  const auto n_members = static_cast<std::int64_t>(members.size());
  std::vector<std::pair<std::int64_t, std::int64_t>> range(count, {1, n_members});
  std::vector<std::int64_t> exact_place(count, -1);
  std::vector<char> last_state(count, 0);
  std::vector<std::int64_t> admitted_since(count, -1);  // first answered admitted at this time
  std::int64_t known = 0, before_opening = 0, waiting_answers = 0, admitted_answers = 0, other_answers = 0;
  std::int64_t place_changed = 0, without_pass = 0, waited_again = 0;
  for (const auto& o : all) {
    if (o.state == 'w') {
      if (!o.sweep) ++waiting_answers;
      if (!o.sweep && o.position < 0) ++before_opening;
      if (admitted_since[o.account] >= 0 && admitted_since[o.account] < o.sent_us) ++waited_again;
    } else if (o.state == 'a') {
      if (!o.sweep) ++admitted_answers;
      if (!o.pass) ++without_pass;
      if (admitted_since[o.account] < 0) admitted_since[o.account] = o.received_us;
    } else {
      ++other_answers;
    }
    last_state[o.account] = o.state;
    const auto admitted = admitted_during(samples, o.sent_us, o.received_us);
    if (admitted.exact()) ++known;
    auto& [low, high] = range[o.account];
    if (o.state == 'w' && o.position > 0) {
      low = std::max(low, o.position + admitted.low);
      if (admitted.high != std::numeric_limits<std::int64_t>::max()) high = std::min(high, o.position + admitted.high);
      if (admitted.exact()) {
        const auto p = o.position + admitted.low;
        if (exact_place[o.account] >= 0 && exact_place[o.account] != p) ++place_changed;
        exact_place[o.account] = p;
      }
    } else if (o.state == 'a') {
      high = std::min(high, admitted.high);
    }
  }
  std::vector<std::pair<std::int64_t, std::int64_t>> ranges;
  std::vector<char> taken(members.size() + 1, 0);
  std::int64_t placed = 0, duplicate_places = 0, disagreeing = 0, admitted_at_end = 0;
  for (auto i : members) {
    ranges.push_back(range[i]);
    if (range[i].first > range[i].second) ++disagreeing;
    if (last_state[i] == 'a') ++admitted_at_end;
    if (exact_place[i] < 0) continue;
    ++placed;
    if (exact_place[i] >= 1 && exact_place[i] <= n_members && taken[static_cast<std::size_t>(exact_place[i])]++) {
      ++duplicate_places;
    }
  }
  const bool fit = disagreeing == 0 && places_fit(ranges, n_members);
  const auto sweep_start_count = admitted_during(samples, sweep_start_us, sweep_start_us).low;
  if (place_changed) problems.push_back(std::to_string(place_changed) + " answers gave an entry another place");
  if (duplicate_places) problems.push_back(std::to_string(duplicate_places) + " places given twice");
  if (disagreeing) problems.push_back(std::to_string(disagreeing) + " entries whose answers agree on no place");
  if (!fit) problems.push_back("the answers do not fit places 1..N, one each, admitted in order");
  if (waited_again) problems.push_back(std::to_string(waited_again) + " answers waiting again after admitted");
  if (without_pass) problems.push_back(std::to_string(without_pass) + " admitted answers without a pass");
  if (admitted_at_end < sweep_start_count || admitted_at_end > final_admitted) {
    problems.push_back("last sweep: " + std::to_string(admitted_at_end) + " entries admitted, the room said " +
                       std::to_string(sweep_start_count) + " then " + std::to_string(final_admitted));
  }
  if (other_answers) problems.push_back(std::to_string(other_answers) + " answers neither waiting nor admitted");
  if (!joined_before_opening) problems.push_back("not every account joined before the opening");
  const std::int64_t unknown = static_cast<std::int64_t>(all.size()) - known;
  const std::int64_t unplaced = n_members - placed;

  // ---- report ----
  std::sort(poll_figures.latencies.begin(), poll_figures.latencies.end());
  const bool ok = problems.empty() && join_figures.failed == 0 && poll_figures.failed == 0;
  std::printf(
      "accounts: %zu ready in %.1f s (%s, %zu reused; not part of the figures)\n", count, setup_seconds,
      signing_key ? "tokens signed by the bench" : (std::to_string(fresh.size()) + " registered and signed in").c_str(),
      reused);
  std::printf(
      "status polls: %zu accounts, %d connections, %.1f s: %.0f polls/s, p50 %.2f ms, p99 %.2f ms, failed %llu, "
      "server CPU %.0f us/poll, bench CPU %.0f us/poll (%lld before the opening, %lld waiting, %lld admitted)\n",
      members.size(), poll_connections, poll_figures.seconds, poll_figures.rate(),
      percentile(poll_figures.latencies, 0.5), percentile(poll_figures.latencies, 0.99),
      static_cast<unsigned long long>(poll_figures.failed), poll_figures.cpu_each(), poll_figures.client_cpu_each(),
      static_cast<long long>(before_opening), static_cast<long long>(waiting_answers - before_opening),
      static_cast<long long>(admitted_answers));
  const double end_seconds = static_cast<double>(sweep_end_us - on_sale_us) / 1e6;
  std::printf(
      "admissions at %lld/min: %lld admitted %.1f s after the opening (rate says %.0f); %lld steps of %lld to %lld; "
      "furthest outside one step: %.2f steps\n",
      static_cast<long long>(rate), static_cast<long long>(final_admitted), end_seconds, expected_at(sweep_end_us),
      static_cast<long long>(ticks), static_cast<long long>(std::max<std::int64_t>(min_increment, 0)),
      static_cast<long long>(max_increment), worst);
  std::printf(
      "places: %lld of %zu pinned exactly by a waiting answer (%lld answers with the admitted count known, %lld "
      "within a step), the other %lld within ranges; %s; last sweep %lld admitted\n",
      static_cast<long long>(placed), members.size(), static_cast<long long>(known), static_cast<long long>(unknown),
      static_cast<long long>(unplaced),
      fit ? "all fit places 1..N, one each, admitted in place order" : "they do NOT fit places 1..N",
      static_cast<long long>(admitted_at_end));
  for (const auto& problem : problems) std::printf("PROBLEM: %s\n", problem.c_str());
  std::printf("checks: %s\n", ok ? "ok" : "FAILED");

  json::array problem_list;
  for (const auto& problem : problems) problem_list.push_back(json::string(problem));
  json::object result{{"accounts", count},
                      {"connections", connections},
                      {"admitPerMinute", rate},
                      {"leadSeconds", lead},
                      {"setup", json::object{{"seconds", setup_seconds},
                                             {"registered", fresh.size()},
                                             {"reused", reused},
                                             {"tokensSigned", signing_key ? count - reused : 0}}},
                      {"joins", join_figures.to_json("joinsPerSecond")},
                      {"polls", poll_figures.to_json("pollsPerSecond")},
                      {"admission", json::object{{"admitted", final_admitted},
                                                 {"secondsAfterOpening", end_seconds},
                                                 {"steps", ticks},
                                                 {"stepMin", std::max<std::int64_t>(min_increment, 0)},
                                                 {"stepMax", max_increment},
                                                 {"worstOutsideSteps", worst},
                                                 {"bySecond", by_second},
                                                 {"placesPinned", placed},
                                                 {"placesFit", fit},
                                                 {"admittedAtEnd", admitted_at_end}}},
                      {"problems", problem_list},
                      {"ok", ok}};
  result["polls"].as_object()["beforeOpening"] = before_opening;
  result["polls"].as_object()["waiting"] = waiting_answers - before_opening;
  result["polls"].as_object()["admitted"] = admitted_answers;
  if (auto out = args.get("json")) {
    std::ofstream(*out) << json::serialize(result) << "\n";
  }
  return ok ? 0 : 1;
}
