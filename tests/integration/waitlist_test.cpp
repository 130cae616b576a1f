// Waitlists end to end on both shapes of the system: seats that come back
// are owed to the line before anyone else, offered as holds in the event's
// order, and confirmed like any hold.
#include "eventbook/db/blocking.hpp"
#include "eventbook/db/database.hpp"
#include "support/eventually.hpp"
#include "support/system.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <atomic>
#include <thread>

namespace eventbook::testing {
namespace {

namespace json = boost::json;

class Waitlist : public SystemTest {
 protected:
  std::string create_event(std::int64_t seats, const std::string& order) {
    json::object body{{"title", "Sold out"},     {"date", "2030-06-15"},   {"location", "Oslo"},
                      {"availableSeats", seats}, {"waitlistOrder", order}, {"offerMinutes", 5}};
    auto response = api().call("POST", "/api/events", json::serialize(body), organizer);
    EXPECT_EQ(response.status, 201) << response.body;
    return std::string(json::parse(response.body).at("eventId").as_string());
  }
  std::string book(const std::string& event_id, const std::string& token, int seats) {
    auto response = api().call("POST", "/api/bookings",
                               json::serialize(json::object{{"eventId", event_id}, {"seats", seats}}), token);
    EXPECT_EQ(response.status, 201) << response.body;
    return response.status == 201 ? std::string(json::parse(response.body).at("bookingId").as_string()) : "";
  }
  void cancel(const std::string& booking_id, const std::string& token) {
    ASSERT_EQ(api().call("DELETE", "/api/bookings/" + booking_id, {}, token).status, 200);
  }
  http::ClientResponse join(const std::string& event_id, const std::string& token, int seats) {
    return api().call("POST", "/api/events/" + event_id + "/waitlist", json::serialize(json::object{{"seats", seats}}),
                      token);
  }
  json::object mine(const std::string& event_id, const std::string& token) {
    auto response = api().call("GET", "/api/events/" + event_id + "/waitlist/me", {}, token);
    EXPECT_EQ(response.status, 200) << response.body;
    return json::parse(response.body).as_object();
  }
  // Waits for the entry to reach `state`; the entry then.
  json::object await_state(const std::string& event_id, const std::string& token, const std::string& state) {
    json::object last;
    EXPECT_TRUE(eventually(
        [&] {
          last = mine(event_id, token);
          return last.at("state").is_string() && std::string(last.at("state").as_string()) == state;
        },
        std::chrono::seconds(20), "the waitlist entry becomes " + state))
        << json::serialize(last);
    return last;
  }
  // An event of `seats` seats sold as Standard (a quota of 2, the default
  // type) and VIP (a quota of 1), in strict order: its id and VIP's.
  std::pair<std::string, std::string> split_event(std::int64_t seats) {
    json::object body{{"title", "Split"},
                      {"date", "2030-07-01"},
                      {"location", "Oslo"},
                      {"availableSeats", seats},
                      {"waitlistOrder", "strict"},
                      {"ticketTypes", json::array{json::object{{"name", "Standard"}, {"quota", 2}},
                                                  json::object{{"name", "VIP"}, {"quota", 1}}}}};
    auto created = api().call("POST", "/api/events", json::serialize(body), organizer);
    EXPECT_EQ(created.status, 201) << created.body;
    const auto event_id = std::string(json::parse(created.body).at("eventId").as_string());
    auto types = json::parse(api().call("GET", "/api/events/" + event_id + "/ticket-types", {}, organizer).body);
    return {event_id, std::string(types.at("items").at(1).at("id").as_string())};
  }
  // A booking of one seat of the type; its id.
  std::string book_one_of(const std::string& event_id, const std::string& type_id, const std::string& token) {
    auto made = api().call(
        "POST", "/api/bookings",
        json::serialize(json::object{{"eventId", event_id},
                                     {"items", json::array{json::object{{"ticketTypeId", type_id}, {"quantity", 1}}}}}),
        token);
    EXPECT_EQ(made.status, 201) << made.body;
    return made.status == 201 ? std::string(json::parse(made.body).at("bookingId").as_string()) : "";
  }
  std::int64_t open_seats(const std::string& event_id) {
    return json::parse(api().call("GET", "/api/events/" + event_id).body).at("availableSeats").as_int64();
  }
};

TEST_P(Waitlist, FreedSeatsAreOfferedToTheFirstEntryThatFits) {
  const auto event_id = create_event(5, "fit");
  auto buyer = api().new_user_token();
  auto one = book(event_id, buyer, 1);
  auto other = book(event_id, buyer, 2);
  book(event_id, buyer, 2);
  auto a = api().new_user_token(), b = api().new_user_token(), c = api().new_user_token();
  auto joined = join(event_id, a, 1);
  ASSERT_EQ(joined.status, 201) << joined.body;
  EXPECT_EQ(json::parse(joined.body).at("position"), 1);
  EXPECT_EQ(json::parse(joined.body).at("state"), "waiting");
  ASSERT_EQ(join(event_id, b, 3).status, 201);
  ASSERT_EQ(join(event_id, c, 1).status, 201);
  EXPECT_EQ(mine(event_id, c).at("position"), 3);
  // Joining again is the same place.
  auto again = join(event_id, a, 1);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(json::parse(again.body).at("id"), json::parse(joined.body).at("id"));

  // One seat comes back: owed to the line, so nobody new can book it.
  cancel(one, buyer);
  auto offer = await_state(event_id, a, "offered");
  ASSERT_TRUE(offer.contains("offer")) << json::serialize(offer);
  EXPECT_TRUE(eventually([&] { return mine(event_id, a).at("offer").at("expiresAt").is_string(); },
                         std::chrono::seconds(10), "the offer's hold is held"));
  EXPECT_EQ(open_seats(event_id), 0);
  auto flood = api().new_user_token();
  auto refused =
      api().call("POST", "/api/bookings", json::serialize(json::object{{"eventId", event_id}, {"seats", 1}}), flood);
  EXPECT_EQ(refused.status, 409) << refused.body;
  // The offer is announced in the inbox.
  auto inbox = api().await_inbox(a, 2);  // the welcome, and the offer
  EXPECT_EQ(inbox.at("items").at(0).at("type"), "waitlist.offered") << json::serialize(inbox);
  EXPECT_EQ(std::string(inbox.at("items").at(0).at("title").as_string()), "Seats for you: Sold out");

  // A's offer runs out (its expiry moved to the past, as if its minutes had
  // gone by): the seat passes to the next entry it fits (c; b wants 3).
  {
    auto bookings = db::Database::open(system->database_url("bookings"), {.pool_size = 1});
    const auto hold = std::string(offer.at("offer").at("holdId").as_string());
    db::blocking::exec(*bookings, "UPDATE bookings SET expires_at = 1 WHERE id = $1 AND status = 'held'", {hold});
  }
  await_state(event_id, a, "lapsed");
  auto for_c = await_state(event_id, c, "offered");
  EXPECT_EQ(mine(event_id, b).at("state"), "waiting");
  EXPECT_EQ(mine(event_id, b).at("position"), 1);
  // Confirmed like any hold: a booking, and the entry booked.
  const auto hold_id = std::string(for_c.at("offer").at("holdId").as_string());
  auto confirmed = api().call("POST", "/api/holds/" + hold_id + "/confirm", "{}", c);
  ASSERT_EQ(confirmed.status, 201) << confirmed.body;
  await_state(event_id, c, "booked");

  // Leaving the line: nothing more for that account.
  auto d = api().new_user_token();
  ASSERT_EQ(join(event_id, d, 1).status, 201);
  EXPECT_EQ(mine(event_id, d).at("position"), 2);
  ASSERT_EQ(api().call("DELETE", "/api/events/" + event_id + "/waitlist/me", {}, d).status, 200);
  EXPECT_EQ(mine(event_id, d).at("state"), "left");

  // Two more come back: b's group of 3 does not fit them (fit order: the
  // seats wait for whoever fits next).
  cancel(other, buyer);
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // two offer steps: nothing must happen
  EXPECT_EQ(mine(event_id, b).at("state"), "waiting");
  EXPECT_EQ(open_seats(event_id), 0);

  // The organizer sees the line; others do not.
  auto line = api().call("GET", "/api/events/" + event_id + "/waitlist", {}, organizer);
  ASSERT_EQ(line.status, 200) << line.body;
  auto page = json::parse(line.body).as_object();
  EXPECT_EQ(page.at("waiting"), 1);
  EXPECT_EQ(page.at("waitingSeats"), 3);
  EXPECT_EQ(page.at("booked"), 1);
  EXPECT_EQ(page.at("lapsed"), 1);
  EXPECT_EQ(page.at("items").as_array().size(), 4u);
  EXPECT_EQ(api().call("GET", "/api/events/" + event_id + "/waitlist", {}, flood).status, 404);
}

TEST_P(Waitlist, StrictOrderKeepsTheHeadFirstAndTheFloodOut) {
  const auto event_id = create_event(4, "strict");
  auto buyer = api().new_user_token();
  auto two = book(event_id, buyer, 2);
  auto single = book(event_id, buyer, 1);
  book(event_id, buyer, 1);
  auto head = api().new_user_token(), small = api().new_user_token();
  ASSERT_EQ(join(event_id, head, 3).status, 201);
  ASSERT_EQ(join(event_id, small, 1).status, 201);

  // Two seats back while a flood tries to book them: none sold to it, and
  // no offer (the head wants 3, and nobody goes ahead of it).
  std::atomic<int> sold{0};
  std::vector<std::thread> flood;
  for (int n = 0; n < 4; ++n) {
    flood.emplace_back([&] {
      Api own(system->gateway_port);
      auto token = own.new_user_token();
      for (int i = 0; i < 10; ++i) {
        auto response = own.call("POST", "/api/bookings",
                                 json::serialize(json::object{{"eventId", event_id}, {"seats", 1}}), token);
        if (response.status == 201) ++sold;
      }
    });
  }
  cancel(two, buyer);
  for (auto& thread : flood) thread.join();
  EXPECT_EQ(sold.load(), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_EQ(mine(event_id, head).at("state"), "waiting");
  EXPECT_EQ(mine(event_id, small).at("state"), "waiting");
  // The third seat: the head's offer.
  cancel(single, buyer);
  auto offered = await_state(event_id, head, "offered");
  EXPECT_EQ(offered.at("seats"), 3);
  EXPECT_EQ(mine(event_id, small).at("state"), "waiting");
}

TEST_P(Waitlist, JoinsOnlyWhatIsSoldOutAndReadsItsInputStrictly) {
  const auto event_id = create_event(3, "strict");
  auto token = api().new_user_token();
  auto refused = join(event_id, token, 2);
  ASSERT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(json::parse(refused.body).at("type"), "https://eventbook.dev/problems/seats-available");
  EXPECT_EQ(api().call("POST", "/api/events/" + event_id + "/waitlist", "{}").status, 401);
  EXPECT_EQ(join("no-such-event", token, 1).status, 404);
  for (const char* body :
       {R"({"seats":0})", R"({"seats":11})", R"({"seats":"2"})", R"({"seats":null})", R"({"seats":1,"extra":true})",
        R"({"seats":99999999999999999999})", R"({"ticketTypeId":""})"}) {
    auto bad = api().call("POST", "/api/events/" + event_id + "/waitlist", body, token);
    EXPECT_EQ(bad.status, 422) << body << " " << bad.body;
  }
  EXPECT_EQ(api().call("POST", "/api/events/" + event_id + "/waitlist", "[1]", token).status, 400);
  // Enough for one seat but not four: four may wait.
  EXPECT_EQ(join(event_id, token, 4).status, 201);
  // No group larger than one booking may take.
  auto small = api().call("POST", "/api/events",
                          R"({"title":"Small","date":"2030-06-15","location":"Oslo","availableSeats":3,
                              "maxSeatsPerBooking":2})",
                          organizer);
  auto small_id = std::string(json::parse(small.body).at("eventId").as_string());
  auto too_big = join(small_id, token, 3);
  EXPECT_EQ(too_big.status, 422) << too_big.body;
  // A ticket type the event does not sell is no place to wait for.
  auto unknown = api().call("POST", "/api/events/" + event_id + "/waitlist", R"({"seats":4,"ticketTypeId":"nope"})",
                            api().new_user_token());
  EXPECT_EQ(unknown.status, 422) << unknown.body;
  EXPECT_EQ(api().call("GET", "/api/events/" + event_id + "/waitlist/me", {}, api().new_user_token()).status, 404);
  EXPECT_EQ(api().call("DELETE", "/api/events/" + event_id + "/waitlist/me", {}, api().new_user_token()).status, 404);
  // The event is cancelled: nobody waits for it any more.
  ASSERT_EQ(api().call("DELETE", "/api/events/" + event_id, {}, organizer).status, 200);
  await_state(event_id, token, "lapsed");
}

// Two ticket types; an untyped entry is of the first (the default type),
// whose quota is full while a seat of the other comes back.
TEST_P(Waitlist, AnOfferTheDefaultTypeCannotGiveIsNotMadeOverAndOver) {
  const auto [event_id, vip] = split_event(3);
  auto buyer = api().new_user_token();
  book(event_id, buyer, 2);  // the default type: Standard is full
  const auto vip_booking = book_one_of(event_id, vip, buyer);
  auto waiter = api().new_user_token();
  ASSERT_EQ(join(event_id, waiter, 1).status, 201);

  // The VIP seat comes back: Standard cannot give it to the entry.
  cancel(vip_booking, buyer);
  std::this_thread::sleep_for(std::chrono::milliseconds(4000));
  auto bookings = db::Database::open(system->database_url("bookings"), {.pool_size = 1});
  auto offers = db::blocking::query(
      *bookings, "SELECT COUNT(*) FROM bookings WHERE event_id = $1 AND waitlist_offer = 1", {event_id});
  EXPECT_EQ(offers.rows.front().integer(0), 0);  // not a refused hold a second
  EXPECT_EQ(mine(event_id, waiter).at("state"), "waiting");
  EXPECT_EQ(open_seats(event_id), 1);  // nobody in line can take it: not owed
}

// Strict order: a head whose ticket type's quota is short is not owed seats,
// and does not keep those owed to the entries behind it from them.
TEST_P(Waitlist, AHeadItsTypeCannotServeDoesNotHoldUpTheLine) {
  const auto [event_id, vip] = split_event(2);
  auto buyer = api().new_user_token();
  auto standard = book(event_id, buyer, 1);
  book_one_of(event_id, vip, buyer);  // VIP is full
  auto head = api().new_user_token(), next = api().new_user_token();
  auto joined = api().call("POST", "/api/events/" + event_id + "/waitlist",
                           json::serialize(json::object{{"seats", 1}, {"ticketTypeId", vip}}), head);
  ASSERT_EQ(joined.status, 201) << joined.body;
  ASSERT_EQ(join(event_id, next, 1).status, 201);

  // A Standard seat comes back: owed to `next`, and offered to it.
  cancel(standard, buyer);
  await_state(event_id, next, "offered");
  EXPECT_EQ(mine(event_id, head).at("state"), "waiting");
}

TEST_P(Waitlist, TheLineOfACancelledEventEnds) {
  const auto event_id = create_event(1, "strict");
  book(event_id, api().new_user_token(), 1);
  auto waiter = api().new_user_token();
  ASSERT_EQ(join(event_id, waiter, 1).status, 201);
  ASSERT_EQ(api().call("DELETE", "/api/events/" + event_id, {}, organizer).status / 100, 2);
  await_state(event_id, waiter, "lapsed");  // and the worker no longer looks the event up each step
}

INSTANTIATE_TEST_SUITE_P(Modes, Waitlist, ::testing::Values(System::Mode::embedded, System::Mode::cluster), mode_name);

}  // namespace
}  // namespace eventbook::testing
