// The body readers of the POST, PATCH and PUT routes, as each handler calls
// them after core::parse_object; the first byte picks the route. Whatever the
// body, the only exception is core::ApiError (400 or 422; 409 when a change
// cannot apply to the event), and what is accepted keeps the field rules:
// text within its length and free of control characters (line breaks and
// tabs only in an event's description), seats and capacities within bounds,
// a date that reads back as itself, an event whose seats add up.
// The notifications routes (read, read-all) take no body.
#include "bookings/domain/booking.hpp"
#include "eventbook/core/error.hpp"
#include "eventbook/core/json.hpp"
#include "events/domain/event.hpp"
#include "events/domain/reservation.hpp"
#include "users/domain/validation.hpp"

#include <boost/json/parse.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace {

// The most minor units a price may hold: 10^9 in a currency with four decimals.
constexpr std::int64_t kMaxPriceMinor = 10'000'000'000'000;

using namespace eventbook;

constexpr std::int64_t kMaxSeats = 10;  // --max-seats, the most one booking takes
// 10000-01-01T00:00:00Z: an event's date lies in the years 1970 to 9999.
constexpr std::int64_t kYear10000Ms = 253'402'300'800'000;

[[noreturn]] void fail(const char* what, std::string_view value) {
  std::fprintf(stderr, "fuzz_request_bodies: %s: %.*s\n", what, static_cast<int>(value.size()), value.data());
  __builtin_trap();
}

bool control(unsigned char c) { return c < 0x20 || c == 0x7F; }

// One line: no control character at all; 1 to max bytes unless min is 0.
void check_line(const std::string& text, std::size_t min, std::size_t max, const char* what) {
  if (text.size() < min || text.size() > max) fail(what, text);
  for (char c : text) {
    if (control(static_cast<unsigned char>(c))) fail(what, text);
  }
}

void check_lines(const std::string& text, std::size_t max, const char* what) {
  if (text.size() > max) fail(what, text);
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    bool line_break = c == '\n' || c == '\t' || (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n');
    if (control(c) && !line_break) fail(what, text);
  }
}

// Trimmed: no white space at either end.
void check_trimmed(const std::string& text, std::size_t min, std::size_t max, const char* what) {
  check_line(text, min, max, what);
  if (!text.empty() && (text.front() == ' ' || text.back() == ' ')) fail(what, text);
}

void check_date(const events::ParsedDate& date) {
  if (date.ms < 0 || date.ms >= kYear10000Ms) fail("a date outside the years 1970 to 9999 was accepted", date.text);
  auto again = events::parse_date(date.text);
  if (!again || again->text != date.text || again->ms != date.ms) {
    fail("an accepted date does not read back", date.text);
  }
}

void check_event(const events::Event& event) {
  if (event.capacity < 1 || event.capacity > events::kMaxCapacity || event.available_seats < 0 ||
      event.available_seats > event.capacity) {
    fail("an event's seats do not add up",
         std::to_string(event.capacity) + "/" + std::to_string(event.available_seats));
  }
  boost::json::error_code ec;
  auto text = core::to_json(events::event_json(event));
  boost::json::parse(text, ec);
  if (ec) fail("an event does not serialize to JSON", text);
}

void check_event_input(const events::EventInput& input) {
  if (input.title) check_trimmed(*input.title, 1, 200, "title");
  if (input.description) check_lines(*input.description, 10'000, "description");
  if (input.location) check_trimmed(*input.location, 1, 200, "location");
  if (input.category && *input.category) check_trimmed(**input.category, 1, 50, "category");
  if (input.date) check_date(*input.date);
  if (input.capacity && (*input.capacity < 1 || *input.capacity > events::kMaxCapacity)) fail("capacity", "");
  if (input.price_minor && *input.price_minor && (**input.price_minor < 0 || **input.price_minor > kMaxPriceMinor)) {
    fail("price", std::to_string(**input.price_minor));
  }
  if (input.currency && *input.currency) {
    const auto& code = **input.currency;
    if (code.size() != 3 || code.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos) {
      fail("currency", code);
    }
  }
  if (input.max_per_booking && *input.max_per_booking &&
      (**input.max_per_booking < 1 || **input.max_per_booking > 100)) {
    fail("maxSeatsPerBooking", std::to_string(**input.max_per_booking));
  }
}

// An event with 60 of its 100 seats taken.
events::Event existing_event() {
  events::Event event;
  event.id = "0193a0c4-7e1f-7000-8000-000000000001";
  event.organizer_id = "0193a0c4-7e1f-7000-8000-000000000002";
  event.title = "Tech Conference 2030";
  event.date = "2030-06-15";
  event.starts_at = 1'907'712'000'000;
  event.location = "New York";
  event.capacity = 100;
  event.available_seats = 40;
  return event;
}

// Lines of distinct types, each at least one seat, whose quantities are the seats.
template <class Line>
void check_lines(const std::vector<Line>& lines, std::int64_t seats, std::size_t most, const char* what) {
  if (lines.size() > most) fail(what, std::to_string(lines.size()) + " lines");
  std::int64_t sum = 0;
  std::set<std::string> types;
  for (const auto& line : lines) {
    check_line(line.ticket_type_id, 1, 64, what);
    if (line.quantity < 1) fail(what, std::to_string(line.quantity));
    if (!types.insert(line.ticket_type_id).second) fail("a type on two lines", line.ticket_type_id);
    sum += line.quantity;
  }
  if (!lines.empty() && sum != seats) fail("seats that are not the lines' sum", std::to_string(seats));
}

void check_reservation(const events::ReservationRequest& wanted) {
  check_line(wanted.booking_id, 1, 64, "bookingId");
  check_line(wanted.event_id, 1, 64, "eventId");
  if (wanted.seats < 1 || wanted.seats > events::kMaxCapacity) fail("seats", std::to_string(wanted.seats));
  check_lines(wanted.items, wanted.seats, events::kMaxReservationItems, "items");
  if (wanted.promo_code) check_line(*wanted.promo_code, 1, 64, "promoCode");
}

void read(std::uint8_t route, const boost::json::object& body) {
  switch (route % 9) {
    case 0: {  // POST /api/users/register
      auto wanted = users::read_registration(body);
      check_line(wanted.username, 3, 32, "username");
      check_line(wanted.email, 3, 254, "email");
      if (users::check_username(wanted.username) || users::check_email(wanted.email) ||
          users::check_password(wanted.password)) {
        fail("a registration that breaks the rules was accepted", wanted.username);
      }
      check_line(wanted.password, users::kMinPassword, users::kMaxPassword, "password");
      break;
    }
    case 1: {  // POST /api/users/login
      auto wanted = users::read_sign_in(body);
      check_line(wanted.email, 0, std::string::npos, "email");
      break;
    }
    case 2: {  // PATCH /api/users/me
      auto change = users::read_profile_change(body, "ada@example.com");
      if (change.username) check_line(*change.username, 3, 32, "username");
      if (change.email && users::check_email(*change.email)) fail("email", *change.email);
      if (change.password) check_line(*change.password, users::kMinPassword, users::kMaxPassword, "password");
      if ((change.password || (change.email && users::fold_case(*change.email) != "ada@example.com")) &&
          !change.current_password) {
        fail("a sensitive change without the current password was accepted", change.email.value_or(""));
      }
      break;
    }
    case 3: {  // POST /api/events, as post_event makes the event
      auto input = events::read_event_input(body, events::InputMode::create);
      check_event_input(input);
      if (!input.title || !input.date || !input.location || !input.capacity) fail("a create lacks a field", "");
      events::Event event;
      event.capacity = event.available_seats = *input.capacity;
      input.capacity.reset();
      events::apply_input(event, input);
      check_event(event);
      break;
    }
    case 4:    // PUT /api/events/{id}
    case 5: {  // PATCH /api/events/{id}
      auto mode = route % 9 == 4 ? events::InputMode::replace : events::InputMode::change;
      auto input = events::read_event_input(body, mode);
      check_event_input(input);
      auto event = existing_event();
      events::apply_input(event, input);
      check_event(event);
      break;
    }
    case 6:  // POST /internal/reservations
      check_reservation(events::read_reservation_request(body));
      break;
    case 7: {  // POST /internal/reservations/batch
      auto wanted = events::read_reservation_batch(body);
      if (wanted.empty() || wanted.size() > events::kMaxReservationBatch) fail("a batch of the wrong size", "");
      for (const auto& one : wanted) check_reservation(one);
      break;
    }
    default: {  // POST /api/bookings
      auto wanted = bookings::read_booking_request(body, kMaxSeats);
      check_line(wanted.event_id, 1, 64, "eventId");
      if (wanted.user_id) check_line(*wanted.user_id, 0, std::string::npos, "userId");
      if (wanted.seats < 1 || wanted.seats > kMaxSeats) fail("seats", std::to_string(wanted.seats));
      check_lines(wanted.items, wanted.seats, bookings::kMaxBookingItems, "items");
      if (wanted.promo_code) check_line(*wanted.promo_code, 3, 32, "promoCode");
      break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    read(data[0], core::parse_object(body));
  } catch (const core::ApiError& error) {
    if (error.status() != 400 && error.status() != 409 && error.status() != 422) {
      fail("a body was refused with an unexpected status", error.detail());
    }
  }
  return 0;
}
