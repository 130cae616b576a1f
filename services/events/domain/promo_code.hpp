#pragma once

#include "eventbook/core/money.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eventbook::events {

// A code that takes money off an event's tickets, or reveals hidden ticket
// types, for a limited number of bookings. Each booking that uses it takes
// one use, in the same transaction as its seats; a release gives it back.
struct PromoCode {
  std::string id;
  std::string event_id;
  std::string code;                                                        // as the organizer wrote it
  std::optional<std::int64_t> percent_off = std::nullopt;                  // 1 to 100, of each line it applies to
  std::optional<core::Money> amount_off = std::nullopt;                    // off each seat it applies to
  std::optional<std::vector<std::string>> ticket_type_ids = std::nullopt;  // none: every type
  std::vector<std::string> unlocks = {};                                   // hidden types it reveals
  std::optional<std::int64_t> max_uses = std::nullopt;                     // none: no limit
  std::int64_t used = 0;
  std::optional<std::int64_t> valid_until = std::nullopt;  // UTC ms; none: until the event
  bool enabled = true;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// What a create (every field it needs) or a change (only what is given;
// null clears maxUses, validUntil and ticketTypeIds) asks for.
struct PromoCodeInput {
  std::optional<std::string> code;
  std::optional<std::int64_t> percent_off;
  std::optional<core::Money> amount_off;
  std::optional<std::optional<std::vector<std::string>>> ticket_type_ids;
  std::optional<std::vector<std::string>> unlocks;
  std::optional<std::optional<std::int64_t>> max_uses;
  std::optional<std::optional<std::int64_t>> valid_until;
  std::optional<bool> enabled;
};

inline constexpr std::int64_t kMaxPromoUses = 1'000'000;

// Reads a create (`create`: code and one of percentOff or amountOff
// required) or a change; throws a 422 naming every bad field.
PromoCodeInput read_promo_code_input(const boost::json::object& body, bool create);

// Applies the input; throws a 409 when maxUses would fall below the uses
// taken, a 422 when a change leaves both or neither of the discounts.
void apply_input(PromoCode& code, const PromoCodeInput& input);

// The key codes are looked up by: case does not matter.
std::string code_key(std::string_view code);

// Whether the code takes money off seats of the type, and whether it reveals it.
bool applies_to(const PromoCode& code, const std::string& ticket_type_id);
bool unlocks(const PromoCode& code, const std::string& ticket_type_id);

// What the code takes off a line of `quantity` seats at `unit_price` each:
// percentOff of the line (rounded down to the minor unit), or amountOff of
// each seat (never more than the seat costs). 0 for a line it does not
// apply to or that has no price.
std::int64_t line_discount(const PromoCode& code, const std::string& ticket_type_id,
                           const std::optional<core::Money>& unit_price, std::int64_t quantity);

// Why a code cannot be used at `now`: "promo-code-unknown" (none such for
// the event, or disabled), "promo-code-expired" or "promo-code-used-up".
std::string promo_refusal(const std::optional<PromoCode>& code, std::int64_t now);

// What a buyer learns of a code that can be used: {code, percentOff,
// amountOff, ticketTypeIds}, the ids only of the `offered` types.
boost::json::object public_promo_code_json(const PromoCode& code, const std::vector<std::string>& offered);

// Whether the code can be used at `now`: enabled, not expired, a use left.
bool usable(const PromoCode& code, std::int64_t now);

// {id, code, percentOff, amountOff, ticketTypeIds, unlocks, maxUses, used,
// validUntil, enabled, createdAt, updatedAt}
boost::json::object promo_code_json(const PromoCode& code);

}  // namespace eventbook::events
