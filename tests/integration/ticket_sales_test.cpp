// Selling tickets end to end on both shapes of the system: bookings of
// several lines, their prices and totals, what is due and who records that
// it was paid.
#include "eventbook/core/clock.hpp"
#include "eventbook/db/blocking.hpp"
#include "eventbook/db/database.hpp"
#include "support/eventually.hpp"
#include "support/system.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <map>
#include <mutex>
#include <thread>

namespace eventbook::testing {
namespace {

namespace json = boost::json;

class TicketSales : public SystemTest {
 protected:
  // An event of `seats` seats at `price` (none: free), and its default type's id.
  std::pair<std::string, std::string> create_event(std::int64_t seats, std::optional<json::value> price) {
    json::object body{{"title", "Concert"}, {"date", "2030-06-15"}, {"location", "Oslo"}, {"availableSeats", seats}};
    if (price) body["price"] = *price;
    auto response = api().call("POST", "/api/events", json::serialize(body), organizer);
    EXPECT_EQ(response.status, 201) << response.body;
    auto id = std::string(json::parse(response.body).at("eventId").as_string());
    auto event = json::parse(api().call("GET", "/api/events/" + id).body);
    return {id, std::string(event.at("ticketTypes").at(0).at("id").as_string())};
  }
  http::ClientResponse book(const std::string& token, json::object body) {
    return api().call("POST", "/api/bookings", json::serialize(body), token);
  }
  json::object booking(const std::string& token, const http::ClientResponse& created) {
    auto id = std::string(json::parse(created.body).at("bookingId").as_string());
    auto response = api().call("GET", "/api/bookings/" + id, {}, token);
    EXPECT_EQ(response.status, 200) << response.body;
    return json::parse(response.body).as_object();
  }
  json::object event(const std::string& id) {
    return json::parse(api().call("GET", "/api/events/" + id).body).as_object();
  }
  // The problem's first field error, as "field: message".
  static std::string first_error(const http::ClientResponse& response) {
    auto problem = json::parse(response.body).as_object();
    if (!problem.contains("errors") || problem.at("errors").as_array().empty()) return "";
    const auto& error = problem.at("errors").as_array().at(0);
    return std::string(error.at("field").as_string()) + ": " + std::string(error.at("message").as_string());
  }
};

TEST_P(TicketSales, ABookingOfLinesRecordsItsPricesTotalAndWhatIsDue) {
  const auto ids = create_event(10, json::parse(R"({"amount":12.5,"currency":"EUR"})"));
  const auto& event_id = ids.first;
  const auto& general = ids.second;
  auto token = api().new_user_token();
  auto created =
      book(token, {{"eventId", event_id}, {"items", json::array{{{"ticketTypeId", general}, {"quantity", 3}}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(json::parse(created.body).at("message"), "Booking confirmed!");
  auto stored = booking(token, created);
  EXPECT_EQ(stored.at("seats"), 3);
  // As the server writes them (a parser here would reformat the numbers).
  auto raw = api().call("GET", "/api/bookings/" + std::string(stored.at("id").as_string()), {}, token).body;
  EXPECT_NE(raw.find(R"("items":[{"ticketTypeId":")" + general +
                     R"(","name":"General admission","quantity":3,"unitPrice":{"amount":12.5,"currency":"EUR"}}])"),
            std::string::npos)
      << raw;
  EXPECT_NE(raw.find(R"("discount":{"amount":0,"currency":"EUR"},"total":{"amount":37.5,"currency":"EUR"})"),
            std::string::npos)
      << raw;
  EXPECT_EQ(stored.at("paymentStatus"), "due");
  EXPECT_EQ(event(event_id).at("availableSeats"), 7);

  // seats: N books N of the default type, priced the same way.
  auto by_seats = booking(token, book(token, {{"eventId", event_id}, {"seats", 2}}));
  EXPECT_EQ(by_seats.at("items").at(0).at("ticketTypeId").as_string(), general);
  EXPECT_EQ(by_seats.at("total").at("amount"), 25);

  // Cancelling gives every line's seats back to the event and its type, once.
  auto id = std::string(stored.at("id").as_string());
  ASSERT_EQ(api().call("DELETE", "/api/bookings/" + id, {}, token).status, 200);
  ASSERT_EQ(api().call("DELETE", "/api/bookings/" + id, {}, token).status, 200);
  auto after = event(event_id);
  EXPECT_EQ(after.at("availableSeats"), 8);
  EXPECT_EQ(after.at("ticketTypes").at(0).at("available"), 8);
}

// An event created with its types: lines of several are booked together,
// each at its own price, and a line that cannot be had takes nothing.
TEST_P(TicketSales, SeveralTypesAreBookedTogetherOrNotAtAll) {
  auto created = api().call("POST", "/api/events", R"({"title":"Festival","date":"2030-07-01","location":"Oslo",
      "availableSeats":10,"ticketTypes":[
        {"name":"Standard","quota":10,"price":{"amount":40,"currency":"EUR"}},
        {"name":"VIP","quota":2,"price":{"amount":99.99,"currency":"EUR"},"maxPerBooking":2},
        {"name":"Crew","quota":5,"price":{"amount":0,"currency":"EUR"},"hidden":true},
        {"name":"Late","quota":5,"salesStart":"2030-06-01T00:00:00Z"}]})",
                            organizer);
  ASSERT_EQ(created.status, 201) << created.body;
  auto event_id = std::string(json::parse(created.body).at("eventId").as_string());
  auto listed = json::parse(api().call("GET", "/api/events/" + event_id + "/ticket-types", {}, organizer).body);
  std::map<std::string, std::string> ids;
  for (const auto& type : listed.at("items").as_array())
    ids[std::string(type.at("name").as_string())] = std::string(type.at("id").as_string());
  ASSERT_EQ(ids.size(), 4u) << json::serialize(listed);
  auto line = [&](const std::string& name, int quantity) {
    return json::object{{"ticketTypeId", ids[name]}, {"quantity", quantity}};
  };
  auto token = api().new_user_token();

  auto made = book(token, {{"eventId", event_id}, {"items", json::array{line("Standard", 3), line("VIP", 2)}}});
  ASSERT_EQ(made.status, 201) << made.body;
  auto stored = booking(token, made);
  EXPECT_EQ(stored.at("seats"), 5);
  EXPECT_EQ(stored.at("items").as_array().size(), 2u);
  EXPECT_EQ(stored.at("items").at(1).at("name"), "VIP");
  EXPECT_EQ(stored.at("total").at("amount").as_double(), 319.98);  // 3 × 40 + 2 × 99.99
  EXPECT_EQ(stored.at("paymentStatus"), "due");

  // VIP is gone: a booking that asks for it takes nothing, and says which type is short.
  auto short_one = book(token, {{"eventId", event_id}, {"items", json::array{line("Standard", 1), line("VIP", 1)}}});
  EXPECT_EQ(short_one.status, 409) << short_one.body;
  EXPECT_NE(short_one.body.find(ids["VIP"]), std::string::npos) << short_one.body;
  auto hidden = book(token, {{"eventId", event_id}, {"items", json::array{line("Crew", 1)}}});
  EXPECT_EQ(hidden.status, 422) << hidden.body;
  auto late = book(token, {{"eventId", event_id}, {"items", json::array{line("Late", 1)}}});
  EXPECT_EQ(late.status, 409) << late.body;
  EXPECT_NE(late.body.find("not-on-sale"), std::string::npos) << late.body;

  auto after = event(event_id);
  EXPECT_EQ(after.at("availableSeats"), 5);
  std::map<std::string, std::int64_t> available;
  for (const auto& type : after.at("ticketTypes").as_array())
    available[std::string(type.at("name").as_string())] = type.at("available").as_int64();
  EXPECT_EQ(available, (std::map<std::string, std::int64_t>{{"Standard", 5}, {"VIP", 0}, {"Late", 5}}));

  // Cancelling gives each line back to its own type.
  auto id = std::string(stored.at("id").as_string());
  ASSERT_EQ(api().call("DELETE", "/api/bookings/" + id, {}, token).status, 200);
  after = event(event_id);
  EXPECT_EQ(after.at("availableSeats"), 10);
  EXPECT_EQ(after.at("ticketTypes").at(1).at("available"), 2);

  // The event's own price stays in its types' currency.
  auto dollars =
      api().call("PATCH", "/api/events/" + event_id, R"({"price":{"amount":10,"currency":"USD"}})", organizer);
  EXPECT_EQ(dollars.status, 422) << dollars.body;
  EXPECT_EQ(first_error(dollars), "price.currency: must be EUR, the currency of the ticket types' prices");
  EXPECT_EQ(
      api().call("PATCH", "/api/events/" + event_id, R"({"price":{"amount":10,"currency":"EUR"}})", organizer).status,
      200);
}

// The organizer's promo codes: a booking with one gets its discount and
// takes a use, a cancellation gives the use back, and a code that cannot be
// used is a 422 on promoCode.
TEST_P(TicketSales, PromoCodesDiscountAndCountTheirUses) {
  const auto ids = create_event(10, json::parse(R"({"amount":20,"currency":"EUR"})"));
  const auto& event_id = ids.first;
  const auto codes = "/api/events/" + event_id + "/promo-codes";
  auto created = api().call("POST", codes, R"({"code":"Early-Bird","percentOff":25,"maxUses":1})", organizer);
  ASSERT_EQ(created.status, 201) << created.body;
  auto code_id = std::string(json::parse(created.body).at("id").as_string());
  EXPECT_EQ(api().call("POST", codes, R"({"code":"EARLY-BIRD","percentOff":10})", organizer).status, 409);

  auto token = api().new_user_token();
  auto made = book(token, {{"eventId", event_id}, {"seats", 2}, {"promoCode", "early-bird"}});
  ASSERT_EQ(made.status, 201) << made.body;
  auto stored = booking(token, made);
  EXPECT_EQ(stored.at("promoCode"), "early-bird");
  EXPECT_EQ(stored.at("discount").at("amount"), 10);
  EXPECT_EQ(stored.at("total").at("amount"), 30);
  auto used = [&] {
    auto listed = json::parse(api().call("GET", codes, {}, organizer).body);
    return listed.at("items").at(0).at("used").as_int64();
  };
  EXPECT_EQ(used(), 1);
  auto again = book(token, {{"eventId", event_id}, {"promoCode", "EARLY-BIRD"}});
  EXPECT_EQ(again.status, 422);
  EXPECT_EQ(first_error(again), "promoCode: is not a code of this event");  // one answer for every unusable code
  EXPECT_EQ(first_error(book(token, {{"eventId", event_id}, {"promoCode", "NOPE"}})),
            "promoCode: is not a code of this event");
  // A repeat under an Idempotency-Key asks the same way: seats of the
  // default type are not a line of a type named.
  auto keyed = [&](json::object body) {
    return api().call("POST", "/api/bookings", json::serialize(body), token, {{"Idempotency-Key", "same-key"}});
  };
  ASSERT_EQ(keyed({{"eventId", event_id},
                   {"items", json::array{json::object{{"ticketTypeId", ids.second}, {"quantity", 1}}}}})
                .status,
            201);
  EXPECT_EQ(keyed({{"eventId", event_id}, {"seats", 1}}).status, 422);
  ASSERT_EQ(api().call("DELETE", "/api/bookings/" + std::string(stored.at("id").as_string()), {}, token).status, 200);
  EXPECT_EQ(used(), 0);
  EXPECT_EQ(event(event_id).at("availableSeats"), 9);  // the keyed booking's seat

  // Disabled, it is unknown to buyers.
  auto disabled = api().call("DELETE", codes + "/" + code_id, {}, organizer);
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_EQ(json::parse(disabled.body).at("enabled"), false);
  EXPECT_EQ(first_error(book(token, {{"eventId", event_id}, {"promoCode", "early-bird"}})),
            "promoCode: is not a code of this event");
}

// What a buyer is offered with a code: its discount and the hidden types it
// unlocks; without one, the public types only.
TEST_P(TicketSales, TheOfferShowsWhatACodeGives) {
  auto created = api().call("POST", "/api/events", R"({"title":"Gala","date":"2030-07-01","location":"Oslo",
      "availableSeats":10,"ticketTypes":[{"name":"Seat","quota":10,"price":{"amount":30,"currency":"EUR"}},
        {"name":"Backstage","quota":2,"price":{"amount":80,"currency":"EUR"},"hidden":true}]})",
                            organizer);
  ASSERT_EQ(created.status, 201) << created.body;
  auto event_id = std::string(json::parse(created.body).at("eventId").as_string());
  auto types = json::parse(api().call("GET", "/api/events/" + event_id + "/ticket-types", {}, organizer).body);
  auto backstage = std::string(types.at("items").at(1).at("id").as_string());
  auto added = api().call(
      "POST", "/api/events/" + event_id + "/promo-codes",
      R"({"code":"CREW","amountOff":{"amount":5,"currency":"EUR"},"unlocks":[")" + backstage + R"("]})", organizer);
  ASSERT_EQ(added.status, 201) << added.body;
  // A code for the hidden type that does not unlock it: its id is not shown.
  ASSERT_EQ(api()
                .call("POST", "/api/events/" + event_id + "/promo-codes",
                      R"({"code":"HALF","percentOff":50,"ticketTypeIds":[")" + backstage + R"("]})", organizer)
                .status,
            201);
  auto token = api().new_user_token();
  const auto offer = "/api/events/" + event_id + "/offer";
  EXPECT_EQ(api().call("GET", offer).status, 401);
  auto plain = json::parse(api().call("GET", offer, {}, token).body);
  EXPECT_EQ(plain.at("promoCode"), nullptr);
  EXPECT_EQ(plain.at("ticketTypes").as_array().size(), 1u);
  auto with_code = api().call("GET", offer + "?promoCode=crew", {}, token);
  ASSERT_EQ(with_code.status, 200) << with_code.body;
  auto body = json::parse(with_code.body);
  EXPECT_EQ(body.at("promoCode").at("amountOff").at("amount"), 5);
  ASSERT_EQ(body.at("ticketTypes").as_array().size(), 2u);
  EXPECT_EQ(body.at("ticketTypes").at(1).at("name"), "Backstage");
  auto half = api().call("GET", offer + "?promoCode=half", {}, token);
  EXPECT_EQ(half.status, 200) << half.body;
  EXPECT_EQ(half.body.find(backstage), std::string::npos) << half.body;
  EXPECT_EQ(api().call("GET", offer + "?promoCode=nope", {}, token).status, 422);
  EXPECT_EQ(api().call("GET", offer + "?promoCode=x", {}, token).status, 422);
  EXPECT_EQ(api().call("GET", "/api/events/01890000-0000-7000-8000-000000000000/offer", {}, token).status, 404);
  // An amount off in euros keeps the event's prices in euros.
  auto dollars =
      api().call("PATCH", "/api/events/" + event_id, R"({"price":{"amount":30,"currency":"USD"}})", organizer);
  EXPECT_EQ(dollars.status, 422) << dollars.body;
  // Booked with the code, the hidden type at 80 less 5.
  auto made = book(token, {{"eventId", event_id},
                           {"promoCode", "CREW"},
                           {"items", json::array{json::object{{"ticketTypeId", backstage}, {"quantity", 2}}}}});
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(booking(token, made).at("total").at("amount"), 150);
}

TEST_P(TicketSales, OnlyTheOrganizerManagesPromoCodesAndBadOnesAreNamed) {
  const auto ids = create_event(10, json::parse(R"({"amount":20,"currency":"EUR"})"));
  const auto codes = "/api/events/" + ids.first + "/promo-codes";
  auto stranger = api().new_user_token();
  EXPECT_EQ(api().call("GET", codes).status, 401);
  EXPECT_EQ(api().call("GET", codes, {}, stranger).status, 404);
  EXPECT_EQ(api().call("POST", codes, R"({"code":"MINE","percentOff":50})", stranger).status, 404);
  EXPECT_EQ(api().call("GET", "/api/events/01890000-0000-7000-8000-000000000000/promo-codes", {}, organizer).status,
            404);
  auto expect = [&](const std::string& body, const std::string& error) {
    auto response = api().call("POST", codes, body, organizer);
    EXPECT_EQ(response.status, 422) << body << " " << response.body;
    EXPECT_EQ(first_error(response).substr(0, error.size()), error) << body << " " << response.body;
  };
  expect(R"({"code":"AB","percentOff":10})", "code: must be 3 to 32");
  expect(R"({"code":"HAS SPACE","percentOff":10})", "code: must be 3 to 32");
  expect(R"({"code":null,"percentOff":10})", "code: must not be null");
  expect(R"({"code":"OK1","percentOff":0})", "percentOff: must be a whole number from 1 to 100");
  expect(R"({"code":"OK1","percentOff":101})", "percentOff: must be a whole number from 1 to 100");
  expect(R"({"code":"OK1","percentOff":"10"})", "percentOff:");
  expect(R"({"code":"OK1"})", "percentOff: or amountOff or unlocks is required");
  expect(R"({"code":"OK1","percentOff":10,"amountOff":{"amount":5,"currency":"EUR"}})", "amountOff: goes without");
  expect(R"({"code":"OK1","amountOff":{"amount":5,"currency":"USD"}})", "amountOff.currency: must be EUR");
  expect(R"({"code":"OK1","percentOff":10,"maxUses":0})", "maxUses: must be from 1");
  expect(R"({"code":"OK1","percentOff":10,"maxUses":100000000000})", "maxUses: must be from 1");
  expect(R"({"code":"OK1","percentOff":10,"ticketTypeIds":["nope"]})", "ticketTypeIds: names no type");
  expect(R"({"code":"OK1","percentOff":10,"unlocks":[1]})", "unlocks: must be a list");
  expect(R"({"code":"OK1","percentOff":10,"validUntil":"soon"})", "validUntil: must be an ISO 8601");
  expect(R"({"code":"OK1","percentOff":10,"used":5})", "used:");
  // maxUses never below the uses taken.
  auto created = api().call("POST", codes, R"({"code":"TWO","percentOff":10,"maxUses":2})", organizer);
  ASSERT_EQ(created.status, 201) << created.body;
  auto path = codes + "/" + std::string(json::parse(created.body).at("id").as_string());
  auto token = api().new_user_token();
  ASSERT_EQ(book(token, {{"eventId", ids.first}, {"promoCode", "two"}}).status, 201);
  ASSERT_EQ(book(token, {{"eventId", ids.first}, {"promoCode", "two"}}).status, 201);
  EXPECT_EQ(api().call("PATCH", path, R"({"maxUses":1})", organizer).status, 409);
  EXPECT_EQ(api().call("PATCH", path, R"({"maxUses":null})", organizer).status, 200);
  EXPECT_EQ(api().call("PATCH", path, R"({"code":"OTHER"})", organizer).status, 422);
  EXPECT_EQ(api().call("PATCH", path, R"({"enabled":false})", stranger).status, 404);
  EXPECT_EQ(api().call("PATCH", codes + "/no-such-code", R"({"enabled":false})", organizer).status, 404);
}

// A hold takes the seats at once and keeps them for the event's holdMinutes;
// confirmed in time it is the booking (once), let go of or expired its
// seats come back and confirming is a 410.
TEST_P(TicketSales, HoldsKeepSeatsUntilConfirmedLetGoOrExpired) {
  auto created = api().call("POST", "/api/events",
                            R"({"title":"Show","date":"2030-07-01","location":"Oslo","availableSeats":10,
                                "holdMinutes":2,"price":{"amount":15,"currency":"EUR"}})",
                            organizer);
  ASSERT_EQ(created.status, 201) << created.body;
  auto event_id = std::string(json::parse(created.body).at("eventId").as_string());
  EXPECT_EQ(event(event_id).at("holdMinutes"), 2);
  auto token = api().new_user_token();
  auto hold = [&](int seats) {
    auto response =
        api().call("POST", "/api/holds", json::serialize(json::object{{"eventId", event_id}, {"seats", seats}}), token);
    EXPECT_EQ(response.status, 201) << response.body;
    return json::parse(response.body).as_object();
  };
  auto first = hold(3);
  EXPECT_EQ(first.at("status"), "held");
  EXPECT_EQ(first.at("total").at("amount"), 45);
  EXPECT_EQ(first.at("bookingId"), nullptr);
  EXPECT_FALSE(first.at("expiresAt").is_null());
  EXPECT_EQ(event(event_id).at("availableSeats"), 7);
  auto id = std::string(first.at("holdId").as_string());
  const auto path = "/api/holds/" + id;

  // Only its owner sees and acts on it.
  EXPECT_EQ(api().call("GET", path).status, 401);
  EXPECT_EQ(api().call("GET", path, {}, api().new_user_token()).status, 404);
  EXPECT_EQ(api().call("GET", path, {}, organizer).status, 404);
  EXPECT_EQ(api().call("POST", path + "/confirm", {}, api().new_user_token()).status, 404);
  EXPECT_EQ(api().call("DELETE", path, {}, api().new_user_token()).status, 404);
  EXPECT_EQ(api().call("GET", "/api/holds/not-an-id", {}, token).status, 404);
  EXPECT_EQ(api().call("GET", path, {}, token).status, 200);
  EXPECT_EQ(api().call("POST", path + "/confirm", R"({"attendee":"x"})", token).status, 422);
  EXPECT_EQ(api().call("DELETE", "/api/bookings/" + id, {}, token).status, 409);  // a hold is let go of, not cancelled

  auto confirmed = api().call("POST", path + "/confirm", {}, token);
  ASSERT_EQ(confirmed.status, 201) << confirmed.body;
  EXPECT_EQ(json::parse(confirmed.body).at("bookingId").as_string(), id);
  auto twice = api().call("POST", path + "/confirm", {}, token);
  EXPECT_EQ(twice.status, 201);
  EXPECT_EQ(twice.body, confirmed.body);
  auto booked = json::parse(api().call("GET", "/api/bookings/" + id, {}, token).body);
  EXPECT_EQ(booked.at("status"), "confirmed");
  EXPECT_FALSE(booked.at("ticketCode").is_null());
  EXPECT_EQ(api().call("DELETE", path, {}, token).status, 409);
  EXPECT_EQ(event(event_id).at("availableSeats"), 7);

  // Let go of: the seats are back at once, and it cannot be confirmed.
  auto second = std::string(hold(2).at("holdId").as_string());
  EXPECT_EQ(event(event_id).at("availableSeats"), 5);
  auto released = api().call("DELETE", "/api/holds/" + second, {}, token);
  ASSERT_EQ(released.status, 200) << released.body;
  EXPECT_EQ(json::parse(released.body).at("status"), "released");
  EXPECT_EQ(event(event_id).at("availableSeats"), 7);
  EXPECT_EQ(api().call("POST", "/api/holds/" + second + "/confirm", {}, token).status, 410);

  // Expired: the sweep gives the seats back within seconds of expiresAt.
  auto third = std::string(hold(4).at("holdId").as_string());
  EXPECT_EQ(event(event_id).at("availableSeats"), 3);
  auto bookings = db::Database::open(system->database_url("bookings"), {.pool_size = 1});
  db::blocking::exec(*bookings, "UPDATE bookings SET expires_at = $2 WHERE id = $1",
                     {third, std::int64_t{core::now_ms() - 1}});
  EXPECT_TRUE(eventually([&] { return event(event_id).at("availableSeats") == 7; }, std::chrono::seconds(5),
                         "the expired hold's seats come back"));
  auto late = api().call("POST", "/api/holds/" + third + "/confirm", {}, token);
  EXPECT_EQ(late.status, 410) << late.body;
  EXPECT_NE(late.body.find("hold-expired"), std::string::npos) << late.body;
  EXPECT_EQ(json::parse(api().call("GET", "/api/holds/" + third, {}, token).body).at("status"), "expired");

  // A hold that cannot be had says why, as a booking does.
  auto too_many =
      api().call("POST", "/api/holds", json::serialize(json::object{{"eventId", event_id}, {"seats", 8}}), token);
  EXPECT_EQ(too_many.status, 409) << too_many.body;
  EXPECT_EQ(api().call("POST", "/api/holds", R"({"eventId":")" + event_id + R"(","seats":0})", token).status, 422);
}

// Races through the public entry point: 500 bookings at once over two types
// whose quotas add up past the capacity, and 100 at once for a code of 10
// uses. Neither the capacity, a quota nor the uses are ever exceeded, and
// the histories add up.
TEST_P(TicketSales, RacesNeverExceedTheCapacityAQuotaOrACodesUses) {
  auto created = api().call("POST", "/api/events", R"({"title":"Rush","date":"2030-07-01","location":"Oslo",
      "availableSeats":100,"ticketTypes":[{"name":"Early","quota":70,"price":{"amount":10,"currency":"EUR"}},
        {"name":"Late","quota":70,"price":{"amount":20,"currency":"EUR"}}]})",
                            organizer);
  ASSERT_EQ(created.status, 201) << created.body;
  auto event_id = std::string(json::parse(created.body).at("eventId").as_string());
  auto listed = json::parse(api().call("GET", "/api/events/" + event_id + "/ticket-types", {}, organizer).body);
  const std::string early(listed.at("items").at(0).at("id").as_string());
  const std::string late(listed.at("items").at(1).at("id").as_string());
  ASSERT_EQ(api()
                .call("POST", "/api/events/" + event_id + "/promo-codes",
                      R"({"code":"TEN","percentOff":50,"maxUses":10})", organizer)
                .status,
            201);
  std::vector<std::string> tokens(20);
  for (auto& token : tokens) token = api().new_user_token();

  // 100 with the code (each of the early type) and 400 without, all at once.
  std::mutex mutex;
  std::map<std::string, int> answers;
  std::vector<std::thread> clients;
  for (int c = 0; c < 25; ++c) {
    clients.emplace_back([&, c] {
      Api own(system->gateway_port);
      for (int i = c; i < 500; i += 25) {
        json::object body{{"eventId", event_id}};
        const bool with_code = i % 5 == 0;
        body["items"] = json::array{json::object{{"ticketTypeId", with_code || i % 2 ? early : late}, {"quantity", 1}}};
        if (with_code) body["promoCode"] = "ten";
        auto response = own.call("POST", "/api/bookings", json::serialize(body), tokens[i % tokens.size()]);
        std::string kind = std::to_string(response.status);
        if (with_code) kind += response.status == 201 ? " code" : " code " + first_error(response);
        std::lock_guard lock(mutex);
        ++answers[kind];
      }
    });
  }
  for (auto& client : clients) client.join();
  int booked = answers["201"] + answers["201 code"];
  EXPECT_EQ(booked, 100) << ::testing::PrintToString(answers);
  EXPECT_LE(answers["201 code"], 10) << ::testing::PrintToString(answers);
  auto used = json::parse(api().call("GET", "/api/events/" + event_id + "/promo-codes", {}, organizer).body);
  EXPECT_EQ(used.at("items").at(0).at("used").as_int64(), answers["201 code"]);
  auto types = json::parse(api().call("GET", "/api/events/" + event_id + "/ticket-types", {}, organizer).body);
  auto sold_early = types.at("items").at(0).at("sold").as_int64();
  auto sold_late = types.at("items").at(1).at("sold").as_int64();
  EXPECT_LE(sold_early, 70);
  EXPECT_LE(sold_late, 70);
  EXPECT_EQ(sold_early + sold_late, 100);
  EXPECT_EQ(event(event_id).at("availableSeats"), 0);
  // The bookings say the same: 100 seats, split as the types say.
  int in_bookings = 0, of_early = 0;
  std::string cursor;
  do {
    auto page =
        json::parse(api().call("GET", "/api/bookings?limit=100&eventId=" + event_id + cursor, {}, organizer).body);
    for (const auto& item : page.at("items").as_array()) {
      if (item.at("status") != "confirmed") continue;
      in_bookings += static_cast<int>(item.at("seats").as_int64());
      of_early += item.at("items").at(0).at("ticketTypeId").as_string() == early;
    }
    cursor = page.at("nextCursor").is_null() ? "" : "&cursor=" + std::string(page.at("nextCursor").as_string());
  } while (!cursor.empty());
  EXPECT_EQ(in_bookings, 100);
  EXPECT_EQ(of_early, sold_early);

  // 100 at once for a code of 10 uses, seats to spare: exactly 10.
  const auto spare = create_event(1000, std::nullopt).first;
  ASSERT_EQ(api()
                .call("POST", "/api/events/" + spare + "/promo-codes", R"({"code":"TEN","percentOff":50,"maxUses":10})",
                      organizer)
                .status,
            201);
  std::map<std::string, int> uses;
  clients.clear();
  for (int c = 0; c < 20; ++c) {
    clients.emplace_back([&, c] {
      Api own(system->gateway_port);
      for (int i = 0; i < 5; ++i) {
        auto response =
            own.call("POST", "/api/bookings", json::serialize(json::object{{"eventId", spare}, {"promoCode", "TEN"}}),
                     tokens[(c + i) % tokens.size()]);
        std::lock_guard lock(mutex);
        ++uses[std::to_string(response.status) + " " + first_error(response)];
      }
    });
  }
  for (auto& client : clients) client.join();
  EXPECT_EQ(uses["201 "], 10) << ::testing::PrintToString(uses);
  EXPECT_EQ(uses["422 promoCode: is not a code of this event"], 90) << ::testing::PrintToString(uses);
  EXPECT_EQ(event(spare).at("availableSeats"), 990);
}

// Holds confirmed around their expiry while the sweep runs: each ends
// confirmed (201) or expired (410), never both, and the seats agree.
TEST_P(TicketSales, AHoldConfirmedAtItsExpiryIsConfirmedOrGoneNeverBoth) {
  const auto ids = create_event(40, std::nullopt);
  const auto& event_id = ids.first;
  auto token = api().new_user_token();
  auto bookings = db::Database::open(system->database_url("bookings"), {.pool_size = 1});
  std::vector<std::string> holds;
  for (int n = 0; n < 20; ++n) {
    auto response =
        api().call("POST", "/api/holds", json::serialize(json::object{{"eventId", event_id}, {"seats", 2}}), token);
    ASSERT_EQ(response.status, 201) << response.body;
    holds.emplace_back(json::parse(response.body).at("holdId").as_string());
  }
  EXPECT_EQ(event(event_id).at("availableSeats"), 0);
  // Staggered around now: the sweep and the confirmations meet at the edge.
  const auto base = core::now_ms() + 1500;
  for (std::size_t n = 0; n < holds.size(); ++n) {
    db::blocking::exec(*bookings, "UPDATE bookings SET expires_at = $2 WHERE id = $1",
                       {holds[n], std::int64_t(base + static_cast<std::int64_t>(n) * 50)});
  }
  while (core::now_ms() < base - 20) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::map<int, int> statuses;
  std::vector<std::thread> confirmers;
  std::mutex mutex;
  for (std::size_t n = 0; n < holds.size(); ++n) {
    confirmers.emplace_back([&, n] {
      Api own(system->gateway_port);
      std::this_thread::sleep_for(std::chrono::milliseconds(n * 50));
      auto response = own.call("POST", "/api/holds/" + holds[n] + "/confirm", {}, token);
      std::lock_guard lock(mutex);
      ++statuses[response.status];
    });
  }
  for (auto& confirmer : confirmers) confirmer.join();
  EXPECT_EQ(statuses[201] + statuses[410], 20) << ::testing::PrintToString(statuses);
  int confirmed = 0;
  for (const auto& id : holds) {
    auto hold = json::parse(api().call("GET", "/api/holds/" + id, {}, token).body);
    EXPECT_TRUE(hold.at("status") == "confirmed" || hold.at("status") == "expired" || hold.at("status") == "held")
        << json::serialize(hold);
    confirmed += hold.at("status") == "confirmed";
  }
  EXPECT_EQ(confirmed, statuses[201]);
  EXPECT_TRUE(eventually([&] { return event(event_id).at("availableSeats") == 40 - 2 * confirmed; },
                         std::chrono::seconds(5), "the expired holds' seats come back, the confirmed stay"));
}

// An event that wants a name per seat has its holds confirmed with them.
TEST_P(TicketSales, AHoldOfAnEventThatWantsNamesIsConfirmedWithOnePerSeat) {
  auto created = api().call("POST", "/api/events",
                            R"({"title":"Workshop","date":"2030-07-01","location":"Oslo","availableSeats":10,
                                "requireAttendeeNames":true})",
                            organizer);
  ASSERT_EQ(created.status, 201) << created.body;
  auto event_id = std::string(json::parse(created.body).at("eventId").as_string());
  EXPECT_EQ(event(event_id).at("requireAttendeeNames"), true);
  auto token = api().new_user_token();
  auto held =
      api().call("POST", "/api/holds", json::serialize(json::object{{"eventId", event_id}, {"seats", 2}}), token);
  ASSERT_EQ(held.status, 201) << held.body;
  auto id = std::string(json::parse(held.body).at("holdId").as_string());
  const auto confirm = "/api/holds/" + id + "/confirm";
  auto expect = [&](const std::string& body, const std::string& error) {
    auto response = api().call("POST", confirm, body, token);
    EXPECT_EQ(response.status, 422) << body << " " << response.body;
    EXPECT_EQ(first_error(response), error) << body;
  };
  expect("{}", "attendees: this event needs a name and e-mail for each of the 2 seats");
  expect(R"({"attendees":[{"name":"Ada","email":"ada@example.com"}]})",
         "attendees: must name one attendee per seat: 2");
  expect(R"({"attendees":[{"name":"Ada","email":"ada@example.com"},{"name":"Bo","email":"nope"}]})",
         "attendees[1].email: must be an e-mail address");
  expect(R"({"attendees":[{"name":" ","email":"ada@example.com"},{"name":"Bo","email":"bo@example.com"}]})",
         "attendees[0].name: must be 1 to 100 characters");
  expect(R"({"attendees":[{"name":"Ada","email":"ada@example.com","age":3},{"name":"Bo","email":"bo@example.com"}]})",
         "attendees[0]: must be {name, email}: a name and an e-mail address");
  auto done = api().call(
      "POST", confirm,
      R"({"attendees":[{"name":"Ada Lovelace","email":"ada@example.com"},{"name":"Bo","email":"bo@example.com"}]})",
      token);
  ASSERT_EQ(done.status, 201) << done.body;
  auto booked = json::parse(api().call("GET", "/api/bookings/" + id, {}, token).body);
  EXPECT_EQ(json::serialize(booked.at("attendees")),
            R"([{"name":"Ada Lovelace","email":"ada@example.com"},{"name":"Bo","email":"bo@example.com"}])");
}

TEST_P(TicketSales, AFreeBookingHasNothingToPay) {
  const auto ids = create_event(10, std::nullopt);
  const auto& event_id = ids.first;
  auto token = api().new_user_token();
  auto stored = booking(token, book(token, {{"eventId", event_id}}));
  EXPECT_EQ(stored.at("items").at(0).at("unitPrice"), nullptr);
  EXPECT_EQ(stored.at("total"), nullptr);
  EXPECT_EQ(stored.at("paymentStatus"), "none");
  auto id = std::string(stored.at("id").as_string());
  auto paid = api().call("POST", "/api/bookings/" + id + "/payment", R"({"status":"paid"})", organizer);
  EXPECT_EQ(paid.status, 409) << paid.body;
  EXPECT_NE(paid.body.find("nothing-to-pay"), std::string::npos) << paid.body;
}

// Only the event's organizer (or an admin) records a payment; the person
// who booked is refused, anyone else does not see the booking at all.
TEST_P(TicketSales, TheOrganizerRecordsThePayment) {
  const auto ids = create_event(10, json::parse(R"({"amount":20,"currency":"EUR"})"));
  const auto& event_id = ids.first;
  auto token = api().new_user_token();
  auto id = std::string(booking(token, book(token, {{"eventId", event_id}})).at("id").as_string());
  const auto path = "/api/bookings/" + id + "/payment";
  EXPECT_EQ(api().call("POST", path, R"({"status":"paid"})").status, 401);
  EXPECT_EQ(api().call("POST", path, R"({"status":"paid"})", api().new_user_token()).status, 404);
  EXPECT_EQ(
      api()
          .call("POST", "/api/bookings/01890000-0000-7000-8000-000000000000/payment", R"({"status":"paid"})", organizer)
          .status,
      404);
  EXPECT_EQ(api().call("POST", path, R"({"status":"paid"})", token).status, 403);
  for (const auto* bad : {R"({"status":"refunded"})", R"({"status":null})", R"({"status":1})", R"({})",
                          R"({"status":"paid","amount":20})"}) {
    EXPECT_EQ(api().call("POST", path, bad, organizer).status, 422) << bad;
  }
  EXPECT_EQ(api().call("POST", path, "[]", organizer).status, 400);

  auto paid = api().call("POST", path, R"({"status":"paid"})", organizer);
  ASSERT_EQ(paid.status, 200) << paid.body;
  EXPECT_EQ(json::parse(paid.body).at("paymentStatus"), "paid");
  auto seen = json::parse(api().call("GET", "/api/bookings/" + id, {}, token).body);
  EXPECT_EQ(seen.at("paymentStatus"), "paid");
  auto undone = api().call("POST", path, R"({"status":"due"})", organizer);
  EXPECT_EQ(json::parse(undone.body).at("paymentStatus"), "due");

  ASSERT_EQ(api().call("DELETE", "/api/bookings/" + id, {}, token).status, 200);
  EXPECT_EQ(api().call("POST", path, R"({"status":"paid"})", organizer).status, 409);
}

TEST_P(TicketSales, BadLinesAreNamed) {
  const auto ids = create_event(10, std::nullopt);
  const auto& event_id = ids.first;
  const auto& general = ids.second;
  auto token = api().new_user_token();
  auto expect = [&](json::value items, const std::string& error, int status = 422) {
    auto response = book(token, {{"eventId", event_id}, {"items", items}});
    EXPECT_EQ(response.status, status) << json::serialize(items) << " " << response.body;
    EXPECT_EQ(first_error(response), error) << json::serialize(items);
  };
  auto line = [](const auto& type, const auto& quantity) {
    return json::object{{"ticketTypeId", json::value_from(type)}, {"quantity", json::value_from(quantity)}};
  };
  expect(json::array{}, "items: must be a list of 1 to 10 lines");
  expect(nullptr, "items: must not be null");
  expect("all", "items: must be a list of 1 to 10 lines");
  expect(json::array{line(general, 0)}, "items[0].quantity: must be a whole number of seats, at least 1");
  expect(json::array{line(general, "2")}, "items[0].quantity: must be a whole number of seats, at least 1");
  expect(json::array{line(general, 1.5)}, "items[0].quantity: must be a whole number of seats, at least 1");
  expect(json::array{line(general, nullptr)}, "items[0].quantity: must be a whole number of seats, at least 1");
  expect(json::array{line(7, 1)}, "items[0].ticketTypeId: must be a ticket type id");
  expect(json::array{line(std::string(65, 't'), 1)}, "items[0].ticketTypeId: must be a ticket type id");
  expect(json::array{line(general, 1), line(general, 1)}, "items[1].ticketTypeId: is on an earlier line already");
  expect(json::array{json::object{{"ticketTypeId", general}, {"quantity", 1}, {"price", 0}}},
         "items[0].price: is not a field of a line");
  expect(json::array{line(general, 11)}, "items: must hold from 1 to 10 seats in all");
  expect(json::array{line(general, 1'000'000'000'000LL)}, "items: must hold from 1 to 10 seats in all");
  expect(json::array{line("no-such-type", 1)}, "items: ticket type no-such-type is not sold for this event");
  auto both = book(token, {{"eventId", event_id}, {"seats", 1}, {"items", json::array{line(general, 1)}}});
  EXPECT_EQ(both.status, 422);
  EXPECT_EQ(first_error(both), "seats: goes with no items: the items' quantities are the seats");
  // Nothing was taken by any of them.
  EXPECT_EQ(event(event_id).at("availableSeats"), 10);
}

// Before its on-sale time an event takes no booking and no hold: 409
// not-on-sale saying when it opens; from that time on, it does.
TEST_P(TicketSales, NothingIsBookedBeforeTheOnSaleTime) {
  const auto ids = create_event(10, std::nullopt);
  const auto& event_id = ids.first;
  const auto path = "/api/events/" + event_id;
  const auto opens = core::format_utc(core::now_ms() + 24 * 3600 * 1000).substr(0, 19) + "Z";
  auto changed = api().call("PATCH", path, json::serialize(json::object{{"onSaleAt", opens}}), organizer);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(json::parse(changed.body).at("onSaleAt").as_string(), opens);
  auto shown = event(event_id);
  EXPECT_EQ(shown.at("waitingRoom"), false);
  EXPECT_EQ(shown.at("passMinutes"), 10);
  EXPECT_TRUE(shown.at("admitPerMinute").is_null());

  auto token = api().new_user_token();
  for (const char* route : {"/api/bookings", "/api/holds"}) {
    auto refused = api().call("POST", route, json::serialize(json::object{{"eventId", event_id}, {"seats", 1}}), token);
    ASSERT_EQ(refused.status, 409) << route << " " << refused.body;
    auto problem = json::parse(refused.body).as_object();
    EXPECT_EQ(problem.at("type"), "https://eventbook.dev/problems/not-on-sale");
    EXPECT_EQ(std::string(problem.at("opensAt").as_string()).substr(0, 19), opens.substr(0, 19)) << refused.body;
  }
  EXPECT_EQ(event(event_id).at("availableSeats"), 10);

  // Bad settings: 422 naming the field; nothing changes.
  for (const char* body : {R"({"onSaleAt":"2031-01-01T00:00:00Z"})", R"({"onSaleAt":"soon"})", R"({"onSaleAt":5})",
                           R"({"onSaleAt":null,"waitingRoom":true})", R"({"waitingRoom":"yes"})",
                           R"({"admitPerMinute":0})", R"({"admitPerMinute":100001})", R"({"passMinutes":61})",
                           R"({"passMinutes":null})", R"({"waitingRoom":null})"}) {
    auto bad = api().call("PATCH", path, body, organizer);
    EXPECT_EQ(bad.status, 422) << body << " " << bad.body;
  }
  auto room = api().call("PATCH", path, R"({"waitingRoom":true,"admitPerMinute":120,"passMinutes":5})", organizer);
  ASSERT_EQ(room.status, 200) << room.body;
  EXPECT_EQ(json::parse(room.body).at("admitPerMinute"), 120);
  EXPECT_EQ(api().call("PATCH", path, R"({"waitingRoom":false,"admitPerMinute":null})", organizer).status, 200);

  // On sale a moment from now: refused until then, booked after.
  const auto soon = core::format_utc(core::now_ms() + 2500).substr(0, 19) + "Z";
  ASSERT_EQ(api().call("PATCH", path, json::serialize(json::object{{"onSaleAt", soon}}), organizer).status, 200);
  EXPECT_TRUE(eventually(
      [&] {
        return book(token, {{"eventId", event_id}, {"seats", 1}}).status == 201;
      },
      std::chrono::seconds(10), "the booking is taken once the event is on sale"));
  ASSERT_EQ(api().call("PATCH", path, R"({"onSaleAt":null})", organizer).status, 200);
  EXPECT_EQ(book(token, {{"eventId", event_id}, {"seats", 1}}).status, 201);
}

INSTANTIATE_TEST_SUITE_P(Modes, TicketSales, ::testing::Values(System::Mode::embedded, System::Mode::cluster),
                         mode_name);

}  // namespace
}  // namespace eventbook::testing
