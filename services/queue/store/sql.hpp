#pragma once

namespace eventbook::queue::sql {

#define EVENTBOOK_ROOM_COLUMNS                                                                                     \
  "r.event_id, r.organizer_id, r.starts_at, r.on_sale_at, r.admit_per_minute, r.pass_minutes, "                    \
  "r.available_seats, r.sold_per_minute, r.rate_per_minute, r.status, r.drawn, r.last_place, r.admitted_through, " \
  "r.credit, r.joined, r.stepped_at, r.updated_at"

#define EVENTBOOK_ENTRY_COLUMNS \
  "e.id, e.event_id, e.user_id, e.joined_at, e.draw, e.place, e.state, e.admitted_at, e.pass_expires_at"

inline constexpr const char* kFindRoom = "SELECT " EVENTBOOK_ROOM_COLUMNS " FROM rooms r WHERE r.event_id = $1";

// A room as its event is now; a closed room opens again when its event has
// a waiting room once more.
// Takes the room's row lock (PostgreSQL) and changes nothing: a step of a
// room waits for any other one under way (a replica that took the lease over
// while the previous holder was still stepping) and then reads what it saved.
inline constexpr const char* kLockRoom = "UPDATE rooms SET updated_at = updated_at WHERE event_id = $1";

inline constexpr const char* kUpsertRoom =
    "INSERT INTO rooms (event_id, organizer_id, starts_at, on_sale_at, admit_per_minute, pass_minutes, "
    "available_seats, rate_per_minute, status, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9) "
    "ON CONFLICT (event_id) DO UPDATE SET organizer_id = excluded.organizer_id, starts_at = excluded.starts_at, "
    "on_sale_at = excluded.on_sale_at, admit_per_minute = excluded.admit_per_minute, "
    "pass_minutes = excluded.pass_minutes, available_seats = excluded.available_seats, "
    "status = CASE WHEN rooms.status = 'closed' THEN 'open' ELSE rooms.status END, updated_at = excluded.updated_at";

inline constexpr const char* kSaveRoom =
    "UPDATE rooms SET organizer_id = $2, starts_at = $3, on_sale_at = $4, admit_per_minute = $5, pass_minutes = $6, "
    "available_seats = $7, sold_per_minute = $8, rate_per_minute = $9, status = $10, drawn = $11, last_place = $12, "
    "admitted_through = $13, credit = $14, joined = $15, stepped_at = $16, updated_at = $17 WHERE event_id = $1";

// Rooms whose visitors may be waiting: open, their event not begun. Each is
// stepped (and so learns a moved on-sale) whenever its on-sale is.
inline constexpr const char* kActiveRooms = "SELECT " EVENTBOOK_ROOM_COLUMNS
                                            " FROM rooms r WHERE r.status = 'open' AND r.starts_at > $1 "
                                            "ORDER BY r.on_sale_at";

inline constexpr const char* kJoin =
    "INSERT INTO entries (id, event_id, user_id, joined_at, draw) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT (event_id, user_id) DO NOTHING";

inline constexpr const char* kEntryOf =
    "SELECT " EVENTBOOK_ENTRY_COLUMNS " FROM entries e WHERE e.event_id = $1 AND e.user_id = $2";

// A status poll: the entry and its room in one indexed read.
inline constexpr const char* kStatus = "SELECT " EVENTBOOK_ENTRY_COLUMNS ", " EVENTBOOK_ROOM_COLUMNS
                                       " FROM entries e JOIN rooms r ON r.event_id = e.event_id WHERE e.id = $1";

// The places of those who joined before the on-sale ($2), in the order of
// their random draws, after place $3.
inline constexpr const char* kDrawPlaces =
    "UPDATE entries SET place = drawn.n + $3 FROM (SELECT id, row_number() OVER (ORDER BY draw, id) AS n "
    "FROM entries WHERE event_id = $1 AND place IS NULL AND joined_at < $2) AS drawn WHERE entries.id = drawn.id";

// The places of later visitors, in order of arrival, after place $2.
inline constexpr const char* kGivePlaces =
    "UPDATE entries SET place = arrived.n + $2 FROM (SELECT id, row_number() OVER (ORDER BY joined_at, id) AS n "
    "FROM entries WHERE event_id = $1 AND place IS NULL) AS arrived WHERE entries.id = arrived.id";

inline constexpr const char* kAdmit =
    "UPDATE entries SET state = 'admitted', admitted_at = $4, pass_expires_at = $5 "
    "WHERE event_id = $1 AND place > $2 AND place <= $3 AND state = 'waiting'";

inline constexpr const char* kSoldOut =
    "UPDATE entries SET state = 'sold-out' WHERE event_id = $1 AND state = 'waiting'";

inline constexpr const char* kCountJoined = "SELECT COUNT(*) FROM entries WHERE event_id = $1";

}  // namespace eventbook::queue::sql
