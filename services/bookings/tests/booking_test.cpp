#include "bookings/domain/booking.hpp"

#include "eventbook/core/error.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

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
  EXPECT_EQ(status_of(R"({"eventId":"e1","userId":""})"), 422);
  EXPECT_EQ(status_of(R"({"eventId":"e1","userId":")" + std::string(65, 'u') + R"("})"), 422);
  EXPECT_EQ(status_of(R"({"eventId":"e1","userId":")" + std::string(64, 'u') + R"("})"), 0);
}

// null is not a way to leave a field out: it would book one seat, or book for the caller.
TEST(ReadBookingRequest, RefusesNullAndControlCharacters) {
  EXPECT_EQ(status_of(R"({"eventId":"e1","seats":null})"), 422);
  EXPECT_EQ(status_of(R"({"eventId":"e1","userId":null})"), 422);
  EXPECT_EQ(status_of(R"({"eventId":null})"), 422);
  EXPECT_EQ(status_of(R"({"eventId":"e1\u0000"})"), 422);
}

TEST(ReadBookingRequest, TakesLinesWhoseQuantitiesAreTheSeats) {
  auto request = read_booking_request(
      boost::json::parse(
          R"({"eventId":"e1","items":[{"ticketTypeId":"a","quantity":2},{"ticketTypeId":"b","quantity":3}]})")
          .as_object(),
      10);
  EXPECT_EQ(request.seats, 5);
  ASSERT_EQ(request.items.size(), 2u);
  EXPECT_EQ(request.items[1], (BookingLine{"b", "", 3}));
  EXPECT_EQ(
      status_of(R"({"eventId":"e1","items":[{"ticketTypeId":"a","quantity":6},{"ticketTypeId":"b","quantity":5}]})"),
      422);
  EXPECT_EQ(status_of(R"({"eventId":"e1","items":[{"ticketTypeId":"a","quantity":9223372036854775807},)"
                      R"({"ticketTypeId":"b","quantity":9223372036854775807}]})"),
            422);
}

TEST(Amounts, AreTheLinesSumInTheirCurrency) {
  std::vector<BookingLine> lines{{"a", "A", 2, core::Money{1250, "EUR"}}, {"b", "B", 1, core::Money{500, "EUR"}}};
  auto amounts = amounts_of(lines);
  ASSERT_TRUE(amounts);
  EXPECT_EQ(amounts->total, (core::Money{3000, "EUR"}));
  EXPECT_EQ(amounts->discount, (core::Money{0, "EUR"}));
  lines[0].discount_minor = 250;
  lines[1].discount_minor = 100;
  EXPECT_EQ(amounts_of(lines)->total, (core::Money{2650, "EUR"}));
  EXPECT_EQ(amounts_of(lines)->discount, (core::Money{350, "EUR"}));
  lines[1].discount_minor = 5000;
  EXPECT_EQ(amounts_of(lines)->total, (core::Money{0, "EUR"}));  // never below zero
  EXPECT_EQ(amounts_of({{"free", "Free", 3}}), std::nullopt);
  lines.push_back({"c", "C", 1, core::Money{100, "USD"}});
  EXPECT_EQ(amounts_of(lines), std::nullopt);
  EXPECT_EQ(payment_status_for(core::Money{0, "EUR"}), "none");
  EXPECT_EQ(payment_status_for(std::nullopt), "none");
  EXPECT_EQ(payment_status_for(core::Money{1, "EUR"}), "due");
}

TEST(BookingLines, AreWrittenAndReadBack) {
  std::vector<BookingLine> lines{{"a", "A", 2, core::Money{1250, "EUR"}}, {"b", "B", 1, std::nullopt}};
  EXPECT_EQ(lines_from_json(lines_json(lines)), lines);
  EXPECT_THROW(lines_from_json(boost::json::parse(R"({"ticketTypeId":"a"})")), std::invalid_argument);
  EXPECT_THROW(lines_from_json(boost::json::parse(R"([{"ticketTypeId":"a","quantity":"2"}])")), std::invalid_argument);
}

TEST(CheckSameRequest, ComparesTheLines) {
  Booking earlier;
  earlier.event_id = "e1";
  earlier.seats = 3;
  earlier.items = {{"a", "A", 2, core::Money{100, "EUR"}}, {"b", "B", 1, std::nullopt}};
  earlier.asked_items = true;
  BookingRequest wanted{std::nullopt, "e1", 3, {{"a", "", 2}, {"b", "", 1}}};
  EXPECT_NO_THROW(check_same_request(earlier, wanted));
  wanted.items = {{"a", "", 1}, {"b", "", 2}};
  EXPECT_THROW(check_same_request(earlier, wanted), core::ApiError);
  wanted.items.clear();
  EXPECT_THROW(check_same_request(earlier, wanted), core::ApiError);  // seats of the default type
  earlier.items.pop_back();
  earlier.items[0].quantity = 3;
  // One line of a type asked for by name is not seats of the default type.
  EXPECT_THROW(check_same_request(earlier, wanted), core::ApiError);
  earlier.asked_items = false;
  EXPECT_NO_THROW(check_same_request(earlier, wanted));
}

TEST(ReadConfirmation, CountsANamesCharactersNotItsBytes) {
  Booking hold;
  hold.seats = 1;
  std::string hundred;
  for (int n = 0; n < 100; ++n) hundred += "\xc3\xa9";  // é, two bytes each
  auto body = [](const std::string& name) {
    return boost::json::object{
        {"attendees", boost::json::array{boost::json::object{{"name", name}, {"email", "a@example.com"}}}}};
  };
  EXPECT_EQ(read_confirmation(body(hundred), hold).at(0).name, hundred);
  EXPECT_THROW(read_confirmation(body(hundred + "e"), hold), core::ApiError);
  hold.require_attendees = true;
  EXPECT_THROW(read_confirmation(boost::json::object{}, hold), core::ApiError);
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

Booking booking_of(std::string status, std::string user_id = "u1", std::optional<std::string> organizer_id = "o1") {
  Booking booking;
  booking.id = "b1";
  booking.user_id = std::move(user_id);
  booking.event_id = "e1";
  booking.seats = 2;
  booking.status = std::move(status);
  booking.organizer_id = std::move(organizer_id);
  return booking;
}

TEST(BookingOwner, IsTheCallerUnlessAnAdministratorBooksForSomeoneElse) {
  BookingRequest mine{std::nullopt, "e1", 1};
  EXPECT_EQ(booking_owner(mine, "u1", false), "u1");
  BookingRequest named{std::string("u1"), "e1", 1};
  EXPECT_EQ(booking_owner(named, "u1", false), "u1");
  BookingRequest other{std::string("u2"), "e1", 1};
  EXPECT_EQ(booking_owner(other, "admin", true), "u2");
  try {
    booking_owner(other, "u1", false);
    FAIL() << "booked for someone else";
  } catch (const core::ApiError& error) {
    EXPECT_EQ(error.status(), 403);
    EXPECT_EQ(error.detail(), "userId must be your own id.");
  }
}

TEST(CheckSameRequest, RefusesAKeyReusedForAnotherEventOrSeatCount) {
  auto earlier = booking_of("confirmed");
  EXPECT_NO_THROW(check_same_request(earlier, BookingRequest{std::nullopt, "e1", 2}));
  for (const auto& other : {BookingRequest{std::nullopt, "e2", 2}, BookingRequest{std::nullopt, "e1", 3}}) {
    try {
      check_same_request(earlier, other);
      FAIL() << other.event_id << " " << other.seats;
    } catch (const core::ApiError& error) {
      EXPECT_EQ(error.status(), 422);
      EXPECT_EQ(error.code(), "idempotency-key-reused");
      ASSERT_EQ(error.fields().size(), 1u);
      EXPECT_EQ(error.fields()[0].field, "Idempotency-Key");
      EXPECT_EQ(error.fields()[0].message, "belongs to booking b1");
    }
  }
}

TEST(SettlementFor, ConfirmsReservedSeatsAndRejectsForTheReasonGiven) {
  auto reserved = settlement_for("reserved", std::nullopt);
  EXPECT_EQ(reserved.status, "confirmed");
  EXPECT_EQ(reserved.reason, std::nullopt);
  auto sold_out = settlement_for("refused", std::string("sold-out"));
  EXPECT_EQ(sold_out.status, "rejected");
  EXPECT_EQ(sold_out.reason, "sold-out");
  // An answer without a reason is the reason itself.
  auto released = settlement_for("released", std::nullopt);
  EXPECT_EQ(released.status, "rejected");
  EXPECT_EQ(released.reason, "released");
}

TEST(MaySee, TheOwnerTheOrganizerAndAnAdministrator) {
  auto booking = booking_of("confirmed", "u1", "o1");
  EXPECT_TRUE(may_see(booking, "u1", false));
  EXPECT_TRUE(may_see(booking, "o1", false));
  EXPECT_TRUE(may_see(booking, "someone", true));
  EXPECT_FALSE(may_see(booking, "someone", false));
  // Before the events service has named the organizer, only the owner.
  auto unsettled = booking_of("pending", "u1", std::nullopt);
  EXPECT_TRUE(may_see(unsettled, "u1", false));
  EXPECT_FALSE(may_see(unsettled, "", false));
}

TEST(MayCancel, TheOwnerAndAnAdministratorButNotTheOrganizer) {
  auto booking = booking_of("confirmed", "u1", "o1");
  EXPECT_TRUE(may_cancel(booking, "u1", false));
  EXPECT_TRUE(may_cancel(booking, "someone", true));
  EXPECT_FALSE(may_cancel(booking, "o1", false));
  EXPECT_FALSE(may_cancel(booking, "someone", false));
}

TEST(CancellationOf, CancelsAConfirmedBookingOnceAndRefusesUnsettledOnes) {
  EXPECT_EQ(cancellation_of(booking_of("confirmed")), Cancellation::cancel);
  EXPECT_EQ(cancellation_of(booking_of("cancelled")), Cancellation::unchanged);
  for (const char* status : {"pending", "rejected"}) {
    try {
      cancellation_of(booking_of(status));
      FAIL() << status;
    } catch (const core::ApiError& error) {
      EXPECT_EQ(error.status(), 409);
      EXPECT_EQ(error.code(), std::string("booking-") + status);
      EXPECT_EQ(error.detail(), std::string("A ") + status + " booking cannot be cancelled.");
    }
  }
}

TEST(EventBookingsOrganizer, IsTheCallerUnlessAnAdministrator) {
  EXPECT_EQ(event_bookings_organizer("o1", false), "o1");
  EXPECT_EQ(event_bookings_organizer("admin", true), "");
}

}  // namespace
}  // namespace eventbook::bookings
