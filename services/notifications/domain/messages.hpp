#pragma once

#include "eventbook/bus/envelope.hpp"

#include <optional>
#include <string>
#include <vector>

namespace eventbook::notifications {

// A QR code that the HTML of a mail shows as <img src="cid:CONTENT-ID">; the
// image is drawn when the mail is sent.
struct MailQrCode {
  std::string content_id;  // "left@right"
  std::string text;        // what the code holds: a ticket code
};

// What one bus message tells a person: the inbox entry and the e-mail.
struct Notice {
  std::string type;   // the message type it came from
  std::string title;  // also the mail subject
  std::string body;   // one paragraph of plain text
  std::string mail_text;
  std::string mail_html;
  std::vector<MailQrCode> mail_qr_codes;
};

// The notice for a message, or nothing when the message needs none. An event
// cancellation reaches people through the booking.cancelled message of each
// of their bookings, which the bookings service publishes after the
// booking.confirmed it follows, so no one is missed whatever order the
// services' messages arrive in.
// `name` greets the recipient when known. A booking.confirmed with tickets
// lists them in the mail: a line each in the text, a card each with its QR
// code in the HTML. Throws std::invalid_argument when a field the notice needs
// is missing, or a ticket is malformed. `site` (e.g. https://tickets.example.org)
// makes the links in mails absolute; empty, they are paths of the site.
std::optional<Notice> compose(const bus::Envelope& envelope, const std::string& name, const std::string& site = {});

}  // namespace eventbook::notifications
