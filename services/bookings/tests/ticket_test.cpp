#include "bookings/domain/ticket.hpp"
#include "eventbook/core/csv.hpp"
#include "eventbook/core/error.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include <map>
#include <set>

namespace eventbook::bookings {
namespace {

TEST(TicketCode, Has130RandomBitsInAnAlphabetWithoutLookAlikes) {
  const std::string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::set<std::string> codes;
  std::map<char, int> seen;
  for (int i = 0; i < 20000; ++i) {
    auto code = new_ticket_code();
    ASSERT_EQ(code.size(), 26u);
    ASSERT_EQ(code.find_first_not_of(alphabet), std::string::npos) << code;
    for (char c : code) ++seen[c];
    codes.insert(code);
  }
  EXPECT_EQ(codes.size(), 20000u);
  // 520,000 characters over 32 symbols: each near 16,250; a generator stuck
  // on part of the alphabet (or skewed by a modulo) would be far off.
  ASSERT_EQ(seen.size(), 32u);
  for (const auto& [c, count] : seen) {
    EXPECT_GT(count, 15000) << c;
    EXPECT_LT(count, 17500) << c;
  }
}

TEST(TicketCode, AScannedOrTypedCodeIsNormalizedAsStored) {
  EXPECT_EQ(normalized_code("abcd-efgh ijkl\tmn"), "ABCDEFGHIJKLMN");
  EXPECT_EQ(normalized_code(" - "), "");
  auto code = new_ticket_code();
  EXPECT_EQ(normalized_code(code), code);
}

TEST(ScannedCode, IsReadFromTheBodyOrRefusedWithA422) {
  EXPECT_EQ(read_scanned_code(boost::json::parse(R"({"code":"abcd-efgh"})").as_object()), "ABCDEFGH");
  for (const char* body : {R"({})", R"({"code":null})", R"({"code":12})", R"({"code":""})", R"({"code":" - "})",
                           R"({"code":"A","extra":1})", R"({"code":["A"]})"}) {
    try {
      read_scanned_code(boost::json::parse(body).as_object());
      ADD_FAILURE() << body;
    } catch (const core::ApiError& error) {
      EXPECT_EQ(error.status(), 422) << body;
    }
  }
  std::string huge(65, 'A');
  EXPECT_THROW(read_scanned_code(boost::json::object{{"code", huge}}), core::ApiError);
  EXPECT_EQ(read_scanned_code(boost::json::object{{"code", std::string(64, 'a')}}), std::string(64, 'A'));
}

Booking confirmed_with(std::vector<BookingLine> lines, std::int64_t seats) {
  Booking booking;
  booking.id = "b1";
  booking.event_id = "e1";
  booking.status = "confirmed";
  booking.seats = seats;
  booking.items = std::move(lines);
  return booking;
}

TEST(TicketsFor, OnePerSeatLineByLineWithTheAttendeeOfEachSeat) {
  auto booking = confirmed_with({{"vip", "VIP", 1}, {"ga", "General", 2}}, 3);
  booking.attendees = {{"Ada", "ada@example.com"}, {"Bo", "bo@example.com"}, {"Cy", "cy@example.com"}};
  auto tickets = tickets_for(booking, 1000);
  ASSERT_EQ(tickets.size(), 3u);
  EXPECT_EQ(tickets[0].ticket_type_id, "vip");
  EXPECT_EQ(tickets[0].ticket_type_name, "VIP");
  EXPECT_EQ(tickets[1].ticket_type_id, "ga");
  EXPECT_EQ(tickets[2].ticket_type_name, "General");
  std::set<std::string> ids;
  std::set<std::string> codes;
  for (std::size_t n = 0; n < tickets.size(); ++n) {
    EXPECT_EQ(tickets[n].seat_no, static_cast<std::int64_t>(n));
    EXPECT_EQ(tickets[n].booking_id, "b1");
    EXPECT_EQ(tickets[n].event_id, "e1");
    EXPECT_EQ(tickets[n].status, "valid");
    EXPECT_EQ(tickets[n].created_at, 1000);
    EXPECT_EQ(tickets[n].attendee, booking.attendees[n]);
    ids.insert(tickets[n].id);
    codes.insert(tickets[n].code);
  }
  EXPECT_EQ(ids.size(), 3u);
  EXPECT_EQ(codes.size(), 3u);
}

TEST(TicketsFor, WithoutLinesTheSeatsOfOneTypeAndWithoutNamesNoAttendee) {
  auto tickets = tickets_for(confirmed_with({}, 2), 1);
  ASSERT_EQ(tickets.size(), 2u);
  EXPECT_FALSE(tickets[0].ticket_type_id);
  EXPECT_EQ(tickets[0].ticket_type_name, "General admission");
  EXPECT_FALSE(tickets[1].attendee);
}

TEST(TicketJson, ShowsTypeAttendeeAndCheckIn) {
  Ticket ticket;
  ticket.id = "t1";
  ticket.booking_id = "b1";
  ticket.event_id = "e1";
  ticket.ticket_type_id = "ga";
  ticket.ticket_type_name = "General";
  ticket.code = "ABC";
  auto json = ticket_json(ticket);
  EXPECT_TRUE(json.at("attendee").is_null());
  EXPECT_TRUE(json.at("checkedInAt").is_null());
  EXPECT_EQ(json.at("ticketType").at("name").as_string(), "General");
  ticket.attendee = Attendee{"Ada", "ada@example.com"};
  ticket.check_in = CheckIn{0, "u9", "door@example.com"};
  json = ticket_json(ticket);
  EXPECT_EQ(json.at("attendee").at("name").as_string(), "Ada");
  EXPECT_EQ(json.at("checkedInAt").as_string(), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(json.at("checkedInBy").at("label").as_string(), "door@example.com");
  auto message = tickets_message({ticket});
  EXPECT_EQ(message.at(0).at("code").as_string(), "ABC");
  EXPECT_EQ(message.at(0).at("ticketType").at("id").as_string(), "ga");
}

TEST(AttendeeCsv, QuotesAndDisarmsWhatBuyersTyped) {
  Ticket ticket;
  ticket.id = "t1";
  ticket.booking_id = "b1";
  ticket.ticket_type_name = "VIP, front row";
  ticket.code = "CODE";
  ticket.attendee = Attendee{"=HYPERLINK(\"http://evil\")", "+1@example.com"};
  auto record = attendee_csv_record({ticket, "u1", "due"});
  EXPECT_EQ(record,
            "\"t1\",\"CODE\",\"VIP, front row\",\"'=HYPERLINK(\"\"http://evil\"\")\",\"'+1@example.com\",\"b1\","
            "\"due\",\"valid\",\"\"\r\n");
  EXPECT_EQ(attendee_csv_header(),
            "\"Ticket\",\"Code\",\"Ticket type\",\"Attendee name\",\"Attendee e-mail\",\"Booking\",\"Payment\","
            "\"Status\",\"Checked in at\"\r\n");
}

}  // namespace
}  // namespace eventbook::bookings
