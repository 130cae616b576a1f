#include "events/domain/ticket_type.hpp"

#include "eventbook/core/json.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace eventbook::events
