#include "notifications/domain/facts.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace eventbook::notifications {
namespace {

bus::Envelope message(std::string type, boost::json::object data) {
  return bus::Envelope{"msg-1", std::move(type), "2026-01-01T00:00:00.000Z", "req", std::move(data)};
}

boost::json::object booking(std::string user_id = "u1") {
  return {{"bookingId", "b1"}, {"userId", user_id}, {"eventId", "e1"}, {"eventTitle", "Expo"}, {"seats", 1}};
}

TEST(ReadFact, ARegistrationGivesTheContactAndWelcomesTheUser) {
  auto fact =
      read_fact(message("user.registered", {{"userId", "u1"}, {"username", "ada"}, {"email", "ada@example.com"}}));
  ASSERT_TRUE(fact.contact);
  EXPECT_EQ(fact.contact->user_id, "u1");
  EXPECT_EQ(fact.contact->username, "ada");
  EXPECT_EQ(fact.contact->email, "ada@example.com");
  EXPECT_EQ(fact.notify_user, "u1");
  EXPECT_FALSE(fact.attendance);
  EXPECT_FALSE(fact.notify_attendees_of);
  EXPECT_FALSE(fact.ended_event);
}

TEST(ReadFact, ABookingStartsOrEndsAttendanceAndTellsItsOwner) {
  auto confirmed = read_fact(message("booking.confirmed", booking()));
  ASSERT_TRUE(confirmed.attendance);
  EXPECT_EQ(confirmed.attendance->booking_id, "b1");
  EXPECT_EQ(confirmed.attendance->event_id, "e1");
  EXPECT_EQ(confirmed.attendance->user_id, "u1");
  EXPECT_TRUE(confirmed.attendance->active);
  EXPECT_EQ(confirmed.notify_user, "u1");
  EXPECT_FALSE(confirmed.contact);

  auto cancelled = read_fact(message("booking.cancelled", booking("u2")));
  ASSERT_TRUE(cancelled.attendance);
  EXPECT_FALSE(cancelled.attendance->active);
  EXPECT_EQ(cancelled.notify_user, "u2");
}

TEST(ReadFact, AnEventChangeReachesItsAttendeesAndACancellationNobody) {
  auto updated = read_fact(message("event.updated", {{"eventId", "e1"}, {"title", "Expo"}}));
  EXPECT_EQ(updated.notify_attendees_of, "e1");
  EXPECT_FALSE(updated.notify_user);
  EXPECT_FALSE(updated.attendance);
  EXPECT_FALSE(updated.ended_event);

  auto cancelled = read_fact(message("event.cancelled", {{"eventId", "e1"}, {"title", "Expo"}}));
  EXPECT_EQ(cancelled.ended_event, "e1");
  EXPECT_FALSE(cancelled.notify_user);
  EXPECT_FALSE(cancelled.notify_attendees_of);
}

TEST(ReadFact, RefusesMessagesLackingAFieldItNeeds) {
  EXPECT_THROW(read_fact(message("user.registered", {{"userId", "nobody"}})), std::invalid_argument);
  EXPECT_THROW(read_fact(message("user.registered", {{"userId", "u1"}, {"username", ""}, {"email", "a@b.c"}})),
               std::invalid_argument);
  auto without_event = booking();
  without_event.erase("eventId");
  EXPECT_THROW(read_fact(message("booking.confirmed", without_event)), std::invalid_argument);
  EXPECT_THROW(read_fact(message("booking.cancelled", {{"bookingId", "b1"}, {"userId", 7}, {"eventId", "e1"}})),
               std::invalid_argument);
  EXPECT_THROW(read_fact(message("event.updated", {})), std::invalid_argument);
  EXPECT_THROW(read_fact(message("event.cancelled", {{"eventId", ""}})), std::invalid_argument);
  try {
    read_fact(message("user.registered", {{"userId", "u1"}, {"email", "a@b.c"}}));
    FAIL() << "no error";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "user.registered lacks username");
  }
}

TEST(ReadFact, KnowsEveryTypeTheServiceConsumesAndNoOther) {
  EXPECT_EQ(fact_types(), (std::vector<std::string>{"user.registered", "booking.confirmed", "booking.cancelled",
                                                    "event.updated", "event.cancelled", "waitlist.offered"}));
  // An offer is for the one person it was made to.
  auto offered =
      read_fact(message("waitlist.offered", {{"userId", "u1"}, {"eventId", "e1"}, {"holdId", "h1"}, {"seats", 2}}));
  EXPECT_EQ(offered.notify_user, "u1");
  EXPECT_FALSE(offered.attendance);
  EXPECT_THROW(read_fact(message("waitlist.offered", {{"userId", "u1"}, {"eventId", "e1"}})), std::invalid_argument);
  EXPECT_THROW(read_fact(message("event.created", {{"eventId", "e1"}})), std::invalid_argument);
}

}  // namespace
}  // namespace eventbook::notifications
