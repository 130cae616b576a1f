#include "events/domain/promo_code.hpp"

#include "eventbook/core/clock.hpp"
#include "eventbook/core/json.hpp"
#include "events/domain/event.hpp"

#include <boost/json/array.hpp>

#include <algorithm>
#include <set>

namespace eventbook::events {

namespace {

constexpr std::size_t kMaxListedTypes = 20;

bool valid_code(std::string_view code) {
  return code.size() >= 3 && code.size() <= 32 && std::all_of(code.begin(), code.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
         });
}

// A list of 0 to kMaxListedTypes distinct ticket type ids (at least one when `non_empty`).
std::optional<std::vector<std::string>> read_ids(core::FieldReader& reader, const boost::json::value& value,
                                                 const char* name, bool non_empty) {
  const auto message = std::string("must be a list of ") + (non_empty ? "1" : "0") + " to " +
                       std::to_string(kMaxListedTypes) + " distinct ticket type ids";
  if (!value.is_array() || value.as_array().size() > kMaxListedTypes || (non_empty && value.as_array().empty())) {
    reader.fail(name, message);
    return std::nullopt;
  }
  std::vector<std::string> ids;
  std::set<std::string> seen;
  for (const auto& entry : value.as_array()) {
    if (!entry.is_string() || entry.as_string().empty() || entry.as_string().size() > 64 ||
        !seen.insert(std::string(entry.as_string())).second) {
      reader.fail(name, message);
      return std::nullopt;
    }
    ids.emplace_back(entry.as_string());
  }
  return ids;
}

boost::json::value ids_json(const std::vector<std::string>& ids) {
  boost::json::array out;
  for (const auto& id : ids) out.push_back(boost::json::string(id));
  return out;
}

}  // namespace

PromoCodeInput read_promo_code_input(const boost::json::object& body, bool create) {
  core::FieldReader reader(
      body, {"code", "percentOff", "amountOff", "ticketTypeIds", "unlocks", "maxUses", "validUntil", "enabled"},
      {"ticketTypeIds", "maxUses", "validUntil"});
  PromoCodeInput input;
  if (create) {
    input.code = reader.string("code", true);
    if (input.code && !valid_code(*input.code)) {
      reader.fail("code", "must be 3 to 32 letters, digits, '-' or '_'");
    }
  } else if (body.contains("code")) {
    reader.fail("code", "cannot change; disable this code and create another");
  }
  input.percent_off = reader.integer("percentOff", false);
  if (input.percent_off && (*input.percent_off < 1 || *input.percent_off > 100)) {
    reader.fail("percentOff", "must be a whole number from 1 to 100");
  }
  input.amount_off = core::read_money(reader, body, "amountOff", false);
  if (input.amount_off && input.amount_off->minor == 0) reader.fail("amountOff.amount", "must be above 0");
  if (input.percent_off && input.amount_off) reader.fail("amountOff", "goes without percentOff: give one of them");
  if (create && !input.percent_off && !input.amount_off && !body.contains("percentOff") &&
      !body.contains("amountOff")) {
    const auto* unlocks = body.if_contains("unlocks");
    if (unlocks == nullptr || (unlocks->is_array() && unlocks->as_array().empty())) {
      reader.fail("percentOff", "or amountOff or unlocks is required");
    }
  }
  if (const auto* ids = body.if_contains("ticketTypeIds")) {
    if (ids->is_null()) {
      input.ticket_type_ids = std::optional<std::vector<std::string>>();
    } else if (auto read = read_ids(reader, *ids, "ticketTypeIds", true)) {
      input.ticket_type_ids = std::move(read);
    }
  }
  if (const auto* ids = body.if_contains("unlocks"); ids != nullptr && !ids->is_null()) {
    input.unlocks = read_ids(reader, *ids, "unlocks", false);
  }
  if (body.contains("maxUses")) {
    auto uses = reader.integer("maxUses", false);
    if (uses && (*uses < 1 || *uses > kMaxPromoUses)) {
      reader.fail("maxUses", "must be from 1 to " + std::to_string(kMaxPromoUses));
    }
    input.max_uses = uses;
  }
  if (body.contains("validUntil")) {
    auto text = reader.string("validUntil", false);
    std::optional<std::int64_t> until;
    if (text) {
      auto parsed = parse_date(*text);
      if (!parsed) {
        reader.fail("validUntil", "must be an ISO 8601 date or date-time");
      } else {
        until = parsed->ms;
      }
    }
    input.valid_until = until;
  }
  input.enabled = reader.boolean("enabled", false);
  reader.finish();
  return input;
}

void apply_input(PromoCode& code, const PromoCodeInput& input) {
  if (input.code) code.code = *input.code;
  if (input.percent_off) {
    code.percent_off = input.percent_off;
    code.amount_off.reset();
  }
  if (input.amount_off) {
    code.amount_off = input.amount_off;
    code.percent_off.reset();
  }
  if (input.ticket_type_ids) code.ticket_type_ids = *input.ticket_type_ids;
  if (input.unlocks) code.unlocks = *input.unlocks;
  if (input.max_uses) {
    if (*input.max_uses && **input.max_uses < code.used) {
      throw core::ApiError(409, "max-uses-below-used", "maxUses cannot drop below the uses taken already.",
                           {{"maxUses", "is below the " + std::to_string(code.used) + " uses taken already"}});
    }
    code.max_uses = *input.max_uses;
  }
  if (input.valid_until) code.valid_until = *input.valid_until;
  if (input.enabled) code.enabled = *input.enabled;
}

std::string code_key(std::string_view code) {
  std::string key(code);
  std::transform(key.begin(), key.end(), key.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return key;
}

bool applies_to(const PromoCode& code, const std::string& ticket_type_id) {
  return !code.ticket_type_ids || std::find(code.ticket_type_ids->begin(), code.ticket_type_ids->end(),
                                            ticket_type_id) != code.ticket_type_ids->end();
}

bool unlocks(const PromoCode& code, const std::string& ticket_type_id) {
  return std::find(code.unlocks.begin(), code.unlocks.end(), ticket_type_id) != code.unlocks.end();
}

std::int64_t line_discount(const PromoCode& code, const std::string& ticket_type_id,
                           const std::optional<core::Money>& unit_price, std::int64_t quantity) {
  if (!unit_price || !applies_to(code, ticket_type_id)) return 0;
  if (code.percent_off) {
    // In 128 bits: a price of 10^13 minor units times a million seats passes 64.
    return static_cast<std::int64_t>(static_cast<__int128>(unit_price->minor) * quantity * *code.percent_off / 100);
  }
  if (code.amount_off && code.amount_off->currency == unit_price->currency) {
    return std::min(code.amount_off->minor, unit_price->minor) * quantity;
  }
  return 0;
}

std::string promo_refusal(const std::optional<PromoCode>& code, std::int64_t now) {
  if (!code || !code->enabled) return "promo-code-unknown";
  if (code->valid_until && now >= *code->valid_until) return "promo-code-expired";
  return "promo-code-used-up";
}

bool usable(const PromoCode& code, std::int64_t now) {
  return code.enabled && (!code.valid_until || now < *code.valid_until) &&
         (!code.max_uses || code.used < *code.max_uses);
}

boost::json::object public_promo_code_json(const PromoCode& code, const std::vector<std::string>& offered) {
  boost::json::value applies_to = nullptr;
  if (code.ticket_type_ids) {
    std::vector<std::string> shown;
    for (const auto& id : *code.ticket_type_ids) {
      if (std::find(offered.begin(), offered.end(), id) != offered.end()) shown.push_back(id);
    }
    applies_to = ids_json(shown);
  }
  return {{"code", code.code},
          {"percentOff", code.percent_off ? boost::json::value(*code.percent_off) : nullptr},
          {"amountOff", code.amount_off ? boost::json::value(core::money_json(*code.amount_off)) : nullptr},
          {"ticketTypeIds", std::move(applies_to)}};
}

boost::json::object promo_code_json(const PromoCode& code) {
  auto maybe = [](const std::optional<std::int64_t>& value) {
    return value ? boost::json::value(*value) : boost::json::value(nullptr);
  };
  return {{"id", code.id},
          {"code", code.code},
          {"percentOff", maybe(code.percent_off)},
          {"amountOff", code.amount_off ? boost::json::value(core::money_json(*code.amount_off)) : nullptr},
          {"ticketTypeIds", code.ticket_type_ids ? ids_json(*code.ticket_type_ids) : nullptr},
          {"unlocks", ids_json(code.unlocks)},
          {"maxUses", maybe(code.max_uses)},
          {"used", code.used},
          {"validUntil", code.valid_until ? boost::json::value(core::format_utc(*code.valid_until)) : nullptr},
          {"enabled", code.enabled},
          {"createdAt", core::format_utc(code.created_at)},
          {"updatedAt", core::format_utc(code.updated_at)}};
}

}  // namespace eventbook::events
