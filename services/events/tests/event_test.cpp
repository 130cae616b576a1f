#include "events/domain/event.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

namespace eventbook::events {
namespace {

std::vector<std::string> bad_fields(const std::string& json, InputMode mode = InputMode::create) {
  try {
    read_event_input(boost::json::parse(json).as_object(), mode);
  } catch (const core::ApiError& error) {
    std::vector<std::string> names;
    for (const auto& field : error.fields()) names.push_back(field.field);
    return names;
  }
  return {};
}

TEST(ParseDate, KeepsAPlainDateAndNormalizesDateTimesToUtc) {
  auto plain = parse_date("2025-06-15");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->text, "2025-06-15");
  EXPECT_EQ(plain->ms, 1749945600000);
  auto offset = parse_date("2025-06-15T19:30:00+02:00");
  ASSERT_TRUE(offset);
  EXPECT_EQ(offset->text, "2025-06-15T17:30:00Z");
  EXPECT_EQ(parse_date("2025-06-15T17:30Z")->ms, offset->ms);
  EXPECT_EQ(parse_date("2025-06-15T17:30:00.250Z")->text, "2025-06-15T17:30:00Z");
  EXPECT_EQ(parse_date("2024-02-29")->text, "2024-02-29");
  for (const char* bad : {"", "2025-6-15", "2025-13-01", "2025-02-29", "2025-06-15T25:00Z", "15/06/2025",
                          "2025-06-15T10:00:00+2", "2025-06-15Tnoon", "2025-06-15 ", "1969-12-31"}) {
    EXPECT_FALSE(parse_date(bad)) << bad;
  }
}

// Such a date was taken and returned as "10000-01-01T11:59:0Z" or as a date
// in 1969, which parse_date itself refuses.
TEST(ParseDate, AnOffsetThatCarriesTheTimeOutOfTheYears1970To9999IsRefused) {
  EXPECT_FALSE(parse_date("9999-12-31T23:59:00-12:00"));
  EXPECT_FALSE(parse_date("1970-01-01T00:00:00+01:00"));
  EXPECT_EQ(parse_date("9999-12-31T23:59:59Z")->text, "9999-12-31T23:59:59Z");
  EXPECT_EQ(parse_date("9999-12-31T12:00:00-11:59")->text, "9999-12-31T23:59:00Z");
  EXPECT_EQ(parse_date("1970-01-01T00:00:00Z")->ms, 0);
  EXPECT_EQ(parse_date("1970-01-01T01:00:00+01:00")->ms, 0);
  EXPECT_EQ(bad_fields(R"({"title":"t","date":"9999-12-31T20:00-05:00","location":"x","availableSeats":5})"),
            (std::vector<std::string>{"date"}));
}

TEST(ReadEventInput, AcceptsTheOriginalCreateBody) {
  auto input =
      read_event_input(boost::json::parse(R"({"title":"Tech Conference 2025","description":"Annual technology event.",
    "date":"2025-06-15","location":"New York","availableSeats":100})")
                           .as_object(),
                       InputMode::create);
  EXPECT_EQ(input.title, "Tech Conference 2025");
  EXPECT_EQ(input.capacity, 100);
  EXPECT_EQ(input.date->text, "2025-06-15");
}

TEST(EventJson, ThePriceIsExactInTheCurrencysOwnUnits) {
  const auto price = [](std::string_view json) {
    auto input = read_event_input(core::parse_object(R"({"title":"t","date":"2030-06-15","location":"x",)"
                                                     R"("availableSeats":5,"price":)" +
                                                     std::string(json) + "}"),
                                  InputMode::create);
    Event event;
    apply_input(event, input);
    return std::pair{event.price_minor.value_or(-1), core::to_json(event_json(event).at("price"))};
  };
  EXPECT_EQ(price(R"({"amount":12.5,"currency":"EUR"})"),
            std::pair(std::int64_t{1250}, std::string(R"({"amount":12.5,"currency":"EUR"})")));
  EXPECT_EQ(price(R"({"amount":25.00,"currency":"EUR"})"),
            std::pair(std::int64_t{2500}, std::string(R"({"amount":25,"currency":"EUR"})")));
  EXPECT_EQ(price(R"({"amount":3000,"currency":"JPY"})"),
            std::pair(std::int64_t{3000}, std::string(R"({"amount":3000,"currency":"JPY"})")));
}

TEST(ReadEventInput, NamesEveryBadField) {
  EXPECT_EQ(bad_fields(R"({})"), (std::vector<std::string>{"title", "date", "location", "availableSeats"}));
  EXPECT_EQ(bad_fields(R"({"title":"","date":"tomorrow","location":"x","availableSeats":0})"),
            (std::vector<std::string>{"title", "date", "availableSeats"}));
  EXPECT_EQ(bad_fields(R"({"title":"t","date":"2025-06-15","location":"x","availableSeats":"ten"})"),
            (std::vector<std::string>{"availableSeats"}));
  EXPECT_EQ(bad_fields(R"({"title":"t","date":"2025-06-15","location":"x","availableSeats":5,"owner":"me"})"),
            (std::vector<std::string>{"owner"}));
  EXPECT_EQ(bad_fields(R"({"title":"t","date":"2025-06-15","location":"x","availableSeats":5,
                          "price":{"amount":-1,"currency":"euro"}})"),
            (std::vector<std::string>{"price.amount", "price.currency"}));
  EXPECT_EQ(bad_fields(R"({"title":"t","date":"2025-06-15","location":"x","availableSeats":5,
                          "price":{"amount":12.345,"currency":"EUR"}})"),
            (std::vector<std::string>{"price.amount"}));
  EXPECT_EQ(bad_fields(R"({"title":")" + std::string(201, 'x') + R"(","date":"2025-06-15","location":"x",
                          "availableSeats":5})"),
            (std::vector<std::string>{"title"}));
  EXPECT_EQ(bad_fields(R"({"availableSeats":2000000})", InputMode::change),
            (std::vector<std::string>{"availableSeats"}));
  EXPECT_TRUE(bad_fields(R"({"title":"only this"})", InputMode::change).empty());
  EXPECT_EQ(bad_fields(R"({"title":"only this"})", InputMode::replace),
            (std::vector<std::string>{"date", "location", "availableSeats"}));
}

std::vector<std::string> messages(const std::string& json, InputMode mode = InputMode::create) {
  try {
    read_event_input(boost::json::parse(json).as_object(), mode);
  } catch (const core::ApiError& error) {
    std::vector<std::string> out;
    for (const auto& field : error.fields()) out.push_back(field.field + ": " + field.message);
    return out;
  }
  return {};
}

constexpr const char* kBase = R"("title":"t","date":"2030-06-15","location":"x")";

TEST(ReadEventInput, CapacityAndAvailableSeatsMustAgreeWhenBothAreGiven) {
  auto body = [](const std::string& seats) { return "{" + std::string(kBase) + "," + seats + "}"; };
  EXPECT_EQ(messages(body(R"("capacity":10,"availableSeats":500)")),
            (std::vector<std::string>{"capacity: must equal availableSeats when both are given",
                                      "availableSeats: must equal capacity when both are given"}));
  auto same =
      read_event_input(boost::json::parse(body(R"("capacity":10,"availableSeats":10)")).as_object(), InputMode::create);
  EXPECT_EQ(same.capacity, 10);
  EXPECT_EQ(bad_fields(body(R"("capacity":10,"availableSeats":"ten")")), (std::vector<std::string>{"availableSeats"}));
  EXPECT_EQ(bad_fields(body(R"("capacity":10,"availableSeats":null)")), (std::vector<std::string>{"availableSeats"}));
  // A replace or a change takes one of them; both that differ are named both.
  EXPECT_EQ(messages(R"({"capacity":10,"availableSeats":10})", InputMode::change),
            (std::vector<std::string>{
                "availableSeats: is derived from the capacity and the bookings; change capacity instead"}));
  EXPECT_EQ(bad_fields(R"({"capacity":10,"availableSeats":500})", InputMode::change),
            (std::vector<std::string>{"availableSeats", "capacity"}));
  EXPECT_EQ(bad_fields(body(R"("capacity":10,"availableSeats":500)"), InputMode::replace),
            (std::vector<std::string>{"availableSeats", "capacity"}));
}

TEST(ReadEventInput, RefusesNullWhereTheFieldIsNotNullable) {
  EXPECT_EQ(messages(R"({"title":null})", InputMode::change), (std::vector<std::string>{"title: must not be null"}));
  EXPECT_EQ(bad_fields(R"({"description":null,"location":null,"date":null,"capacity":null})", InputMode::change),
            (std::vector<std::string>{"description", "location", "date", "capacity"}));
  EXPECT_EQ(bad_fields(R"({"price":{"amount":null,"currency":"EUR"}})", InputMode::change),
            (std::vector<std::string>{"price.amount"}));
  // category, price and maxSeatsPerBooking are cleared with null.
  auto cleared = read_event_input(
      boost::json::parse(R"({"category":null,"price":null,"maxSeatsPerBooking":null})").as_object(), InputMode::change);
  ASSERT_TRUE(cleared.category);
  EXPECT_FALSE(*cleared.category);
  ASSERT_TRUE(cleared.price_minor);
  EXPECT_FALSE(*cleared.price_minor);
  ASSERT_TRUE(cleared.max_per_booking);
  EXPECT_FALSE(*cleared.max_per_booking);
}

TEST(ReadEventInput, TakesLineBreaksInTheDescriptionOnly) {
  auto input =
      read_event_input(boost::json::parse(R"({"title":"t","date":"2030-06-15","location":"x","availableSeats":5,
                             "description":"Day one:\n\tTalks\r\nDay two: workshops"})")
                           .as_object(),
                       InputMode::create);
  EXPECT_EQ(input.description, "Day one:\n\tTalks\r\nDay two: workshops");
  EXPECT_EQ(messages(R"({"title":"Launch\u0000party"})", InputMode::change),
            (std::vector<std::string>{"title: must not contain control characters"}));
  EXPECT_EQ(bad_fields(R"({"title":"two\nlines","location":"tab\there","category":"\u001b[1m"})", InputMode::change),
            (std::vector<std::string>{"title", "location", "category"}));
  EXPECT_EQ(
      messages(R"({"description":"bell\u0007"})", InputMode::change),
      (std::vector<std::string>{"description: must not contain control characters other than line breaks and tabs"}));
  EXPECT_EQ(bad_fields(R"({"price":{"amount":1,"currency":"E\u0000R"}})", InputMode::change),
            (std::vector<std::string>{"price.currency"}));
}

TEST(ApplyInput, CapacityNeverDropsBelowTheSeatsTaken) {
  Event event;
  event.capacity = 100;
  event.available_seats = 40;  // 60 taken
  EventInput grow;
  grow.capacity = 150;
  EXPECT_EQ(apply_input(event, grow), std::vector<std::string>{"capacity"});
  EXPECT_EQ(event.available_seats, 90);
  EventInput shrink;
  shrink.capacity = 59;
  try {
    apply_input(event, shrink);
    FAIL() << "capacity below taken accepted";
  } catch (const core::ApiError& error) {
    EXPECT_EQ(error.status(), 409);
  }
  shrink.capacity = 60;
  apply_input(event, shrink);
  EXPECT_EQ(event.available_seats, 0);
}

TEST(ApplyInput, ReportsOnlyWhatChangedAndRefusesCancelledEvents) {
  Event event;
  event.title = "A";
  event.location = "Oslo";
  EventInput input;
  input.title = "A";
  input.location = "Bergen";
  EXPECT_EQ(apply_input(event, input), std::vector<std::string>{"location"});
  event.status = "cancelled";
  EXPECT_THROW(apply_input(event, input), core::ApiError);
}

TEST(MayCreateEvents, NeedsTheOrganizerRoleOnlyWhenTheServiceRequiresIt) {
  EXPECT_TRUE(may_create_events("organizer", false, true));
  EXPECT_TRUE(may_create_events("admin", true, true));
  EXPECT_FALSE(may_create_events("attendee", false, true));
  EXPECT_TRUE(may_create_events("attendee", false, false));
}

TEST(MayChange, TheOrganizerAndAnAdministratorOnly) {
  Event event;
  event.organizer_id = "o1";
  EXPECT_TRUE(may_change(event, "o1", false));
  EXPECT_TRUE(may_change(event, "someone", true));
  EXPECT_FALSE(may_change(event, "someone", false));
  EXPECT_FALSE(may_change(event, "", false));
}

TEST(ReadEventPath, TellsTheCalendarFileFromTheEvent) {
  auto plain = read_event_path("0190-id");
  EXPECT_EQ(plain.id, "0190-id");
  EXPECT_FALSE(plain.ical);
  auto ical = read_event_path("0190-id.ics");
  EXPECT_EQ(ical.id, "0190-id");
  EXPECT_TRUE(ical.ical);
  // ".ics" alone names no event: it is looked up as it is.
  EXPECT_FALSE(read_event_path(".ics").ical);
  EXPECT_EQ(read_event_path(".ics").id, ".ics");
  EXPECT_TRUE(read_event_path("x.ics").ical);
  EXPECT_FALSE(read_event_path("x.ICS").ical);
}

}  // namespace
}  // namespace eventbook::events
