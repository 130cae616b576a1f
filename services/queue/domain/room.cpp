#include "queue/domain/room.hpp"

#include <algorithm>

namespace eventbook::queue {

namespace {

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

}  // namespace

Room room_of(const EventFacts& facts, std::int64_t now) {
  Room room;
  room.event_id = facts.id;
  room.organizer_id = facts.organizer_id;
  room.starts_at = facts.starts_at;
  room.on_sale_at = facts.on_sale_at.value_or(now);
  room.admit_per_minute = facts.admit_per_minute;
  room.pass_minutes = facts.pass_minutes;
  room.available_seats = facts.available_seats;
  room.rate_per_minute = admission_rate(room);
  room.updated_at = now;
  return room;
}

std::int64_t default_rate(std::int64_t seats_left, std::int64_t sold_per_minute) {
  return std::min(std::max<std::int64_t>(60, 2 * sold_per_minute), std::max<std::int64_t>(10, seats_left));
}

std::int64_t admission_rate(const Room& room) {
  return room.admit_per_minute ? *room.admit_per_minute : default_rate(room.available_seats, room.sold_per_minute);
}

std::int64_t sold_rate(std::int64_t previous, std::int64_t sold, std::int64_t elapsed_ms) {
  if (elapsed_ms <= 0) return previous;
  elapsed_ms = std::min(elapsed_ms, kMinuteMs);
  const std::int64_t now_rate = sold * kMinuteMs / elapsed_ms;
  // The newest step weighs as much as its share of a minute.
  return (previous * (kMinuteMs - elapsed_ms) + now_rate * elapsed_ms) / kMinuteMs;
}

Admissions admissions(std::int64_t credit, std::int64_t rate_per_minute, std::int64_t elapsed_ms,
                      std::int64_t waiting) {
  elapsed_ms = std::clamp<std::int64_t>(elapsed_ms, 0, kMaxStepMs);
  credit += std::max<std::int64_t>(rate_per_minute, 0) * elapsed_ms;
  Admissions out;
  out.admit = std::min(credit / kMinuteMs, std::max<std::int64_t>(waiting, 0));
  out.credit = credit - out.admit * kMinuteMs;
  if (out.admit == waiting) out.credit = std::min(out.credit, kMinuteMs);
  return out;
}

Status status_of(const Entry& entry, const Room& room, std::int64_t now) {
  Status status;
  if (entry.state == "admitted") {
    status.state = entry.pass_expires_at && *entry.pass_expires_at > now ? "admitted" : "expired";
    if (status.state == "admitted") status.pass_expires_at = entry.pass_expires_at;
    return status;
  }
  if (entry.state == "sold-out" || room.status == "sold-out") {
    status.state = "sold-out";
    return status;
  }
  status.state = "waiting";
  if (now < room.on_sale_at || !entry.place) {
    // Before the opening nobody has a place yet: the wait is until then.
    const auto until_open = std::max<std::int64_t>(0, room.on_sale_at - now);
    status.wait_seconds = ceil_div(until_open, 1000);
    status.retry_after = std::clamp<std::int64_t>(until_open / 10'000, 1, 10);
    return status;
  }
  const auto position = std::max<std::int64_t>(1, *entry.place - room.admitted_through);
  const auto rate = std::max<std::int64_t>(1, room.rate_per_minute);
  status.position = position;
  status.wait_seconds = ceil_div(position * 60, rate);
  status.retry_after = std::clamp<std::int64_t>(*status.wait_seconds / 10, 1, 5);
  return status;
}

}  // namespace eventbook::queue
