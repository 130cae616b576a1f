// The events service end to end through the gateway of `eventbook dev`:
// the fixed create answer, validation, ownership, search, calendar files, and
// the seat inventory that only services may touch.
#include "eventbook/core/id.hpp"
#include "support/system.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <future>
#include <regex>
#include <sstream>

namespace eventbook::testing {
namespace {

namespace json = boost::json;

class EventsApi : public SystemTest {
 protected:
  std::string create(json::object body, const std::string& token) {
    auto response = api().call("POST", "/api/events", json::serialize(body), token);
    EXPECT_EQ(response.status, 201) << response.body;
    return std::string(json::parse(response.body).at("eventId").as_string());
  }
  json::object event(const std::string& id) {
    auto response = api().call("GET", "/api/events/" + id);
    EXPECT_EQ(response.status, 200) << response.body;
    return json::parse(response.body).as_object();
  }
  static json::object sample(std::string title = "Tech Conference 2030", std::int64_t seats = 100) {
    return {{"title", std::move(title)},
            {"description", "Annual technology event."},
            {"date", "2030-06-15"},
            {"location", "New York"},
            {"availableSeats", seats}};
  }
  std::string service_secret() { return system->service_secret(); }
  http::ClientResponse reserve(const std::string& booking, const std::string& event_id, int seats,
                               const std::string& authorization) {
    return Api(system->events_port)
        .call("POST", "/internal/reservations",
              json::serialize(json::object{{"bookingId", booking}, {"eventId", event_id}, {"seats", seats}}), {},
              {{"Authorization", authorization}});
  }
};

TEST_P(EventsApi, CreateAnswersExactlyAsTheOriginalSystem) {
  auto response = api().call("POST", "/api/events", json::serialize(sample()), organizer);
  ASSERT_EQ(response.status, 201) << response.body;
  std::regex shape(R"re(\{"message":"Event created successfully!","eventId":"[0-9a-f-]{36}"\})re");
  EXPECT_TRUE(std::regex_match(response.body, shape)) << response.body;
  auto id = std::string(json::parse(response.body).at("eventId").as_string());
  auto created = event(id);
  EXPECT_EQ(created.at("title").as_string(), "Tech Conference 2030");
  EXPECT_EQ(created.at("date").as_string(), "2030-06-15");
  EXPECT_EQ(created.at("capacity").as_int64(), 100);
  EXPECT_EQ(created.at("availableSeats").as_int64(), 100);
  EXPECT_EQ(created.at("status").as_string(), "scheduled");
  EXPECT_EQ(api().call("POST", "/api/events", json::serialize(sample())).status, 401);
}

// Public reads may be kept a second and are revalidated by their ETag: an
// unchanged event or list is a 304 without a body, a changed one a new tag.
TEST_P(EventsApi, PublicReadsCarryAnETagAndShortCaching) {
  const auto id = create(sample("Cached", 10), organizer);
  for (const std::string& path :
       {"/api/events/" + id, std::string("/api/events?q=Cached"), "/api/events/" + id + ".ics"}) {
    auto first = api().call("GET", path);
    ASSERT_EQ(first.status, 200) << path;
    auto etag = first.header("ETag");
    ASSERT_TRUE(etag) << path;
    EXPECT_EQ(first.header("Cache-Control"), "public, max-age=0, s-maxage=1") << path;
    auto same = api().call("GET", path, {}, {}, {{"If-None-Match", *etag}});
    EXPECT_EQ(same.status, 304) << path;
    EXPECT_TRUE(same.body.empty()) << path;
    EXPECT_EQ(same.header("ETag"), etag) << path;
    auto other = api().call("GET", path, {}, {}, {{"If-None-Match", "\"0000000000000000\""}});
    EXPECT_EQ(other.status, 200) << path;
  }
  // A seat booked: the event is another, and so is its tag.
  auto before = api().call("GET", "/api/events/" + id);
  auto token = api().new_user_token();
  ASSERT_EQ(api().call("POST", "/api/bookings", json::serialize(json::object{{"eventId", id}}), token).status, 201);
  auto after = api().call("GET", "/api/events/" + id, {}, {}, {{"If-None-Match", *before.header("ETag")}});
  EXPECT_EQ(after.status, 200);
  EXPECT_NE(after.header("ETag"), before.header("ETag"));
  EXPECT_EQ(json::parse(after.body).at("availableSeats"), 9);
}

TEST_P(EventsApi, EveryBadFieldIsNamed) {
  auto expect_field = [&](json::object body, const std::string& field) {
    auto response = api().call("POST", "/api/events", json::serialize(body), organizer);
    EXPECT_EQ(response.status, 422) << response.body;
    EXPECT_NE(response.body.find("\"field\":\"" + field + "\""), std::string::npos) << response.body;
  };
  auto with = [](std::string key, json::value value) {
    auto body = sample();
    body[key] = std::move(value);
    return body;
  };
  expect_field(with("title", ""), "title");
  expect_field(with("title", json::string(std::string(201, 't'))), "title");
  expect_field(with("title", 7), "title");
  expect_field(with("description", json::string(std::string(10001, 'd'))), "description");
  expect_field(with("date", "June 15"), "date");
  expect_field(with("date", "2030-02-30"), "date");
  expect_field(with("location", ""), "location");
  expect_field(with("availableSeats", 0), "availableSeats");
  expect_field(with("availableSeats", -5), "availableSeats");
  expect_field(with("availableSeats", 2.5), "availableSeats");
  expect_field(with("availableSeats", "100"), "availableSeats");
  expect_field(with("price", json::object{{"amount", 10}, {"currency", "dollars"}}), "price.currency");
  expect_field(with("organizerId", "someone-else"), "organizerId");
  EXPECT_EQ(api().call("POST", "/api/events", "[1]", organizer).status, 400);
  EXPECT_EQ(api().call("POST", "/api/events", "{\"title\":", organizer).status, 400);
}

TEST_P(EventsApi, OnlyTheOrganizerChangesOrCancelsAnEvent) {
  auto id = create(sample(), organizer);
  auto stranger = api().new_user_token();
  EXPECT_EQ(api().call("PATCH", "/api/events/" + id, R"({"title":"Mine now"})", stranger).status, 404);
  EXPECT_EQ(api().call("PUT", "/api/events/" + id, json::serialize(sample("Mine now")), stranger).status, 404);
  EXPECT_EQ(api().call("DELETE", "/api/events/" + id, {}, stranger).status, 404);
  EXPECT_EQ(api().call("PATCH", "/api/events/" + id, R"({"title":"x"})").status, 401);
  EXPECT_EQ(event(id).at("title").as_string(), "Tech Conference 2030");

  auto patched = api().call("PATCH", "/api/events/" + id, R"json({"title":"Tech Conference 2030 (moved)",
                                                                 "date":"2030-06-16T09:00:00+02:00"})json",
                            organizer);
  ASSERT_EQ(patched.status, 200) << patched.body;
  auto body = json::parse(patched.body).as_object();
  EXPECT_EQ(body.at("title").as_string(), "Tech Conference 2030 (moved)");
  EXPECT_EQ(body.at("date").as_string(), "2030-06-16T07:00:00Z");
  EXPECT_EQ(api().call("PATCH", "/api/events/" + id, R"({"capacity":0})", organizer).status, 422);

  auto cancelled = api().call("DELETE", "/api/events/" + id, {}, organizer);
  ASSERT_EQ(cancelled.status, 200);
  EXPECT_EQ(json::parse(cancelled.body).at("status").as_string(), "cancelled");
  EXPECT_EQ(api().call("PATCH", "/api/events/" + id, R"({"title":"again"})", organizer).status, 409);
  EXPECT_EQ(event(id).at("status").as_string(), "cancelled");
  EXPECT_EQ(api().call("GET", "/api/events/" + core::new_id()).status, 404);
}

TEST_P(EventsApi, CapacityCannotDropBelowTheSeatsTaken) {
  auto id = create(sample("Small", 10), organizer);
  auto secret = "Service " + service_secret();
  ASSERT_EQ(reserve("b1", id, 6, secret).status, 200);
  auto refused = api().call("PATCH", "/api/events/" + id, R"({"capacity":5})", organizer);
  EXPECT_EQ(refused.status, 409) << refused.body;
  auto grown = api().call("PATCH", "/api/events/" + id, R"({"capacity":20})", organizer);
  ASSERT_EQ(grown.status, 200);
  EXPECT_EQ(json::parse(grown.body).at("availableSeats").as_int64(), 14);
}

TEST_P(EventsApi, TheSeatInventoryIsForServicesOnly) {
  auto id = create(sample("Guarded", 5), organizer);
  EXPECT_EQ(reserve("b1", id, 1, "Bearer " + organizer).status, 403);
  EXPECT_EQ(reserve("b1", id, 1, "").status, 401);
  EXPECT_EQ(reserve("b1", id, 1, "Service wrong-secret-of-some-length").status, 401);
  // Not reachable through the public entry point at all.
  EXPECT_EQ(api().call("POST", "/internal/reservations", "{}", organizer).status, 404);
  EXPECT_EQ(event(id).at("availableSeats").as_int64(), 5);

  auto secret = "Service " + service_secret();
  std::vector<std::future<http::ClientResponse>> calls;
  for (int i = 0; i < 40; ++i) {
    calls.push_back(std::async(std::launch::async, [&, i] { return reserve("c" + std::to_string(i), id, 1, secret); }));
  }
  int reserved = 0;
  for (auto& call : calls) {
    auto response = call.get();
    ASSERT_EQ(response.status, 200) << response.body;
    reserved += json::parse(response.body).at("status").as_string() == "reserved";
  }
  EXPECT_EQ(reserved, 5);
  EXPECT_EQ(event(id).at("availableSeats").as_int64(), 0);
  auto release =
      Api(system->events_port).call("POST", "/internal/reservations/c0/release", {}, {}, {{"Authorization", secret}});
  EXPECT_EQ(release.status, 200);
}

TEST_P(EventsApi, ABatchOfReservationsAnswersEachInOrderAndOnce) {
  auto id = create(sample("Batched", 3), organizer);
  auto secret = "Service " + service_secret();
  ASSERT_EQ(reserve("early", id, 1, secret).status, 200);
  auto batch = [&](json::array items, const std::string& authorization) {
    return Api(system->events_port)
        .call("POST", "/internal/reservations/batch", json::serialize(json::object{{"reservations", std::move(items)}}),
              {}, {{"Authorization", authorization}});
  };
  auto item = [](std::string booking, std::string event_id, int seats) {
    return json::object{{"bookingId", std::move(booking)}, {"eventId", std::move(event_id)}, {"seats", seats}};
  };
  json::array items{item("early", id, 1), item("x1", id, 1), item("x2", id, 1), item("x3", id, 1),
                    item("x4", core::new_id(), 1)};
  auto response = batch(items, secret);
  ASSERT_EQ(response.status, 200) << response.body;
  auto answers = json::parse(response.body).at("reservations").as_array();
  ASSERT_EQ(answers.size(), 5u);
  auto outcomes = [](const json::array& answers) {
    std::vector<std::string> seen;
    for (const auto& answer : answers) {
      seen.push_back(std::string(answer.at("bookingId").as_string()) + ":" +
                     std::string(answer.at("status").as_string()));
    }
    return seen;
  };
  // The repeat keeps its first answer; two seats were left for three asks.
  const std::vector<std::string> expected{"early:reserved", "x1:reserved", "x2:reserved", "x3:refused", "x4:refused"};
  EXPECT_EQ(outcomes(answers), expected);
  EXPECT_EQ(answers[3].at("reason").as_string(), "sold-out");
  EXPECT_EQ(answers[4].at("reason").as_string(), "not-found");
  EXPECT_EQ(event(id).at("availableSeats").as_int64(), 0);
  // Asked again, every answer is the first one, and no seat moves.
  auto again = batch(items, secret);
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(outcomes(json::parse(again.body).at("reservations").as_array()), expected);
  EXPECT_EQ(event(id).at("availableSeats").as_int64(), 0);

  auto bad = batch({item("y1", id, 1), json::object{{"bookingId", "y2"}, {"seats", 0}}, json::value("z")}, secret);
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_NE(bad.body.find("reservations[1]"), std::string::npos) << bad.body;
  EXPECT_NE(bad.body.find("reservations[2]"), std::string::npos) << bad.body;
  EXPECT_EQ(batch({}, secret).status, 422);
  json::array too_many;
  for (int i = 0; i < 257; ++i) too_many.push_back(item("t" + std::to_string(i), id, 1));
  EXPECT_EQ(batch(too_many, secret).status, 422);
  EXPECT_EQ(batch({item("y1", id, 1)}, "Bearer " + organizer).status, 403);
  EXPECT_EQ(batch({item("y1", id, 1)}, "").status, 401);
  EXPECT_EQ(api().call("POST", "/internal/reservations/batch", "{}", organizer).status, 404);
}

TEST_P(EventsApi, SearchFiltersAndPaginatesThroughTheApi) {
  for (int i = 0; i < 7; ++i) {
    auto body = sample("Jazz night " + std::to_string(i), 10);
    body["date"] = "2031-01-0" + std::to_string(i + 1);
    body["location"] = i % 2 ? "Oslo" : "Bergen";
    create(body, organizer);
  }
  create(sample("Rock show", 10), organizer);
  std::vector<std::string> titles;
  std::string cursor;
  for (int page = 0; page < 10; ++page) {
    auto response = api().call("GET", "/api/events?q=jazz&limit=3" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(response.status, 200) << response.body;
    auto body = json::parse(response.body).as_object();
    for (const auto& item : body.at("items").as_array()) titles.emplace_back(item.at("title").as_string());
    if (body.at("nextCursor").is_null()) break;
    cursor = std::string(body.at("nextCursor").as_string());
  }
  ASSERT_EQ(titles.size(), 7u);
  EXPECT_EQ(titles.front(), "Jazz night 0");
  EXPECT_EQ(titles.back(), "Jazz night 6");
  auto oslo = json::parse(api().call("GET", "/api/events?q=jazz&location=oslo").body);
  EXPECT_EQ(oslo.at("items").as_array().size(), 3u);
  EXPECT_EQ(api().call("GET", "/api/events?sort=price").status, 422);
  auto mine = json::parse(api().call("GET", "/api/events/mine", {}, organizer).body);
  EXPECT_EQ(mine.at("items").as_array().size(), 8u);
  EXPECT_EQ(api().call("GET", "/api/events/mine").status, 401);
}

TEST_P(EventsApi, AnEventDownloadsAsACalendarFile) {
  auto id = create(sample("Calendar, test; event"), organizer);
  auto response = api().call("GET", "/api/events/" + id + ".ics");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.header("Content-Type"), "text/calendar; charset=utf-8");
  EXPECT_NE(response.body.find("BEGIN:VEVENT\r\n"), std::string::npos);
  EXPECT_NE(response.body.find("SUMMARY:Calendar\\, test\\; event\r\n"), std::string::npos) << response.body;
  EXPECT_NE(response.body.find("DTSTART;VALUE=DATE:20300615\r\n"), std::string::npos);
  EXPECT_NE(response.body.find("UID:" + id + "@eventbook"), std::string::npos);
}

// %FF%FE decodes to bytes that are not UTF-8: the problem that names the path,
// and the log lines that record it, stay valid JSON.
TEST_P(EventsApi, APathThatIsNotUtf8IsAnsweredAndLoggedAsValidJson) {
  System logged(GetParam(), {"--access-log", "on"});
  ASSERT_TRUE(logged.healthy()) << logged.log();
  auto response = logged.api().call("GET", "/api/events/%FF%FE");
  EXPECT_EQ(response.status, 404) << response.body;
  EXPECT_NO_THROW(json::parse(response.body)) << response.body;
  auto search = logged.api().call("GET", "/api/events?q=%FF%FE");
  EXPECT_EQ(search.status, 400) << search.body;
  EXPECT_NO_THROW(json::parse(search.body)) << search.body;
  EXPECT_EQ(logged.stop(), 0);
  EXPECT_NE(logged.log().find("/api/events/\xEF\xBF\xBD\xEF\xBF\xBD"), std::string::npos)
      << "the request's access log line is missing";
  std::istringstream log(logged.log());
  std::string line;
  int records = 0;
  while (std::getline(log, line)) {
    if (!line.starts_with("{")) continue;  // the test harness's own lines
    ++records;
    boost::system::error_code ec;
    json::parse(line, ec);
    EXPECT_FALSE(ec) << "not valid JSON (" << ec.message() << "): " << line;
  }
  EXPECT_GT(records, 0);
}

INSTANTIATE_TEST_SUITE_P(Modes, EventsApi, ::testing::Values(System::Mode::embedded, System::Mode::cluster), mode_name);

}  // namespace
}  // namespace eventbook::testing
