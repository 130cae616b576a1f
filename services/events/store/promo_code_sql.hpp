#pragma once

namespace eventbook::events::sql {

#define EVENTBOOK_PROMO_COLUMNS                                                                             \
  "id, event_id, code, percent_off, amount_off_minor, currency, ticket_type_ids, unlocks, max_uses, used, " \
  "valid_until, enabled, created_at, updated_at"

// A second code of the same key for the event is not inserted.
inline constexpr const char* kInsertPromoCode =
    "INSERT INTO promo_codes (id, event_id, code, code_key, percent_off, amount_off_minor, currency, "
    "ticket_type_ids, unlocks, max_uses, used, valid_until, enabled, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $12, $13, $13) ON CONFLICT DO NOTHING";

inline constexpr const char* kListPromoCodes =
    "SELECT " EVENTBOOK_PROMO_COLUMNS " FROM promo_codes WHERE event_id = $1 ORDER BY created_at, id";

inline constexpr const char* kFindPromoCode =
    "SELECT " EVENTBOOK_PROMO_COLUMNS " FROM promo_codes WHERE event_id = $1 AND id = $2";

inline constexpr const char* kFindPromoCodeByKey =
    "SELECT " EVENTBOOK_PROMO_COLUMNS " FROM promo_codes WHERE event_id = $1 AND code_key = $2";

// maxUses is checked against the uses as they are at that moment.
inline constexpr const char* kUpdatePromoCode =
    "UPDATE promo_codes SET percent_off = $3, amount_off_minor = $4, currency = $5, ticket_type_ids = $6, "
    "unlocks = $7, max_uses = $8, valid_until = $9, enabled = $10, updated_at = $11 "
    "WHERE event_id = $1 AND id = $2 AND used <= COALESCE($8, used)";

// A use, taken in the reservation's transaction only while one is left.
inline constexpr const char* kTakePromoUse =
    "UPDATE promo_codes SET used = used + 1, updated_at = $3 "
    "WHERE event_id = $1 AND code_key = $2 AND enabled = 1 AND (max_uses IS NULL OR used < max_uses) "
    "AND (valid_until IS NULL OR valid_until > $3) RETURNING " EVENTBOOK_PROMO_COLUMNS;

inline constexpr const char* kGiveBackPromoUse =
    "UPDATE promo_codes SET used = used - 1, updated_at = $2 WHERE id = $1 AND used > 0";

#undef EVENTBOOK_PROMO_COLUMNS

}  // namespace eventbook::events::sql
