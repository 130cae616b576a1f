// At the door, end to end on both shapes of the system: a ticket per seat
// with its QR code, check-in that admits each ticket once, door staff who
// may do that and nothing more, and the attendee list.
#include "support/eventually.hpp"
#include "support/qr_reader.hpp"
#include "support/system.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

namespace eventbook::testing {
namespace {

namespace json = boost::json;

class AtTheDoor : public SystemTest {
 protected:
  std::string create_event(const std::string& token, std::int64_t seats, bool names = false) {
    json::object body{{"title", "Door test"}, {"date", "2030-06-15"}, {"location", "Oslo"}, {"availableSeats", seats}};
    if (names) body["requireAttendeeNames"] = true;
    auto response = api().call("POST", "/api/events", json::serialize(body), token);
    EXPECT_EQ(response.status, 201) << response.body;
    return std::string(json::parse(response.body).at("eventId").as_string());
  }
  std::string book(const std::string& token, const std::string& event_id, std::int64_t seats) {
    auto response = api().call("POST", "/api/bookings",
                               json::serialize(json::object{{"eventId", event_id}, {"seats", seats}}), token);
    EXPECT_EQ(response.status, 201) << response.body;
    return std::string(json::parse(response.body).at("bookingId").as_string());
  }
  json::array tickets(const std::string& token, const std::string& booking_id) {
    auto response = api().call("GET", "/api/bookings/" + booking_id + "/tickets", {}, token);
    EXPECT_EQ(response.status, 200) << response.body;
    return json::parse(response.body).at("items").as_array();
  }
  http::ClientResponse scan(const std::string& token, const std::string& event_id, const std::string& code) {
    return api().call("POST", "/api/events/" + event_id + "/checkins", json::serialize(json::object{{"code", code}}),
                      token);
  }
  json::object stats(const std::string& token, const std::string& event_id) {
    auto response = api().call("GET", "/api/events/" + event_id + "/checkins/stats", {}, token);
    EXPECT_EQ(response.status, 200) << response.body;
    return json::parse(response.body).as_object();
  }
  static std::string text(const json::value& value) { return std::string(value.as_string()); }
  static std::string problem_type(const http::ClientResponse& response) {
    return text(json::parse(response.body).at("type"));
  }
};

TEST_P(AtTheDoor, EachSeatIsATicketAdmittedOnce) {
  auto event_id = create_event(organizer, 10);
  auto buyer = api().new_user_token();
  auto booking_id = book(buyer, event_id, 2);
  auto items = tickets(buyer, booking_id);
  ASSERT_EQ(items.size(), 2u);
  auto first = items[0].as_object();
  auto second = items[1].as_object();
  EXPECT_NE(first.at("code"), second.at("code"));
  EXPECT_EQ(text(first.at("code")).size(), 26u);
  EXPECT_EQ(first.at("status"), "valid");
  EXPECT_EQ(first.at("ticketType").at("name"), "General admission");
  EXPECT_TRUE(first.at("attendee").is_null());
  EXPECT_TRUE(text(first.at("qrSvg")).starts_with("<svg"));
  auto booking = json::parse(api().call("GET", "/api/bookings/" + booking_id, {}, buyer).body);
  EXPECT_EQ(booking.at("ticketCode"), first.at("code"));  // for clients of the single code

  // The PNG holds the code, read back by a reader of its own.
  auto png = api().call("GET", "/api/tickets/" + text(first.at("id")) + ".png", {}, buyer);
  ASSERT_EQ(png.status, 200) << png.body;
  EXPECT_EQ(png.header("Content-Type"), "image/png");
  EXPECT_EQ(read_qr_png(png.body), text(first.at("code")));
  // The organizer sees them too; a stranger sees nothing.
  EXPECT_EQ(tickets(organizer, booking_id).size(), 2u);
  auto stranger = api().new_user_token();
  EXPECT_EQ(api().call("GET", "/api/bookings/" + booking_id + "/tickets", {}, stranger).status, 404);
  EXPECT_EQ(api().call("GET", "/api/tickets/" + text(first.at("id")) + ".png", {}, stranger).status, 404);
  EXPECT_EQ(api().call("GET", "/api/tickets/" + text(first.at("id")), {}, buyer).status, 404);
  EXPECT_EQ(api().call("GET", "/api/bookings/" + booking_id + "/tickets").status, 401);

  // Scanned: 201, then 409 saying when and by whom, however it is typed.
  auto admitted = scan(organizer, event_id, text(first.at("code")));
  ASSERT_EQ(admitted.status, 201) << admitted.body;
  auto answer = json::parse(admitted.body).as_object();
  EXPECT_EQ(answer.at("ticket").at("id"), first.at("id"));
  EXPECT_EQ(answer.at("ticketType").at("name"), "General admission");
  EXPECT_TRUE(answer.at("checkedInAt").is_string());
  auto code = text(first.at("code"));
  std::string typed;
  for (std::size_t n = 0; n < code.size(); ++n) {
    if (n > 0 && n % 4 == 0) typed += '-';
    typed += static_cast<char>(std::tolower(static_cast<unsigned char>(code[n])));
  }
  auto again = scan(organizer, event_id, typed);
  ASSERT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(problem_type(again), "https://eventbook.dev/problems/already-checked-in");
  auto problem = json::parse(again.body).as_object();
  EXPECT_EQ(problem.at("checkedInAt"), answer.at("checkedInAt"));
  EXPECT_EQ(problem.at("checkedInBy").at("label"), "organizer");

  // 50 scanners at once on the other ticket: one 201.
  std::map<int, int> statuses;
  std::mutex mutex;
  std::vector<std::thread> scanners;
  for (int n = 0; n < 50; ++n) {
    scanners.emplace_back([&] {
      Api own(system->gateway_port);
      auto response = own.call("POST", "/api/events/" + event_id + "/checkins",
                               json::serialize(json::object{{"code", second.at("code")}}), organizer);
      std::lock_guard lock(mutex);
      ++statuses[response.status];
    });
  }
  for (auto& scanner : scanners) scanner.join();
  EXPECT_EQ(statuses[201], 1);
  EXPECT_EQ(statuses[409], 49);
  auto counted = stats(organizer, event_id);
  EXPECT_EQ(counted.at("admitted"), 2);
  EXPECT_EQ(counted.at("total"), 2);
  EXPECT_EQ(counted.at("ticketTypes").at(0).at("admitted"), 2);

  // A mistaken admission undone; admitted again later.
  auto undone = api().call("DELETE", "/api/events/" + event_id + "/checkins/" + text(second.at("id")), {}, organizer);
  ASSERT_EQ(undone.status, 200) << undone.body;
  EXPECT_TRUE(json::parse(undone.body).at("checkedInAt").is_null());
  EXPECT_EQ(stats(organizer, event_id).at("admitted"), 1);
  EXPECT_EQ(api().call("DELETE", "/api/events/" + event_id + "/checkins/" + text(second.at("id")), {}, stranger).status,
            404);

  // Codes of nothing, of another event, and the stranger: 404.
  auto other_event = create_event(organizer, 5);
  EXPECT_EQ(scan(organizer, other_event, text(second.at("code"))).status, 404);
  EXPECT_EQ(scan(organizer, event_id, "AAAAAAAAAAAAAAAAAAAAAAAAAA").status, 404);
  EXPECT_EQ(scan(stranger, event_id, text(second.at("code"))).status, 404);
  EXPECT_EQ(api().call("GET", "/api/events/" + event_id + "/checkins/stats", {}, stranger).status, 404);
  EXPECT_EQ(scan(organizer, "no-such-event", "A").status, 404);

  // Bad bodies: 422 naming code, or 400 for what is not JSON.
  const auto path = "/api/events/" + event_id + "/checkins";
  for (const char* body :
       {R"({})", R"({"code":null})", R"({"code":42})", R"({"code":"A","extra":true})", R"({"code":["A"]})"}) {
    EXPECT_EQ(api().call("POST", path, body, organizer).status, 422) << body;
  }
  EXPECT_EQ(api().call("POST", path, json::serialize(json::object{{"code", std::string(5000, 'A')}}), organizer).status,
            422);
  EXPECT_EQ(api().call("POST", path, "not json", organizer).status, 400);

  // Someone is in on it: the buyer cannot cancel it. Nobody in: cancelled,
  // its tickets void, and a scan is 409 with reason "cancelled".
  auto refused = api().call("DELETE", "/api/bookings/" + booking_id, {}, buyer);
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(problem_type(refused), "https://eventbook.dev/problems/checked-in");
  ASSERT_EQ(api().call("DELETE", "/api/events/" + event_id + "/checkins/" + text(first.at("id")), {}, organizer).status,
            200);
  ASSERT_EQ(api().call("DELETE", "/api/bookings/" + booking_id, {}, buyer).status, 200);
  EXPECT_EQ(tickets(buyer, booking_id).at(0).at("status"), "void");
  auto cancelled = scan(organizer, event_id, text(second.at("code")));
  ASSERT_EQ(cancelled.status, 409) << cancelled.body;
  EXPECT_EQ(json::parse(cancelled.body).at("reason"), "cancelled");
  EXPECT_EQ(stats(organizer, event_id).at("total"), 0);
}

TEST_P(AtTheDoor, DoorStaffCheckInAtTheirEventOnly) {
  auto event_a = create_event(organizer, 10);
  auto event_b = create_event(organizer, 10);
  auto buyer = api().new_user_token();
  auto booking_a = book(buyer, event_a, 1);
  auto booking_b = book(buyer, event_b, 1);
  auto code_a = text(tickets(buyer, booking_a).at(0).at("code"));
  auto code_b = text(tickets(buyer, booking_b).at(0).at("code"));
  auto staff_email = api().register_user("door" + std::to_string(std::rand()));
  auto staff = api().login(staff_email);
  const auto staff_path = "/api/events/" + event_a + "/staff";

  // Named by e-mail: 201 once, 200 after; an unknown address or bad body 422.
  auto named = api().call("POST", staff_path, json::serialize(json::object{{"email", staff_email}}), organizer);
  ASSERT_EQ(named.status, 201) << named.body;
  auto staff_id = text(json::parse(named.body).at("userId"));
  EXPECT_EQ(json::parse(named.body).at("email").as_string(), staff_email);
  EXPECT_EQ(api().call("POST", staff_path, json::serialize(json::object{{"email", staff_email}}), organizer).status,
            200);
  EXPECT_EQ(api().call("POST", staff_path, R"({"email":"nobody-here@example.com"})", organizer).status, 422);
  for (const char* body : {R"({})", R"({"email":null})", R"({"email":7})", R"({"email":"x@y.z","role":"admin"})",
                           R"({"email":"no-at-sign"})"}) {
    EXPECT_EQ(api().call("POST", staff_path, body, organizer).status, 422) << body;
  }
  auto listed = json::parse(api().call("GET", staff_path, {}, organizer).body).at("items").as_array();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].at("userId").as_string(), staff_id);
  auto door = json::parse(api().call("GET", "/api/staff/events", {}, staff).body).at("items").as_array();
  ASSERT_EQ(door.size(), 1u);
  EXPECT_EQ(door[0].at("eventId").as_string(), event_a);
  EXPECT_EQ(door[0].at("eventTitle"), "Door test");

  // At event A: check in, see the count, the tickets and the attendee list.
  auto admitted = scan(staff, event_a, code_a);
  ASSERT_EQ(admitted.status, 201) << admitted.body;
  auto twice = scan(organizer, event_a, code_a);
  EXPECT_EQ(json::parse(twice.body).at("checkedInBy").at("label").as_string(), staff_email);
  EXPECT_EQ(stats(staff, event_a).at("admitted"), 1);
  EXPECT_EQ(tickets(staff, booking_a).size(), 1u);
  EXPECT_EQ(api().call("GET", "/api/events/" + event_a + "/attendees", {}, staff).status, 200);
  // No other right: not at event B, not the staff list, not the booking itself.
  EXPECT_EQ(scan(staff, event_b, code_b).status, 404);
  EXPECT_EQ(api().call("GET", "/api/events/" + event_b + "/attendees", {}, staff).status, 404);
  EXPECT_EQ(api().call("GET", "/api/events/" + event_b + "/checkins/stats", {}, staff).status, 404);
  EXPECT_EQ(api().call("GET", "/api/bookings/" + booking_b + "/tickets", {}, staff).status, 404);
  EXPECT_EQ(api().call("GET", staff_path, {}, staff).status, 403);
  EXPECT_EQ(api().call("POST", staff_path, json::serialize(json::object{{"email", staff_email}}), staff).status, 403);
  EXPECT_EQ(api().call("PATCH", "/api/events/" + event_a, R"({"title":"Mine now"})", staff).status, 404);
  // Another organizer: nothing of this event's door.
  auto other = api().new_user_token();
  EXPECT_EQ(api().call("GET", staff_path, {}, other).status, 404);
  EXPECT_EQ(api().call("DELETE", staff_path + "/" + staff_id, {}, other).status, 404);

  // Removed: nothing at event A either.
  EXPECT_EQ(api().call("DELETE", staff_path + "/" + staff_id, {}, organizer).status, 204);
  EXPECT_EQ(api().call("DELETE", staff_path + "/" + staff_id, {}, organizer).status, 404);
  EXPECT_EQ(scan(staff, event_a, code_a).status, 404);
  EXPECT_EQ(api().call("GET", "/api/bookings/" + booking_a + "/tickets", {}, staff).status, 404);
}

TEST_P(AtTheDoor, TheAttendeeListPagesAndExportsASafeCsv) {
  auto event_id = create_event(organizer, 10, true);
  auto buyer = api().new_user_token();
  auto held =
      api().call("POST", "/api/holds", json::serialize(json::object{{"eventId", event_id}, {"seats", 2}}), buyer);
  ASSERT_EQ(held.status, 201) << held.body;
  auto hold_id = text(json::parse(held.body).at("holdId"));
  auto names = json::parse(R"json({"attendees":[{"name":"=HYPERLINK(\"http://x\")","email":"a@example.com"},
                                           {"name":"Zoë, Jr.","email":"z@example.com"}]})json");
  auto confirmed = api().call("POST", "/api/holds/" + hold_id + "/confirm", json::serialize(names), buyer);
  ASSERT_EQ(confirmed.status, 201) << confirmed.body;
  const auto path = "/api/events/" + event_id + "/attendees";

  auto page = api().call("GET", path + "?limit=1", {}, organizer);
  ASSERT_EQ(page.status, 200) << page.body;
  auto first = json::parse(page.body).as_object();
  ASSERT_EQ(first.at("items").as_array().size(), 1u);
  EXPECT_EQ(first.at("items").at(0).at("attendee").at("name"), "=HYPERLINK(\"http://x\")");
  EXPECT_EQ(first.at("items").at(0).at("paymentStatus"), "none");
  ASSERT_TRUE(first.at("nextCursor").is_string());
  auto rest =
      json::parse(api().call("GET", path + "?limit=500&cursor=" + text(first.at("nextCursor")), {}, organizer).body);
  EXPECT_EQ(rest.at("items").as_array().size(), 1u);
  EXPECT_TRUE(rest.at("nextCursor").is_null());
  EXPECT_NE(rest.at("items").at(0).at("ticketId"), first.at("items").at(0).at("ticketId"));
  for (const char* query : {"?limit=0", "?limit=501", "?limit=abc", "?cursor=nope", "?format=xml"}) {
    EXPECT_EQ(api().call("GET", path + query, {}, organizer).status, 422) << query;
  }

  for (const auto& csv_path : {path + "?format=csv", "/api/events/" + event_id + "/attendees.csv"}) {
    auto csv = api().call("GET", csv_path, {}, organizer);
    ASSERT_EQ(csv.status, 200) << csv.body;
    EXPECT_EQ(csv.header("Content-Type"), "text/csv; charset=utf-8");
    EXPECT_TRUE(csv.body.starts_with("\xEF\xBB\xBF\"Ticket\",\"Code\",\"Ticket type\",")) << csv.body;
    EXPECT_NE(csv.body.find(",\"'=HYPERLINK(\"\"http://x\"\")\",\"a@example.com\","), std::string::npos) << csv.body;
    EXPECT_NE(csv.body.find(",\"Zoë, Jr.\",\"z@example.com\","), std::string::npos) << csv.body;
    EXPECT_EQ(csv.body.find("\n="), std::string::npos);
  }
  auto stranger = api().new_user_token();
  EXPECT_EQ(api().call("GET", path, {}, stranger).status, 404);
  EXPECT_EQ(api().call("GET", path + ".csv", {}, stranger).status, 404);
  EXPECT_EQ(api().call("GET", path, {}, buyer).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Modes, AtTheDoor, ::testing::Values(System::Mode::embedded, System::Mode::cluster), mode_name);

}  // namespace
}  // namespace eventbook::testing
