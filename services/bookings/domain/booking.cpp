#include "bookings/domain/booking.hpp"

#include "eventbook/core/clock.hpp"
#include "eventbook/core/json.hpp"

#include <algorithm>
#include <stdexcept>

namespace eventbook::bookings {

namespace {

// items: [{ticketTypeId, quantity}], 1 to kMaxBookingItems lines of distinct types.
std::vector<BookingLine> read_items(core::FieldReader& reader, const boost::json::value& list) {
  std::vector<BookingLine> items;
  if (!list.is_array() || list.as_array().empty() || list.as_array().size() > kMaxBookingItems) {
    reader.fail("items", "must be a list of 1 to " + std::to_string(kMaxBookingItems) + " lines");
    return items;
  }
  for (std::size_t n = 0; n < list.as_array().size(); ++n) {
    const auto& entry = list.as_array()[n];
    const auto at = "items[" + std::to_string(n) + "]";
    if (!entry.is_object()) {
      reader.fail(at, "must be {ticketTypeId, quantity}");
      continue;
    }
    const auto& line = entry.as_object();
    bool whole = true;
    for (const auto& field : line) {
      if (field.key() != "ticketTypeId" && field.key() != "quantity") {
        reader.fail(at + "." + std::string(field.key()), "is not a field of a line");
        whole = false;
      }
    }
    const auto* type = line.if_contains("ticketTypeId");
    const bool type_ok = type != nullptr && type->is_string() && !type->as_string().empty() &&
                         type->as_string().size() <= 64 &&
                         std::none_of(type->as_string().begin(), type->as_string().end(),
                                      [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
    if (!type_ok) {
      reader.fail(at + ".ticketTypeId", "must be a ticket type id");
    } else if (std::any_of(items.begin(), items.end(),
                           [&](const auto& other) { return other.ticket_type_id == type->as_string(); })) {
      reader.fail(at + ".ticketTypeId", "is on an earlier line already");
    }
    const auto* quantity = line.if_contains("quantity");
    const bool quantity_ok = quantity != nullptr && quantity->is_int64() && quantity->as_int64() >= 1;
    if (!quantity_ok) reader.fail(at + ".quantity", "must be a whole number of seats, at least 1");
    if (!whole || !type_ok || !quantity_ok) continue;
    items.push_back({std::string(type->as_string()), "", quantity->as_int64()});
  }
  return items;
}

}  // namespace

BookingRequest read_booking_request(const boost::json::object& body, std::int64_t max_seats) {
  core::FieldReader reader(body, {"userId", "eventId", "seats", "items", "promoCode"});
  BookingRequest request;
  request.user_id = reader.string("userId", false);
  if (request.user_id && (request.user_id->empty() || request.user_id->size() > 64)) {
    reader.fail("userId", "must be a user id");
  }
  auto event_id = reader.string("eventId", true);
  if (event_id && (event_id->empty() || event_id->size() > 64)) reader.fail("eventId", "must be an event id");
  auto seats = reader.integer("seats", false);
  if (seats && (*seats < 1 || *seats > max_seats)) {
    reader.fail("seats", "must be from 1 to " + std::to_string(max_seats));
  }
  if (const auto* items = body.if_contains("items"); items != nullptr && !items->is_null()) {
    if (body.contains("seats")) reader.fail("seats", "goes with no items: the items' quantities are the seats");
    request.items = read_items(reader, *items);
    std::int64_t sum = 0;
    for (const auto& item : request.items) sum += std::min<std::int64_t>(item.quantity, max_seats + 1);
    if (reader.ok() && sum > max_seats) {
      reader.fail("items", "must hold from 1 to " + std::to_string(max_seats) + " seats in all");
    }
    seats = sum;
  }
  request.promo_code = reader.string("promoCode", false);
  if (request.promo_code && (request.promo_code->size() < 3 || request.promo_code->size() > 32)) {
    reader.fail("promoCode", "must be 3 to 32 characters");
  }
  reader.finish();
  request.event_id = *event_id;
  request.seats = seats.value_or(1);
  return request;
}

std::optional<std::string> read_idempotency_key(const std::optional<std::string>& header) {
  if (!header) return std::nullopt;
  bool visible = !header->empty() && header->size() <= 128 &&
                 std::all_of(header->begin(), header->end(), [](char c) { return c > 0x20 && c < 0x7f; });
  if (!visible) {
    throw core::ApiError::bad_request("Idempotency-Key must be 1 to 128 visible ASCII characters.");
  }
  return header;
}

boost::json::object booking_json(const Booking& b) {
  auto text = [](const std::optional<std::string>& value) {
    return value ? boost::json::value(*value) : boost::json::value(nullptr);
  };
  auto money = [](const std::optional<core::Money>& value) {
    return value ? boost::json::value(core::money_json(*value)) : boost::json::value(nullptr);
  };
  boost::json::array items;
  for (const auto& line : b.items) {
    items.push_back(boost::json::object{{"ticketTypeId", line.ticket_type_id},
                                        {"name", line.name},
                                        {"quantity", line.quantity},
                                        {"unitPrice", money(line.unit_price)}});
  }
  return {{"id", b.id},
          {"userId", b.user_id},
          {"eventId", b.event_id},
          {"seats", b.seats},
          {"status", b.status},
          {"reason", text(b.reason)},
          {"ticketCode", b.status == "confirmed" ? text(b.ticket_code) : boost::json::value(nullptr)},
          {"event",
           boost::json::object{
               {"title", text(b.event_title)}, {"date", text(b.event_date)}, {"location", text(b.event_location)}}},
          {"items", std::move(items)},
          {"promoCode", text(b.promo_code)},
          {"discount", money(b.discount)},
          {"total", money(b.total)},
          {"paymentStatus", b.payment_status},
          {"expiresAt", b.expires_at ? boost::json::value(core::format_utc(*b.expires_at)) : nullptr},
          {"attendees", attendees_json(b.attendees)},
          {"createdAt", core::format_utc(b.created_at)},
          {"updatedAt", core::format_utc(b.updated_at)}};
}

boost::json::array lines_json(const std::vector<BookingLine>& lines) {
  boost::json::array out;
  for (const auto& line : lines) {
    boost::json::object entry{{"ticketTypeId", line.ticket_type_id}, {"name", line.name}, {"quantity", line.quantity}};
    entry["unitPriceMinor"] = line.unit_price ? boost::json::value(line.unit_price->minor) : nullptr;
    entry["currency"] = line.unit_price ? boost::json::value(line.unit_price->currency) : nullptr;
    entry["discountMinor"] = line.discount_minor;
    out.push_back(std::move(entry));
  }
  return out;
}

std::vector<BookingLine> lines_from_json(const boost::json::value& value) {
  auto fail = [] { throw std::invalid_argument("not a list of booking lines"); };
  if (!value.is_array()) fail();
  std::vector<BookingLine> lines;
  for (const auto& entry : value.as_array()) {
    const auto* line = entry.if_object();
    if (line == nullptr) fail();
    const auto* type = line->if_contains("ticketTypeId");
    const auto* name = line->if_contains("name");
    const auto* quantity = line->if_contains("quantity");
    const auto* price = line->if_contains("unitPriceMinor");
    const auto* currency = line->if_contains("currency");
    if (type == nullptr || !type->is_string() || quantity == nullptr || !quantity->is_int64()) fail();
    BookingLine out{std::string(type->as_string()), "", quantity->as_int64()};
    if (name != nullptr && name->is_string()) out.name = std::string(name->as_string());
    if (price != nullptr && price->is_int64() && currency != nullptr && currency->is_string()) {
      out.unit_price = core::Money{price->as_int64(), std::string(currency->as_string())};
    }
    if (const auto* discount = line->if_contains("discountMinor"); discount != nullptr && discount->is_int64()) {
      out.discount_minor = discount->as_int64();
    }
    lines.push_back(std::move(out));
  }
  return lines;
}

std::optional<Amounts> amounts_of(const std::vector<BookingLine>& lines) {
  std::optional<std::string> currency;
  std::int64_t sum = 0;
  std::int64_t discount_minor = 0;
  for (const auto& line : lines) {
    if (!line.unit_price) continue;
    if (currency && *currency != line.unit_price->currency) return std::nullopt;
    currency = line.unit_price->currency;
    sum += line.unit_price->minor * line.quantity;
    discount_minor += line.discount_minor;
  }
  if (!currency) return std::nullopt;
  const auto discount = std::min(discount_minor, sum);
  return Amounts{{sum - discount, *currency}, {discount, *currency}};
}

std::string payment_status_for(const std::optional<core::Money>& total) {
  return total && total->minor > 0 ? "due" : "none";
}

std::string read_payment_change(const boost::json::object& body, const Booking& booking, const std::string& caller_id,
                                bool caller_is_admin) {
  if (booking.organizer_id != caller_id && !caller_is_admin) {
    throw core::ApiError::forbidden("Only the organizer of the event, or an administrator, records payments.");
  }
  core::FieldReader reader(body, {"status"});
  auto status = reader.string("status", true);
  if (status && *status != "paid" && *status != "due") reader.fail("status", "must be \"paid\" or \"due\"");
  reader.finish();
  if (booking.status != "confirmed") {
    throw core::ApiError::conflict("booking-" + booking.status,
                                   "Only a confirmed booking is paid; this one is " + booking.status + ".");
  }
  if (booking.payment_status == "none") {
    throw core::ApiError::conflict("nothing-to-pay", "This booking has nothing to pay.");
  }
  return *status;
}

std::string booking_owner(const BookingRequest& request, const std::string& caller_id, bool caller_is_admin) {
  auto owner = request.user_id.value_or(caller_id);
  if (owner != caller_id && !caller_is_admin) {
    throw core::ApiError::forbidden("userId must be your own id.");
  }
  return owner;
}

void check_same_request(const Booking& earlier, const BookingRequest& wanted) {
  // Without items the request asked for the default type, as the earlier
  // one must have.
  auto same_lines = [&] {
    if (wanted.items.empty() || !earlier.asked_items) return wanted.items.empty() && !earlier.asked_items;
    if (earlier.items.size() != wanted.items.size()) return false;
    for (std::size_t n = 0; n < wanted.items.size(); ++n) {
      if (earlier.items[n].ticket_type_id != wanted.items[n].ticket_type_id ||
          earlier.items[n].quantity != wanted.items[n].quantity)
        return false;
    }
    return true;
  };
  if (earlier.event_id != wanted.event_id || earlier.seats != wanted.seats || !same_lines() ||
      earlier.promo_code != wanted.promo_code || earlier.hold != wanted.hold) {
    throw core::ApiError(422, "idempotency-key-reused",
                         "This Idempotency-Key was used for a different booking request.",
                         {{"Idempotency-Key", "belongs to booking " + earlier.id}});
  }
}

Settlement settlement_for(const std::string& answer_status, const std::optional<std::string>& answer_reason) {
  if (answer_status == "reserved") return {"confirmed", std::nullopt};
  return {"rejected", answer_reason ? answer_reason : std::optional<std::string>(answer_status)};
}

bool may_see(const Booking& booking, const std::string& caller_id, bool caller_is_admin) {
  return booking.user_id == caller_id || booking.organizer_id == caller_id || caller_is_admin;
}

bool may_hold(const Booking& booking, const std::string& caller_id, bool caller_is_admin) {
  return booking.hold && (booking.user_id == caller_id || caller_is_admin);
}

std::int64_t hold_expiry(std::int64_t held_at, std::int64_t hold_minutes) { return held_at + hold_minutes * 60'000; }

boost::json::object hold_json(const Booking& b) {
  auto out = booking_json(b);
  boost::json::object hold{{"holdId", b.id},
                           {"status", b.status},
                           {"eventId", b.event_id},
                           {"seats", b.seats},
                           {"expiresAt", out.at("expiresAt")},
                           {"items", out.at("items")},
                           {"promoCode", out.at("promoCode")},
                           {"discount", out.at("discount")},
                           {"total", out.at("total")},
                           {"attendeesRequired", b.require_attendees}};
  hold["bookingId"] = b.status == "confirmed" || b.status == "cancelled" ? boost::json::value(b.id) : nullptr;
  return hold;
}

bool may_cancel(const Booking& booking, const std::string& caller_id, bool caller_is_admin) {
  return booking.user_id == caller_id || caller_is_admin;
}

Cancellation cancellation_of(const Booking& booking) {
  if (booking.status == "held") {
    throw core::ApiError::conflict("booking-held", "A hold is let go of with DELETE /api/holds/" + booking.id + ".");
  }
  if (booking.status != "confirmed" && booking.status != "cancelled") {
    throw core::ApiError::conflict("booking-" + booking.status,
                                   "A " + booking.status + " booking cannot be cancelled.");
  }
  return booking.status == "confirmed" ? Cancellation::cancel : Cancellation::unchanged;
}

std::string event_bookings_organizer(const std::string& caller_id, bool caller_is_admin) {
  return caller_is_admin ? "" : caller_id;
}

void throw_for_refusal(const Booking& booking) {
  std::string reason = booking.reason.value_or("");
  if (reason == "not-found") {
    throw core::ApiError::not_found("No event " + booking.event_id + ".");
  }
  if (reason == "cancelled") {
    throw core::ApiError::conflict("event-cancelled", "The event has been cancelled.");
  }
  if (reason == "past") {
    throw core::ApiError::conflict("event-past", "The event has already taken place.");
  }
  const auto& type = booking.refused_type_id;
  // One answer whatever is wrong with the code, so that trying codes tells
  // nothing of those that exist.
  if (reason.rfind("promo-code-", 0) == 0) {
    throw core::ApiError::validation({{"promoCode", "is not a code of this event"}});
  }
  if (reason == "unknown-ticket-type") {
    throw core::ApiError::validation({{"items", "ticket type " + type.value_or("") + " is not sold for this event"}});
  }
  if (reason == "not-on-sale" && !type) {
    std::string when = booking.opens_at ? core::format_utc(*booking.opens_at) : std::string();
    auto error =
        core::ApiError::conflict("not-on-sale", when.empty() ? "Tickets for this event are not on sale yet."
                                                             : "Tickets for this event go on sale at " + when + ".");
    if (!when.empty()) error.extensions["opensAt"] = when;
    throw error;
  }
  if (reason == "not-on-sale") {
    throw core::ApiError(409, "not-on-sale", "Ticket type " + type.value_or("") + " is not on sale now.",
                         {{"items", "ticket type " + type.value_or("") + " is not on sale now"}});
  }
  if (reason == "queue-pass-required") {
    throw core::ApiError(403, "queue-pass-required",
                         "This event sells through its waiting room: join the queue, and book with the pass it gives "
                         "(header Queue-Pass) once admitted.");
  }
  if (reason == "too-many-seats") {
    if (type) throw core::ApiError::validation({{"items", "ticket type " + *type + " allows fewer seats per booking"}});
    throw core::ApiError::validation({{"seats", "is more than this event allows per booking"}});
  }
  if (reason == "sold-out") {
    if (type && !booking.items.empty()) {
      throw core::ApiError(409, "sold-out", "Not enough seats of ticket type " + *type + " are left.",
                           {{"items", "not enough seats of ticket type " + *type + " are left"}});
    }
    throw core::ApiError::conflict("sold-out", "Not enough seats are left for " + std::to_string(booking.seats) +
                                                   (booking.seats == 1 ? " seat." : " seats."));
  }
  throw core::ApiError::conflict("booking-" + booking.status, "The booking is " + booking.status + ".");
}

std::vector<Attendee> read_confirmation(const boost::json::object& body, const Booking& hold) {
  core::FieldReader reader(body, {"attendees"});
  std::vector<Attendee> attendees;
  const auto* list = body.if_contains("attendees");
  if (list != nullptr && !list->is_null()) {
    const auto seats = static_cast<std::size_t>(hold.seats);
    if (!list->is_array() || list->as_array().size() != seats) {
      reader.fail("attendees", "must name one attendee per seat: " + std::to_string(seats));
    } else {
      for (std::size_t n = 0; n < seats; ++n) {
        const auto at = "attendees[" + std::to_string(n) + "]";
        const auto* entry = list->as_array()[n].if_object();
        if (entry == nullptr) {
          reader.fail(at, "must be {name, email}");
          continue;
        }
        core::FieldReader one(*entry, {"name", "email"});
        auto name = one.string("name", true);
        auto email = one.string("email", true);
        if (!one.ok() || !name || !email) {
          reader.fail(at, "must be {name, email}: a name and an e-mail address");
          continue;
        }
        const auto first = name->find_first_not_of(" \t");
        const auto last = name->find_last_not_of(" \t");
        auto trimmed = first == std::string::npos ? std::string() : name->substr(first, last - first + 1);
        // Characters, not bytes: every byte but a UTF-8 continuation byte starts one.
        const auto characters = std::count_if(trimmed.begin(), trimmed.end(),
                                              [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
        if (characters < 1 || characters > 100) reader.fail(at + ".name", "must be 1 to 100 characters");
        const auto atsign = email->find('@');
        if (email->size() > 254 || atsign == std::string::npos || atsign == 0 || atsign + 1 == email->size() ||
            email->find(' ') != std::string::npos) {
          reader.fail(at + ".email", "must be an e-mail address");
        }
        attendees.push_back({trimmed, *email});
      }
    }
  } else if (hold.require_attendees) {
    reader.fail("attendees",
                "this event needs a name and e-mail for each of the " + std::to_string(hold.seats) + " seats");
  }
  reader.finish();
  return attendees;
}

boost::json::array attendees_json(const std::vector<Attendee>& attendees) {
  boost::json::array out;
  for (const auto& one : attendees) out.push_back(boost::json::object{{"name", one.name}, {"email", one.email}});
  return out;
}

std::vector<Attendee> attendees_from_json(const boost::json::value& value) {
  std::vector<Attendee> out;
  for (const auto& entry : value.as_array()) {
    out.push_back({std::string(entry.at("name").as_string()), std::string(entry.at("email").as_string())});
  }
  return out;
}

void throw_for_ended_hold(const Booking& hold) {
  if (hold.status == "held" || hold.status == "expired") {
    throw core::ApiError(410, "hold-expired",
                         "This hold expired at " + (hold.expires_at ? core::format_utc(*hold.expires_at) : "its time") +
                             "; its seats are released. Start again to book.");
  }
  if (hold.status == "released") {
    throw core::ApiError(410, "hold-released", "This hold was let go of; its seats are released. Start again to book.");
  }
  if (hold.status == "rejected") throw_for_refusal(hold);
  throw core::ApiError::conflict("hold-" + hold.status, "The hold is " + hold.status + ".");
}

}  // namespace eventbook::bookings
