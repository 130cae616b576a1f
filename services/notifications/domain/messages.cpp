#include "notifications/domain/messages.hpp"

#include "eventbook/core/markup.hpp"
#include "notifications/mail/mime.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace eventbook::notifications {

namespace {

// Ticket codes are 26 characters; the check-in route takes up to 64.
constexpr std::size_t kLongestCode = 64;

struct Ticket {
  std::string code;
  std::string type;
  std::string attendee;  // empty when the seat is not named
};

// What a mail says after its paragraph and before the signature.
struct Extra {
  std::string text;  // ends with a blank line
  std::string html;
  std::vector<MailQrCode> qr_codes;
};

std::string text_of(const boost::json::object& data, std::string_view name) {
  const auto* value = data.if_contains(name);
  if (value == nullptr || !value->is_string()) {
    throw std::invalid_argument("message data lacks text field " + std::string(name));
  }
  return std::string(value->as_string());
}

std::string optional_text(const boost::json::object& data, std::string_view name) {
  const auto* value = data.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

std::string seats_phrase(const boost::json::object& data) {
  const auto* value = data.if_contains("seats");
  std::int64_t seats = value != nullptr && value->is_int64() ? value->as_int64() : 1;
  return std::to_string(seats) + (seats == 1 ? " seat" : " seats");
}

std::string when_where(const boost::json::object& data) {
  std::string date = optional_text(data, "eventDate");
  if (date.empty()) date = optional_text(data, "date");
  std::string location = optional_text(data, "eventLocation");
  if (location.empty()) location = optional_text(data, "location");
  std::string out;
  if (!date.empty()) out += " on " + date;
  if (!location.empty()) out += " in " + location;
  return out;
}

Notice finish(std::string type, std::string title, std::string body, const std::string& name, Extra extra = {}) {
  std::string greeting = name.empty() ? "Hello," : "Hello " + name + ",";
  Notice notice{std::move(type), std::move(title), std::move(body), {}, {}, std::move(extra.qr_codes)};
  notice.mail_text = greeting + "\n\n" + notice.body + "\n\n" + extra.text + "-- eventbook\n";
  notice.mail_html = "<!doctype html><html><body><p>" + core::escape_markup(greeting) + "</p><p>" +
                     core::escape_markup(notice.body) + "</p>" + extra.html + "<p>&mdash; eventbook</p></body></html>";
  return notice;
}

// The "tickets" of a booking.confirmed, in seat order; none in the messages
// of the releases before tickets. A ticket without its code cannot be shown;
// its type and attendee are only words on it.
std::vector<Ticket> tickets_of(const boost::json::object& data) {
  const auto* list = data.if_contains("tickets");
  if (list == nullptr || list->is_null()) {
    return {};
  }
  if (!list->is_array()) {
    throw std::invalid_argument("message data field tickets is not a list");
  }
  std::vector<Ticket> tickets;
  for (const auto& entry : list->as_array()) {
    const auto* ticket = entry.if_object();
    if (ticket == nullptr) {
      throw std::invalid_argument("a ticket is not an object");
    }
    std::string code = text_of(*ticket, "code");
    bool visible = std::all_of(code.begin(), code.end(), [](char c) { return c > ' ' && c < 0x7f; });
    if (code.empty() || code.size() > kLongestCode || !visible) {
      throw std::invalid_argument("a ticket's code is not 1 to 64 visible ASCII characters");
    }
    std::string type;
    if (const auto* ticket_type = ticket->if_contains("ticketType");
        ticket_type != nullptr && ticket_type->is_object()) {
      type = mime::single_line(optional_text(ticket_type->as_object(), "name"));
    }
    std::string attendee;
    if (const auto* person = ticket->if_contains("attendee"); person != nullptr && person->is_object()) {
      attendee = mime::single_line(optional_text(person->as_object(), "name"));
    }
    tickets.push_back(Ticket{std::move(code), type.empty() ? "Ticket" : std::move(type), std::move(attendee)});
  }
  return tickets;
}

// Unique to the booking and the seat; only characters that need no escaping
// in a header or a URL.
std::string content_id(const std::string& booking_id, std::size_t seat) {
  std::string booking;
  std::copy_if(booking_id.begin(), booking_id.end(), std::back_inserter(booking),
               [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; });
  return "ticket-" + std::to_string(seat) + (booking.empty() ? "" : "." + booking) + "@eventbook";
}

// A line each in the text; a card each in the HTML, with the code's QR code.
Extra ticket_list(const std::vector<Ticket>& tickets, const std::string& booking_id) {
  Extra extra;
  if (tickets.empty()) {
    return extra;
  }
  extra.text = "Your tickets:\n";
  extra.html = "<p>Your tickets:</p>";
  for (std::size_t i = 0; i < tickets.size(); ++i) {
    const auto& ticket = tickets[i];
    extra.text += ticket.type + (ticket.attendee.empty() ? "" : ", " + ticket.attendee) + ": " + ticket.code + "\n";
    MailQrCode qr{content_id(booking_id, i + 1), ticket.code};
    extra.html +=
        "<div style=\"border:1px solid #d0d7de;border-radius:8px;padding:16px;margin:0 0 16px;max-width:320px\">"
        "<p style=\"margin:0;font-weight:bold\">" +
        core::escape_markup(ticket.type) + "</p>";
    if (!ticket.attendee.empty()) {
      extra.html += "<p style=\"margin:4px 0 0\">" + core::escape_markup(ticket.attendee) + "</p>";
    }
    extra.html += "<img src=\"cid:" + core::escape_markup(qr.content_id) +
                  "\" alt=\"QR code of the ticket\" style=\"display:block;margin:12px 0\">"
                  "<p style=\"margin:0;font-family:monospace;font-size:16px\">" +
                  core::escape_markup(ticket.code) + "</p></div>";
    extra.qr_codes.push_back(std::move(qr));
  }
  extra.text += "\n";
  return extra;
}

}  // namespace

std::optional<Notice> compose(const bus::Envelope& envelope, const std::string& name, const std::string& site) {
  const auto& data = envelope.data;
  const auto& type = envelope.type;
  if (type == "user.registered") {
    std::string username = text_of(data, "username");
    return finish(type, "Welcome to eventbook, " + username + "!",
                  "Your account is ready. Browse upcoming events and book your seats in a few clicks.", name);
  }
  if (type == "booking.confirmed") {
    std::string title = text_of(data, "eventTitle");
    std::string booking_id = text_of(data, "bookingId");
    return finish(type, "Booking confirmed: " + title,
                  "Your booking of " + seats_phrase(data) + " for " + title + when_where(data) +
                      " is confirmed. Booking reference: " + booking_id + ".",
                  name, ticket_list(tickets_of(data), booking_id));
  }
  if (type == "booking.cancelled") {
    std::string title = text_of(data, "eventTitle");
    if (optional_text(data, "reason") == "event-cancelled") {
      return finish(type, "Event cancelled: " + title,
                    title + when_where(data) + " has been cancelled. Your booking of " + seats_phrase(data) +
                        " is cancelled and the seats released. Booking reference: " + text_of(data, "bookingId") + ".",
                    name);
    }
    return finish(type, "Booking cancelled: " + title,
                  "Your booking of " + seats_phrase(data) + " for " + title + when_where(data) +
                      " has been cancelled and the seats released. Booking reference: " + text_of(data, "bookingId") +
                      ".",
                  name);
  }
  if (type == "waitlist.offered") {
    std::string title = optional_text(data, "eventTitle");
    if (title.empty()) title = "the event";
    std::string link = site + "/events/" + text_of(data, "eventId");
    std::string until = text_of(data, "expiresAt");
    Extra extra;
    extra.text = "Confirm them here before " + until + ": " + link + "\n\n";
    extra.html = "<p><a href=\"" + core::escape_markup(link) + "\">Confirm your seats</a> before " +
                 core::escape_markup(until) + ".</p>";
    return finish(type, "Seats for you: " + title,
                  "Your turn on the waitlist: " + seats_phrase(data) + " for " + title + " are held for you until " +
                      until +
                      ". Confirm them before then, or they go to the next "
                      "person in line. Hold reference: " +
                      text_of(data, "holdId") + ".",
                  name, std::move(extra));
  }
  if (type == "event.updated") {
    std::string title = text_of(data, "title");
    std::string changes;
    if (const auto* list = data.if_contains("changes"); list != nullptr && list->is_array()) {
      for (const auto& field : list->as_array()) {
        if (field.is_string()) {
          changes += (changes.empty() ? "" : ", ") + std::string(field.as_string());
        }
      }
    }
    std::string body = title + " has changed";
    body += changes.empty() ? "." : " (" + changes + ").";
    if (auto place = when_where(data); !place.empty()) {
      body += " It now takes place" + place + ".";
    }
    return finish(type, "Event updated: " + title, body, name);
  }
  return std::nullopt;
}

}  // namespace eventbook::notifications
