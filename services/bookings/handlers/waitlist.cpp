#include "bookings/handlers/context.hpp"

#include "eventbook/core/clock.hpp"
#include "eventbook/core/id.hpp"
#include "eventbook/http/paging.hpp"

#include <charconv>

namespace eventbook::bookings {

namespace {

constexpr int kDefaultLimit = 50;
constexpr int kMaxLimit = 500;

// The event as a waitlist needs it: 404 when there is none.
core::Task<EventFacts> event_for_waitlist(BookingsContext& context, const std::string& event_id) {
  auto facts = co_await context.directory.event(event_id);
  if (!facts) throw core::ApiError::not_found("No event " + event_id + ".");
  co_return std::move(*facts);
}

// With its position while waiting, and its offer's expiry from the hold
// itself (announced or not yet). An offer whose hold is still being made
// (its seats not yet reserved) cannot be confirmed: it shows as waiting, at
// the head of the line.
core::Task<boost::json::object> entry_json(BookingsContext& context, WaitlistEntry entry) {
  if (entry.state == "offered" && entry.hold_id && !entry.notified) {
    auto hold = co_await context.store.find(*entry.hold_id);
    if (hold && hold->status == "held") {
      entry.offer_expires_at = hold->expires_at;
    } else if (!hold || hold->status == "pending") {
      entry.state = "waiting";
      co_return waitlist_json(entry, 1);
    }
  }
  auto position = co_await context.waitlist.position(entry);
  co_return waitlist_json(entry, position);
}

// The caller's entry for the event (the active one, else the latest); 404 without.
core::Task<WaitlistEntry> own_entry(BookingsContext& context, const service::Caller& caller,
                                    const std::string& event_id) {
  auto entry = co_await context.waitlist.of_user(event_id, caller.id);
  if (!entry) throw core::ApiError::not_found("You are not on the waitlist of event " + event_id + ".");
  co_return std::move(*entry);
}

int read_offset(const http::Request& request, std::vector<core::FieldError>& errors) {
  auto text = request.query("offset");
  if (!text) return 0;
  int offset = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), offset);
  if (error != std::errc() || end != text->data() + text->size() || offset < 0 || offset > 1'000'000) {
    errors.push_back({"offset", "must be a whole number from 0 to 1000000"});
    return 0;
  }
  return offset;
}

}  // namespace

// POST /api/events/{id}/waitlist {seats?, ticketTypeId?}: a place in line
// for a group of seats, while the event has not enough of them for anyone
// new; joining again while in line answers the same entry.
core::Task<http::Response> post_waitlist(BookingsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto body = request.body.empty() ? boost::json::object() : request.json();
  auto wanted = read_waitlist_request(body, context.max_seats);
  auto event = co_await event_for_waitlist(context, request.param("id"));
  const auto now = core::now_ms();
  if (event.status == "cancelled") throw core::ApiError::conflict("event-cancelled", "The event has been cancelled.");
  if (event.starts_at < now) throw core::ApiError::conflict("event-past", "The event has already taken place.");
  if (event.max_per_booking && wanted.seats > *event.max_per_booking) {
    throw core::ApiError::validation(
        {{"seats", "is more than this event allows per booking (" + std::to_string(*event.max_per_booking) + ")"}});
  }
  std::optional<std::int64_t> type_left;
  if (wanted.ticket_type_id) {
    const auto* type = event.ticket_type(*wanted.ticket_type_id);
    if (!type || type->hidden) {
      throw core::ApiError::validation({{"ticketTypeId", "is not a ticket type this event sells"}});
    }
    type_left = type->quota_left;
  }
  if (event.open_seats() >= wanted.seats && (!type_left || *type_left >= wanted.seats)) {
    throw core::ApiError::conflict("seats-available", "Seats are available for " + std::to_string(wanted.seats) +
                                                          ": book them instead of waiting.");
  }
  WaitlistEntry entry;
  entry.id = core::new_id();
  entry.event_id = event.id;
  entry.user_id = caller.id;
  entry.seats = wanted.seats;
  entry.ticket_type_id = wanted.ticket_type_id;
  entry.created_at = entry.updated_at = now;
  bool made = co_await context.waitlist.insert(entry);
  if (made) co_await context.offers.tell_demand(event.id);
  auto stored = co_await own_entry(context, caller, event.id);
  auto response = http::Response::json(made ? 201 : 200, co_await entry_json(context, stored));
  if (made) response.set_header("Location", "/api/events/" + event.id + "/waitlist/me");
  co_return response;
}

// GET /api/events/{id}/waitlist/me: the caller's entry (the active one, else the latest).
core::Task<http::Response> get_my_waitlist(BookingsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto entry = co_await own_entry(context, caller, request.param("id"));
  co_return http::Response::json(200, co_await entry_json(context, entry));
}

// DELETE /api/events/{id}/waitlist/me: leaves the line; an offer held is let
// go of, its seats to the next in line.
core::Task<http::Response> delete_my_waitlist(BookingsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto entry = co_await own_entry(context, caller, request.param("id"));
  if (!entry.active()) co_return http::Response::json(200, co_await entry_json(context, entry));
  const auto now = core::now_ms();
  if (entry.state == "offered" && entry.hold_id) {
    if (auto hold = co_await context.store.find(*entry.hold_id); hold && hold->status == "held") {
      co_await context.saga.let_go(*hold, request.request_id);
    }
  }
  co_await context.waitlist.move(entry.id, entry.state, "left", now);
  co_await context.offers.tell_demand(entry.event_id);
  auto after = co_await own_entry(context, caller, entry.event_id);
  co_return http::Response::json(200, co_await entry_json(context, after));
}

// GET /api/events/{id}/waitlist: the line as its organizer (or an admin)
// sees it, in order of joining, a page at a time (limit, offset).
core::Task<http::Response> get_waitlist(BookingsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto access = co_await door_access(context, caller, request.param("id"));
  if (!access.manages) {
    throw core::ApiError::forbidden("Only the event's organizer or an administrator sees its waitlist.");
  }
  std::vector<core::FieldError> errors;
  int limit = http::read_limit(request, kDefaultLimit, kMaxLimit, errors);
  int offset = read_offset(request, errors);
  if (!errors.empty()) throw core::ApiError::validation(std::move(errors));
  auto counts = co_await context.waitlist.counts(access.event_id);
  auto entries = co_await context.waitlist.list(access.event_id, limit + 1, offset);
  bool more = static_cast<int>(entries.size()) > limit;
  if (more) entries.pop_back();
  boost::json::array items;
  for (const auto& entry : entries) items.push_back(co_await entry_json(context, entry));
  boost::json::object out{
      {"eventId", access.event_id}, {"waiting", counts.waiting}, {"waitingSeats", counts.waiting_seats},
      {"offered", counts.offered},  {"booked", counts.booked},   {"lapsed", counts.lapsed},
      {"items", std::move(items)}};
  out["nextOffset"] = more ? boost::json::value(offset + limit) : boost::json::value(nullptr);
  co_return http::Response::json(200, out);
}

}  // namespace eventbook::bookings
