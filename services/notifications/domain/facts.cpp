#include "notifications/domain/facts.hpp"

#include <stdexcept>

namespace eventbook::notifications {

namespace {

std::string field(const bus::Envelope& envelope, std::string_view name) {
  const auto* value = envelope.data.if_contains(name);
  if (value == nullptr || !value->is_string() || value->as_string().empty()) {
    throw std::invalid_argument(envelope.type + " lacks " + std::string(name));
  }
  return std::string(value->as_string());
}

}  // namespace

const std::vector<std::string>& fact_types() {
  static const std::vector<std::string> types{"user.registered", "booking.confirmed", "booking.cancelled",
                                              "event.updated",   "event.cancelled",   "waitlist.offered"};
  return types;
}

Fact read_fact(const bus::Envelope& envelope) {
  Fact fact;
  const auto& type = envelope.type;
  if (type == "user.registered") {
    auto user_id = field(envelope, "userId");
    auto username = field(envelope, "username");
    auto email = field(envelope, "email");
    fact.contact = Fact::Contact{user_id, std::move(username), std::move(email)};
    fact.notify_user = std::move(user_id);
  } else if (type == "booking.confirmed" || type == "booking.cancelled") {
    auto user_id = field(envelope, "userId");
    auto booking_id = field(envelope, "bookingId");
    auto event_id = field(envelope, "eventId");
    bool active = type == "booking.confirmed";
    fact.attendance = Fact::Attendance{std::move(booking_id), std::move(event_id), user_id, active};
    fact.notify_user = std::move(user_id);
  } else if (type == "waitlist.offered") {
    field(envelope, "eventId");
    field(envelope, "holdId");
    fact.notify_user = field(envelope, "userId");
  } else if (type == "event.updated") {
    fact.notify_attendees_of = field(envelope, "eventId");
  } else if (type == "event.cancelled") {
    fact.ended_event = field(envelope, "eventId");
  } else {
    throw std::invalid_argument("no fact is read from " + type);
  }
  return fact;
}

}  // namespace eventbook::notifications
