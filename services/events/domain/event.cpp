#include "events/domain/event.hpp"

#include "eventbook/core/clock.hpp"
#include "eventbook/core/money.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <ctime>

namespace eventbook::events {

namespace {

bool digits(std::string_view text, std::size_t at, std::size_t count, int& out) {
  if (at + count > text.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

bool valid_day(int year, int month, int day) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

std::int64_t to_epoch_ms(int year, int month, int day, int hour, int minute, int second) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<std::int64_t>(timegm(&tm)) * 1000;
}

std::string format_iso_seconds(std::int64_t ms) {
  auto full = core::format_utc(ms);  // 2025-06-15T10:00:00.000Z
  return full.substr(0, 19) + "Z";
}

}  // namespace

std::optional<std::string> trimmed_text(core::FieldReader& reader, const char* name, bool required, std::size_t min,
                                        std::size_t max, core::FieldReader::Text kind) {
  auto value = reader.string(name, required, kind);
  if (!value) return std::nullopt;
  auto begin = value->find_first_not_of(" \t\r\n");
  auto end = value->find_last_not_of(" \t\r\n");
  std::string text = begin == std::string::npos ? std::string() : value->substr(begin, end - begin + 1);
  if (text.size() < min || text.size() > max) {
    reader.fail(name, min > 0 ? "must be " + std::to_string(min) + " to " + std::to_string(max) + " characters"
                              : "must be at most " + std::to_string(max) + " characters");
    return std::nullopt;
  }
  return text;
}

std::optional<ParsedDate> parse_date(std::string_view text) {
  int year = 0, month = 0, day = 0;
  if (!digits(text, 0, 4, year) || text.size() < 10 || text[4] != '-' || !digits(text, 5, 2, month) || text[7] != '-' ||
      !digits(text, 8, 2, day) || !valid_day(year, month, day) || year < 1970 || year > 9999) {
    return std::nullopt;
  }
  if (text.size() == 10) {
    return ParsedDate{std::string(text), to_epoch_ms(year, month, day, 0, 0, 0)};
  }
  int hour = 0, minute = 0, second = 0;
  if ((text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !digits(text, 11, 2, hour) || text.size() < 16 ||
      text[13] != ':' || !digits(text, 14, 2, minute) || hour > 23 || minute > 59) {
    return std::nullopt;
  }
  std::size_t at = 16;
  if (at < text.size() && text[at] == ':') {
    if (!digits(text, at + 1, 2, second) || second > 59) return std::nullopt;
    at += 3;
    if (at < text.size() && text[at] == '.') {
      ++at;
      std::size_t start = at;
      while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) ++at;
      if (at == start) return std::nullopt;
    }
  }
  std::int64_t offset_minutes = 0;
  if (at < text.size()) {
    char sign = text[at];
    if ((sign == 'Z' || sign == 'z') && at + 1 == text.size()) {
      at = text.size();
    } else if (sign == '+' || sign == '-') {
      int oh = 0, om = 0;
      if (!digits(text, at + 1, 2, oh) || at + 6 != text.size() || text[at + 3] != ':' ||
          !digits(text, at + 4, 2, om) || oh > 23 || om > 59) {
        return std::nullopt;
      }
      offset_minutes = (sign == '+' ? 1 : -1) * (oh * 60 + om);
    } else {
      return std::nullopt;
    }
  }
  auto ms = to_epoch_ms(year, month, day, hour, minute, second) - offset_minutes * 60'000;
  // The offset may carry the time out of the years taken (9999-12-31T23:00-02:00
  // is in the year 10000), where the text returned would not read back.
  if (ms < 0 || ms >= to_epoch_ms(10000, 1, 1, 0, 0, 0)) {
    return std::nullopt;
  }
  return ParsedDate{format_iso_seconds(ms), ms};
}

EventInput read_event_input(const boost::json::object& body, InputMode mode) {
  core::FieldReader reader(body,
                           {"title", "description", "date", "location", "availableSeats", "capacity", "category",
                            "price", "maxSeatsPerBooking", "holdMinutes", "requireAttendeeNames", "onSaleAt",
                            "waitingRoom", "admitPerMinute", "passMinutes", "waitlistOrder", "offerMinutes"},
                           {"category", "price", "maxSeatsPerBooking", "onSaleAt", "admitPerMinute"});
  bool all = mode != InputMode::change;
  EventInput input;
  input.title = trimmed_text(reader, "title", all, 1, 200);
  input.description = trimmed_text(reader, "description", false, 0, 10'000, core::FieldReader::Text::lines);
  if (mode != InputMode::change && !input.description) input.description = "";
  if (auto date = reader.string("date", all)) {
    if (auto parsed = parse_date(*date)) {
      input.date = *parsed;
    } else {
      reader.fail("date", "must be an ISO 8601 date (2025-06-15) or date-time (2025-06-15T19:30:00Z)");
    }
  }
  input.location = trimmed_text(reader, "location", all, 1, 200);

  // The original API names the capacity availableSeats; either name is accepted. Both at once must agree
  // on create (422 naming both when they differ); a replace or change takes one of them only.
  const bool both = reader.has("capacity") && reader.has("availableSeats");
  const char* seats_field = reader.has("capacity") ? "capacity" : "availableSeats";
  if (both && mode != InputMode::create) {
    reader.fail("availableSeats", "is derived from the capacity and the bookings; change capacity instead");
  }
  auto seats = reader.integer(seats_field, all && !reader.has("capacity"));
  if (both && mode == InputMode::create) {
    auto named = reader.integer("availableSeats", false);
    if (seats && named && *seats != *named) {
      reader.fail("capacity", "must equal availableSeats when both are given");
      reader.fail("availableSeats", "must equal capacity when both are given");
      seats.reset();
    }
  } else if (both && seats) {
    const auto& named = body.at("availableSeats");
    if (named.is_number() && named.to_number<double>() != static_cast<double>(*seats)) {
      reader.fail("capacity", "differs from availableSeats; give capacity alone");
      seats.reset();
    }
  }
  if (seats) {
    if (*seats < 1 || *seats > kMaxCapacity) {
      reader.fail(seats_field, "must be from 1 to " + std::to_string(kMaxCapacity));
    } else {
      input.capacity = *seats;
    }
  }
  if (reader.has("category")) {
    if (body.at("category").is_null()) {
      input.category = std::optional<std::string>{};
    } else if (auto category = trimmed_text(reader, "category", false, 1, 50)) {
      input.category = category;
    }
  } else if (all) {
    input.category = std::optional<std::string>{};
  }
  if (reader.has("price")) {
    if (body.at("price").is_null()) {
      input.price_minor = std::optional<std::int64_t>{};
      input.currency = std::optional<std::string>{};
    } else if (auto price = core::read_money(reader, body, "price", false)) {
      input.price_minor = price->minor;
      input.currency = price->currency;
    }
  } else if (all) {
    input.price_minor = std::optional<std::int64_t>{};
    input.currency = std::optional<std::string>{};
  }
  if (reader.has("maxSeatsPerBooking")) {
    if (body.at("maxSeatsPerBooking").is_null()) {
      input.max_per_booking = std::optional<std::int64_t>{};
    } else if (auto max = reader.integer("maxSeatsPerBooking", false)) {
      if (*max < 1 || *max > 100) {
        reader.fail("maxSeatsPerBooking", "must be from 1 to 100");
      } else {
        input.max_per_booking = *max;
      }
    }
  } else if (all) {
    input.max_per_booking = std::optional<std::int64_t>{};
  }
  input.hold_minutes = reader.integer("holdMinutes", false);
  if (input.hold_minutes && (*input.hold_minutes < 1 || *input.hold_minutes > 60)) {
    reader.fail("holdMinutes", "must be from 1 to 60");
  }
  if (all && !input.hold_minutes) input.hold_minutes = kDefaultHoldMinutes;
  input.require_attendee_names = reader.boolean("requireAttendeeNames", false);
  if (all && !input.require_attendee_names) input.require_attendee_names = false;
  if (reader.has("onSaleAt") && body.at("onSaleAt").is_null()) {
    input.on_sale_at = std::optional<ParsedDate>{};
  } else if (auto on_sale = reader.string("onSaleAt", false)) {
    if (auto parsed = parse_date(*on_sale)) {
      input.on_sale_at = parsed;
    } else {
      reader.fail("onSaleAt", "must be an ISO 8601 date-time (2025-06-01T10:00:00Z)");
    }
  } else if (all) {
    input.on_sale_at = std::optional<ParsedDate>{};
  }
  input.waiting_room = reader.boolean("waitingRoom", false);
  if (all && !input.waiting_room) input.waiting_room = false;
  if (reader.has("admitPerMinute") && body.at("admitPerMinute").is_null()) {
    input.admit_per_minute = std::optional<std::int64_t>{};
  } else if (auto rate = reader.integer("admitPerMinute", false)) {
    if (*rate < 1 || *rate > kMaxAdmitPerMinute) {
      reader.fail("admitPerMinute", "must be from 1 to " + std::to_string(kMaxAdmitPerMinute));
    } else {
      input.admit_per_minute = *rate;
    }
  } else if (all) {
    input.admit_per_minute = std::optional<std::int64_t>{};
  }
  input.pass_minutes = reader.integer("passMinutes", false);
  if (input.pass_minutes && (*input.pass_minutes < 1 || *input.pass_minutes > 60)) {
    reader.fail("passMinutes", "must be from 1 to 60");
  }
  if (all && !input.pass_minutes) input.pass_minutes = kDefaultPassMinutes;
  input.waitlist_order = reader.string("waitlistOrder", false);
  if (input.waitlist_order && *input.waitlist_order != "strict" && *input.waitlist_order != "fit") {
    reader.fail("waitlistOrder", "must be strict or fit");
  }
  if (all && !input.waitlist_order) input.waitlist_order = "strict";
  input.offer_minutes = reader.integer("offerMinutes", false);
  if (input.offer_minutes && (*input.offer_minutes < 1 || *input.offer_minutes > 1440)) {
    reader.fail("offerMinutes", "must be from 1 to 1440");
  }
  if (all && !input.offer_minutes) input.offer_minutes = kDefaultOfferMinutes;
  reader.finish();
  return input;
}

std::vector<std::string> apply_input(Event& event, const EventInput& input) {
  if (event.status == "cancelled") {
    throw core::ApiError::conflict("event-cancelled", "A cancelled event cannot be changed.");
  }
  std::vector<std::string> changes;
  auto set = [&](auto& field, const auto& value, const char* name) {
    if (field != value) {
      field = value;
      changes.emplace_back(name);
    }
  };
  if (input.title) set(event.title, *input.title, "title");
  if (input.description) set(event.description, *input.description, "description");
  if (input.date) {
    set(event.date, input.date->text, "date");
    event.starts_at = input.date->ms;
  }
  if (input.location) set(event.location, *input.location, "location");
  if (input.category) set(event.category, *input.category, "category");
  if (input.price_minor) set(event.price_minor, *input.price_minor, "price");
  if (input.currency && event.currency != *input.currency) {
    event.currency = *input.currency;
    if (changes.empty() || changes.back() != "price") changes.emplace_back("price");
  }
  if (input.max_per_booking) set(event.max_per_booking, *input.max_per_booking, "maxSeatsPerBooking");
  if (input.hold_minutes) set(event.hold_minutes, *input.hold_minutes, "holdMinutes");
  if (input.require_attendee_names) {
    set(event.require_attendee_names, *input.require_attendee_names, "requireAttendeeNames");
  }
  if (input.on_sale_at) {
    std::optional<std::int64_t> at;
    if (*input.on_sale_at) at = (*input.on_sale_at)->ms;
    set(event.on_sale_at, at, "onSaleAt");
  }
  if (input.waiting_room) set(event.waiting_room, *input.waiting_room, "waitingRoom");
  if (input.admit_per_minute) set(event.admit_per_minute, *input.admit_per_minute, "admitPerMinute");
  if (input.pass_minutes) set(event.pass_minutes, *input.pass_minutes, "passMinutes");
  if (input.waitlist_order) set(event.waitlist_order, *input.waitlist_order, "waitlistOrder");
  if (input.offer_minutes) set(event.offer_minutes, *input.offer_minutes, "offerMinutes");
  // Checked on the event as it would be, whichever fields the change gave.
  if (event.on_sale_at && *event.on_sale_at >= event.starts_at) {
    throw core::ApiError::validation({{"onSaleAt", "must be before the event starts"}});
  }
  if (event.waiting_room && !event.on_sale_at) {
    throw core::ApiError::validation({{"waitingRoom", "needs onSaleAt: the room opens before the on-sale"}});
  }
  if (input.capacity && *input.capacity != event.capacity) {
    if (*input.capacity < event.taken()) {
      throw core::ApiError(
          409, "capacity-below-booked",
          "The capacity cannot drop below the " + std::to_string(event.taken()) + " seats already booked.",
          {{"capacity", "must be at least " + std::to_string(event.taken())}});
    }
    event.available_seats += *input.capacity - event.capacity;
    event.capacity = *input.capacity;
    changes.emplace_back("capacity");
  }
  return changes;
}

boost::json::object event_json(const Event& event) {
  boost::json::object out{{"id", event.id},
                          {"title", event.title},
                          {"description", event.description},
                          {"date", event.date},
                          {"location", event.location},
                          {"capacity", event.capacity},
                          {"availableSeats", event.open_seats()},
                          {"status", event.status},
                          {"organizerId", event.organizer_id},
                          {"createdAt", core::format_utc(event.created_at)},
                          {"updatedAt", core::format_utc(event.updated_at)}};
  out["category"] = event.category ? boost::json::value(*event.category) : boost::json::value(nullptr);
  if (event.price_minor && event.currency) {
    out["price"] = core::money_json({*event.price_minor, *event.currency});
  } else {
    out["price"] = nullptr;
  }
  out["maxSeatsPerBooking"] =
      event.max_per_booking ? boost::json::value(*event.max_per_booking) : boost::json::value(nullptr);
  out["holdMinutes"] = event.hold_minutes;
  out["requireAttendeeNames"] = event.require_attendee_names;
  out["onSaleAt"] = event.on_sale_at ? boost::json::value(format_iso_seconds(*event.on_sale_at)) : nullptr;
  out["waitingRoom"] = event.waiting_room;
  out["admitPerMinute"] = event.admit_per_minute ? boost::json::value(*event.admit_per_minute) : nullptr;
  out["passMinutes"] = event.pass_minutes;
  out["waitlistOrder"] = event.waitlist_order;
  out["offerMinutes"] = event.offer_minutes;
  out["seatsOwedToWaitlist"] = event.owed_seats;
  return out;
}

bool may_create_events(const std::string& role, bool is_admin, bool organizer_role_required) {
  return !organizer_role_required || role == "organizer" || is_admin;
}

bool may_change(const Event& event, const std::string& caller_id, bool caller_is_admin) {
  return event.organizer_id == caller_id || caller_is_admin;
}

EventPath read_event_path(std::string param) {
  EventPath path{std::move(param), false};
  path.ical = path.id.size() > 4 && path.id.compare(path.id.size() - 4, 4, ".ics") == 0;
  if (path.ical) path.id.resize(path.id.size() - 4);
  return path;
}

}  // namespace eventbook::events
