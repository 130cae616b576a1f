#include "events/domain/ticket_type.hpp"

#include "eventbook/core/clock.hpp"

#include <algorithm>

namespace eventbook::events {

namespace {

boost::json::value time_or_null(const std::optional<std::int64_t>& ms) {
  return ms ? boost::json::value(core::format_utc(*ms)) : boost::json::value(nullptr);
}

}  // namespace

std::string default_ticket_type_id(const std::string& event_id) { return event_id + "-ga"; }

std::int64_t available(const TicketType& type, const Event& event) {
  const auto left = type.quota ? *type.quota - type.sold : event.available_seats;
  return std::max<std::int64_t>(0, std::min(left, event.available_seats));
}

bool on_sale(const TicketType& type, const Event& event, std::int64_t now) {
  return event.status == "scheduled" && now < event.starts_at && (!type.sales_start || now >= *type.sales_start) &&
         (!type.sales_end || now < *type.sales_end);
}

std::optional<core::Money> unit_price(const TicketType& type, const Event& event) {
  if (type.price) return type.price;
  if (event.price_minor && event.currency) return core::Money{*event.price_minor, *event.currency};
  return std::nullopt;
}

boost::json::object ticket_type_json(const TicketType& type, const Event& event, std::int64_t now) {
  boost::json::value price = nullptr;
  if (type.price) {
    price = core::money_json(*type.price);
  } else if (event.price_minor && event.currency) {
    price = core::money_json({*event.price_minor, *event.currency});
  }
  const auto max_per_booking = type.max_per_booking ? type.max_per_booking : event.max_per_booking;
  return {{"id", type.id},
          {"name", type.name},
          {"description", type.description ? boost::json::value(*type.description) : boost::json::value(nullptr)},
          {"price", std::move(price)},
          {"quota", type.quota.value_or(event.capacity)},
          {"available", available(type, event)},
          {"onSale", on_sale(type, event, now)},
          {"salesStart", time_or_null(type.sales_start)},
          {"salesEnd", time_or_null(type.sales_end)},
          {"maxPerBooking", max_per_booking ? boost::json::value(*max_per_booking) : boost::json::value(nullptr)}};
}

boost::json::array public_ticket_types_json(const std::vector<TicketType>& types, const Event& event,
                                            std::int64_t now) {
  boost::json::array out;
  for (const auto& type : types) {
    if (!type.hidden) out.push_back(ticket_type_json(type, event, now));
  }
  return out;
}

}  // namespace eventbook::events
