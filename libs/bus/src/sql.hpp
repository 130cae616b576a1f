#pragma once

namespace eventbook::bus::sql {

inline constexpr const char* kInsertOutbox =
    "INSERT INTO outbox (id, type, payload, created_at) VALUES ($1, $2, $3, $4)";

// Rows this relay may take: pending, and leased by nobody, by an expired
// lease, or by this relay already.
inline constexpr const char* kCandidates =
    "SELECT id FROM outbox WHERE sent_at IS NULL AND (lease_owner = $1 OR lease_until IS NULL OR lease_until < $2) "
    "ORDER BY id LIMIT $3";

inline constexpr const char* kTakeLease =
    "UPDATE outbox SET lease_owner = $1, lease_until = $3 WHERE id >= $4 AND id <= $5 AND sent_at IS NULL "
    "AND (lease_owner = $1 OR lease_until IS NULL OR lease_until < $2)";

inline constexpr const char* kLeased =
    "SELECT id, payload FROM outbox WHERE lease_owner = $1 AND sent_at IS NULL ORDER BY id LIMIT $2";

inline constexpr const char* kMarkSent =
    "UPDATE outbox SET sent_at = $1, lease_owner = NULL, lease_until = NULL "
    "WHERE lease_owner = $2 AND sent_at IS NULL AND id <= $3";

inline constexpr const char* kPruneSent = "DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $1";

inline constexpr const char* kBacklog = "SELECT COUNT(*), MIN(created_at) FROM outbox WHERE sent_at IS NULL";

inline constexpr const char* kInsertInbox =
    "INSERT INTO inbox (message_id, type, handled_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";

inline constexpr const char* kInsertDeadLetter =
    "INSERT INTO dead_letters (message_id, queue, payload, error, created_at) VALUES ($1, $2, $3, $4, $5) "
    "ON CONFLICT DO NOTHING";

}  // namespace eventbook::bus::sql
