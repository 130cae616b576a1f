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

boost::json::object confirmed(boost::json::array tickets) {
  boost::json::object data{
      {"bookingId", "b1"}, {"userId", "u"}, {"eventId", "e"}, {"eventTitle", "Expo"}, {"seats", 2}};
  data["tickets"] = std::move(tickets);
  return data;
}

boost::json::object ticket(std::string code, std::string type, boost::json::value attendee) {
  return {{"id", "t-" + code},
          {"code", code},
          {"ticketType", {{"id", "tt1"}, {"name", std::move(type)}}},
          {"attendee", std::move(attendee)}};
}

TEST(Compose, OffersWaitlistSeatsWithALinkAndTheirDeadline) {
  auto notice = compose(message("waitlist.offered", {{"userId", "u1"},
                                                     {"eventId", "e1"},
                                                     {"eventTitle", "Jazz <night>"},
                                                     {"holdId", "h1"},
                                                     {"seats", 2},
                                                     {"expiresAt", "2030-06-01T10:15:00.000Z"}}),
                        "ada", "https://tickets.example.org");
  ASSERT_TRUE(notice);
  EXPECT_EQ(notice->title, "Seats for you: Jazz <night>");
  EXPECT_NE(notice->body.find("2 seats for Jazz <night> are held for you until 2030-06-01T10:15:00.000Z"),
            std::string::npos)
      << notice->body;
  EXPECT_NE(notice->mail_text.find("https://tickets.example.org/events/e1"), std::string::npos);
  EXPECT_NE(notice->mail_html.find("<a href=\"https://tickets.example.org/events/e1\">"), std::string::npos);
  EXPECT_NE(notice->mail_html.find("Jazz &lt;night&gt;"), std::string::npos);
}

TEST(Compose, KeepsTheMailOfAConfirmationWithoutTickets) {
  boost::json::object before{
      {"bookingId", "b1"}, {"userId", "u"}, {"eventId", "e"}, {"eventTitle", "Expo"}, {"seats", 2}};
  const std::string text =
      "Hello ada,\n\nYour booking of 2 seats for Expo is confirmed. Booking reference: b1.\n\n-- eventbook\n";
  const std::string html =
      "<!doctype html><html><body><p>Hello ada,</p><p>Your booking of 2 seats for Expo is confirmed. Booking "
      "reference: b1.</p><p>&mdash; eventbook</p></body></html>";
  for (const auto& data : {before, confirmed({})}) {
    auto notice = compose(message("booking.confirmed", data), "ada");
    ASSERT_TRUE(notice);
    EXPECT_EQ(notice->mail_text, text);
    EXPECT_EQ(notice->mail_html, html);
    EXPECT_TRUE(notice->mail_qr_codes.empty());
  }
}

TEST(Compose, ListsEachTicketInTheTextAndShowsItsQrCodeInTheHtml) {
  auto notice = compose(message("booking.confirmed",
                                confirmed({ticket("MFRGGZDFMZTWQ2LKNNWG23TPOA", "General admission",
                                                  boost::json::object{{"name", "Ada Lovelace"}, {"email", "a@x.io"}}),
                                           ticket("GEZDGNBVGY3TQOJQGEZDGNBVGY", "VIP", nullptr)})),
                        "ada");
  ASSERT_TRUE(notice);
  EXPECT_EQ(notice->mail_text,
            "Hello ada,\n\nYour booking of 2 seats for Expo is confirmed. Booking reference: b1.\n\n"
            "Your tickets:\n"
            "General admission, Ada Lovelace: MFRGGZDFMZTWQ2LKNNWG23TPOA\n"
            "VIP: GEZDGNBVGY3TQOJQGEZDGNBVGY\n\n"
            "-- eventbook\n");
  ASSERT_EQ(notice->mail_qr_codes.size(), 2u);
  EXPECT_EQ(notice->mail_qr_codes[0].content_id, "ticket-1.b1@eventbook");
  EXPECT_EQ(notice->mail_qr_codes[0].text, "MFRGGZDFMZTWQ2LKNNWG23TPOA");
  EXPECT_EQ(notice->mail_qr_codes[1].content_id, "ticket-2.b1@eventbook");
  EXPECT_EQ(notice->mail_qr_codes[1].text, "GEZDGNBVGY3TQOJQGEZDGNBVGY");
  const auto& html = notice->mail_html;
  for (const auto& qr : notice->mail_qr_codes) {
    EXPECT_NE(html.find("<img src=\"cid:" + qr.content_id + "\""), std::string::npos) << html;
    EXPECT_NE(html.find(">" + qr.text + "</p></div>"), std::string::npos) << html;
  }
  EXPECT_NE(html.find(">General admission</p><p style=\"margin:4px 0 0\">Ada Lovelace</p>"), std::string::npos);
  EXPECT_NE(html.find(">VIP</p><img"), std::string::npos) << "no attendee line for an unnamed seat";
  EXPECT_LT(html.find("Booking reference"), html.find("Your tickets"));
  EXPECT_LT(html.find("Your tickets"), html.find("&mdash; eventbook"));
}

TEST(Compose, EscapesWhatPeopleWroteOnTheTickets) {
  auto notice =
      compose(message("booking.confirmed",
                      confirmed({ticket("MFRGGZDFMZTWQ2LKNNWG23TPOA", "Front & <b>centre</b>",
                                        boost::json::object{{"name", "<script>alert('x')</script>\nBcc: eve"}})})),
              "");
  ASSERT_TRUE(notice);
  const auto& html = notice->mail_html;
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_EQ(html.find("<b>"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Bcc: eve"), std::string::npos) << html;
  EXPECT_NE(html.find("Front &amp; &lt;b&gt;centre&lt;/b&gt;"), std::string::npos) << html;
  // One line per ticket in the text, whatever the name holds.
  EXPECT_NE(notice->mail_text.find("\nFront & <b>centre</b>, <script>alert('x')</script> Bcc: eve: "
                                   "MFRGGZDFMZTWQ2LKNNWG23TPOA\n"),
            std::string::npos)
      << notice->mail_text;
}

TEST(Compose, NamesATicketWithoutItsTypeJustATicket) {
  boost::json::object bare{{"id", "t1"}, {"code", "MFRGGZDFMZTWQ2LKNNWG23TPOA"}};
  auto notice = compose(message("booking.confirmed", confirmed({bare})), "");
  ASSERT_TRUE(notice);
  EXPECT_NE(notice->mail_text.find("\nTicket: MFRGGZDFMZTWQ2LKNNWG23TPOA\n"), std::string::npos) << notice->mail_text;
}

TEST(Compose, RefusesTicketsItCannotShow) {
  auto refused = [](boost::json::value tickets) {
    boost::json::object data = confirmed({});
    data["tickets"] = std::move(tickets);
    try {
      compose(message("booking.confirmed", data), "");
    } catch (const std::invalid_argument&) {
      return true;
    }
    return false;
  };
  EXPECT_TRUE(refused("MFRGGZDFMZTWQ2LKNNWG23TPOA"));
  EXPECT_TRUE(refused(boost::json::array{5}));
  EXPECT_TRUE(refused(boost::json::array{boost::json::object{{"id", "t1"}}}));
  for (boost::json::value code : {boost::json::value(""), boost::json::value(5), boost::json::value("TWO WORDS"),
                                  boost::json::value("LINE\nBREAK"), boost::json::value(std::string(65, 'A'))}) {
    EXPECT_TRUE(refused(boost::json::array{boost::json::object{{"code", code}}})) << code;
  }
  EXPECT_FALSE(refused(nullptr));
  EXPECT_FALSE(refused(boost::json::array{boost::json::object{{"code", std::string(64, 'A')}}}));
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
