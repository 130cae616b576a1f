#include "events/domain/reservation.hpp"

#include "events/domain/event.hpp"

#include <boost/json/parse.hpp>

#include <set>
#include <stdexcept>

namespace eventbook::events {

namespace {

bool is_id(const std::optional<std::string>& id) { return id && !id->empty() && id->size() <= 64; }

// items: [{ticketTypeId, quantity}], 1 to kMaxReservationItems of distinct types.
std::optional<std::vector<ReservationItem>> read_items(core::FieldReader& reader, const boost::json::value& list) {
  constexpr auto kShape = "must be 1 to 10 lines {ticketTypeId, quantity} of distinct types, each at least 1 seat";
  if (!list.is_array() || list.as_array().empty() || list.as_array().size() > kMaxReservationItems) {
    reader.fail("items", kShape);
    return std::nullopt;
  }
  std::vector<ReservationItem> items;
  std::set<std::string> seen;
  for (const auto& entry : list.as_array()) {
    if (!entry.is_object()) break;
    core::FieldReader line(entry.as_object(), {"ticketTypeId", "quantity"});
    auto type = line.string("ticketTypeId", true);
    auto quantity = line.integer("quantity", true);
    if (!line.ok() || !is_id(type) || *quantity < 1 || *quantity > kMaxCapacity || !seen.insert(*type).second) break;
    items.push_back({*type, *quantity});
  }
  if (items.size() != list.as_array().size()) {
    reader.fail("items", kShape);
    return std::nullopt;
  }
  return items;
}

}  // namespace

std::string event_refusal(const std::optional<Event>& event, std::int64_t seats, std::int64_t now, bool queue_pass) {
  if (!event) return "not-found";
  if (event->status == "cancelled") return "cancelled";
  if (event->starts_at < now) return "past";
  if (event->on_sale_at && now < *event->on_sale_at) return "not-on-sale";
  if (event->waiting_room && !queue_pass) return "queue-pass-required";
  if (event->max_per_booking && seats > *event->max_per_booking) return "too-many-seats";
  return "sold-out";
}

std::string line_refusal(const std::optional<TicketType>& type, std::int64_t quantity, std::int64_t now,
                         bool unlocked) {
  if (!type || (type->hidden && !unlocked)) return "unknown-ticket-type";
  if ((type->sales_start && now < *type->sales_start) || (type->sales_end && now >= *type->sales_end))
    return "not-on-sale";
  if (type->max_per_booking && quantity > *type->max_per_booking) return "too-many-seats";
  return "sold-out";
}

std::optional<ReservationRequest> read_reservation(core::FieldReader& reader, const boost::json::object& body) {
  auto booking_id = reader.string("bookingId", true);
  auto event_id = reader.string("eventId", true);
  auto seats = reader.integer("seats", false);
  if (booking_id && !is_id(booking_id)) reader.fail("bookingId", "must be 1 to 64 characters");
  if (event_id && !is_id(event_id)) reader.fail("eventId", "must be 1 to 64 characters");
  if (seats && (*seats < 1 || *seats > kMaxCapacity)) reader.fail("seats", "must be at least 1");
  auto promo_code = reader.string("promoCode", false);
  if (promo_code && !is_id(promo_code)) reader.fail("promoCode", "must be 1 to 64 characters");
  auto queue_pass = reader.boolean("queuePass", false);
  auto waitlist_offer = reader.boolean("waitlistOffer", false);
  std::optional<std::vector<ReservationItem>> items;
  if (const auto* list = body.if_contains("items"); list != nullptr && !list->is_null()) {
    items = read_items(reader, *list);
  } else if (!seats && !body.contains("seats")) {
    reader.fail("seats", "is required without items");
  }
  if (!reader.ok()) return std::nullopt;
  ReservationRequest wanted{*booking_id, *event_id, seats.value_or(0)};
  wanted.promo_code = promo_code;
  wanted.queue_pass = queue_pass.value_or(false);
  wanted.waitlist_offer = waitlist_offer.value_or(false);
  if (items) {
    std::int64_t sum = 0;
    for (const auto& item : *items) sum += item.quantity;
    if (seats && *seats != sum) {
      reader.fail("seats", "must be the sum of the items' quantities");
      return std::nullopt;
    }
    if (sum > kMaxCapacity) {
      reader.fail("items", "must hold at most " + std::to_string(kMaxCapacity) + " seats in all");
      return std::nullopt;
    }
    wanted.seats = sum;
    wanted.items = std::move(*items);
  }
  return wanted;
}

ReservationRequest read_reservation_request(const boost::json::object& body) {
  core::FieldReader reader(body, {"bookingId", "eventId", "seats", "items", "promoCode", "queuePass", "waitlistOffer"});
  auto wanted = read_reservation(reader, body);
  reader.finish();
  return *wanted;
}

std::vector<ReservationRequest> read_reservation_batch(const boost::json::object& body) {
  core::FieldReader reader(body, {"reservations"});
  std::vector<ReservationRequest> wanted;
  if (const auto* list = body.if_contains("reservations"); list == nullptr || !list->is_array()) {
    if (list == nullptr || !list->is_null()) reader.fail("reservations", "must be an array");  // null: refused already
  } else if (list->as_array().empty() || list->as_array().size() > kMaxReservationBatch) {
    reader.fail("reservations", "must hold 1 to " + std::to_string(kMaxReservationBatch) + " reservations");
  } else {
    for (std::size_t n = 0; n < list->as_array().size(); ++n) {
      const auto& item = list->as_array()[n];
      const auto prefix = "reservations[" + std::to_string(n) + "]";
      if (!item.is_object()) {
        reader.fail(prefix, "must be an object");
        continue;
      }
      core::FieldReader item_reader(
          item.as_object(), {"bookingId", "eventId", "seats", "items", "promoCode", "queuePass", "waitlistOffer"});
      if (auto one = read_reservation(item_reader, item.as_object())) {
        wanted.push_back(std::move(*one));
      } else {
        reader.fail(prefix,
                    "must be {bookingId, eventId, seats} or {bookingId, eventId, items}: ids of 1 to 64 characters, "
                    "at least 1 seat");
      }
    }
  }
  reader.finish();
  return wanted;
}

std::string lines_text(const std::vector<ReservationLine>& lines) {
  boost::json::array out;
  for (const auto& line : lines) {
    boost::json::object entry{{"t", line.ticket_type_id}, {"n", line.name}, {"q", line.quantity}};
    if (line.unit_price) {
      entry["p"] = line.unit_price->minor;
      entry["c"] = line.unit_price->currency;
    }
    if (line.discount_minor != 0) entry["d"] = line.discount_minor;
    out.push_back(std::move(entry));
  }
  return core::to_json(out);
}

std::vector<ReservationLine> lines_from_text(std::string_view text) {
  std::vector<ReservationLine> lines;
  const auto parsed = boost::json::parse(text);
  for (const auto& value : parsed.as_array()) {
    const auto& entry = value.as_object();
    ReservationLine line{std::string(entry.at("t").as_string()), "", entry.at("q").to_number<std::int64_t>()};
    if (const auto* name = entry.if_contains("n")) line.name = std::string(name->as_string());
    if (const auto* price = entry.if_contains("p")) {
      line.unit_price = core::Money{price->to_number<std::int64_t>(), std::string(entry.at("c").as_string())};
    }
    if (const auto* discount = entry.if_contains("d")) line.discount_minor = discount->to_number<std::int64_t>();
    lines.push_back(std::move(line));
  }
  return lines;
}

boost::json::array lines_json(const std::vector<ReservationLine>& lines) {
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

}  // namespace eventbook::events
