#pragma once

#include "eventbook/core/json.hpp"
#include "eventbook/core/money.hpp"
#include "events/domain/ticket_type.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eventbook::events {

// One line of a reservation as asked for: so many seats of a ticket type.
struct ReservationItem {
  std::string ticket_type_id;
  std::int64_t quantity = 0;
};

// What a reservation asks for: {bookingId, eventId, seats} for seats of the
// event's default ticket type, or {bookingId, eventId, items: [...]} for
// several types at once.
struct ReservationRequest {
  std::string booking_id;
  std::string event_id;
  std::int64_t seats = 0;                   // in all
  std::vector<ReservationItem> items = {};  // none: `seats` of the default type
  std::optional<std::string> promo_code = std::nullopt;
  // The buyer showed a valid pass of the event's waiting room (checked by
  // bookings): without one, an event with a waiting room gives no seats.
  bool queue_pass = false;
  // An offer to the head of the waitlist: takes seats owed to it (and only those).
  bool waitlist_offer = false;
};

// The most lines one reservation has, and the most reservations one batch
// request carries.
inline constexpr std::size_t kMaxReservationItems = 10;
inline constexpr std::size_t kMaxReservationBatch = 256;

// A line of a reservation as it was made: the type, how many, and at what
// price each (none: free, without a price). Recorded with the reservation,
// so that a release gives every line's seats back to its type.
struct ReservationLine {
  std::string ticket_type_id;
  std::string name;
  std::int64_t quantity = 0;
  std::optional<core::Money> unit_price = std::nullopt;
  std::int64_t discount_minor = 0;  // off the whole line, by the reservation's promo code
};

// Why the event cannot give `seats` at `now` (it has not that many left, or
// none at all): "not-found", "cancelled", "past", "not-on-sale",
// "queue-pass-required" (its waiting room admits buyers, and this one has no
// pass), "too-many-seats" (more than it allows per booking) or "sold-out".
std::string event_refusal(const std::optional<Event>& event, std::int64_t seats, std::int64_t now,
                          bool queue_pass = false);

// Why a line of `quantity` seats of `type` cannot be had at `now` when its
// event has the seats: "unknown-ticket-type" (none such of the event, or
// hidden and not `unlocked` by a promo code), "not-on-sale" (outside its
// sales window), "too-many-seats" (more than it allows per booking) or
// "sold-out" (its quota is short).
std::string line_refusal(const std::optional<TicketType>& type, std::int64_t quantity, std::int64_t now,
                         bool unlocked = false);

// Reads one reservation request: ids of 1 to 64 characters, and either 1 to
// kMaxCapacity seats or 1 to kMaxReservationItems lines of distinct types
// (seats, if given too, must be their sum), and optionally a promoCode of 1
// to 64 characters. Nothing if the reader found a
// problem (the reader holds it).
std::optional<ReservationRequest> read_reservation(core::FieldReader& reader, const boost::json::object& body);

// POST /internal/reservations: one request; throws a 422 naming each bad field.
ReservationRequest read_reservation_request(const boost::json::object& body);

// POST /internal/reservations/batch {reservations: [...]}: 1 to
// kMaxReservationBatch requests, in order; throws a 422 naming each bad one.
std::vector<ReservationRequest> read_reservation_batch(const boost::json::object& body);

// The lines as the reservation records them, and back. Reading what was not
// written by lines_text throws.
std::string lines_text(const std::vector<ReservationLine>& lines);
std::vector<ReservationLine> lines_from_text(std::string_view text);

// [{ticketTypeId, name, quantity, unitPriceMinor, currency, discountMinor}] as
// the reservation routes answer them (prices in minor units; price and
// currency null for a line without one).
boost::json::array lines_json(const std::vector<ReservationLine>& lines);

}  // namespace eventbook::events
