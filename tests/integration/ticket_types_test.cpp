// The organizer's ticket types through the gateway on both shapes of the
// system: creating, changing, listing and removing them, who may, what input
// is refused, the seats already sold, and events created with their types.
#include "eventbook/core/id.hpp"
#include "support/process.hpp"
#include "support/system.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <sstream>
#include <string>
#include <vector>

namespace eventbook::testing {
namespace {

namespace json = boost::json;

class TicketTypes : public SystemTest {
 protected:
  static json::object sample(std::int64_t capacity = 100) {
    return {{"title", "Jazz at the Park"},
            {"date", "2030-07-01T19:30:00+02:00"},
            {"location", "Berlin"},
            {"capacity", capacity},
            {"price", json::object{{"amount", 25}, {"currency", "EUR"}}}};
  }
  std::string create_event(json::object body, const std::string& token) {
    auto response = api().call("POST", "/api/events", json::serialize(body), token);
    EXPECT_EQ(response.status, 201) << response.body;
    if (response.status != 201) return {};
    return std::string(json::parse(response.body).at("eventId").as_string());
  }
  static std::string types_path(const std::string& event_id) { return "/api/events/" + event_id + "/ticket-types"; }
  static std::string type_path(const std::string& event_id, const std::string& type_id) {
    return types_path(event_id) + "/" + type_id;
  }
  http::ClientResponse add(const std::string& event_id, const json::object& body, const std::string& token) {
    return api().call("POST", types_path(event_id), json::serialize(body), token);
  }
  json::object added(const std::string& event_id, const json::object& body) {
    auto response = add(event_id, body, organizer);
    EXPECT_EQ(response.status, 201) << response.body;
    return response.status == 201 ? json::parse(response.body).as_object() : json::object{};
  }
  json::array listed(const std::string& event_id, const std::string& token) {
    auto response = api().call("GET", types_path(event_id), {}, token);
    EXPECT_EQ(response.status, 200) << response.body;
    return response.status == 200 ? json::parse(response.body).at("items").as_array() : json::array{};
  }
  json::array public_types(const std::string& event_id) {
    auto response = api().call("GET", "/api/events/" + event_id);
    EXPECT_EQ(response.status, 200) << response.body;
    return json::parse(response.body).at("ticketTypes").as_array();
  }
  // A price as "89.5 EUR".
  static std::string price(const json::value& type) {
    const auto& price = type.at("price");
    if (price.is_null()) return "none";
    std::ostringstream out;
    out << price.at("amount").to_number<double>() << ' ' << std::string(price.at("currency").as_string());
    return out.str();
  }
  static std::vector<std::string> names(const json::array& types) {
    std::vector<std::string> out;
    for (const auto& type : types) out.emplace_back(type.at("name").as_string());
    return out;
  }
  // An administrator's token: a new account granted the role from the command line.
  std::string admin_token() {
    auto email = api().register_user("admin" + core::new_id().substr(24));
    auto granted =
        run(EVENTBOOK_BINARY, {"admin", "grant-role", email, "admin", "--database-url", system->database_url("users")});
    EXPECT_EQ(granted.exit_code, 0) << granted.output;
    return api().login(email);
  }
  static void expect_problem(const http::ClientResponse& response, int status, const std::string& type,
                             const std::string& field = {}) {
    EXPECT_EQ(response.status, status) << response.body;
    EXPECT_NE(response.body.find("\"type\":\"https://eventbook.dev/problems/" + type + "\""), std::string::npos)
        << response.body;
    if (!field.empty()) {
      EXPECT_NE(response.body.find("\"field\":\"" + field + "\""), std::string::npos) << response.body;
    }
  }
};

TEST_P(TicketTypes, TheOrganizerAddsChangesListsAndRemovesTypes) {
  auto id = create_event(sample(), organizer);
  auto response = add(id,
                      {{"name", "VIP"},
                       {"description", "Front rows"},
                       {"price", json::object{{"amount", 89.5}, {"currency", "EUR"}}},
                       {"quota", 10},
                       {"salesEnd", "2030-06-30T00:00:00Z"},
                       {"maxPerBooking", 2}},
                      organizer);
  ASSERT_EQ(response.status, 201) << response.body;
  auto vip = json::parse(response.body).as_object();
  auto vip_id = std::string(vip.at("id").as_string());
  EXPECT_EQ(response.header("Location"), type_path(id, vip_id));
  EXPECT_EQ(vip.at("name"), "VIP");
  EXPECT_EQ(vip.at("description"), "Front rows");
  EXPECT_EQ(price(vip), "89.5 EUR");
  EXPECT_EQ(vip.at("quota"), 10);
  EXPECT_EQ(vip.at("available"), 10);
  EXPECT_EQ(vip.at("salesEnd"), "2030-06-30T00:00:00.000Z");
  EXPECT_EQ(vip.at("maxPerBooking"), 2);
  EXPECT_EQ(vip.at("sold"), 0);
  EXPECT_EQ(vip.at("hidden"), false);

  auto crew = added(id, {{"name", "Crew"}, {"quota", 5}, {"hidden", true}});
  EXPECT_EQ(crew.at("hidden"), true);
  EXPECT_EQ(price(crew), "25 EUR");  // the event's

  auto all = listed(id, organizer);
  EXPECT_EQ(names(all), (std::vector<std::string>{"General admission", "VIP", "Crew"}));
  for (const auto& type : all) {
    EXPECT_TRUE(type.as_object().contains("sold"));
    EXPECT_TRUE(type.as_object().contains("hidden"));
  }
  auto shown = public_types(id);
  EXPECT_EQ(names(shown), (std::vector<std::string>{"General admission", "VIP"}));
  EXPECT_FALSE(shown.at(1).as_object().contains("sold"));

  auto patched = api().call("PATCH", type_path(id, vip_id),
                            R"({"name":"VIP lounge","quota":12,"description":null,"salesEnd":null})", organizer);
  ASSERT_EQ(patched.status, 200) << patched.body;
  auto changed = json::parse(patched.body).as_object();
  EXPECT_EQ(changed.at("name"), "VIP lounge");
  EXPECT_EQ(changed.at("quota"), 12);
  EXPECT_TRUE(changed.at("description").is_null());
  EXPECT_TRUE(changed.at("salesEnd").is_null());
  EXPECT_EQ(changed.at("maxPerBooking"), 2);  // not given: kept
  EXPECT_EQ(names(public_types(id)), (std::vector<std::string>{"General admission", "VIP lounge"}));

  auto removed = api().call("DELETE", type_path(id, std::string(crew.at("id").as_string())), {}, organizer);
  EXPECT_EQ(removed.status, 204) << removed.body;
  EXPECT_EQ(names(listed(id, organizer)), (std::vector<std::string>{"General admission", "VIP lounge"}));
}

TEST_P(TicketTypes, OnlyTheOrganizerOrAnAdminSeesAndChangesThem) {
  auto id = create_event(sample(), organizer);
  auto general = id + "-ga";
  const json::object body{{"name", "VIP"}, {"quota", 10}};
  // No token.
  EXPECT_EQ(api().call("GET", types_path(id)).status, 401);
  EXPECT_EQ(api().call("POST", types_path(id), json::serialize(body)).status, 401);
  EXPECT_EQ(api().call("PATCH", type_path(id, general), R"({"quota":5})").status, 401);
  EXPECT_EQ(api().call("DELETE", type_path(id, general)).status, 401);
  // An attendee, another organizer, an unknown event: all 404.
  auto attendee = api().new_user_token();
  auto other_organizer = api().new_user_token();
  auto others_event = create_event(sample(), other_organizer);
  for (const auto& token : {attendee, other_organizer}) {
    EXPECT_EQ(api().call("GET", types_path(id), {}, token).status, 404);
    EXPECT_EQ(add(id, body, token).status, 404);
    EXPECT_EQ(api().call("PATCH", type_path(id, general), R"({"quota":5})", token).status, 404);
    EXPECT_EQ(api().call("DELETE", type_path(id, general), {}, token).status, 404);
  }
  auto unknown = core::new_id();
  EXPECT_EQ(api().call("GET", types_path(unknown), {}, organizer).status, 404);
  EXPECT_EQ(add(unknown, body, organizer).status, 404);
  EXPECT_EQ(api().call("PATCH", type_path(unknown, unknown + "-ga"), R"({"quota":5})", organizer).status, 404);
  // A type of another event, reached through one's own: 404, and it is unchanged.
  auto foreign = others_event + "-ga";
  EXPECT_EQ(api().call("PATCH", type_path(id, foreign), R"({"quota":5})", organizer).status, 404);
  EXPECT_EQ(api().call("DELETE", type_path(id, foreign), {}, organizer).status, 404);
  EXPECT_EQ(api().call("PATCH", type_path(id, "no-such-type"), R"({"quota":5})", organizer).status, 404);
  EXPECT_EQ(listed(others_event, other_organizer).at(0).at("quota"), 100);
  EXPECT_EQ(names(listed(id, organizer)), std::vector<std::string>{"General admission"});

  auto admin = admin_token();
  EXPECT_EQ(add(id, body, admin).status, 201);
  EXPECT_EQ(api().call("PATCH", type_path(id, general), R"({"quota":50})", admin).status, 200);
  EXPECT_EQ(names(listed(id, admin)), (std::vector<std::string>{"General admission", "VIP"}));
}

TEST_P(TicketTypes, BadInputIsRefusedAndNamed) {
  auto id = create_event(sample(), organizer);
  auto expect_field = [&](const std::string& text, const std::string& field) {
    SCOPED_TRACE(text);
    expect_problem(api().call("POST", types_path(id), text, organizer), 422, "validation-failed", field);
  };
  expect_field(R"({"quota":10})", "name");
  expect_field(R"({"name":"VIP"})", "quota");
  expect_field(R"({"name":7,"quota":10})", "name");
  expect_field(R"({"name":"VIP","quota":"10"})", "quota");
  expect_field(R"({"name":"VIP","quota":10,"hidden":"yes"})", "hidden");
  expect_field(R"({"name":"VIP","quota":10,"price":25})", "price");
  expect_field(R"({"name":null,"quota":10})", "name");
  expect_field(R"({"name":"VIP","quota":null})", "quota");
  expect_field(R"({"name":"VIP","quota":10,"hidden":null})", "hidden");
  expect_field(R"({"name":"VIP","quota":10,"sold":0})", "sold");
  expect_field(R"({"name":"VIP","quota":10,"eventId":"x"})", "eventId");
  expect_field(R"({"name":"VIP","quota":18446744073709551615})", "quota");
  expect_field(R"({"name":"VIP","quota":1e300})", "quota");
  expect_field(R"({"name":"VIP","quota":1000001})", "quota");
  expect_field(R"({"name":"VIP","quota":10,"maxPerBooking":101})", "maxPerBooking");
  expect_field(R"({"name":")" + std::string(101, 'n') + R"(","quota":10})", "name");
  expect_field(R"({"name":"VIP","quota":10,"price":{"amount":1e12,"currency":"EUR"}})", "price.amount");
  expect_field(R"({"name":"VIP","quota":10,"price":{"amount":12.345,"currency":"EUR"}})", "price.amount");
  expect_field(R"({"name":"VIP","quota":10,"price":{"amount":12,"currency":"USD"}})", "price.currency");
  expect_field(R"({"name":"VIP","quota":10,"salesStart":"2030-06-01T00:00:00Z","salesEnd":"2030-05-01T00:00:00Z"})",
               "salesEnd");
  expect_field(R"({"name":"VIP","quota":10,"salesStart":"soon"})", "salesStart");
  auto general = type_path(id, id + "-ga");
  expect_problem(api().call("PATCH", general, R"({"salesEnd":"2030-05-01T00:00:00Z","extra":1})", organizer), 422,
                 "validation-failed", "extra");
  expect_problem(api().call("PATCH", general, R"({"quota":0})", organizer), 422, "validation-failed", "quota");
  // A change is checked against what it leaves in place.
  ASSERT_EQ(api().call("PATCH", general, R"({"salesStart":"2030-06-01T00:00:00Z"})", organizer).status, 200);
  expect_problem(api().call("PATCH", general, R"({"salesEnd":"2030-05-01T00:00:00Z"})", organizer), 422,
                 "validation-failed", "salesEnd");
  EXPECT_EQ(api().call("POST", types_path(id), "[1]", organizer).status, 400);

  // A free event takes the first currency a type brings, and only that one.
  auto free = sample();
  free.erase("price");
  auto free_id = create_event(free, organizer);
  EXPECT_EQ(add(free_id, {{"name", "A"}, {"quota", 1}, {"price", json::object{{"amount", 5}, {"currency", "USD"}}}},
                organizer)
                .status,
            201);
  expect_problem(
      add(free_id, {{"name", "B"}, {"quota", 1}, {"price", json::object{{"amount", 5}, {"currency", "EUR"}}}},
          organizer),
      422, "validation-failed", "price.currency");

  // Twenty types at most: General admission and 19 more.
  for (int i = 1; i < 20; ++i) added(id, {{"name", "Type " + std::to_string(i)}, {"quota", 1}});
  expect_problem(add(id, {{"name", "One too many"}, {"quota", 1}}, organizer), 409, "too-many-ticket-types");
  EXPECT_EQ(listed(id, organizer).size(), 20u);
}

TEST_P(TicketTypes, SeatsSoldKeepATypeAndBoundItsQuota) {
  auto id = create_event(sample(), organizer);
  auto general = type_path(id, id + "-ga");
  added(id, {{"name", "Balcony"}, {"quota", 10}});
  auto attendee = api().new_user_token();
  auto booked = api().call("POST", "/api/bookings", json::serialize(json::object{{"eventId", id}, {"seats", 2}}),
                           attendee, {{"Idempotency-Key", core::new_id()}});
  ASSERT_EQ(booked.status, 201) << booked.body;
  EXPECT_EQ(listed(id, organizer).at(0).at("sold"), 2);

  expect_problem(api().call("DELETE", general, {}, organizer), 409, "ticket-type-sold");
  expect_problem(api().call("PATCH", general, R"({"quota":1})", organizer), 409, "quota-below-sold", "quota");
  auto exact = api().call("PATCH", general, R"({"quota":2})", organizer);
  ASSERT_EQ(exact.status, 200) << exact.body;
  EXPECT_EQ(json::parse(exact.body).at("available"), 0);
  EXPECT_EQ(names(listed(id, organizer)), (std::vector<std::string>{"General admission", "Balcony"}));

  // An event keeps one type at least.
  auto other = create_event(sample(), organizer);
  expect_problem(api().call("DELETE", type_path(other, other + "-ga"), {}, organizer), 409, "last-ticket-type");
  // A cancelled event's types stay as they are.
  ASSERT_EQ(api().call("DELETE", "/api/events/" + other, {}, organizer).status, 200);
  expect_problem(add(other, {{"name", "Late"}, {"quota", 1}}, organizer), 409, "event-cancelled");
  expect_problem(api().call("PATCH", type_path(other, other + "-ga"), R"({"quota":3})", organizer), 409,
                 "event-cancelled");
}

TEST_P(TicketTypes, AnEventIsCreatedWithItsTicketTypes) {
  auto body = sample();
  body["ticketTypes"] =
      json::array{json::object{{"name", "Early bird"},
                               {"quota", 20},
                               {"price", json::object{{"amount", 19.99}, {"currency", "EUR"}}},
                               {"salesEnd", "2030-05-01T00:00:00Z"}},
                  json::object{{"name", "Standing"}, {"quota", 80}},
                  json::object{{"name", "Crew"}, {"quota", 5}, {"hidden", true}, {"description", "Staff only"}}};
  auto id = create_event(body, organizer);
  auto shown = public_types(id);
  EXPECT_EQ(names(shown), (std::vector<std::string>{"Early bird", "Standing"}));
  EXPECT_EQ(price(shown.at(0)), "19.99 EUR");
  EXPECT_EQ(price(shown.at(1)), "25 EUR");
  EXPECT_EQ(names(listed(id, organizer)), (std::vector<std::string>{"Early bird", "Standing", "Crew"}));

  auto expect_field = [&](json::value types, const std::string& field) {
    auto bad = sample();
    bad["ticketTypes"] = std::move(types);
    SCOPED_TRACE(json::serialize(bad));
    expect_problem(api().call("POST", "/api/events", json::serialize(bad), organizer), 422, "validation-failed", field);
  };
  expect_field(json::array{}, "ticketTypes");
  expect_field(nullptr, "ticketTypes");
  expect_field(json::array{json::object{{"name", "A"}, {"quota", 1}}, json::object{{"name", "B"}}},
               "ticketTypes[1].quota");
  expect_field(json::array{json::object{{"name", "A"}, {"quota", 1}, {"colour", "red"}}}, "ticketTypes[0].colour");
  expect_field(json::array{json::object{{"name", "A"}, {"quota", 1}}, 7}, "ticketTypes[1]");
  expect_field(json::array{json::object{
                   {"name", "A"}, {"quota", 1}, {"price", json::object{{"amount", 5}, {"currency", "USD"}}}}},
               "ticketTypes[0].price.currency");
  json::array many;
  for (int i = 0; i < 21; ++i) many.push_back(json::object{{"name", "T"}, {"quota", 1}});
  expect_field(std::move(many), "ticketTypes");
  // A replace or change does not take them.
  auto replaced = sample();
  replaced["ticketTypes"] = json::array{json::object{{"name", "A"}, {"quota", 1}}};
  expect_problem(api().call("PUT", "/api/events/" + id, json::serialize(replaced), organizer), 422, "validation-failed",
                 "ticketTypes");
}

INSTANTIATE_TEST_SUITE_P(Modes, TicketTypes, ::testing::Values(System::Mode::embedded, System::Mode::cluster),
                         mode_name);

}  // namespace
}  // namespace eventbook::testing
