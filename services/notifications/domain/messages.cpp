#include "notifications/domain/messages.hpp"

#include <stdexcept>

namespace eventbook::notifications {

namespace {

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

Notice finish(std::string type, std::string title, std::string body, const std::string& name) {
  std::string greeting = name.empty() ? "Hello," : "Hello " + name + ",";
  Notice notice{std::move(type), std::move(title), std::move(body), {}, {}};
  notice.mail_text = greeting + "\n\n" + notice.body + "\n\n-- eventbook\n";
  notice.mail_html = "<!doctype html><html><body><p>" + escape_html(greeting) + "</p><p>" + escape_html(notice.body) +
                     "</p><p>&mdash; eventbook</p></body></html>";
  return notice;
}

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::optional<Notice> compose(const bus::Envelope& envelope, const std::string& name) {
  const auto& data = envelope.data;
  const auto& type = envelope.type;
  if (type == "user.registered") {
    std::string username = text_of(data, "username");
    return finish(type, "Welcome to eventbook, " + username + "!",
                  "Your account is ready. Browse upcoming events and book your seats in a few clicks.", name);
  }
  if (type == "booking.confirmed") {
    std::string title = text_of(data, "eventTitle");
    return finish(type, "Booking confirmed: " + title,
                  "Your booking of " + seats_phrase(data) + " for " + title + when_where(data) +
                      " is confirmed. Booking reference: " + text_of(data, "bookingId") + ".",
                  name);
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
