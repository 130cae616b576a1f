// Bookings end to end on both shapes of the system: the fixed answer, seats
// that never oversell under a rush, idempotent retries, cancellation, someone
// else's booking, and a process killed mid-flood.
#include "eventbook/core/id.hpp"
#include "eventbook/db/blocking.hpp"
#include "eventbook/db/database.hpp"
#include "support/eventually.hpp"
#include "support/system.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <atomic>
#include <future>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

namespace eventbook::testing {
namespace {

namespace json = boost::json;

class Bookings : public SystemTest {
 protected:
  std::string create_event(std::int64_t seats, std::string title = "Concert") {
    auto response =
        api().call("POST", "/api/events",
                   json::serialize(json::object{
                       {"title", title}, {"date", "2030-06-15"}, {"location", "Oslo"}, {"availableSeats", seats}}),
                   organizer);
    EXPECT_EQ(response.status, 201) << response.body;
    return std::string(json::parse(response.body).at("eventId").as_string());
  }
  // The seats the event has left, after checking that its one ticket type,
  // General admission, says the same.
  std::int64_t seats_left(const std::string& event_id) {
    auto event = json::parse(api().call("GET", "/api/events/" + event_id).body).as_object();
    const auto& types = event.at("ticketTypes").as_array();
    EXPECT_EQ(types.size(), 1u) << json::serialize(event);
    if (!types.empty()) {
      const auto& general = types.at(0).as_object();
      EXPECT_EQ(general.at("name"), "General admission");
      EXPECT_EQ(general.at("quota"), event.at("capacity"));
      EXPECT_EQ(general.at("available"), event.at("availableSeats")) << json::serialize(event);
      EXPECT_EQ(general.at("onSale"), true);
    }
    return event.at("availableSeats").as_int64();
  }
  http::ClientResponse book(const std::string& token, const std::string& event_id, int seats = 1,
                            http::Headers extra = {}, Api* via = nullptr) {
    return (via ? via : &api())
        ->call("POST", "/api/bookings", json::serialize(json::object{{"eventId", event_id}, {"seats", seats}}), token,
               std::move(extra));
  }
  static std::string user_id_of(const std::string& token) {
    // The subject of the token's payload, without verifying it (the services do).
    auto payload = token.substr(token.find('.') + 1);
    payload = payload.substr(0, payload.find('.'));
    std::string padded = payload;
    for (auto& c : padded) c = c == '-' ? '+' : c == '_' ? '/' : c;
    while (padded.size() % 4) padded += '=';
    static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string decoded;
    int value = 0, bits = -8;
    for (char c : padded) {
      if (c == '=') break;
      value = (value << 6) + static_cast<int>(kAlphabet.find(c));
      bits += 6;
      if (bits >= 0) {
        decoded.push_back(static_cast<char>((value >> bits) & 0xFF));
        bits -= 8;
      }
    }
    return std::string(json::parse(decoded).at("sub").as_string());
  }
};

TEST_P(Bookings, ABookingAnswersExactlyAsTheOriginalSystemAndShowsInTheHistory) {
  auto event_id = create_event(100, "Jazz night");
  auto token = api().new_user_token();
  auto response =
      api().call("POST", "/api/bookings",
                 json::serialize(json::object{{"userId", user_id_of(token)}, {"eventId", event_id}}), token);
  ASSERT_EQ(response.status, 201) << response.body;
  std::regex shape(R"re(\{"message":"Booking confirmed!","bookingId":"[0-9a-f-]{36}"\})re");
  EXPECT_TRUE(std::regex_match(response.body, shape)) << response.body;
  auto booking_id = std::string(json::parse(response.body).at("bookingId").as_string());
  EXPECT_EQ(seats_left(event_id), 99);

  auto two = book(token, event_id, 2);
  ASSERT_EQ(two.status, 201) << two.body;
  EXPECT_EQ(seats_left(event_id), 97);

  auto history = json::parse(api().call("GET", "/api/bookings", {}, token).body).as_object();
  auto items = history.at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("seats").as_int64(), 2);  // newest first
  EXPECT_EQ(items[1].at("id").as_string(), booking_id);
  EXPECT_EQ(items[1].at("status").as_string(), "confirmed");
  EXPECT_EQ(items[1].at("event").at("title").as_string(), "Jazz night");
  EXPECT_EQ(items[1].at("event").at("location").as_string(), "Oslo");
  EXPECT_FALSE(items[1].at("ticketCode").is_null());

  // The organizer sees the bookings of the event; a stranger sees nothing.
  auto of_event = json::parse(api().call("GET", "/api/bookings?eventId=" + event_id, {}, organizer).body);
  EXPECT_EQ(of_event.at("items").as_array().size(), 2u);
  EXPECT_EQ(api().call("GET", "/api/bookings/" + booking_id, {}, organizer).status, 200);
  auto stranger = api().new_user_token();
  EXPECT_EQ(api().call("GET", "/api/bookings/" + booking_id, {}, stranger).status, 404);
  EXPECT_EQ(api().call("DELETE", "/api/bookings/" + booking_id, {}, stranger).status, 404);
  EXPECT_EQ(json::parse(api().call("GET", "/api/bookings?eventId=" + event_id, {}, stranger).body)
                .at("items")
                .as_array()
                .size(),
            0u);

  // Both confirmed bookings reach the inbox, beside the welcome.
  auto inbox = api().await_inbox(token, 3);
  int confirmations = 0;
  for (const auto& item : inbox.at("items").as_array())
    confirmations += item.at("type").as_string() == "booking.confirmed";
  EXPECT_EQ(confirmations, 2) << json::serialize(inbox);
}

TEST_P(Bookings, RefusalsCarryTheRightStatus) {
  auto event_id = create_event(3);
  auto token = api().new_user_token();
  auto other = api().new_user_token();
  EXPECT_EQ(book(token, event_id, 4).status, 409);
  EXPECT_EQ(book(token, event_id, 11).status, 422);
  EXPECT_EQ(book(token, event_id, 0).status, 422);
  EXPECT_EQ(book(token, core::new_id()).status, 404);
  EXPECT_EQ(book("", event_id).status, 401);
  EXPECT_EQ(api()
                .call("POST", "/api/bookings",
                      json::serialize(json::object{{"userId", user_id_of(other)}, {"eventId", event_id}}), token)
                .status,
            403);
  EXPECT_EQ(api().call("POST", "/api/bookings", "{\"eventId\":", token).status, 400);
  EXPECT_EQ(api().call("GET", "/api/bookings/not-an-id", {}, token).status, 404);
  EXPECT_EQ(book(token, event_id, 3).status, 201);
  auto sold_out = book(other, event_id);
  EXPECT_EQ(sold_out.status, 409);
  EXPECT_NE(sold_out.body.find("sold-out"), std::string::npos);
  EXPECT_EQ(seats_left(event_id), 0);
  ASSERT_EQ(api().call("DELETE", "/api/events/" + event_id, {}, organizer).status, 200);
  EXPECT_EQ(book(other, event_id).status, 409);
}

TEST_P(Bookings, ARetryWithTheSameKeyBooksNothingNew) {
  auto event_id = create_event(10);
  auto token = api().new_user_token();
  http::Headers key{{"Idempotency-Key", "order-" + core::new_id()}};
  auto first = book(token, event_id, 2, key);
  ASSERT_EQ(first.status, 201);
  std::vector<std::future<http::ClientResponse>> retries;
  for (int i = 0; i < 8; ++i) {
    retries.push_back(std::async(std::launch::async, [&] { return book(token, event_id, 2, key); }));
  }
  for (auto& retry : retries) {
    auto response = retry.get();
    EXPECT_EQ(response.status, 201);
    EXPECT_EQ(response.body, first.body);
  }
  EXPECT_EQ(seats_left(event_id), 8);
  EXPECT_EQ(book(token, event_id, 3, key).status, 422);  // same key, another request
}

TEST_P(Bookings, TheSameKeyArrivingManyTimesAtOnceBooksOnce) {
  auto event_id = create_event(10);
  auto token = api().new_user_token();
  http::Headers key{{"Idempotency-Key", "rush-" + core::new_id()}};
  std::vector<std::future<http::ClientResponse>> attempts;
  for (int i = 0; i < 12; ++i) {
    attempts.push_back(std::async(std::launch::async, [&] { return book(token, event_id, 2, key); }));
  }
  std::set<std::string> bodies;
  for (auto& attempt : attempts) {
    auto response = attempt.get();
    EXPECT_EQ(response.status, 201) << response.body;
    bodies.insert(response.body);
  }
  EXPECT_EQ(bodies.size(), 1u) << "every attempt names the same booking";
  EXPECT_EQ(seats_left(event_id), 8);
  auto history = json::parse(api().call("GET", "/api/bookings", "", token).body);
  EXPECT_EQ(history.at("items").as_array().size(), 1u);
}

TEST_P(Bookings, CancellingGivesTheSeatsBackOnce) {
  auto event_id = create_event(5);
  auto token = api().new_user_token();
  auto booking_id = std::string(json::parse(book(token, event_id, 2).body).at("bookingId").as_string());
  EXPECT_EQ(seats_left(event_id), 3);
  auto cancelled = api().call("DELETE", "/api/bookings/" + booking_id, {}, token);
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(json::parse(cancelled.body).at("status").as_string(), "cancelled");
  EXPECT_EQ(api().call("POST", "/api/bookings/" + booking_id + "/cancel", {}, token).status, 200);
  EXPECT_EQ(seats_left(event_id), 5);
  auto inbox = api().await_inbox(token, 3);
  // Messages from different services may arrive in any order.
  bool told = false;
  for (const auto& item : inbox.at("items").as_array())
    told = told || item.at("type").as_string() == "booking.cancelled";
  EXPECT_TRUE(told) << json::serialize(inbox);
}

TEST_P(Bookings, ACancelledEventCancelsItsBookingsAndTellsTheirOwners) {
  auto event_id = create_event(5, "Doomed gig");
  auto token = api().new_user_token();
  auto booking_id = std::string(json::parse(book(token, event_id, 1).body).at("bookingId").as_string());
  api().await_inbox(token, 2);  // welcome, confirmation
  ASSERT_EQ(api().call("DELETE", "/api/events/" + event_id, {}, organizer).status, 200);
  std::string status;
  EXPECT_TRUE(eventually(
      [&] {
        status = json::parse(api().call("GET", "/api/bookings/" + booking_id, {}, token).body).at("status").as_string();
        return status == "cancelled";
      },
      std::chrono::seconds(30), "the booking is cancelled"))
      << status;
  auto inbox = api().await_inbox(token, 3);
  EXPECT_EQ(inbox.at("items").as_array()[0].at("title").as_string(), "Event cancelled: Doomed gig");
  // A second notice for the booking would come from a message published
  // before the confirmation of a booking made now, which reaches the inbox
  // behind it: once that confirmation is in, the count is final.
  auto later_event = create_event(5, "Next gig");
  ASSERT_EQ(book(token, later_event, 1).status, 201);
  inbox = api().await_inbox(token, 4);
  EXPECT_EQ(inbox.at("items").as_array()[0].at("type").as_string(), "booking.confirmed") << json::serialize(inbox);
  EXPECT_EQ(inbox.at("items").as_array().size(), 4u) << "no second notice for the cancelled booking";
}

TEST_P(Bookings, TwoThousandRequestsFromTwoHundredUsersForAHundredSeats) {
  auto event_id = create_event(100, "On-sale");
  constexpr int kUsers = 200, kPerUser = 10;
  std::vector<std::string> tokens(kUsers);
  {
    std::vector<std::future<void>> signups;
    for (int t = 0; t < 8; ++t) {
      signups.push_back(std::async(std::launch::async, [&, t] {
        Api own(system->gateway_port);
        for (int u = t; u < kUsers; u += 8) tokens[u] = own.new_user_token();
      }));
    }
    for (auto& s : signups) s.get();
  }
  std::atomic<int> confirmed{0}, refused{0}, other{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 50; ++c) {
    clients.emplace_back([&, c] {
      Api own(system->gateway_port);
      for (int i = c; i < kUsers * kPerUser; i += 50) {
        auto response = book(tokens[i % kUsers], event_id, 1, {}, &own);
        (response.status == 201 ? confirmed : response.status == 409 ? refused : other)++;
      }
    });
  }
  for (auto& client : clients) client.join();
  EXPECT_EQ(confirmed.load(), 100);
  EXPECT_EQ(refused.load(), 1900);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(seats_left(event_id), 0);
  int in_histories = 0;
  for (const auto& token : tokens) {
    auto items = json::parse(api().call("GET", "/api/bookings?limit=100", {}, token).body).at("items").as_array();
    for (const auto& item : items) in_histories += item.at("status").as_string() == "confirmed";
  }
  EXPECT_EQ(in_histories, 100);
}

TEST_P(Bookings, AKilledProcessKeepsEveryConfirmedBookingAndLeavesNonePending) {
  auto event_id = create_event(1000, "Crash test");
  std::vector<std::string> tokens;
  for (int i = 0; i < 8; ++i) tokens.push_back(api().new_user_token());
  std::mutex mutex;
  std::set<std::string> acknowledged;  // every booking a client got 201 for
  std::atomic<bool> flooding{true};
  std::atomic<int> attempts{0};  // answered or failed
  std::vector<std::thread> clients;
  for (int c = 0; c < 8; ++c) {
    clients.emplace_back([&, c] {
      Api own(system->gateway_port);
      while (flooding) {
        try {
          auto response = book(tokens[c], event_id, 1, {}, &own);
          if (response.status == 201) {
            std::lock_guard lock(mutex);
            acknowledged.insert(std::string(json::parse(response.body).at("bookingId").as_string()));
          }
        } catch (const http::ClientError&) {
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        ++attempts;
      }
    });
  }
  auto acknowledged_count = [&] {
    std::lock_guard lock(mutex);
    return acknowledged.size();
  };
  // Killed mid-flood: once bookings are being confirmed, with more under way.
  EXPECT_TRUE(
      eventually([&] { return acknowledged_count() >= 50; }, std::chrono::seconds(60), "50 bookings are confirmed"));
  system->kill("bookings");
  // The clients keep trying while it is down.
  auto at_kill = attempts.load();
  EXPECT_TRUE(eventually([&] { return attempts >= at_kill + 8; }, std::chrono::seconds(30),
                         "bookings are attempted while the service is down"));
  flooding = false;
  for (auto& client : clients) client.join();
  system->start("bookings");
  ASSERT_TRUE(system->healthy()) << system->log();
  ASSERT_GT(acknowledged.size(), 10u);

  // Recovery at start settles what the killed process left pending.
  auto bookings = db::Database::open(system->database_url("bookings"), {.pool_size = 1});
  auto count = [&](const char* status) {
    return db::blocking::exec(*bookings, "SELECT COUNT(*), COALESCE(SUM(seats), 0) FROM bookings WHERE status = $1",
                              {status})
        .rows.at(0);
  };
  EXPECT_TRUE(eventually([&] { return count("pending").integer(0) == 0; }, std::chrono::seconds(30),
                         "no booking is left pending"));
  for (const auto& id : acknowledged) {
    auto row = db::blocking::exec(*bookings, "SELECT status FROM bookings WHERE id = $1", {id});
    ASSERT_EQ(row.rows.size(), 1u) << "lost booking " << id;
    EXPECT_EQ(row.rows[0].text(0), "confirmed") << id;
  }
  EXPECT_EQ(1000 - seats_left(event_id), count("confirmed").integer(1));
}

TEST_P(Bookings, WhenEventsIsDownTheAnswerIs503AndRecoverySettlesTheBooking) {
  if (GetParam() == System::Mode::embedded) GTEST_SKIP() << "embedded mode has no separate events process to stop";
  auto event_id = create_event(10, "Flaky");
  auto token = api().new_user_token();
  system->kill("events");
  http::Headers key{{"Idempotency-Key", "retry-" + core::new_id()}};
  auto down = book(token, event_id, 2, key);
  ASSERT_EQ(down.status, 503) << down.body;
  EXPECT_EQ(down.header("Content-Type"), "application/problem+json");
  std::smatch match;
  ASSERT_TRUE(std::regex_search(down.body, match, std::regex("Booking ([0-9a-f-]{36}) is pending"))) << down.body;
  std::string booking_id = match[1];
  // Later calls fail fast while the circuit is open, and still 503.
  EXPECT_EQ(book(token, event_id, 1).status, 503);

  system->start("events");
  ASSERT_TRUE(system->healthy()) << system->log();
  std::string status;
  EXPECT_TRUE(eventually(
      [&] {
        status = json::parse(api().call("GET", "/api/bookings/" + booking_id, {}, token).body).at("status").as_string();
        return status != "pending";
      },
      std::chrono::seconds(60), "recovery settles the pending booking"));
  EXPECT_EQ(status, "confirmed");
  // The client's retry learns the outcome and books nothing new.
  auto retry = book(token, event_id, 2, key);
  EXPECT_EQ(retry.status, 201) << retry.body;
  EXPECT_NE(retry.body.find(booking_id), std::string::npos);
  // The second, keyless attempt was settled too: 2 + 1 seats at most.
  EXPECT_TRUE(eventually([&] { return seats_left(event_id) <= 7; }, std::chrono::seconds(30),
                         "recovery settles the keyless attempt"));
  EXPECT_EQ(seats_left(event_id), 7);
}

INSTANTIATE_TEST_SUITE_P(Modes, Bookings, ::testing::Values(System::Mode::embedded, System::Mode::cluster), mode_name);

}  // namespace
}  // namespace eventbook::testing
