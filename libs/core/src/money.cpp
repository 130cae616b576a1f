#include "eventbook/core/money.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace eventbook::core {

namespace {

// ISO 4217 currencies whose minor unit is not the hundredth.
constexpr std::array<std::string_view, 17> kNoDecimals{"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG",
                                                       "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"};
constexpr std::array<std::string_view, 7> kThreeDecimals{"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"};
constexpr std::array<std::string_view, 2> kFourDecimals{"CLF", "UYW"};

template <std::size_t N>
bool among(const std::array<std::string_view, N>& codes, std::string_view code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

std::int64_t power_of_ten(int exponent) {
  std::int64_t value = 1;
  for (int i = 0; i < exponent; ++i) value *= 10;
  return value;
}

bool is_currency_code(std::string_view code) {
  return code.size() == 3 && std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::string decimals_text(int exponent) {
  if (exponent == 0) return "a whole number";
  return "at most " + std::to_string(exponent) + (exponent == 1 ? " decimal" : " decimals");
}

}  // namespace

int currency_exponent(std::string_view currency) noexcept {
  if (among(kNoDecimals, currency)) return 0;
  if (among(kThreeDecimals, currency)) return 3;
  if (among(kFourDecimals, currency)) return 4;
  return 2;
}

std::optional<Money> read_money(FieldReader& reader, const boost::json::object& object, std::string_view name,
                                bool required) {
  const std::string field(name);
  const auto* value = object.if_contains(name);
  if (value == nullptr) {
    if (required) reader.fail(field, "is required");
    return std::nullopt;
  }
  if (value->is_null()) return std::nullopt;  // refused by reader unless it may be null
  if (!value->is_object()) {
    reader.fail(field, "must be an object {\"amount\": 25, \"currency\": \"EUR\"}");
    return std::nullopt;
  }
  FieldReader parts(value->as_object(), {"amount", "currency"});
  auto amount = parts.number("amount", true);
  auto currency = parts.string("currency", true);
  const bool amount_ok =
      amount && std::isfinite(*amount) && *amount >= 0 && *amount <= static_cast<double>(kMaxMoneyMajor);
  if (amount && !amount_ok) parts.fail("amount", "must be from 0 to " + std::to_string(kMaxMoneyMajor));
  if (currency && !is_currency_code(*currency)) {
    parts.fail("currency", "must be a three-letter ISO 4217 code such as EUR");
    currency.reset();
  }
  std::optional<Money> money;
  if (amount_ok && currency) {
    // A decimal with at most `exponent` decimals is the double nearest it;
    // scaled, it lands within a few units in the last place of a whole
    // number, which is its exact count of minor units. Anything further off
    // had more decimals than the currency has.
    const int exponent = currency_exponent(*currency);
    const double scaled = *amount * static_cast<double>(power_of_ten(exponent));
    const double whole = std::round(scaled);
    const double tolerance = std::max(1e-6, std::fabs(scaled) * 4 * std::numeric_limits<double>::epsilon());
    if (std::fabs(scaled - whole) > tolerance) {
      parts.fail("amount", "must have " + decimals_text(exponent) + " in " + *currency);
    } else {
      money = Money{static_cast<std::int64_t>(whole), *currency};
    }
  }
  if (!parts.ok()) {
    try {
      parts.finish();
    } catch (const ApiError& error) {
      for (const auto& problem : error.fields()) reader.fail(field + "." + problem.field, problem.message);
    }
    return std::nullopt;
  }
  return money;
}

boost::json::object money_json(const Money& money) {
  const auto unit = power_of_ten(currency_exponent(money.currency));
  boost::json::value amount;
  if (money.minor % unit == 0) {
    amount = money.minor / unit;
  } else {
    // Written by to_json as the shortest decimal that reads back as this
    // double, which is the amount's own decimal (12.5, 0.99).
    amount = static_cast<double>(money.minor) / static_cast<double>(unit);
  }
  return boost::json::object{{"amount", std::move(amount)}, {"currency", money.currency}};
}

}  // namespace eventbook::core
