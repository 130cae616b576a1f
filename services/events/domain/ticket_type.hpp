#pragma once

#include "eventbook/core/money.hpp"
#include "events/domain/event.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eventbook::events {

// The most ticket types one event may have.
inline constexpr std::size_t kMaxTicketTypes = 20;

// A kind of ticket an event sells. The event's capacity stays the hard total;
// a type's quota is a second limit (quotas may add up to more than the
// capacity). What a type leaves out, it takes from its event: no quota means
// the capacity, no price the event's price. The type every event gets,
// "General admission", leaves both out and so follows its event.
struct TicketType {
  std::string id;
  std::string event_id;
  std::int64_t position = 0;  // the order types are shown in; the first is the default
  std::string name;
  std::optional<std::string> description = std::nullopt;
  std::optional<core::Money> price = std::nullopt;
  std::optional<std::int64_t> quota = std::nullopt;
  std::int64_t sold = 0;                                       // seats of this type held by bookings
  std::optional<std::int64_t> sales_start = std::nullopt;      // UTC ms; none: from the start
  std::optional<std::int64_t> sales_end = std::nullopt;        // UTC ms; none: until the event starts
  std::optional<std::int64_t> max_per_booking = std::nullopt;  // none: the event's
  bool hidden = false;                                         // offered only with a promo code that unlocks it
};

// The id of the type an event gets when it is created without any.
std::string default_ticket_type_id(const std::string& event_id);

// The seats of this type left: what its quota leaves, bounded by the seats
// the event has left.
std::int64_t available(const TicketType& type, const Event& event);

// Whether the type can be bought at `now` (UTC ms): the event is scheduled
// and has not begun, and now is within the type's sales window.
bool on_sale(const TicketType& type, const Event& event, std::int64_t now);

// What one seat of the type costs: its own price, or else its event's; none
// for a free event without a price.
std::optional<core::Money> unit_price(const TicketType& type, const Event& event);

// {id, name, description, price, quota, available, onSale, salesStart,
// salesEnd, maxPerBooking}: price is null for a free event without a price.
boost::json::object ticket_type_json(const TicketType& type, const Event& event, std::int64_t now);

// The types the public sees (not hidden), in their order.
boost::json::array public_ticket_types_json(const std::vector<TicketType>& types, const Event& event, std::int64_t now);

// What the event's organizer sees: ticket_type_json plus sold and hidden.
boost::json::object organizer_ticket_type_json(const TicketType& type, const Event& event, std::int64_t now);

// The fields of a type's create (POST) or change (PATCH) request; absent
// fields stay empty, and a nullable field given as null holds nothing.
struct TicketTypeInput {
  std::optional<std::string> name;
  std::optional<std::optional<std::string>> description;
  std::optional<std::optional<core::Money>> price;
  std::optional<std::int64_t> quota;
  std::optional<std::optional<std::int64_t>> sales_start;
  std::optional<std::optional<std::int64_t>> sales_end;
  std::optional<std::optional<std::int64_t>> max_per_booking;
  std::optional<bool> hidden;
};

enum class TicketTypeMode { create, change };

// Reads and validates the request object; throws a 422 naming every bad
// field. On create, name and quota are required.
TicketTypeInput read_ticket_type_input(const boost::json::object& body, TicketTypeMode mode);

// POST /api/events: the event's fields, and the types it starts with (none:
// "General admission"). A bad type's field is named ticketTypes[N].field, in
// the same 422 as the event's own fields.
struct NewEventInput {
  EventInput event;
  std::vector<TicketTypeInput> ticket_types;
};
NewEventInput read_new_event_input(const boost::json::object& body);

// A type made from a create input.
TicketType make_ticket_type(const TicketTypeInput& input, std::string id, std::string event_id, std::int64_t position);

// Applies a change input to a type.
void apply_ticket_type_input(TicketType& type, const TicketTypeInput& input);

// What breaks the rules a type keeps within its event, given the event's
// other types: every price of an event is in one currency (the event's own
// price's, and its other types'), and a sales window ends after it starts.
// The fields are named as the request names them.
std::vector<core::FieldError> ticket_type_problems(const TicketType& type, const Event& event,
                                                   const std::vector<TicketType>& others);

// The types an event is created with, checked against the event and each
// other; throws a 422 naming ticketTypes[N].field.
void check_new_ticket_types(const std::vector<TicketType>& types, const Event& event);

}  // namespace eventbook::events
