#pragma once

#include "eventbook/core/json.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace eventbook::core {

// An amount of money in whole minor units of its ISO 4217 currency (cents for
// EUR, yen for JPY, fils for KWD): exact, never floating point.
struct Money {
  std::int64_t minor = 0;
  std::string currency;

  friend bool operator==(const Money&, const Money&) = default;
};

// How many digits follow the decimal point in the currency's amounts: 2 for
// most (EUR, USD), 0 for some (JPY, KRW), 3 for others (KWD, BHD).
int currency_exponent(std::string_view currency) noexcept;

// The most an amount may be, in major units (a price, a discount).
inline constexpr std::int64_t kMaxMoneyMajor = 1'000'000'000;

// Reads `name` of reader's object as {"amount": NUMBER, "currency": "EUR"}:
// the amount from 0 to kMaxMoneyMajor with at most the currency's decimals
// (12.5 and 12.50 are 1250 cents, 12.345 is refused), the currency three
// capital letters. Nothing when absent (or null where reader allows it) or
// wrong; what was wrong is reported to reader as `name.amount` and the like.
std::optional<Money> read_money(FieldReader& reader, const boost::json::object& object, std::string_view name,
                                bool required);

// {"amount": NUMBER, "currency": "EUR"}, the amount as a plain JSON number
// with at most the currency's decimals: 25, 12.5, 0.99, 1000 (JPY).
boost::json::object money_json(const Money& money);

}  // namespace eventbook::core
