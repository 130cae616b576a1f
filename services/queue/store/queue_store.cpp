#include "queue/store/queue_store.hpp"

#include "queue/store/sql.hpp"

#include <algorithm>

namespace eventbook::queue {

namespace {

constexpr std::size_t kRoomColumns = 17;

Room room_from(const db::Row& row, std::size_t at = 0) {
  Room room;
  room.event_id = row.text(at + 0);
  room.organizer_id = row.text(at + 1);
  room.starts_at = row.integer(at + 2);
  room.on_sale_at = row.integer(at + 3);
  room.admit_per_minute = row.opt_integer(at + 4);
  room.pass_minutes = row.integer(at + 5);
  room.available_seats = row.integer(at + 6);
  room.sold_per_minute = row.integer(at + 7);
  room.rate_per_minute = row.integer(at + 8);
  room.status = row.text(at + 9);
  room.drawn = row.integer(at + 10) != 0;
  room.last_place = row.integer(at + 11);
  room.admitted_through = row.integer(at + 12);
  room.credit = row.integer(at + 13);
  room.joined = row.integer(at + 14);
  room.stepped_at = row.opt_integer(at + 15);
  room.updated_at = row.integer(at + 16);
  return room;
}

constexpr std::size_t kEntryColumns = 9;

Entry entry_from(const db::Row& row) {
  Entry entry;
  entry.id = row.text(0);
  entry.event_id = row.text(1);
  entry.user_id = row.text(2);
  entry.joined_at = row.integer(3);
  entry.draw = row.integer(4);
  entry.place = row.opt_integer(5);
  entry.state = row.text(6);
  entry.admitted_at = row.opt_integer(7);
  entry.pass_expires_at = row.opt_integer(8);
  return entry;
}

void save(db::Session& session, const Room& room) {
  session.exec(sql::kSaveRoom,
               {room.event_id, room.organizer_id, room.starts_at, room.on_sale_at, db::nullable(room.admit_per_minute),
                room.pass_minutes, room.available_seats, room.sold_per_minute, room.rate_per_minute, room.status,
                std::int64_t{room.drawn ? 1 : 0}, room.last_place, room.admitted_through, room.credit, room.joined,
                db::nullable(room.stepped_at), room.updated_at});
}

// The facts of the event, as the room keeps them.
void refresh(Room& room, const EventFacts& facts, std::int64_t now) {
  room.organizer_id = facts.organizer_id;
  room.starts_at = facts.starts_at;
  if (facts.on_sale_at) room.on_sale_at = *facts.on_sale_at;
  room.admit_per_minute = facts.admit_per_minute;
  room.pass_minutes = facts.pass_minutes;
  const auto elapsed = room.stepped_at ? now - *room.stepped_at : 0;
  room.sold_per_minute =
      sold_rate(room.sold_per_minute, std::max<std::int64_t>(0, room.available_seats - facts.available_seats), elapsed);
  room.available_seats = facts.available_seats;
}

// Gives places: first the draw among the early joiners at the on-sale, then
// later visitors in order of arrival.
std::int64_t give_places(db::Session& session, Room& room) {
  std::int64_t placed = 0;
  if (!room.drawn) {
    placed += session.exec(sql::kDrawPlaces, {room.event_id, room.on_sale_at, room.last_place}).affected;
    room.drawn = true;
    room.last_place += placed;
  }
  auto later = session.exec(sql::kGivePlaces, {room.event_id, room.last_place}).affected;
  room.last_place += later;
  return placed + later;
}

std::int64_t admit(db::Session& session, Room& room, std::int64_t count, std::int64_t now) {
  if (count <= 0) return 0;
  const auto through = room.admitted_through + count;
  session.exec(sql::kAdmit, {room.event_id, room.admitted_through, through, now, now + room.pass_minutes * kMinuteMs});
  room.admitted_through = through;
  return count;
}

}  // namespace

core::Task<std::optional<Room>> QueueStore::room(std::string event_id) {
  db::Params params{std::move(event_id)};
  auto result = co_await db_.query(sql::kFindRoom, std::move(params));
  if (result.empty()) co_return std::nullopt;
  co_return room_from(result.rows.front());
}

core::Task<Room> QueueStore::save_facts(EventFacts facts, std::int64_t now) {
  auto room = room_of(facts, now);
  co_return co_await db_.transaction([&](db::Session& session) {
    session.exec(sql::kUpsertRoom, {room.event_id, room.organizer_id, room.starts_at, room.on_sale_at,
                                    db::nullable(room.admit_per_minute), room.pass_minutes, room.available_seats,
                                    room.rate_per_minute, now});
    return room_from(session.exec(sql::kFindRoom, {room.event_id}).rows.front());
  });
}

core::Task<std::pair<Entry, bool>> QueueStore::join(Entry wanted) {
  co_return co_await db_.transaction([&](db::Session& session) {
    bool made = session.exec(sql::kJoin, {wanted.id, wanted.event_id, wanted.user_id, wanted.joined_at, wanted.draw})
                    .affected == 1;
    auto found = session.exec(sql::kEntryOf, {wanted.event_id, wanted.user_id});
    return std::pair<Entry, bool>{entry_from(found.rows.front()), made};
  });
}

core::Task<std::optional<std::pair<Entry, Room>>> QueueStore::status(std::string entry_id) {
  db::Params params{std::move(entry_id)};
  auto result = co_await db_.query(sql::kStatus, std::move(params));
  if (result.empty()) co_return std::nullopt;
  const auto& row = result.rows.front();
  co_return std::pair<Entry, Room>{entry_from(row), room_from(row, kEntryColumns)};
}

core::Task<std::vector<Room>> QueueStore::active_rooms(std::int64_t now) {
  db::Params params{now};
  auto result = co_await db_.query(sql::kActiveRooms, std::move(params));
  std::vector<Room> rooms;
  for (const auto& row : result.rows) rooms.push_back(room_from(row));
  co_return rooms;
}

core::Task<StepResult> QueueStore::step(std::string event_id, std::optional<EventFacts> facts, std::int64_t now) {
  co_return co_await db_.transaction([&](db::Session& session) {
    StepResult result;
    session.exec(sql::kLockRoom, {event_id});
    auto found = session.exec(sql::kFindRoom, {event_id});
    if (found.empty()) return result;
    auto room = room_from(found.rows.front());
    if (room.status != "open") return result;
    // A step that waited for another may have started before it.
    now = std::max(now, room.stepped_at.value_or(now));
    bool gone = !facts || facts->status == "cancelled" || facts->starts_at < now;
    if (facts) refresh(room, *facts, now);
    room.rate_per_minute = admission_rate(room);
    if (gone || (room.available_seats <= 0 && now >= room.on_sale_at)) {
      // Nothing left to sell: whoever still waits learns it at once.
      result.sold_out = true;
      room.status = "sold-out";
      session.exec(sql::kSoldOut, {room.event_id});
    } else if (!facts->waiting_room) {
      // The event sells without a room now: everyone in it may buy.
      result.placed = give_places(session, room);
      result.admitted = admit(session, room, room.waiting(), now);
      room.status = "closed";
    } else if (now >= room.on_sale_at) {
      result.placed = give_places(session, room);
      // Admissions are earned from the on-sale on: the first step after it
      // counts the time since the opening, not since the step before it.
      const auto earning = room.stepped_at ? now - std::max(*room.stepped_at, room.on_sale_at) : 0;
      auto owed = admissions(room.credit, room.rate_per_minute, earning, room.waiting());
      result.admitted = admit(session, room, owed.admit, now);
      room.credit = owed.credit;
    }
    room.joined = session.exec(sql::kCountJoined, {room.event_id}).rows.front().integer(0);
    room.stepped_at = now;
    room.updated_at = now;
    save(session, room);
    return result;
  });
}

}  // namespace eventbook::queue
