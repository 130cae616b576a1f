#include "bookings/domain/booking.hpp"

#include "eventbook/core/error.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <set>

namespace eventbook::bookings {
namespace {

int status_of(const std::string& json) {
  try {
    read_booking_request(boost::json::parse(json).as_object(), 10);
  } catch (const core::ApiError& error) {
    return error.status();
  }
  return 0;
}

TEST(ReadBookingRequest, TakesTheOriginalBodyAndDefaultsToOneSeat) {
  auto request = read_booking_request(boost::json::parse(R"({"userId":"u1","eventId":"e1"})").as_object(), 10);
  EXPECT_EQ(request.user_id, "u1");
  EXPECT_EQ(request.event_id, "e1");
  EXPECT_EQ(request.seats, 1);
  EXPECT_EQ(read_booking_request(boost::json::parse(R"({"eventId":"e1","seats":10})").as_object(), 10).seats, 10);
}

TEST(ReadBookingRequest, RefusesBadSeatsAndFields) {
  EXPECT_EQ(status_of(R"({})"), 422);
  EXPECT_EQ(status_of(R"({"eventId":"e1","seats":0})"), 422);
  EXPECT_EQ(status_of(R"({"eventId":"e1","seats":11})"), 422);
  EXPECT_EQ(status_of(R"({"eventId":"e1","seats":"2"})"), 422);
  EXPECT_EQ(status_of(R"({"eventId":7})"), 422);
  EXPECT_EQ(status_of(R"({"eventId":"e1","price":0})"), 422);
  EXPECT_EQ(status_of(R"({"eventId":"e1","seats":2})"), 0);
}

TEST(IdempotencyKey, IsOneToOneHundredTwentyEightVisibleCharacters) {
  EXPECT_EQ(read_idempotency_key(std::nullopt), std::nullopt);
  EXPECT_EQ(read_idempotency_key(std::string("abc-123")), "abc-123");
  EXPECT_THROW(read_idempotency_key(std::string("")), core::ApiError);
  EXPECT_THROW(read_idempotency_key(std::string("has space")), core::ApiError);
  EXPECT_THROW(read_idempotency_key(std::string(129, 'k')), core::ApiError);
}

TEST(ThrowForRefusal, MapsEachReasonToItsStatus) {
  auto status = [](std::string reason) {
    Booking booking;
    booking.status = "rejected";
    booking.reason = reason;
    try {
      throw_for_refusal(booking);
    } catch (const core::ApiError& error) {
      return error.status();
    }
    return 0;
  };
  EXPECT_EQ(status("sold-out"), 409);
  EXPECT_EQ(status("not-found"), 404);
  EXPECT_EQ(status("cancelled"), 409);
  EXPECT_EQ(status("past"), 409);
  EXPECT_EQ(status("too-many-seats"), 422);
}

TEST(TicketCode, IsUniqueEnoughAndReadable) {
  std::set<std::string> codes;
  for (int i = 0; i < 10000; ++i) {
    auto code = new_ticket_code();
    ASSERT_EQ(code.size(), 14u);
    ASSERT_EQ(code.find_first_of("01IO"), std::string::npos);
    codes.insert(code);
  }
  EXPECT_EQ(codes.size(), 10000u);
}

}  // namespace
}  // namespace eventbook::bookings
