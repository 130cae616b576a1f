// `eventbook demo-data`: fills a running instance, through its public API,
// with organizers, attendees, events and bookings, so that a first look at
// the product is not an empty page.
#include "commands.hpp"
#include "eventbook/core/loop.hpp"

#include "eventbook/core/clock.hpp"
#include "eventbook/http/client.hpp"

#include <boost/json.hpp>

#include <array>
#include <chrono>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace eventbook::app {

namespace {

namespace json = boost::json;

constexpr std::string_view kPassword = "eventbook-demo";

struct Person {
  std::string username;
  std::string email;
  std::string token;
};

struct Template {
  std::string_view title;
  std::string_view category;
  std::string_view description;
  int capacity;
  int hour;
};

constexpr std::array<Template, 12> kTemplates{{
    {"Jazz on the Terrace", "music",
     "An evening of standards and new work from the city's best quartets, on the open-air terrace.", 120, 19},
    {"Systems Programming Meetup", "tech",
     "Three talks on memory, concurrency and performance, followed by pizza and questions.", 80, 18},
    {"Street Food Night Market", "food", "Forty stalls, from dumplings to tacos, with live music until late.", 400, 17},
    {"Sunrise Half Marathon", "sports", "21.1 km along the river; chip timing, water every 5 km, medals for all.", 300,
     7},
    {"Printmaking Workshop", "arts",
     "Learn linocut from carving to printing; all materials included. Small group, beginners welcome.", 8, 10},
    {"Community Garden Open Day", "community", "Tours of the plots, seed swap, and a soup made from what grows here.",
     150, 11},
    {"Chamber Orchestra: Four Seasons", "music", "Vivaldi's Four Seasons by candlelight, with a short talk before.",
     200, 20},
    {"Data Engineering Summit", "tech", "A full day on pipelines, streaming and warehouses, with two workshop tracks.",
     250, 9},
    {"Natural Wine Tasting", "food", "Twelve wines from small producers, with cheese and bread.", 30, 18},
    {"Beginners' Climbing Session", "sports", "Two hours with an instructor; shoes and harness provided.", 12, 16},
    {"Documentary Screening and Q&A", "arts",
     "A new documentary on urban rivers, followed by a talk with the director.", 90, 19},
    {"Repair Cafe", "community", "Bring broken lamps, bikes and clothes; volunteers help you fix them.", 40, 13},
}};

constexpr std::array<std::string_view, 8> kCities{"Lisbon",  "Berlin",    "New York", "Toronto",
                                                  "Nairobi", "Melbourne", "Montreal", "Edinburgh"};

class Loader {
 public:
  Loader(const std::string& url, std::ostream& out) : client_(url), out_(out) {}

  // The answer's body; any status but `expected` (or `also`) stops the load.
  json::value call(const std::string& method, const std::string& target, const json::object& body,
                   const std::string& token, int expected, int also = 0) {
    http::Headers headers{{"Content-Type", "application/json"}};
    if (!token.empty()) {
      headers.push_back({"Authorization", "Bearer " + token});
    }
    auto answer =
        core::run_blocking(client_.request(method, target, headers, body.empty() ? "" : json::serialize(body)));
    if (answer.status != expected && answer.status != also) {
      throw std::runtime_error(method + " " + target + " answered " + std::to_string(answer.status) + ": " +
                               answer.body);
    }
    return json::parse(answer.body);
  }

  Person person(const std::string& username) {
    Person person{username, username + "@example.com", {}};
    // 409: registered by an earlier run; signing in is enough.
    call("POST", "/api/users/register",
         {{"username", person.username}, {"email", person.email}, {"password", kPassword}}, {}, 201, 409);
    auto login = call("POST", "/api/users/login", {{"email", person.email}, {"password", kPassword}}, {}, 200);
    person.token = std::string(login.at("token").as_string());
    return person;
  }

  void progress(std::string_view what, std::size_t done, std::size_t total) {
    if (done == total || done % 10 == 0) {
      out_ << "demo data: " << what << " " << done << "/" << total << "\n" << std::flush;
    }
  }

 private:
  http::Client client_;
  std::ostream& out_;
};

std::string date_time(std::chrono::sys_days day, int hour) {
  auto time = std::chrono::sys_seconds(day) + std::chrono::hours(hour);
  auto text = core::format_utc(std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count());
  return text.substr(0, 19) + "Z";  // whole seconds: 2026-12-01T19:00:00Z
}

}  // namespace

void load_demo_data(const std::string& url, std::ostream& out) {
  Loader loader(url, out);
  std::mt19937 random(20261126);  // the same data on every first start
  out << "demo data: loading into " << url << "\n";

  const std::array<std::string_view, 3> organizer_names{"harbour_arts", "metro_tech", "green_commons"};
  std::vector<Person> organizers;
  for (auto name : organizer_names) {
    organizers.push_back(loader.person(std::string(name)));
    loader.progress("organizers", organizers.size(), organizer_names.size());
  }
  const std::array<std::string_view, 12> attendee_names{"ana",   "bilal", "chen", "dara", "emeka", "fatima",
                                                        "goran", "hana",  "ivan", "joao", "kofi",  "lena"};
  std::vector<Person> attendees;
  for (auto name : attendee_names) {
    attendees.push_back(loader.person(std::string(name)));
    loader.progress("attendees", attendees.size(), attendee_names.size());
  }

  auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  struct Created {
    std::string id;
    int capacity;
  };
  std::vector<Created> events;
  const std::size_t event_count = 24;
  for (std::size_t i = 0; i < event_count; ++i) {
    const auto& shape = kTemplates[i % kTemplates.size()];
    auto city = kCities[(i * 5 + i / kTemplates.size()) % kCities.size()];
    auto day = today + std::chrono::days(2 + static_cast<int>(i) * 3 + static_cast<int>(random() % 3));
    json::object body{{"title", std::string(shape.title) + (i >= kTemplates.size() ? " — " + std::string(city) : "")},
                      {"description", shape.description},
                      {"date", date_time(day, shape.hour)},
                      {"location", city},
                      {"availableSeats", shape.capacity},
                      {"category", shape.category}};
    if (shape.capacity <= 12) {
      body["maxSeatsPerBooking"] = 4;
    }
    if (i % 3 == 0) {
      body["price"] = json::object{{"amount", 15.0 + static_cast<double>(i)}, {"currency", "EUR"}};
    }
    auto answer = loader.call("POST", "/api/events", body, organizers[i % organizers.size()].token, 201);
    events.push_back({std::string(answer.at("eventId").as_string()), shape.capacity});
    loader.progress("events", events.size(), event_count);
  }

  // Enough bookings that the lists and the organizers' charts have something
  // to show, and the small workshops sell out.
  std::vector<std::pair<std::size_t, int>> plan;
  for (std::size_t e = 0; e < events.size(); ++e) {
    int seats_left = events[e].capacity;
    int bookings = events[e].capacity <= 12 ? 6 : 2 + static_cast<int>(random() % 5);
    for (int b = 0; b < bookings && seats_left > 0; ++b) {
      int seats = std::min(seats_left, events[e].capacity <= 12 ? 2 : 1 + static_cast<int>(random() % 4));
      plan.emplace_back(e, seats);
      seats_left -= seats;
    }
  }
  // Someone at the door of the first organizer's events: checks tickets in,
  // reads their attendee lists, nothing more.
  auto door = loader.person("door_staff");
  for (std::size_t e = 0; e < events.size(); e += organizers.size()) {
    loader.call("POST", "/api/events/" + events[e].id + "/staff", {{"email", door.email}}, organizers.front().token,
                201, 200);
  }
  std::size_t done = 0;
  for (const auto& [event, seats] : plan) {
    const auto& who = attendees[random() % attendees.size()];
    loader.call("POST", "/api/bookings", {{"eventId", events[event].id}, {"seats", seats}}, who.token, 201);
    loader.progress("bookings", ++done, plan.size());
  }

  // A sold-out workshop with people waiting for seats that come back.
  std::size_t waited = 0;
  for (std::size_t e = 0; e < events.size() && waited == 0; ++e) {
    if (events[e].capacity > 12) continue;
    for (std::size_t n = 0; n < 3; ++n) {
      const auto& who = attendees[attendees.size() - 1 - n];
      loader.call("POST", "/api/events/" + events[e].id + "/waitlist", {{"seats", 1 + static_cast<int>(n % 2)}},
                  who.token, 201, 200);
      ++waited;
    }
  }
  // An on-sale through a waiting room, which opens for visitors at once.
  const auto opens = core::format_utc(core::now_ms() + 20 * 60'000).substr(0, 19) + "Z";
  loader.call("POST", "/api/events",
              {{"title", "Summer Festival: on-sale"},
               {"description",
                "Tickets go on sale in 20 minutes through a waiting room: join it now, everyone "
                "who joins before the opening gets a place drawn at random."},
               {"date", date_time(today + std::chrono::days(60), 18)},
               {"location", kCities.front()},
               {"availableSeats", 500},
               {"category", "music"},
               {"onSaleAt", opens},
               {"waitingRoom", true},
               {"admitPerMinute", 60}},
              organizers.front().token, 201);

  out << "demo data: ready. Sign in at " << url << " with any of these (password " << kPassword << "):\n";
  for (const auto& person : organizers) {
    out << "  " << person.email << "  (organizer of " << event_count / organizers.size() << " events"
        << (&person == &organizers.front() ? ", and an on-sale through a waiting room" : "") << ")\n";
  }
  out << "  " << attendees.front().email << " ... " << attendees.back().email << "  (attendees with bookings)\n"
      << "  " << door.email << "  (door staff of " << organizers.front().email << "'s events: Door, in the menu)\n"
      << std::flush;
}

int run_demo_data(const core::Args& args) {
  args.allow_only({"url", "log-level", "help"});
  load_demo_data(args.get_or("url", "http://127.0.0.1:8080"), std::cout);
  return 0;
}

}  // namespace eventbook::app
