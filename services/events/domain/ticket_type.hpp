#pragma once

#include "eventbook/core/money.hpp"
#include "events/domain/event.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eventbook::events {

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

}  // namespace eventbook::events
