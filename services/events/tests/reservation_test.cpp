#include "events/domain/reservation.hpp"

#include "eventbook/core/error.hpp"
#include "events/domain/event.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include <functional>
#include <string>
#include <vector>

namespace eventbook::events {
namespace {

// The fields a 422 names, with their messages; empty when the body is read.
std::vector<std::string> problems(const std::function<void()>& read) {
  try {
    read();
  } catch (const core::ApiError& error) {
    std::vector<std::string> out;
    for (const auto& field : error.fields()) out.push_back(field.field + ": " + field.message);
    return out;
  }
  return {};
}

std::vector<std::string> single(const std::string& json) {
  return problems([&] { read_reservation_request(boost::json::parse(json).as_object()); });
}

std::vector<std::string> batch(const std::string& json) {
  return problems([&] { read_reservation_batch(boost::json::parse(json).as_object()); });
}

TEST(ReadReservationRequest, TakesIdsAndSeats) {
  auto request =
      read_reservation_request(boost::json::parse(R"({"bookingId":"b1","eventId":"e1","seats":3})").as_object());
  EXPECT_EQ(request.booking_id, "b1");
  EXPECT_EQ(request.event_id, "e1");
  EXPECT_EQ(request.seats, 3);
  EXPECT_TRUE(single(R"({"bookingId":"b1","eventId":"e1","seats":1000000})").empty());
}

TEST(ReadReservationRequest, NamesEachBadField) {
  EXPECT_EQ(single(R"({"bookingId":"","eventId":"e1","seats":1})"),
            (std::vector<std::string>{"bookingId: must be 1 to 64 characters"}));
  EXPECT_EQ(single(R"({"bookingId":"b1","eventId":")" + std::string(65, 'e') + R"(","seats":1})"),
            (std::vector<std::string>{"eventId: must be 1 to 64 characters"}));
  EXPECT_EQ(single(R"({"bookingId":"b1","eventId":"e1","seats":0})"),
            (std::vector<std::string>{"seats: must be at least 1"}));
  EXPECT_EQ(single(R"({"bookingId":"b1","eventId":"e1","seats":1000001})"),
            (std::vector<std::string>{"seats: must be at least 1"}));
  EXPECT_EQ(single(R"({"bookingId":"b1","eventId":"e1"})").size(), 1u);
  EXPECT_EQ(single(R"({"bookingId":"b1","eventId":"e1","seats":1,"extra":true})").size(), 1u);
}

TEST(ReadReservationRequest, TakesLinesOfDistinctTypes) {
  auto request = read_reservation_request(boost::json::parse(R"({"bookingId":"b1","eventId":"e1",
      "items":[{"ticketTypeId":"ga","quantity":2},{"ticketTypeId":"vip","quantity":1}]})")
                                              .as_object());
  EXPECT_EQ(request.seats, 3);
  ASSERT_EQ(request.items.size(), 2u);
  EXPECT_EQ(request.items[1].ticket_type_id, "vip");
  EXPECT_EQ(request.items[1].quantity, 1);
  EXPECT_TRUE(single(R"({"bookingId":"b1","eventId":"e1","seats":3,
      "items":[{"ticketTypeId":"ga","quantity":2},{"ticketTypeId":"vip","quantity":1}]})")
                  .empty());
}

TEST(ReadReservationRequest, RefusesBadLines) {
  const std::vector<std::string> shape{
      "items: must be 1 to 10 lines {ticketTypeId, quantity} of distinct types, each at least 1 seat"};
  auto with_items = [](const std::string& items) {
    return single(R"({"bookingId":"b1","eventId":"e1","items":)" + items + "}");
  };
  EXPECT_EQ(with_items("[]"), shape);
  EXPECT_EQ(with_items("{}"), shape);
  EXPECT_EQ(with_items(R"([{"ticketTypeId":"a","quantity":0}])"), shape);
  EXPECT_EQ(with_items(R"([{"ticketTypeId":"a","quantity":"2"}])"), shape);
  EXPECT_EQ(with_items(R"([{"ticketTypeId":"","quantity":1}])"), shape);
  EXPECT_EQ(with_items(R"([{"ticketTypeId":"a","quantity":1,"price":0}])"), shape);
  EXPECT_EQ(with_items(R"([{"ticketTypeId":"a","quantity":1},{"ticketTypeId":"a","quantity":1}])"), shape);
  EXPECT_EQ(with_items(R"([{"ticketTypeId":"a","quantity":1},7])"), shape);
  std::string eleven = "[";
  for (int n = 0; n < 11; ++n)
    eleven += (n ? "," : "") + std::string(R"({"ticketTypeId":"t)") + std::to_string(n) + R"(","quantity":1})";
  EXPECT_EQ(with_items(eleven + "]"), shape);
  EXPECT_EQ(single(R"({"bookingId":"b1","eventId":"e1","seats":2,"items":[{"ticketTypeId":"a","quantity":1}]})"),
            (std::vector<std::string>{"seats: must be the sum of the items' quantities"}));
  EXPECT_EQ(single(R"({"bookingId":"b1","eventId":"e1"})"),
            (std::vector<std::string>{"seats: is required without items"}));
}

TEST(ReservationLines, AreWrittenAndReadBackExactly) {
  std::vector<ReservationLine> lines{{"ga", "General admission", 2, core::Money{1250, "EUR"}},
                                     {"free", "Children", 1, std::nullopt}};
  auto back = lines_from_text(lines_text(lines));
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].ticket_type_id, "ga");
  EXPECT_EQ(back[0].name, "General admission");
  EXPECT_EQ(back[0].quantity, 2);
  EXPECT_EQ(back[0].unit_price, (core::Money{1250, "EUR"}));
  EXPECT_EQ(back[1].unit_price, std::nullopt);
  // As reservations made before lines had names and prices recorded them.
  auto old = lines_from_text(R"([{"t":"e1-ga","q":3}])");
  ASSERT_EQ(old.size(), 1u);
  EXPECT_EQ(old[0].quantity, 3);
}

TEST(LineRefusal, SaysWhyATypeCannotGiveItsSeats) {
  const std::int64_t now = 1'000'000;
  EXPECT_EQ(line_refusal(std::nullopt, 1, now), "unknown-ticket-type");
  TicketType type{.id = "t", .event_id = "e", .name = "T"};
  type.hidden = true;
  EXPECT_EQ(line_refusal(type, 1, now), "unknown-ticket-type");
  type.hidden = false;
  type.sales_start = now + 1;
  EXPECT_EQ(line_refusal(type, 1, now), "not-on-sale");
  type.sales_start = now - 1;
  type.sales_end = now;
  EXPECT_EQ(line_refusal(type, 1, now), "not-on-sale");
  type.sales_end = now + 1;
  type.max_per_booking = 2;
  EXPECT_EQ(line_refusal(type, 3, now), "too-many-seats");
  EXPECT_EQ(line_refusal(type, 2, now), "sold-out");
}

TEST(ReadReservationBatch, KeepsTheOrderOfOneToTwoHundredFiftySixRequests) {
  auto wanted = read_reservation_batch(boost::json::parse(R"({"reservations":[
    {"bookingId":"b1","eventId":"e1","seats":1},{"bookingId":"b2","eventId":"e2","seats":2}]})")
                                           .as_object());
  ASSERT_EQ(wanted.size(), 2u);
  EXPECT_EQ(wanted[0].booking_id, "b1");
  EXPECT_EQ(wanted[1].booking_id, "b2");
  EXPECT_EQ(wanted[1].seats, 2);

  boost::json::array full;
  for (std::size_t n = 0; n <= kMaxReservationBatch; ++n) {
    full.push_back(boost::json::object{{"bookingId", "b" + std::to_string(n)}, {"eventId", "e1"}, {"seats", 1}});
  }
  auto over = boost::json::object{{"reservations", full}};
  EXPECT_EQ(problems([&] { read_reservation_batch(over); }),
            (std::vector<std::string>{"reservations: must hold 1 to 256 reservations"}));
  full.pop_back();
  auto at_most = boost::json::object{{"reservations", full}};
  EXPECT_EQ(read_reservation_batch(at_most).size(), kMaxReservationBatch);
}

TEST(ReadReservationBatch, NamesTheBadRequestsByPosition) {
  EXPECT_EQ(batch(R"({})"), (std::vector<std::string>{"reservations: must be an array"}));
  EXPECT_EQ(batch(R"({"reservations":{}})"), (std::vector<std::string>{"reservations: must be an array"}));
  EXPECT_EQ(batch(R"({"reservations":[]})"),
            (std::vector<std::string>{"reservations: must hold 1 to 256 reservations"}));
  EXPECT_EQ(batch(R"({"reservations":[{"bookingId":"b1","eventId":"e1","seats":1},7,
                                      {"bookingId":"b3","eventId":"e1","seats":0}]})"),
            (std::vector<std::string>{
                "reservations[1]: must be an object",
                "reservations[2]: must be {bookingId, eventId, seats} or {bookingId, eventId, items}: ids of 1 to 64 "
                "characters, at least 1 seat"}));
}

}  // namespace
}  // namespace eventbook::events
