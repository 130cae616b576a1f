#pragma once

#include "eventbook/core/money.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eventbook::bookings {

// A line of a booking: so many seats of a ticket type; once confirmed, with
// the type's name and the price of each seat (none: free, without a price).
struct BookingLine {
  std::string ticket_type_id;
  std::string name;
  std::int64_t quantity = 0;
  std::optional<core::Money> unit_price = std::nullopt;
  std::int64_t discount_minor = 0;  // off the whole line, by the booking's promo code

  friend bool operator==(const BookingLine&, const BookingLine&) = default;
};

// Who a seat is for, as the buyer names them when confirming a hold.
struct Attendee {
  std::string name;
  std::string email;

  friend bool operator==(const Attendee&, const Attendee&) = default;
};

// pending → confirmed | rejected; confirmed → cancelled. A hold (checkout
// hold): pending → held | rejected; held → confirmed (before expires_at) |
// expired (by the sweep) | released (let go by its owner).
struct Booking {
  std::string id;
  std::string user_id;
  std::string event_id;
  std::int64_t seats = 1;
  std::string status = "pending";
  std::optional<std::string> reason;
  std::optional<std::string> idempotency_key;
  std::optional<std::string> event_title;
  std::optional<std::string> event_date;
  std::optional<std::string> event_location;
  std::optional<std::string> organizer_id;
  std::optional<std::string> ticket_code;
  bool seats_released = false;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  // The lines asked for (none: `seats` of the event's default type); once
  // confirmed, the lines as priced by the events service.
  std::vector<BookingLine> items = {};
  std::optional<core::Money> discount = std::nullopt;  // with total: none when no line has a price
  std::optional<core::Money> total = std::nullopt;
  std::string payment_status = "none";                        // none (nothing to pay), due, paid
  std::optional<std::string> refused_type_id = std::nullopt;  // the ticket type a rejection is about
  std::optional<std::string> promo_code = std::nullopt;
  bool hold = false;            // made as a checkout hold
  bool asked_items = false;     // asked for lines of types by name, not seats of the default type
  bool queue_pass = false;      // its buyer showed a valid pass of the event's waiting room
  bool waitlist_offer = false;  // a hold made as a waitlist offer
  std::optional<std::int64_t> expires_at = std::nullopt;  // UTC ms, for a hold once held
  bool require_attendees = false;                         // its event wants a name per seat at confirmation
  std::vector<Attendee> attendees = {};                   // one per seat, when named
  std::optional<std::int64_t> opens_at = std::nullopt;    // refused as not on sale yet: when it goes on sale
};

// The most lines one booking has.
inline constexpr std::size_t kMaxBookingItems = 10;

struct BookingRequest {
  std::optional<std::string> user_id;
  std::string event_id;
  std::int64_t seats = 1;
  std::vector<BookingLine> items = {};  // none: `seats` of the default type
  std::optional<std::string> promo_code = std::nullopt;
  bool hold = false;  // POST /api/holds: the same request, held for checkout
};

// Reads {userId?, eventId, seats?} or {userId?, eventId, items: [{ticketTypeId,
// quantity}]} (1 to kMaxBookingItems lines of distinct types, max_seats in
// all), and optionally a promoCode; throws a 422 naming each bad field.
BookingRequest read_booking_request(const boost::json::object& body, std::int64_t max_seats);

// The Idempotency-Key header: 1 to 128 visible ASCII characters.
std::optional<std::string> read_idempotency_key(const std::optional<std::string>& header);

boost::json::object booking_json(const Booking& booking);

// The lines as the events service answers them and the booking records them:
// [{ticketTypeId, name, quantity, unitPriceMinor, currency, discountMinor}]. Reading throws
// std::invalid_argument for anything else.
boost::json::array lines_json(const std::vector<BookingLine>& lines);
std::vector<BookingLine> lines_from_json(const boost::json::value& value);

// What the priced lines come to: the total, their discounts taken off, and
// the discount, in the lines' currency; none when no line has a price (or,
// which the events service never answers, the lines' currencies differ).
struct Amounts {
  core::Money total;
  core::Money discount;
};
std::optional<Amounts> amounts_of(const std::vector<BookingLine>& lines);

// Whether a confirmed booking's total is to be paid: "due" when it is above
// zero, "none" otherwise.
std::string payment_status_for(const std::optional<core::Money>& total);

// POST /api/bookings/{id}/payment {status: "paid"|"due"}: who marks it (the
// organizer of its event or an admin; the owner is refused with 403) and
// whether it can be (a confirmed booking with something to pay: 409
// otherwise). Returns the status read.
std::string read_payment_change(const boost::json::object& body, const Booking& booking, const std::string& caller_id,
                                bool caller_is_admin);

// Whom a booking request books for: the userId given, or the caller when
// none is. Only an administrator books for someone else: 403 otherwise.
std::string booking_owner(const BookingRequest& request, const std::string& caller_id, bool caller_is_admin);

// A request repeated under an Idempotency-Key asks for what the first one
// did (the same event, seats, lines and promo code); throws a 422 otherwise.
void check_same_request(const Booking& earlier, const BookingRequest& wanted);

// What the events service's answer for the seats makes of a pending booking:
// confirmed when they are reserved; otherwise rejected, for the reason the
// answer gives (or, without one, for the answer itself).
struct Settlement {
  std::string status;
  std::optional<std::string> reason;
};
Settlement settlement_for(const std::string& answer_status, const std::optional<std::string>& answer_reason);

// Who sees a booking: the person who booked, the organizer of its event, an
// administrator.
bool may_see(const Booking& booking, const std::string& caller_id, bool caller_is_admin);

// Who sees and acts on a hold: the person who holds it, or an administrator.
bool may_hold(const Booking& booking, const std::string& caller_id, bool caller_is_admin);

// When a hold settled at `held_at` expires: the event's holdMinutes later.
std::int64_t hold_expiry(std::int64_t held_at, std::int64_t hold_minutes);

// {holdId, status, eventId, seats, expiresAt, items, promoCode, discount,
// total, attendeesRequired, bookingId (once confirmed)}
boost::json::object hold_json(const Booking& booking);

// Who cancels a booking: the person who booked, or an administrator.
bool may_cancel(const Booking& booking, const std::string& caller_id, bool caller_is_admin);

// What cancelling does to a booking in its status: a confirmed one is
// cancelled, a cancelled one stays as it is. A pending or rejected one
// cannot be cancelled: throws a 409.
enum class Cancellation { cancel, unchanged };
Cancellation cancellation_of(const Booking& booking);

// The organizer whose events' bookings ?eventId= may list: the caller, or
// anyone's ("") for an administrator.
std::string event_bookings_organizer(const std::string& caller_id, bool caller_is_admin);

// The answer to give for a booking that was not confirmed.
[[noreturn]] void throw_for_refusal(const Booking& booking);

// POST /api/holds/{id}/confirm's optional body {attendees: [{name, email}]}:
// one per seat when given (name 1 to 100 characters, an e-mail address),
// and required when the hold's event wants them. Throws a 422 naming each
// bad field.
std::vector<Attendee> read_confirmation(const boost::json::object& body, const Booking& hold);

// [{name, email}] as the booking keeps and shows them, and back.
boost::json::array attendees_json(const std::vector<Attendee>& attendees);
std::vector<Attendee> attendees_from_json(const boost::json::value& value);

// The answer to confirming a hold that has ended (expired or let go of, 410)
// or is not held yet (409).
[[noreturn]] void throw_for_ended_hold(const Booking& hold);

}  // namespace eventbook::bookings
