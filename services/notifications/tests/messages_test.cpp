#include "notifications/domain/messages.hpp"

#include <gtest/gtest.h>

namespace eventbook::notifications {
namespace {

bus::Envelope message(std::string type, boost::json::object data) {
  return bus::Envelope{"m1", std::move(type), "2026-01-01T00:00:00.000Z", "r1", std::move(data)};
}

TEST(Compose, WelcomesANewUserByName) {
  auto notice = compose(message("user.registered", {{"userId", "u"}, {"username", "ada"}, {"email", "a@x.io"}}), "ada");
  ASSERT_TRUE(notice);
  EXPECT_EQ(notice->title, "Welcome to eventbook, ada!");
  EXPECT_EQ(notice->mail_text.rfind("Hello ada,\n\n", 0), 0u);
  EXPECT_NE(notice->mail_html.find("<p>Hello ada,</p>"), std::string::npos);
}

TEST(Compose, DescribesABookingWithSeatsDateAndPlace) {
  auto notice = compose(message("booking.confirmed", {{"bookingId", "b1"},
                                                      {"userId", "u"},
                                                      {"eventId", "e"},
                                                      {"eventTitle", "Jazz <Night>"},
                                                      {"eventDate", "2026-06-15"},
                                                      {"eventLocation", "Oslo"},
                                                      {"seats", 2}}),
                        "");
  ASSERT_TRUE(notice);
  EXPECT_EQ(notice->title, "Booking confirmed: Jazz <Night>");
  EXPECT_EQ(notice->body,
            "Your booking of 2 seats for Jazz <Night> on 2026-06-15 in Oslo is confirmed. Booking reference: b1.");
  EXPECT_NE(notice->mail_html.find("Jazz &lt;Night&gt;"), std::string::npos);
  EXPECT_EQ(notice->mail_html.find("<Night>"), std::string::npos);
}

TEST(Compose, SaysWhenABookingEndsBecauseItsEventWasCancelled) {
  boost::json::object data{{"bookingId", "b1"}, {"userId", "u"}, {"eventId", "e"}, {"eventTitle", "T"}, {"seats", 2}};
  EXPECT_EQ(compose(message("booking.cancelled", data), "")->title, "Booking cancelled: T");
  data["reason"] = "event-cancelled";
  auto notice = compose(message("booking.cancelled", data), "");
  ASSERT_TRUE(notice);
  EXPECT_EQ(notice->title, "Event cancelled: T");
  EXPECT_EQ(notice->body,
            "T has been cancelled. Your booking of 2 seats is cancelled and the seats released. "
            "Booking reference: b1.");
  EXPECT_FALSE(compose(message("event.cancelled", {{"eventId", "e"}, {"title", "T"}}), ""));
}

TEST(Compose, ListsWhatChangedInAnEvent) {
  auto notice = compose(message("event.updated", {{"eventId", "e"},
                                                  {"title", "Expo"},
                                                  {"date", "2026-07-01"},
                                                  {"changes", boost::json::array{"date", "location"}}}),
                        "");
  ASSERT_TRUE(notice);
  EXPECT_EQ(notice->body, "Expo has changed (date, location). It now takes place on 2026-07-01.");
}

TEST(Compose, RefusesMessagesMissingWhatTheNoticeNeeds) {
  EXPECT_THROW(compose(message("user.registered", {{"userId", "u"}}), ""), std::invalid_argument);
  EXPECT_THROW(compose(message("booking.confirmed", {{"eventTitle", 5}}), ""), std::invalid_argument);
  EXPECT_FALSE(compose(message("unknown.type", {}), ""));
}

}  // namespace
}  // namespace eventbook::notifications
