// Event search on 100,000 events: seeds a fresh database through the events
// store, then times each kind of query the list endpoint runs.
//
//   search_bench --database-url PATH_OR_URL [--events 100000] [--queries 200]
#include "eventbook/core/clock.hpp"
#include "eventbook/core/config.hpp"
#include "eventbook/core/id.hpp"
#include "eventbook/db/blocking.hpp"
#include "events/events_service.hpp"
#include "events/store/event_store.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <random>
#include <vector>

using namespace eventbook;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  core::Args args(argc, argv);
  auto url = args.get("database-url");
  if (!url) {
    std::fprintf(stderr, "usage: search_bench --database-url PATH_OR_URL [--events N] [--queries N]\n");
    return 2;
  }
  int count = static_cast<int>(args.integer("events", 100000, 1, 10000000));
  int queries = static_cast<int>(args.integer("queries", 200, 1, 100000));
  auto database = db::Database::open(*url);
  database->migrate(events::migrations());
  events::EventStore store(*database);

  static const char* kWords[] = {"jazz",   "rock",   "festival", "conference", "workshop", "night", "summer",
                                 "winter", "tech",   "startup",  "comedy",     "theatre",  "opera", "classical",
                                 "poetry", "film",   "market",   "food",       "wine",     "beer",  "marathon",
                                 "yoga",   "design", "data",     "cloud",      "security", "music", "dance"};
  static const char* kCities[] = {"Oslo",   "Bergen", "Berlin", "Paris",  "Madrid",   "Lisbon",  "Rome",    "Vienna",
                                  "Prague", "Warsaw", "Dublin", "London", "New York", "Chicago", "Toronto", "Tokyo"};
  std::mt19937 random(42);
  auto word = [&] { return std::string(kWords[random() % std::size(kWords)]); };
  auto now = core::now_ms();
  auto seed_started = Clock::now();
  for (int done = 0; done < count;) {
    int batch = std::min(1000, count - done);
    db::blocking::transaction(*database, [&](db::Session& session) {
      for (int i = 0; i < batch; ++i) {
        events::Event e;
        e.id = core::new_id();
        e.organizer_id = "org-" + std::to_string(random() % 500);
        e.title = word() + " " + word() + " " + std::to_string(done + i);
        e.description = "A " + word() + " and " + word() + " evening with " + word() + " for everyone.";
        e.starts_at = now + static_cast<std::int64_t>(random() % 730) * 86'400'000;
        e.date = core::format_utc(e.starts_at).substr(0, 10);
        e.location = kCities[random() % std::size(kCities)];
        e.capacity = 100;
        e.available_seats = 100;
        e.created_at = e.updated_at = now;
        events::EventStore::insert(session, e);
      }
    });
    done += batch;
  }
  // About one event in sixteen is sold out.
  db::blocking::exec(*database, "UPDATE events SET available_seats = 0 WHERE id LIKE '%0'");
  // Planner statistics, as a running database has them (autovacuum on
  // PostgreSQL, PRAGMA optimize on SQLite).
  db::blocking::exec(*database, "ANALYZE");
  std::printf("seeded %d events in %.1f s\n", count,
              std::chrono::duration<double>(Clock::now() - seed_started).count());

  auto base = [&] {
    events::SearchQuery q;
    q.from = now;
    q.limit = 20;
    return q;
  };
  std::vector<std::pair<std::string, std::function<events::SearchQuery()>>> kinds{
      {"upcoming, by date", base},
      {"text (one common word)",
       [&] {
         auto q = base();
         q.text = word();
         return q;
       }},
      {"text (two words, prefix)",
       [&] {
         auto q = base();
         q.text = word() + " " + word().substr(0, 3);
         return q;
       }},
      {"text + location",
       [&] {
         auto q = base();
         q.text = word();
         q.location = kCities[random() % std::size(kCities)];
         return q;
       }},
      {"date range (30 days) + seats left",
       [&] {
         auto q = base();
         q.from = now + static_cast<std::int64_t>(random() % 700) * 86'400'000;
         q.to = *q.from + 30LL * 86'400'000;
         q.seats_left = true;
         return q;
       }},
      {"sorted by title",
       [&] {
         auto q = base();
         q.sort = events::SortOrder::title;
         return q;
       }},
      {"newest first",
       [&] {
         auto q = base();
         q.sort = events::SortOrder::newest;
         return q;
       }},
  };
  std::printf("| query | p50 ms | p99 ms | rows per page |\n|---|---|---|---|\n");
  for (auto& [name, make] : kinds) {
    std::vector<double> times;
    std::size_t rows = 0;
    for (int i = 0; i < queries; ++i) {
      auto query = make();
      auto t0 = Clock::now();
      rows += core::run_blocking(store.search(query)).size();
      times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    std::sort(times.begin(), times.end());
    std::printf("| %s | %.2f | %.2f | %.1f |\n", name.c_str(), times[times.size() / 2],
                times[static_cast<std::size_t>(0.99 * static_cast<double>(times.size() - 1))],
                static_cast<double>(rows) / queries);
  }
  // Walking deep: page 50 through cursors.
  {
    auto q = base();
    auto t0 = Clock::now();
    for (int page = 0; page < 50; ++page) {
      auto rows = core::run_blocking(store.search(q));
      if (rows.size() <= static_cast<std::size_t>(q.limit)) break;
      rows.pop_back();
      q.after = events::Cursor{std::to_string(rows.back().starts_at), rows.back().id};
    }
    std::printf("| 50 pages by cursor (total) | %.2f | | 20 |\n",
                std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  return 0;
}
