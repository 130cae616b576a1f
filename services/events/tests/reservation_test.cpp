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
                "reservations[2]: must be {bookingId, eventId, seats}: ids of 1 to 64 characters, at least 1 seat"}));
}

}  // namespace
}  // namespace eventbook::events
