#include "events/domain/ticket_type.hpp"

#include "eventbook/core/clock.hpp"

#include <algorithm>
#include <utility>

namespace eventbook::events {

namespace {

boost::json::value time_or_null(const std::optional<std::int64_t>& ms) {
  return ms ? boost::json::value(core::format_utc(*ms)) : boost::json::value(nullptr);
}

bool given_as_null(const boost::json::object& body, std::string_view name) {
  const auto* value = body.if_contains(name);
  return value != nullptr && value->is_null();
}

// A nullable field: null clears it (an empty inner optional), a good value sets it.
template <class T, class Read>
void read_nullable(const boost::json::object& body, std::string_view name, std::optional<std::optional<T>>& out,
                   Read read) {
  if (given_as_null(body, name)) {
    out = std::optional<T>{};
  } else if (auto value = read()) {
    out.emplace(std::move(value));
  }
}

std::optional<std::int64_t> read_time(core::FieldReader& reader, const char* name) {
  auto text = reader.string(name, false);
  if (!text) return std::nullopt;
  auto parsed = parse_date(*text);
  if (!parsed) {
    reader.fail(name, "must be an ISO 8601 date-time (2030-06-15T19:30:00Z)");
    return std::nullopt;
  }
  return parsed->ms;
}

std::optional<std::int64_t> read_bounded(core::FieldReader& reader, const char* name, bool required, std::int64_t min,
                                         std::int64_t max) {
  auto value = reader.integer(name, required);
  if (value && (*value < min || *value > max)) {
    reader.fail(name, "must be from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return value;
}

// The fields of a 422 from a nested reader, named under prefix; any other error goes on.
void collect(const core::ApiError& error, const std::string& prefix, std::vector<core::FieldError>& problems) {
  if (error.status() != 422) throw error;
  for (const auto& problem : error.fields()) problems.push_back({prefix + problem.field, problem.message});
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
  if (auto each = unit_price(type, event)) price = core::money_json(*each);
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

boost::json::object organizer_ticket_type_json(const TicketType& type, const Event& event, std::int64_t now) {
  auto out = ticket_type_json(type, event, now);
  out["sold"] = type.sold;
  out["hidden"] = type.hidden;
  return out;
}

TicketTypeInput read_ticket_type_input(const boost::json::object& body, TicketTypeMode mode) {
  core::FieldReader reader(
      body, {"name", "description", "price", "quota", "salesStart", "salesEnd", "maxPerBooking", "hidden"},
      {"description", "price", "salesStart", "salesEnd", "maxPerBooking"});
  const bool create = mode == TicketTypeMode::create;
  TicketTypeInput input;
  input.name = trimmed_text(reader, "name", create, 1, 100);
  read_nullable(body, "description", input.description,
                [&] { return trimmed_text(reader, "description", false, 0, 2000, core::FieldReader::Text::lines); });
  read_nullable(body, "price", input.price, [&] { return core::read_money(reader, body, "price", false); });
  input.quota = read_bounded(reader, "quota", create, 1, kMaxCapacity);
  read_nullable(body, "salesStart", input.sales_start, [&] { return read_time(reader, "salesStart"); });
  read_nullable(body, "salesEnd", input.sales_end, [&] { return read_time(reader, "salesEnd"); });
  if (input.sales_start && *input.sales_start && input.sales_end && *input.sales_end &&
      **input.sales_end <= **input.sales_start) {
    reader.fail("salesEnd", "must be after salesStart");
  }
  read_nullable(body, "maxPerBooking", input.max_per_booking,
                [&] { return read_bounded(reader, "maxPerBooking", false, 1, 100); });
  input.hidden = reader.boolean("hidden", false);
  reader.finish();
  return input;
}

NewEventInput read_new_event_input(const boost::json::object& body) {
  NewEventInput input;
  std::vector<core::FieldError> problems;
  // ticketTypes is read here; everything else as any event's fields.
  auto event_fields = body;
  event_fields.erase("ticketTypes");
  try {
    input.event = read_event_input(event_fields, InputMode::create);
  } catch (const core::ApiError& error) {
    collect(error, "", problems);
  }
  if (const auto* list = body.if_contains("ticketTypes")) {
    if (list->is_null()) {
      problems.push_back({"ticketTypes", "must not be null"});
    } else if (!list->is_array()) {
      problems.push_back({"ticketTypes", "must be an array"});
    } else if (list->as_array().empty() || list->as_array().size() > kMaxTicketTypes) {
      problems.push_back({"ticketTypes", "must hold 1 to " + std::to_string(kMaxTicketTypes) + " ticket types"});
    } else {
      const auto& entries = list->as_array();
      for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto name = "ticketTypes[" + std::to_string(i) + "]";
        if (!entries[i].is_object()) {
          problems.push_back({name, "must be an object"});
          continue;
        }
        try {
          input.ticket_types.push_back(read_ticket_type_input(entries[i].as_object(), TicketTypeMode::create));
        } catch (const core::ApiError& error) {
          collect(error, name + ".", problems);
        }
      }
    }
  }
  if (!problems.empty()) throw core::ApiError::validation(std::move(problems));
  return input;
}

TicketType make_ticket_type(const TicketTypeInput& input, std::string id, std::string event_id, std::int64_t position) {
  TicketType type{.id = std::move(id), .event_id = std::move(event_id), .position = position, .name = {}};
  apply_ticket_type_input(type, input);
  return type;
}

void apply_ticket_type_input(TicketType& type, const TicketTypeInput& input) {
  if (input.name) type.name = *input.name;
  if (input.description) type.description = *input.description;
  if (input.price) type.price = *input.price;
  if (input.quota) type.quota = *input.quota;
  if (input.sales_start) type.sales_start = *input.sales_start;
  if (input.sales_end) type.sales_end = *input.sales_end;
  if (input.max_per_booking) type.max_per_booking = *input.max_per_booking;
  if (input.hidden) type.hidden = *input.hidden;
}

std::vector<core::FieldError> ticket_type_problems(const TicketType& type, const Event& event,
                                                   const std::vector<TicketType>& others) {
  std::vector<core::FieldError> problems;
  if (type.price) {
    const auto& currency = type.price->currency;
    const auto other = std::find_if(others.begin(), others.end(), [&](const TicketType& o) {
      return o.id != type.id && o.price && o.price->currency != currency;
    });
    if (event.currency && *event.currency != currency) {
      problems.push_back({"price.currency", "must be " + *event.currency + ", the currency of the event's price"});
    } else if (other != others.end()) {
      problems.push_back(
          {"price.currency", "must be " + other->price->currency + ", the currency of the event's other prices"});
    }
  }
  if (type.sales_start && type.sales_end && *type.sales_end <= *type.sales_start) {
    problems.push_back({"salesEnd", "must be after salesStart"});
  }
  return problems;
}

void check_new_ticket_types(const std::vector<TicketType>& types, const Event& event) {
  std::vector<core::FieldError> problems;
  std::vector<TicketType> before;
  for (std::size_t i = 0; i < types.size(); ++i) {
    const auto prefix = "ticketTypes[" + std::to_string(i) + "].";
    auto found = ticket_type_problems(types[i], event, before);
    for (auto& problem : found) problems.push_back({prefix + problem.field, std::move(problem.message)});
    // A refused type sets no currency for those after it.
    if (found.empty()) before.push_back(types[i]);
  }
  if (!problems.empty()) throw core::ApiError::validation(std::move(problems));
}

}  // namespace eventbook::events
