#pragma once

namespace eventbook::notifications::sql {

inline constexpr const char* kUpsertRecipient =
    "INSERT INTO recipients (user_id, username, email, updated_at) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (user_id) DO UPDATE SET username = $2, email = $3, updated_at = $4";

inline constexpr const char* kFindRecipient = "SELECT username, email FROM recipients WHERE user_id = $1";

inline constexpr const char* kUpsertAttendance =
    "INSERT INTO attendance (booking_id, event_id, user_id, active) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (booking_id) DO UPDATE SET active = $4";

inline constexpr const char* kAttendees =
    "SELECT DISTINCT user_id FROM attendance WHERE event_id = $1 AND active = 1 ORDER BY user_id";

inline constexpr const char* kEndAttendance = "UPDATE attendance SET active = 0 WHERE event_id = $1";

inline constexpr const char* kInsertNotification =
    "INSERT INTO notifications (id, user_id, type, title, body, data, message_id, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

inline constexpr const char* kInsertDelivery =
    "INSERT INTO deliveries (id, notification_id, recipient, recipient_name, subject, text_body, html_body, qr_codes, "
    "status, attempts, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', 0, $9, $9)";

inline constexpr const char* kListFirst =
    "SELECT id, type, title, body, data, created_at, read_at FROM notifications "
    "WHERE user_id = $1 AND ($3 = 0 OR read_at IS NULL) ORDER BY id DESC LIMIT $2";

inline constexpr const char* kListAfter =
    "SELECT id, type, title, body, data, created_at, read_at FROM notifications "
    "WHERE user_id = $1 AND ($3 = 0 OR read_at IS NULL) AND id < $4 ORDER BY id DESC LIMIT $2";

inline constexpr const char* kUnreadCount = "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL";

inline constexpr const char* kFindOne =
    "SELECT id, type, title, body, data, created_at, read_at FROM notifications WHERE id = $1 AND user_id = $2";

inline constexpr const char* kMarkRead =
    "UPDATE notifications SET read_at = $3 WHERE id = $1 AND user_id = $2 AND read_at IS NULL";

inline constexpr const char* kMarkAllRead =
    "UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL";

inline constexpr const char* kDueDeliveries =
    "SELECT id, notification_id, recipient, recipient_name, subject, text_body, html_body, attempts, qr_codes "
    "FROM deliveries "
    "WHERE status IN ('pending', 'retry') AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2";

inline constexpr const char* kClaimDelivery =
    "UPDATE deliveries SET status = 'sending', attempts = attempts + 1 WHERE id = $1 AND status IN ('pending', "
    "'retry')";

inline constexpr const char* kDeliverySent = "UPDATE deliveries SET status = 'sent', sent_at = $2 WHERE id = $1";

inline constexpr const char* kDeliveryRetry =
    "UPDATE deliveries SET status = 'retry', next_attempt_at = $2, last_error = $3 WHERE id = $1";

inline constexpr const char* kDeliveryFailed = "UPDATE deliveries SET status = 'failed', last_error = $2 WHERE id = $1";

// A mail caught mid-send by a crash may or may not have left: it is not sent
// again (never twice), but kept visible for an operator.
inline constexpr const char* kDeliveriesInDoubt =
    "UPDATE deliveries SET status = 'unknown', last_error = 'interrupted while sending' WHERE status = 'sending'";

inline constexpr const char* kDeliveryCounts = "SELECT status, COUNT(*) FROM deliveries GROUP BY status";

}  // namespace eventbook::notifications::sql
