#include "queue/handlers/context.hpp"

#include "eventbook/auth/random.hpp"
#include "eventbook/core/clock.hpp"
#include "eventbook/core/error.hpp"
#include "eventbook/core/id.hpp"
#include "eventbook/service/context.hpp"
#include "eventbook/service/queue_pass.hpp"

#include <boost/json/object.hpp>

#include <array>
#include <cstring>

namespace eventbook::queue {

namespace {

// A random draw for the order of those who join before the on-sale.
std::int64_t random_draw() {
  std::array<std::uint8_t, 8> bytes{};
  auth::random_bytes(bytes);
  std::uint64_t value = 0;
  std::memcpy(&value, bytes.data(), sizeof value);
  return static_cast<std::int64_t>(value >> 1);  // non-negative on both engines
}

// The room of the event, made or refreshed from the events service when
// there is none yet or it was closed; 404 when the event has no waiting room.
core::Task<Room> room_to_join(QueueContext& context, const std::string& event_id, std::int64_t now) {
  auto room = co_await context.store.room(event_id);
  if (!room || room->status == "closed") {
    auto facts = co_await context.events.event(event_id);
    if (!facts) throw core::ApiError::not_found("No event " + event_id + ".");
    if (!facts->waiting_room || !facts->on_sale_at) {
      throw core::ApiError(404, "no-waiting-room", "This event sells without a waiting room: book directly.");
    }
    if (facts->status == "cancelled")
      throw core::ApiError::conflict("event-cancelled", "The event has been cancelled.");
    room = co_await context.store.save_facts(std::move(*facts), now);
  }
  co_return std::move(*room);
}

void check_joinable(const Room& room, std::int64_t now) {
  if (room.starts_at < now) throw core::ApiError::conflict("event-past", "The event has already taken place.");
  if (room.status == "sold-out") {
    throw core::ApiError::conflict("sold-out",
                                   "The event is sold out: join its waitlist to be offered seats that "
                                   "come back.");
  }
  if (now < room.opens_at()) {
    auto when = core::format_utc(room.opens_at());
    auto error = core::ApiError::conflict("queue-not-open", "The waiting room opens at " + when + ", " +
                                                                std::to_string(kJoinMinutesBefore) +
                                                                " minutes before the on-sale.");
    error.extensions["opensAt"] = when;
    throw error;
  }
}

http::Response entry_response(QueueContext& context, int status_code, const Entry& entry, const Room& room,
                              std::int64_t now) {
  auto status = status_of(entry, room, now);
  boost::json::object out{
      {"queueId", entry.id},
      {"eventId", entry.event_id},
      {"state", status.state},
      {"opensAt", core::format_utc(room.on_sale_at)},
      {"joinedAt", core::format_utc(entry.joined_at)},
      {"position", status.position ? boost::json::value(*status.position) : nullptr},
      {"inRoom", room.joined},
      {"estimatedWaitSeconds", status.wait_seconds ? boost::json::value(*status.wait_seconds) : nullptr}};
  if (status.pass_expires_at) {
    out["pass"] = service::issue_queue_pass(context.signing_key, entry.user_id, entry.event_id, core::now_seconds(),
                                            *status.pass_expires_at / 1000);
    out["passExpiresAt"] = core::format_utc(*status.pass_expires_at);
  }
  auto response = http::Response::json(status_code, out);
  if (status.retry_after > 0) response.set_header("Retry-After", std::to_string(status.retry_after));
  response.set_header("Cache-Control", "no-store");
  if (status_code == 201) {
    response.set_header("Location", "/api/events/" + entry.event_id + "/queue/" + entry.id);
  }
  return response;
}

}  // namespace

core::Task<http::Response> post_join(QueueContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  if (!request.body.empty()) request.json();  // a body, if any, must at least be JSON
  const auto event_id = request.param("id");
  const auto now = core::now_ms();
  auto room = co_await room_to_join(context, event_id, now);
  check_joinable(room, now);
  Entry wanted;
  wanted.id = core::new_id();
  wanted.event_id = event_id;
  wanted.user_id = caller.id;
  wanted.joined_at = now;
  wanted.draw = random_draw();
  auto [entry, made] = co_await context.store.join(std::move(wanted));
  co_return entry_response(context, made ? 201 : 200, entry, room, now);
}

core::Task<http::Response> get_entry(QueueContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto found = co_await context.store.status(request.param("queueId"));
  if (!found || found->first.event_id != request.param("id") || found->first.user_id != caller.id) {
    throw core::ApiError::not_found("No such place in this event's waiting room.");
  }
  co_return entry_response(context, 200, found->first, found->second, core::now_ms());
}

core::Task<http::Response> get_room(QueueContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto room = co_await context.store.room(request.param("id"));
  if (!room || (room->organizer_id != caller.id && !caller.is_admin())) {
    throw core::ApiError::not_found("Nobody has joined a waiting room of event " + request.param("id") + ".");
  }
  co_return http::Response::json(
      200, boost::json::object{
               {"eventId", room->event_id},
               {"status", room->status},
               {"joinFrom", core::format_utc(room->opens_at())},
               {"onSaleAt", core::format_utc(room->on_sale_at)},
               {"joined", room->joined},
               {"admitted", room->admitted_through},
               {"waiting", room->waiting()},
               {"ratePerMinute", room->rate_per_minute},
               {"admitPerMinute", room->admit_per_minute ? boost::json::value(*room->admit_per_minute) : nullptr},
               {"soldPerMinute", room->sold_per_minute},
               {"availableSeats", room->available_seats}});
}

core::Task<http::Response> get_jwks(QueueContext& context, http::Request&) {
  auto response = http::Response::json(200, auth::to_jwks({context.signing_key.public_key()}));
  response.set_header("Cache-Control", "public, max-age=300");
  co_return response;
}

}  // namespace eventbook::queue
