#pragma once

#include "bookings/domain/booking.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eventbook::bookings {

// Who admitted a ticket at the door, and when.
struct CheckIn {
  std::int64_t at = 0;  // UTC ms
  std::string by;       // user id
  std::string label;    // as shown to the next scanner: a door staff e-mail, "organizer" or "admin"
};

// A confirmed seat: valid while its booking stands, void once it is cancelled.
struct Ticket {
  std::string id;
  std::string booking_id;
  std::string event_id;
  std::int64_t seat_no = 0;  // 0-based within the booking
  std::optional<std::string> ticket_type_id;
  std::string ticket_type_name;
  std::string code;
  std::optional<Attendee> attendee = std::nullopt;
  std::string status = "valid";
  std::optional<CheckIn> check_in = std::nullopt;
  std::int64_t created_at = 0;
};

// A new ticket code: 26 characters of an alphabet without look-alikes
// (no 0/O, 1/I), 130 random bits from the operating system's generator, so
// that no code can be guessed. Codes are checked against the tickets stored;
// nothing in a code itself is trusted.
std::string new_ticket_code();

// A code as scanned or typed, as codes are stored: upper case, without
// spaces or dashes.
std::string normalized_code(std::string_view scanned);

// The tickets of a booking just confirmed: one per seat, line by line, each
// with the attendee named for its seat (when the buyer named them).
std::vector<Ticket> tickets_for(const Booking& confirmed, std::int64_t now);

// {id, bookingId, eventId, code, ticketType: {id, name}, attendee, status,
// checkedInAt, checkedInBy}
boost::json::object ticket_json(const Ticket& ticket);
boost::json::object ticket_type_json(const Ticket& ticket);
boost::json::value attendee_json(const Ticket& ticket);

// {tickets: [{id, code, ticketType, attendee}]} as booking.confirmed carries them.
boost::json::array tickets_message(const std::vector<Ticket>& tickets);

// POST /api/events/{id}/checkins {code}: the code, normalized; a 422 for
// anything else.
std::string read_scanned_code(const boost::json::object& body);

// A ticket in the attendee list: with its booking's buyer and payment status.
struct AttendeeRow {
  Ticket ticket;
  std::string buyer_id;
  std::string payment_status;
};
boost::json::object attendee_row_json(const AttendeeRow& row);
std::string attendee_csv_header();
std::string attendee_csv_record(const AttendeeRow& row);

}  // namespace eventbook::bookings
