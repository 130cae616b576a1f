#pragma once

#include "eventbook/bus/envelope.hpp"

#include <optional>
#include <string>

namespace eventbook::notifications {

// What one bus message tells a person: the inbox entry and the e-mail.
struct Notice {
  std::string type;   // the message type it came from
  std::string title;  // also the mail subject
  std::string body;   // one paragraph of plain text
  std::string mail_text;
  std::string mail_html;
};

// The notice for a message, or nothing when the message needs none. An event
// cancellation reaches people through the booking.cancelled message of each
// of their bookings, which the bookings service publishes after the
// booking.confirmed it follows, so no one is missed whatever order the
// services' messages arrive in.
// `name` greets the recipient when known. Throws std::invalid_argument when a
// field the notice needs is missing.
std::optional<Notice> compose(const bus::Envelope& envelope, const std::string& name);

std::string escape_html(std::string_view text);

}  // namespace eventbook::notifications
