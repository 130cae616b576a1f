#pragma once

#include "eventbook/core/json.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eventbook::events {

inline constexpr std::int64_t kMaxCapacity = 1'000'000;
inline constexpr std::int64_t kDefaultHoldMinutes = 10;
inline constexpr std::int64_t kDefaultPassMinutes = 10;
inline constexpr std::int64_t kMaxAdmitPerMinute = 100'000;
inline constexpr std::int64_t kDefaultOfferMinutes = 15;

struct Event {
  std::string id;
  std::string organizer_id;
  std::string title;
  std::string description;
  std::string date;            // as returned: a plain date as given, a date-time in UTC
  std::int64_t starts_at = 0;  // UTC milliseconds
  std::string location;
  std::optional<std::string> category;
  std::optional<std::int64_t> price_minor;  // in minor units of currency (core::Money)
  std::optional<std::string> currency;
  std::int64_t capacity = 0;
  std::int64_t available_seats = 0;
  std::optional<std::int64_t> max_per_booking;
  std::int64_t hold_minutes = kDefaultHoldMinutes;    // how long a checkout hold keeps its seats
  bool require_attendee_names = false;                // a hold is confirmed with a name per seat
  std::optional<std::int64_t> on_sale_at;             // UTC ms; none: on sale at once
  bool waiting_room = false;                          // the on-sale goes through a waiting room
  std::optional<std::int64_t> admit_per_minute;       // none: derived from the seats left and the booking rate
  std::int64_t pass_minutes = kDefaultPassMinutes;    // how long an admission pass lasts
  std::int64_t waitlist_demand = 0;                   // seats the waitlist's waiting entries want
  std::int64_t owed_seats = 0;                        // free seats owed to the waitlist
  std::string waitlist_order = "strict";              // strict, fit
  std::int64_t offer_minutes = kDefaultOfferMinutes;  // how long a waitlist offer is held
  std::string status = "scheduled";                   // scheduled, cancelled
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;

  std::int64_t taken() const noexcept { return capacity - available_seats; }
  // What a new booker can take: the free seats not owed to the waitlist.
  std::int64_t open_seats() const noexcept { return available_seats - owed_seats; }
};

// An ISO 8601 date ("2025-06-15") or date-time ("2025-06-15T19:30:00+02:00";
// no offset means UTC), read into UTC.
struct ParsedDate {
  std::string text;  // what to return: the plain date as given, or the UTC date-time
  std::int64_t ms = 0;
};
std::optional<ParsedDate> parse_date(std::string_view text);

// Reads a text field without the white space around it, from min to max
// characters; what is wrong goes to reader.
std::optional<std::string> trimmed_text(core::FieldReader& reader, const char* name, bool required, std::size_t min,
                                        std::size_t max, core::FieldReader::Text kind = core::FieldReader::Text::line);

// The fields of a create, replace (PUT) or change (PATCH) request; absent
// fields stay empty.
struct EventInput {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<ParsedDate> date;
  std::optional<std::string> location;
  std::optional<std::optional<std::string>> category;  // set to nothing: cleared
  std::optional<std::optional<std::int64_t>> price_minor;
  std::optional<std::optional<std::string>> currency;
  std::optional<std::int64_t> capacity;
  std::optional<std::optional<std::int64_t>> max_per_booking;
  std::optional<std::int64_t> hold_minutes;
  std::optional<bool> require_attendee_names;
  std::optional<std::optional<ParsedDate>> on_sale_at;  // set to nothing: on sale at once
  std::optional<bool> waiting_room;
  std::optional<std::optional<std::int64_t>> admit_per_minute;
  std::optional<std::int64_t> pass_minutes;
  std::optional<std::string> waitlist_order;
  std::optional<std::int64_t> offer_minutes;
};

enum class InputMode { create, replace, change };

// Reads and validates the request object; throws a 422 naming every bad field.
EventInput read_event_input(const boost::json::object& body, InputMode mode);

// Applies a change to an event; returns the names of the fields that changed.
// Throws a 409 when the capacity would drop below the seats already taken, or
// the event is cancelled.
std::vector<std::string> apply_input(Event& event, const EventInput& input);

boost::json::object event_json(const Event& event);

// Who creates events: an organizer or an administrator; anyone signed in
// when the service does not require the organizer role.
bool may_create_events(const std::string& role, bool is_admin, bool organizer_role_required);

// Who changes or cancels an event: its organizer or an administrator.
bool may_change(const Event& event, const std::string& caller_id, bool caller_is_admin);

// GET /api/events/{id}: the event's id, and whether {id}.ics asked for the
// calendar file.
struct EventPath {
  std::string id;
  bool ical = false;
};
EventPath read_event_path(std::string param);

}  // namespace eventbook::events
