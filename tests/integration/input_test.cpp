// Request bodies that could be read two ways are refused, in both shapes of
// the system, and nothing is stored for them: a key given twice, control
// characters in text, a capacity given twice with different numbers, and
// null for a field that cannot be null.
#include "support/system.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

namespace eventbook::testing {
namespace {

namespace json = boost::json;

class Input : public SystemTest {
 protected:
  std::string create_event(std::int64_t seats = 500) {
    auto response = api().call(
        "POST", "/api/events",
        json::serialize(json::object{
            {"title", "Launch party"}, {"date", "2030-06-15"}, {"location", "Oslo"}, {"availableSeats", seats}}),
        organizer);
    EXPECT_EQ(response.status, 201) << response.body;
    return std::string(json::parse(response.body).at("eventId").as_string());
  }
  json::object event(const std::string& id) {
    auto response = api().call("GET", "/api/events/" + id);
    EXPECT_EQ(response.status, 200) << response.body;
    return json::parse(response.body).as_object();
  }
  std::size_t my_events() {
    auto response = api().call("GET", "/api/events/mine", {}, organizer);
    EXPECT_EQ(response.status, 200) << response.body;
    return json::parse(response.body).at("items").as_array().size();
  }
  std::size_t bookings_of(const std::string& token) {
    auto response = api().call("GET", "/api/bookings", {}, token);
    EXPECT_EQ(response.status, 200) << response.body;
    return json::parse(response.body).at("items").as_array().size();
  }
  using Errors = std::vector<std::pair<std::string, std::string>>;
  // The (field, message) pairs of a problem's errors.
  static Errors errors(const http::ClientResponse& answer) {
    Errors out;
    auto body = json::parse(answer.body).as_object();
    if (const auto* list = body.if_contains("errors")) {
      for (const auto& item : list->as_array()) {
        out.emplace_back(std::string(item.at("field").as_string()), std::string(item.at("message").as_string()));
      }
    }
    return out;
  }
};

TEST_P(Input, AKeyGivenTwiceBooksNothing) {
  auto event_id = create_event();
  auto token = api().new_user_token();
  auto answer =
      api().call("POST", "/api/bookings", R"({"eventId":")" + event_id + R"(","seats":1,"seats":500})", token);
  EXPECT_EQ(answer.status, 400) << answer.body;
  EXPECT_EQ(answer.header("Content-Type"), "application/problem+json");
  auto problem = json::parse(answer.body).as_object();
  EXPECT_EQ(problem.at("type").as_string(), "https://eventbook.dev/problems/duplicate-key");
  EXPECT_EQ(problem.at("detail").as_string(), "The request body gives \"seats\" more than once in one object.");
  EXPECT_EQ(errors(answer), (Errors{{"seats", "is given more than once"}}));
  // The same key written with an escape is the same key.
  EXPECT_EQ(api()
                .call("POST", "/api/bookings", R"({"eventId":")" + event_id + R"(","seats":1,"se\u0061ts":2})", token)
                .status,
            400);
  EXPECT_EQ(bookings_of(token), 0u);
  EXPECT_EQ(event(event_id).at("availableSeats").as_int64(), 500);

  // At any depth: a price given two currencies changes nothing.
  auto nested = api().call("PATCH", "/api/events/" + event_id,
                           R"({"price":{"amount":10,"currency":"EUR","currency":"USD"}})", organizer);
  EXPECT_EQ(nested.status, 400) << nested.body;
  EXPECT_TRUE(event(event_id).at("price").is_null());
}

TEST_P(Input, ANulInATitleIsRefusedAndNothingIsStored) {
  auto answer = api().call("POST", "/api/events",
                           R"({"title":"Launch\u0000party","date":"2030-06-15","location":"Oslo","availableSeats":5})",
                           organizer);
  EXPECT_EQ(answer.status, 422) << answer.body;
  EXPECT_EQ(errors(answer), (Errors{{"title", "must not contain control characters"}}));
  EXPECT_EQ(my_events(), 0u);

  // Nor on a change: the calendar file keeps the title it had.
  auto event_id = create_event();
  for (const char* body : {R"({"title":"Launch\u0000party"})", R"({"location":"Oslo\r\nATTENDEE:x"})",
                           R"({"category":"\u001b[31m"})", R"({"title":"bell\u0007"})"}) {
    SCOPED_TRACE(body);
    auto changed = api().call("PATCH", "/api/events/" + event_id, body, organizer);
    EXPECT_EQ(changed.status, 422) << changed.body;
  }
  EXPECT_EQ(event(event_id).at("title").as_string(), "Launch party");
  EXPECT_EQ(event(event_id).at("location").as_string(), "Oslo");
  auto ics = api().call("GET", "/api/events/" + event_id + ".ics");
  ASSERT_EQ(ics.status, 200);
  EXPECT_EQ(ics.body.find('\0'), std::string::npos);
  EXPECT_EQ(ics.body.find("ATTENDEE"), std::string::npos);

  // A description may run over several lines, and no further.
  auto lines = api().call("PATCH", "/api/events/" + event_id,
                          R"({"description":"Day one:\n\ttalks\r\nDay two: workshops"})", organizer);
  ASSERT_EQ(lines.status, 200) << lines.body;
  EXPECT_EQ(json::parse(lines.body).at("description").as_string(), "Day one:\n\ttalks\r\nDay two: workshops");
  auto bell = api().call("PATCH", "/api/events/" + event_id, R"({"description":"ring\u0007"})", organizer);
  EXPECT_EQ(bell.status, 422) << bell.body;
  EXPECT_EQ(errors(bell),
            (Errors{{"description", "must not contain control characters other than line breaks and tabs"}}));
  // Every text field of every body: a user name too.
  auto user =
      api().call("POST", "/api/users/register",
                 R"({"username":"nul\u0000user","email":"nul@example.com","password":"correct horse battery"})");
  EXPECT_EQ(user.status, 422) << user.body;
  EXPECT_EQ(errors(user), (Errors{{"username", "must not contain control characters"}}));
}

TEST_P(Input, CapacityAndAvailableSeatsThatDifferAreBothNamed) {
  auto answer =
      api().call("POST", "/api/events",
                 R"({"title":"Launch party","date":"2030-06-15","location":"Oslo","capacity":10,"availableSeats":500})",
                 organizer);
  EXPECT_EQ(answer.status, 422) << answer.body;
  EXPECT_EQ(errors(answer), (Errors{{"capacity", "must equal availableSeats when both are given"},
                                    {"availableSeats", "must equal capacity when both are given"}}));
  EXPECT_EQ(my_events(), 0u);
  // The same number under both names is one capacity.
  auto same = api().call(
      "POST", "/api/events",
      R"({"title":"Launch party","date":"2030-06-15","location":"Oslo","capacity":10,"availableSeats":10})", organizer);
  ASSERT_EQ(same.status, 201) << same.body;
  auto event_id = std::string(json::parse(same.body).at("eventId").as_string());
  EXPECT_EQ(event(event_id).at("capacity").as_int64(), 10);

  auto changed = api().call("PATCH", "/api/events/" + event_id, R"({"capacity":20,"availableSeats":500})", organizer);
  EXPECT_EQ(changed.status, 422) << changed.body;
  auto named = errors(changed);
  ASSERT_EQ(named.size(), 2u) << changed.body;
  EXPECT_EQ(named[0].first, "availableSeats");
  EXPECT_EQ(named[1].first, "capacity");
  EXPECT_EQ(event(event_id).at("capacity").as_int64(), 10);
}

TEST_P(Input, NullIsNotAWayToLeaveAFieldOut) {
  auto event_id = create_event();
  auto title = api().call("PATCH", "/api/events/" + event_id, R"({"title":null})", organizer);
  EXPECT_EQ(title.status, 422) << title.body;
  EXPECT_EQ(errors(title), (Errors{{"title", "must not be null"}}));
  EXPECT_EQ(event(event_id).at("title").as_string(), "Launch party");

  auto token = api().new_user_token();
  auto seats = api().call("POST", "/api/bookings", R"({"eventId":")" + event_id + R"(","seats":null})", token);
  EXPECT_EQ(seats.status, 422) << seats.body;
  EXPECT_EQ(errors(seats), (Errors{{"seats", "must not be null"}}));
  auto user = api().call("POST", "/api/bookings", R"({"eventId":")" + event_id + R"(","userId":null})", token);
  EXPECT_EQ(user.status, 422) << user.body;
  EXPECT_EQ(bookings_of(token), 0u);
  EXPECT_EQ(event(event_id).at("availableSeats").as_int64(), 500);

  // The fields the document makes nullable are still cleared with null.
  auto set =
      api().call("PATCH", "/api/events/" + event_id, R"({"category":"music","maxSeatsPerBooking":4})", organizer);
  ASSERT_EQ(set.status, 200) << set.body;
  auto cleared = api().call("PATCH", "/api/events/" + event_id,
                            R"({"category":null,"maxSeatsPerBooking":null,"price":null})", organizer);
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_TRUE(json::parse(cleared.body).at("category").is_null());
  EXPECT_TRUE(json::parse(cleared.body).at("maxSeatsPerBooking").is_null());
}

INSTANTIATE_TEST_SUITE_P(Modes, Input, ::testing::Values(System::Mode::embedded, System::Mode::cluster), mode_name);

}  // namespace
}  // namespace eventbook::testing
