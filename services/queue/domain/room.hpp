#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace eventbook::queue {

// Visitors join a room from this long before the on-sale.
inline constexpr std::int64_t kJoinMinutesBefore = 30;
inline constexpr std::int64_t kMinuteMs = 60'000;

// What a room depends on of its event, as the events service says.
struct EventFacts {
  std::string id;
  std::string organizer_id;
  std::string status;  // scheduled, cancelled
  std::int64_t starts_at = 0;
  std::optional<std::int64_t> on_sale_at = std::nullopt;
  bool waiting_room = false;
  std::optional<std::int64_t> admit_per_minute = std::nullopt;
  std::int64_t pass_minutes = 10;
  std::int64_t available_seats = 0;  // what a buyer let in can take (none owed to the waitlist)
};

// An event's waiting room. Places are numbered from 1; every place up to
// admitted_through is admitted, so a waiting visitor's position is their
// place minus admitted_through.
struct Room {
  std::string event_id;
  std::string organizer_id;
  std::int64_t starts_at = 0;
  std::int64_t on_sale_at = 0;
  std::optional<std::int64_t> admit_per_minute = std::nullopt;
  std::int64_t pass_minutes = 10;
  std::int64_t available_seats = 0;
  std::int64_t sold_per_minute = 0;
  std::int64_t rate_per_minute = 0;
  std::string status = "open";  // open, sold-out, closed (the event sells without a room now)
  bool drawn = false;
  std::int64_t last_place = 0;
  std::int64_t admitted_through = 0;
  std::int64_t credit = 0;  // admissions owed, in 1/kMinuteMs ths
  std::int64_t joined = 0;
  std::optional<std::int64_t> stepped_at = std::nullopt;
  std::int64_t updated_at = 0;

  // When visitors may start to join.
  std::int64_t opens_at() const noexcept { return on_sale_at - kJoinMinutesBefore * kMinuteMs; }
  std::int64_t waiting() const noexcept { return last_place - admitted_through; }
};

// A room made from its event's facts (which must name an on-sale time).
Room room_of(const EventFacts& facts, std::int64_t now);

// One visitor's entry.
struct Entry {
  std::string id;
  std::string event_id;
  std::string user_id;
  std::int64_t joined_at = 0;
  std::int64_t draw = 0;
  std::optional<std::int64_t> place = std::nullopt;
  std::string state = "waiting";  // waiting, admitted, sold-out
  std::optional<std::int64_t> admitted_at = std::nullopt;
  std::optional<std::int64_t> pass_expires_at = std::nullopt;
};

// Without a rate of the organizer's: at least one a second, twice what sold
// in the last minute so that the shop stays busy, and never more a minute
// than the seats left (at least 10).
std::int64_t default_rate(std::int64_t seats_left, std::int64_t sold_per_minute);
// The rate admissions run at: the organizer's, or the default.
std::int64_t admission_rate(const Room& room);

// The seats sold per minute lately, from the last estimate and `sold` seats
// in the last `elapsed_ms`: a moving average over about the last minute.
std::int64_t sold_rate(std::int64_t previous, std::int64_t sold, std::int64_t elapsed_ms);

// One admission step: `rate_per_minute` earns credit for the time since the
// last step (at most kMaxStepMs, so a pause does not let a crowd in at
// once); whole admissions are spent on the `waiting` visitors. With nobody
// left waiting, at most one admission's credit is kept.
inline constexpr std::int64_t kMaxStepMs = 10'000;
struct Admissions {
  std::int64_t admit = 0;
  std::int64_t credit = 0;
};
Admissions admissions(std::int64_t credit, std::int64_t rate_per_minute, std::int64_t elapsed_ms, std::int64_t waiting);

// What a visitor learns of their entry at `now`.
struct Status {
  std::string state;  // waiting, admitted, expired, sold-out
  std::optional<std::int64_t> position = std::nullopt;
  std::optional<std::int64_t> wait_seconds = std::nullopt;
  std::optional<std::int64_t> pass_expires_at = std::nullopt;  // admitted: UTC ms
  std::int64_t retry_after = 0;                                // seconds until it is worth asking again; 0: no need
};
Status status_of(const Entry& entry, const Room& room, std::int64_t now);

}  // namespace eventbook::queue
