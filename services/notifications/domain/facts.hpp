#pragma once

#include "eventbook/bus/envelope.hpp"

#include <optional>
#include <string>
#include <vector>

namespace eventbook::notifications {

// What a bus message changes for the notifications service: whom it can
// mail, who holds seats for which event, and who hears of the message.
struct Fact {
  // user.registered: the name and address to greet and mail a user by.
  struct Contact {
    std::string user_id;
    std::string username;
    std::string email;
  };
  // booking.confirmed / booking.cancelled: whether a booking holds seats.
  struct Attendance {
    std::string booking_id;
    std::string event_id;
    std::string user_id;
    bool active = false;
  };

  std::optional<Contact> contact;
  std::optional<Attendance> attendance;
  std::optional<std::string> ended_event;          // nobody holds seats for it any more
  std::optional<std::string> notify_user;          // the one person who hears of it
  std::optional<std::string> notify_attendees_of;  // everyone holding seats for this event hears of it
};

// The message types the service consumes.
const std::vector<std::string>& fact_types();

// What a message of one of those types changes. An event cancellation
// notifies nobody: the people holding seats hear of it through the
// booking.cancelled of each of their bookings. Throws std::invalid_argument
// when a field it needs is missing or empty, or the type is not one of them.
Fact read_fact(const bus::Envelope& envelope);

}  // namespace eventbook::notifications
