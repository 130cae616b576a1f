#pragma once

#include "eventbook/core/json.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace eventbook::bookings {

// One account's place on an event's waitlist, for a group of seats.
// waiting: in line; offered: seats are held for it (the hold `hold_id`,
// until offer_expires_at); booked: the offer was confirmed; lapsed: the
// offer ran out or was let go of; left: its owner left the line.
struct WaitlistEntry {
  std::string id;
  std::string event_id;
  std::string user_id;
  std::int64_t seats = 1;
  std::optional<std::string> ticket_type_id = std::nullopt;
  std::string state = "waiting";
  std::optional<std::string> hold_id = std::nullopt;
  std::optional<std::int64_t> offer_expires_at = std::nullopt;
  bool notified = false;  // the offer was announced
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;

  bool active() const noexcept { return state == "waiting" || state == "offered"; }
};

// POST /api/events/{id}/waitlist {seats, ticketTypeId?}: 1 to max_seats
// seats (default 1); a 422 naming each bad field.
struct WaitlistRequest {
  std::int64_t seats = 1;
  std::optional<std::string> ticket_type_id;
};
WaitlistRequest read_waitlist_request(const boost::json::object& body, std::int64_t max_seats);

// The entry as its owner and the organizer see it; position only while waiting.
boost::json::object waitlist_json(const WaitlistEntry& entry, std::optional<std::int64_t> position);

// Which waiting entry (in order) `owed` seats are offered to: in strict
// order only the first, if its group fits; in "fit" order the first whose
// group fits. An entry whose ticket type's quota does not leave its seats
// is passed over in either order, as waitlist_demand owes it nothing
// (type_left: none when the type has no quota of its own; an entry without
// a type asks it for "", the event's default type). None when nothing fits.
std::optional<std::size_t> entry_to_offer(
    const std::vector<WaitlistEntry>& waiting, std::int64_t owed, const std::string& order,
    const std::function<std::optional<std::int64_t>(const std::string& type_id)>& type_left = {});

// Waiting entries of an event alike: of one ticket type (or none), for so many seats.
struct WaitingGroup {
  std::optional<std::string> ticket_type_id;
  std::int64_t seats = 0;
  std::int64_t entries = 0;
};
// The seats the waiting entries can take of what comes back to the event:
// an entry counts only while its ticket type's quota leaves its seats
// (type_left as for entry_to_offer, "" for the default type of an entry
// without one; a type the event does not sell now counts nothing), so that
// seats are never owed to entries that could not take them.
std::int64_t waitlist_demand(
    const std::vector<WaitingGroup>& groups,
    const std::function<std::optional<std::optional<std::int64_t>>(const std::string& type_id)>& type_left);

}  // namespace eventbook::bookings
