#include "bookings/domain/waitlist.hpp"

#include "eventbook/core/clock.hpp"

namespace eventbook::bookings {

WaitlistRequest read_waitlist_request(const boost::json::object& body, std::int64_t max_seats) {
  core::FieldReader reader(body, {"seats", "ticketTypeId"});
  WaitlistRequest request;
  auto seats = reader.integer("seats", false);
  if (seats && (*seats < 1 || *seats > max_seats)) {
    reader.fail("seats", "must be from 1 to " + std::to_string(max_seats));
  }
  request.ticket_type_id = reader.string("ticketTypeId", false);
  if (request.ticket_type_id && (request.ticket_type_id->empty() || request.ticket_type_id->size() > 64)) {
    reader.fail("ticketTypeId", "must be a ticket type id");
  }
  reader.finish();
  request.seats = seats.value_or(1);
  return request;
}

boost::json::object waitlist_json(const WaitlistEntry& entry, std::optional<std::int64_t> position) {
  boost::json::object out{{"id", entry.id},
                          {"eventId", entry.event_id},
                          {"userId", entry.user_id},
                          {"seats", entry.seats},
                          {"ticketTypeId", entry.ticket_type_id ? boost::json::value(*entry.ticket_type_id) : nullptr},
                          {"state", entry.state},
                          {"position", position ? boost::json::value(*position) : nullptr},
                          {"joinedAt", core::format_utc(entry.created_at)},
                          {"updatedAt", core::format_utc(entry.updated_at)}};
  if (entry.state == "offered" && entry.hold_id) {
    boost::json::object offer{{"holdId", *entry.hold_id}};
    offer["expiresAt"] = entry.offer_expires_at ? boost::json::value(core::format_utc(*entry.offer_expires_at))
                                                : boost::json::value(nullptr);
    out["offer"] = std::move(offer);
  }
  return out;
}

std::optional<std::size_t> entry_to_offer(
    const std::vector<WaitlistEntry>& waiting, std::int64_t owed, const std::string& order,
    const std::function<std::optional<std::int64_t>(const std::string& type_id)>& type_left) {
  for (std::size_t n = 0; n < waiting.size(); ++n) {
    const auto& entry = waiting[n];
    if (type_left) {
      // Its type cannot give its seats: it is owed none, and holds up nobody.
      auto left = type_left(entry.ticket_type_id.value_or(""));
      if (left && *left < entry.seats) continue;
    }
    if (entry.seats <= owed) return n;
    if (order != "fit") break;
  }
  return std::nullopt;
}

std::int64_t waitlist_demand(
    const std::vector<WaitingGroup>& groups,
    const std::function<std::optional<std::optional<std::int64_t>>(const std::string& type_id)>& type_left) {
  std::int64_t demand = 0;
  for (const auto& group : groups) {
    auto left = type_left(group.ticket_type_id.value_or(""));
    if (!left) continue;                          // not sold now
    if (*left && **left < group.seats) continue;  // its quota is short
    demand += group.seats * group.entries;
  }
  return demand;
}

}  // namespace eventbook::bookings
