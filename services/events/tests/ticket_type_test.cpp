#include "events/domain/ticket_type.hpp"

#include "eventbook/core/json.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

namespace eventbook::events {
namespace {

constexpr std::int64_t kNow = 1'900'000'000'000;  // 2030
constexpr std::int64_t kHour = 3'600'000;

Event scheduled(std::int64_t capacity, std::int64_t available_seats) {
  Event event;
  event.id = "e1";
  event.capacity = capacity;
  event.available_seats = available_seats;
  event.starts_at = kNow + 24 * kHour;
  return event;
}

TEST(TicketType, WhatIsLeftIsBoundedByTheQuotaAndTheEventsSeats) {
  TicketType general{.id = "e1-ga", .event_id = "e1", .name = "General admission"};
  EXPECT_EQ(available(general, scheduled(100, 40)), 40);  // no quota: the event's seats
  TicketType early{.id = "t2", .event_id = "e1", .name = "Early bird", .quota = 30, .sold = 25};
  EXPECT_EQ(available(early, scheduled(100, 40)), 5);
  EXPECT_EQ(available(early, scheduled(100, 3)), 3);
  early.sold = 30;
  EXPECT_EQ(available(early, scheduled(100, 40)), 0);
}

TEST(TicketType, IsOnSaleWithinItsWindowWhileTheEventIsAhead) {
  TicketType type{.id = "t", .event_id = "e1", .name = "Early bird"};
  auto event = scheduled(10, 10);
  EXPECT_TRUE(on_sale(type, event, kNow));
  type.sales_start = kNow + kHour;
  EXPECT_FALSE(on_sale(type, event, kNow));
  EXPECT_TRUE(on_sale(type, event, kNow + kHour));
  type.sales_end = kNow + 2 * kHour;
  EXPECT_FALSE(on_sale(type, event, kNow + 2 * kHour));
  type.sales_start.reset();
  type.sales_end.reset();
  EXPECT_FALSE(on_sale(type, event, event.starts_at));  // begun
  event.status = "cancelled";
  EXPECT_FALSE(on_sale(type, event, kNow));
}

TEST(TicketType, TakesWhatItLeavesOutFromItsEvent) {
  auto event = scheduled(100, 97);
  event.price_minor = 2500;
  event.currency.emplace("EUR");
  event.max_per_booking = 4;
  TicketType general{.id = "e1-ga", .event_id = "e1", .name = "General admission"};
  EXPECT_EQ(core::to_json(ticket_type_json(general, event, kNow)),
            R"({"id":"e1-ga","name":"General admission","description":null,"price":{"amount":25,"currency":"EUR"},)"
            R"("quota":100,"available":97,"onSale":true,"salesStart":null,"salesEnd":null,"maxPerBooking":4})");
  TicketType vip{.id = "t2",
                 .event_id = "e1",
                 .name = "VIP",
                 .description = "Front rows",
                 .price = core::Money{8950, "EUR"},
                 .quota = 10,
                 .sold = 4,
                 .sales_end = kNow + kHour,
                 .max_per_booking = 2};
  EXPECT_EQ(core::to_json(ticket_type_json(vip, event, kNow)),
            R"({"id":"t2","name":"VIP","description":"Front rows","price":{"amount":89.5,"currency":"EUR"},)"
            R"("quota":10,"available":6,"onSale":true,"salesStart":null,"salesEnd":"2030-03-17T18:46:40.000Z",)"
            R"("maxPerBooking":2})");
}

TEST(TicketType, AFreeEventWithoutAPriceHasNoPriceAndTheHiddenAreNotListed) {
  auto event = scheduled(10, 10);
  TicketType general{.id = "e1-ga", .event_id = "e1", .name = "General admission"};
  TicketType secret{.id = "t2", .event_id = "e1", .position = 1, .name = "Crew", .hidden = true};
  auto listed = public_ticket_types_json({general, secret}, event, kNow);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].as_object().at("id"), "e1-ga");
  EXPECT_TRUE(listed[0].as_object().at("price").is_null());
}

boost::json::object body(std::string_view text) { return boost::json::parse(text).as_object(); }

// The fields a read refused, in order; nothing when it was taken.
std::vector<std::string> refused(const std::function<void()>& read) {
  try {
    read();
  } catch (const core::ApiError& error) {
    EXPECT_EQ(error.status(), 422) << error.detail();
    std::vector<std::string> fields;
    for (const auto& problem : error.fields()) fields.push_back(problem.field);
    return fields;
  }
  return {};
}

std::vector<std::string> refused_create(std::string_view text) {
  return refused([&] { read_ticket_type_input(body(text), TicketTypeMode::create); });
}

std::vector<std::string> refused_change(std::string_view text) {
  return refused([&] { read_ticket_type_input(body(text), TicketTypeMode::change); });
}

using Fields = std::vector<std::string>;

TEST(TicketTypeInput, ACreateReadsEveryField) {
  auto input = read_ticket_type_input(body(R"({"name":"  VIP  ","description":"Front rows\nwith a drink",
      "price":{"amount":89.5,"currency":"EUR"},"quota":50,"salesStart":"2030-05-01T10:00:00+02:00",
      "salesEnd":"2030-06-01T00:00:00Z","maxPerBooking":4,"hidden":true})"),
                                      TicketTypeMode::create);
  auto type = make_ticket_type(input, "t1", "e1", 3);
  EXPECT_EQ(type.name, "VIP");
  EXPECT_EQ(type.description, "Front rows\nwith a drink");
  EXPECT_EQ(type.price, (core::Money{8950, "EUR"}));
  EXPECT_EQ(type.quota, 50);
  EXPECT_EQ(type.sales_start, 1'903'852'800'000);  // 2030-05-01T08:00:00Z
  EXPECT_EQ(type.sales_end, 1'906'502'400'000);
  EXPECT_EQ(type.max_per_booking, 4);
  EXPECT_TRUE(type.hidden);
  EXPECT_EQ(type.position, 3);
  EXPECT_EQ(type.sold, 0);

  auto plain = make_ticket_type(
      read_ticket_type_input(body(R"({"name":"Standing","quota":10,"price":null})"), TicketTypeMode::create), "t2",
      "e1", 0);
  EXPECT_FALSE(plain.price);
  EXPECT_FALSE(plain.description);
  EXPECT_FALSE(plain.hidden);
}

TEST(TicketTypeInput, EveryBadFieldIsNamed) {
  EXPECT_EQ(refused_create(R"({})"), (Fields{"name", "quota"}));
  EXPECT_EQ(refused_create(R"({"name":"","quota":0})"), (Fields{"name", "quota"}));
  EXPECT_EQ(refused_create(R"({"name":"   ","quota":1})"), Fields{"name"});
  EXPECT_EQ(refused_create(R"({"name":")" + std::string(101, 'n') + R"(","quota":1})"), Fields{"name"});
  EXPECT_EQ(refused_create(R"({"name":"A","quota":1,"description":")" + std::string(2001, 'd') + R"("})"),
            Fields{"description"});
  EXPECT_EQ(refused_create(R"({"name":"A\u0007","quota":1})"), Fields{"name"});
  EXPECT_EQ(refused_create(R"({"name":"A","quota":1,"salesStart":"tomorrow","salesEnd":"2030-02-30T10:00Z"})"),
            (Fields{"salesStart", "salesEnd"}));
  EXPECT_EQ(refused_create(R"({"name":"A","quota":1,"maxPerBooking":0})"), Fields{"maxPerBooking"});
  EXPECT_EQ(refused_create(R"({"name":"A","quota":1,"maxPerBooking":101})"), Fields{"maxPerBooking"});
  EXPECT_EQ(refused_create(R"({"name":"A","quota":1000001})"), Fields{"quota"});
  EXPECT_EQ(refused_create(R"({"name":"A","quota":-1})"), Fields{"quota"});
}

TEST(TicketTypeInput, WrongTypesAreRefused) {
  EXPECT_EQ(refused_create(R"({"name":7,"quota":"10","description":false,"price":25,"salesStart":1,
                              "salesEnd":[],"maxPerBooking":"4","hidden":"yes"})"),
            (Fields{"name", "description", "price", "quota", "salesStart", "salesEnd", "maxPerBooking", "hidden"}));
  EXPECT_EQ(refused_create(R"({"name":"A","quota":2.5})"), Fields{"quota"});
  EXPECT_EQ(refused_create(R"({"name":"A","quota":1,"price":{"amount":"25","currency":"EUR"}})"),
            Fields{"price.amount"});
}

TEST(TicketTypeInput, NullOnlyClearsTheNullableFields) {
  EXPECT_EQ(refused_change(R"({"name":null,"quota":null,"hidden":null})"), (Fields{"name", "quota", "hidden"}));
  auto input = read_ticket_type_input(
      body(R"({"description":null,"price":null,"salesStart":null,"salesEnd":null,"maxPerBooking":null})"),
      TicketTypeMode::change);
  TicketType type{.id = "t",
                  .event_id = "e1",
                  .name = "VIP",
                  .description = "Front rows",
                  .price = core::Money{100, "EUR"},
                  .quota = 5,
                  .sales_start = kNow,
                  .sales_end = kNow + kHour,
                  .max_per_booking = 2};
  apply_ticket_type_input(type, input);
  EXPECT_EQ(type.name, "VIP");
  EXPECT_EQ(type.quota, 5);
  EXPECT_FALSE(type.description);
  EXPECT_FALSE(type.price);
  EXPECT_FALSE(type.sales_start);
  EXPECT_FALSE(type.sales_end);
  EXPECT_FALSE(type.max_per_booking);
}

TEST(TicketTypeInput, AChangeLeavesOutWhatIsNotGiven) {
  EXPECT_EQ(refused_change(R"({})"), Fields{});
  TicketType type{.id = "t", .event_id = "e1", .name = "VIP", .quota = 5, .hidden = true};
  apply_ticket_type_input(type, read_ticket_type_input(body(R"({"quota":7})"), TicketTypeMode::change));
  EXPECT_EQ(type.name, "VIP");
  EXPECT_EQ(type.quota, 7);
  EXPECT_TRUE(type.hidden);
}

TEST(TicketTypeInput, UnknownFieldsAreRefused) {
  EXPECT_EQ(refused_create(R"({"name":"A","quota":1,"sold":3,"id":"mine"})"), (Fields{"sold", "id"}));
  EXPECT_EQ(refused_change(R"({"eventId":"e2"})"), Fields{"eventId"});
  EXPECT_EQ(refused_create(R"({"name":"A","quota":1,"price":{"amount":1,"currency":"EUR","tax":0}})"),
            Fields{"price.tax"});
}

TEST(TicketTypeInput, HugeValuesAreRefused) {
  EXPECT_EQ(refused_create(R"({"name":"A","quota":18446744073709551615})"), Fields{"quota"});
  EXPECT_EQ(refused_create(R"({"name":"A","quota":1e300})"), Fields{"quota"});
  EXPECT_EQ(refused_create(R"({"name":"A","quota":9223372036854775807})"), Fields{"quota"});
  EXPECT_EQ(refused_create(R"({"name":"A","quota":1,"maxPerBooking":-9223372036854775808})"), Fields{"maxPerBooking"});
  EXPECT_EQ(refused_create(R"({"name":"A","quota":1,"price":{"amount":1e12,"currency":"EUR"}})"),
            Fields{"price.amount"});
  EXPECT_EQ(refused_create(R"({"name":"A","quota":1,"salesStart":"99999-01-01T00:00:00Z"})"), Fields{"salesStart"});
}

TEST(TicketTypeInput, APriceHasAtMostItsCurrencysDecimals) {
  EXPECT_EQ(refused_create(R"({"name":"A","quota":1,"price":{"amount":12.345,"currency":"EUR"}})"),
            Fields{"price.amount"});
  EXPECT_EQ(refused_create(R"({"name":"A","quota":1,"price":{"amount":12.5,"currency":"JPY"}})"),
            Fields{"price.amount"});
  EXPECT_EQ(refused_create(R"({"name":"A","quota":1,"price":{"amount":12.345,"currency":"KWD"}})"), Fields{});
  EXPECT_EQ(refused_create(R"({"name":"A","quota":1,"price":{"amount":1,"currency":"eur"}})"),
            Fields{"price.currency"});
}

TEST(TicketTypeInput, SalesEndMustFollowSalesStart) {
  EXPECT_EQ(refused_create(R"({"name":"A","quota":1,"salesStart":"2030-06-01T00:00:00Z",
                              "salesEnd":"2030-05-01T00:00:00Z"})"),
            Fields{"salesEnd"});
  EXPECT_EQ(refused_create(R"({"name":"A","quota":1,"salesStart":"2030-06-01T00:00:00Z",
                              "salesEnd":"2030-06-01T02:00:00+02:00"})"),
            Fields{"salesEnd"});  // the same instant
  // A change that gives one end is checked against the other as stored.
  TicketType type{.id = "t", .event_id = "e1", .name = "VIP", .sales_start = kNow + kHour};
  apply_ticket_type_input(
      type, read_ticket_type_input(body(R"({"salesEnd":"2030-01-01T00:00:00Z"})"), TicketTypeMode::change));
  auto problems = ticket_type_problems(type, scheduled(10, 10), {});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "salesEnd");
}

TEST(TicketTypeRules, EveryPriceOfAnEventIsInOneCurrency) {
  auto event = scheduled(100, 100);
  TicketType usd{.id = "t1", .event_id = "e1", .name = "A", .price = core::Money{100, "USD"}};
  TicketType eur{.id = "t2", .event_id = "e1", .name = "B", .price = core::Money{100, "EUR"}};
  TicketType free{.id = "t3", .event_id = "e1", .name = "C"};
  EXPECT_TRUE(ticket_type_problems(usd, event, {free}).empty());  // a free event: any one currency
  auto problems = ticket_type_problems(eur, event, {usd, free});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "price.currency");
  // A type changing its own currency is not held to its old one.
  eur.id = "t1";
  EXPECT_TRUE(ticket_type_problems(eur, event, {usd, free}).empty());
  event.price_minor = 2500;
  event.currency = "USD";
  EXPECT_TRUE(ticket_type_problems(usd, event, {}).empty());
  EXPECT_EQ(ticket_type_problems(eur, event, {}).size(), 1u);
  EXPECT_TRUE(ticket_type_problems(free, event, {eur}).empty());  // no price of its own
}

TEST(NewEventInput, TicketTypesAreReadWithTheEventAndNamedByPosition) {
  auto input = read_new_event_input(body(R"({"title":"Show","date":"2030-06-15","location":"Oslo","capacity":100,
      "ticketTypes":[{"name":"Early bird","quota":20},{"name":"Crew","quota":5,"hidden":true}]})"));
  EXPECT_EQ(input.event.title, "Show");
  ASSERT_EQ(input.ticket_types.size(), 2u);
  EXPECT_EQ(input.ticket_types[1].name, "Crew");
  EXPECT_TRUE(read_new_event_input(body(R"({"title":"Show","date":"2030-06-15","location":"Oslo","capacity":1})"))
                  .ticket_types.empty());

  auto fields = refused([&] {
    read_new_event_input(body(R"({"title":"","date":"2030-06-15","location":"Oslo","capacity":100,
        "ticketTypes":[{"name":"A","quota":1},{"name":"B"},7,{"name":"C","quota":1,"extra":1,
                       "price":{"amount":12.345,"currency":"EUR"}}]})"));
  });
  EXPECT_EQ(fields, (Fields{"title", "ticketTypes[1].quota", "ticketTypes[2]", "ticketTypes[3].extra",
                            "ticketTypes[3].price.amount"}));
  auto event_fields = R"({"title":"Show","date":"2030-06-15","location":"Oslo","capacity":100,"ticketTypes":)";
  auto with_types = [&](const std::string& types) {
    return refused([&] { read_new_event_input(body(event_fields + types + "}")); });
  };
  EXPECT_EQ(with_types("[]"), Fields{"ticketTypes"});
  EXPECT_EQ(with_types("null"), Fields{"ticketTypes"});
  EXPECT_EQ(with_types(R"({"name":"A","quota":1})"), Fields{"ticketTypes"});
  auto types = [](int count) {
    std::string list = "[";
    for (int i = 0; i < count; ++i) list += std::string(i ? "," : "") + R"({"name":"T","quota":1})";
    return list + "]";
  };
  EXPECT_EQ(with_types(types(20)), Fields{});
  EXPECT_EQ(with_types(types(21)), Fields{"ticketTypes"});
}

TEST(NewEventInput, TheTypesPricesShareTheEventsCurrency) {
  auto event = scheduled(100, 100);
  event.price_minor = 1000;
  event.currency = "EUR";
  auto type = [](std::string id, std::optional<core::Money> price) {
    return TicketType{.id = std::move(id), .event_id = "e1", .name = "T", .price = std::move(price)};
  };
  EXPECT_NO_THROW(check_new_ticket_types({type("a", core::Money{500, "EUR"}), type("b", std::nullopt)}, event));
  auto fields = refused([&] {
    check_new_ticket_types({type("a", core::Money{500, "EUR"}), type("b", core::Money{500, "USD"})}, event);
  });
  EXPECT_EQ(fields, Fields{"ticketTypes[1].price.currency"});
  event.price_minor.reset();
  event.currency.reset();
  fields = refused([&] {
    check_new_ticket_types({type("a", core::Money{500, "USD"}), type("b", std::nullopt),
                            type("c", core::Money{500, "EUR"}), type("d", core::Money{700, "USD"})},
                           event);
  });
  EXPECT_EQ(fields, Fields{"ticketTypes[2].price.currency"});
}

TEST(TicketType, TheOrganizerSeesWhatIsSoldAndWhatIsHidden) {
  TicketType crew{.id = "t2", .event_id = "e1", .name = "Crew", .quota = 5, .sold = 2, .hidden = true};
  auto json = organizer_ticket_type_json(crew, scheduled(10, 8), kNow);
  EXPECT_EQ(json.at("sold"), 2);
  EXPECT_EQ(json.at("hidden"), true);
  EXPECT_EQ(json.at("available"), 3);
}

}  // namespace
}  // namespace eventbook::events
