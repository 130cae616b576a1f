#include "eventbook/core/money.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

namespace eventbook::core {
namespace {

namespace json = boost::json;

// Reads {"price": ...} as read_money does for a route; the problems, if any.
struct Read {
  std::optional<Money> money;
  std::vector<FieldError> problems;
};
Read read(std::string_view body, bool required = true) {
  auto object = parse_object(body);
  FieldReader reader(object, {"price"});
  Read out;
  out.money = read_money(reader, object, "price", required);
  try {
    reader.finish();
  } catch (const ApiError& error) {
    out.problems = error.fields();
  }
  return out;
}

TEST(Money, CurrenciesHaveTheirOwnMinorUnits) {
  EXPECT_EQ(currency_exponent("EUR"), 2);
  EXPECT_EQ(currency_exponent("USD"), 2);
  EXPECT_EQ(currency_exponent("JPY"), 0);
  EXPECT_EQ(currency_exponent("KWD"), 3);
  EXPECT_EQ(currency_exponent("CLF"), 4);
}

TEST(Money, AmountsAreReadExactlyInMinorUnits) {
  EXPECT_EQ(read(R"({"price":{"amount":12.5,"currency":"EUR"}})").money, (Money{1250, "EUR"}));
  EXPECT_EQ(read(R"({"price":{"amount":12.50,"currency":"EUR"}})").money, (Money{1250, "EUR"}));
  EXPECT_EQ(read(R"({"price":{"amount":0.1,"currency":"EUR"}})").money, (Money{10, "EUR"}));
  EXPECT_EQ(read(R"({"price":{"amount":19.99,"currency":"USD"}})").money, (Money{1999, "USD"}));
  EXPECT_EQ(read(R"({"price":{"amount":1000,"currency":"JPY"}})").money, (Money{1000, "JPY"}));
  EXPECT_EQ(read(R"({"price":{"amount":1.005,"currency":"KWD"}})").money, (Money{1005, "KWD"}));
  EXPECT_EQ(read(R"({"price":{"amount":0,"currency":"EUR"}})").money, (Money{0, "EUR"}));
  EXPECT_EQ(read(R"({"price":{"amount":999999999.99,"currency":"EUR"}})").money, (Money{99999999999, "EUR"}));
}

TEST(Money, MoreDecimalsThanTheCurrencyHasAreRefusedNotRounded) {
  auto cents = read(R"({"price":{"amount":12.345,"currency":"EUR"}})");
  EXPECT_FALSE(cents.money);
  ASSERT_EQ(cents.problems.size(), 1u);
  EXPECT_EQ(cents.problems[0].field, "price.amount");
  EXPECT_EQ(cents.problems[0].message, "must have at most 2 decimals in EUR");
  auto yen = read(R"({"price":{"amount":100.5,"currency":"JPY"}})");
  ASSERT_EQ(yen.problems.size(), 1u);
  EXPECT_EQ(yen.problems[0].message, "must have a whole number in JPY");
  EXPECT_FALSE(read(R"({"price":{"amount":12.3400001,"currency":"EUR"}})").money);
}

TEST(Money, BadShapesNameTheirField) {
  auto field = [](std::string_view body) {
    auto out = read(body);
    EXPECT_FALSE(out.money) << body;
    return out.problems.empty() ? std::string("(none)") : out.problems[0].field;
  };
  EXPECT_EQ(field(R"({"price":25})"), "price");
  EXPECT_EQ(field(R"({"price":{"amount":-1,"currency":"EUR"}})"), "price.amount");
  EXPECT_EQ(field(R"({"price":{"amount":1e10,"currency":"EUR"}})"), "price.amount");
  EXPECT_EQ(field(R"({"price":{"amount":"25","currency":"EUR"}})"), "price.amount");
  EXPECT_EQ(field(R"({"price":{"amount":25,"currency":"eur"}})"), "price.currency");
  EXPECT_EQ(field(R"({"price":{"amount":25}})"), "price.currency");
  EXPECT_EQ(field(R"({"price":{"amount":25,"currency":"EUR","tax":1}})"), "price.tax");
  EXPECT_EQ(field(R"({})"), "price");
  EXPECT_TRUE(read(R"({})", /*required=*/false).problems.empty());
}

TEST(Money, IsWrittenAsAPlainNumberWithTheCurrencysDecimals) {
  EXPECT_EQ(to_json(money_json({2500, "EUR"})), R"({"amount":25,"currency":"EUR"})");
  EXPECT_EQ(to_json(money_json({1250, "EUR"})), R"({"amount":12.5,"currency":"EUR"})");
  EXPECT_EQ(to_json(money_json({99, "EUR"})), R"({"amount":0.99,"currency":"EUR"})");
  EXPECT_EQ(to_json(money_json({1000, "JPY"})), R"({"amount":1000,"currency":"JPY"})");
  EXPECT_EQ(to_json(money_json({1005, "KWD"})), R"({"amount":1.005,"currency":"KWD"})");
  EXPECT_EQ(to_json(money_json({99999999999, "EUR"})), R"({"amount":999999999.99,"currency":"EUR"})");
  // What is written reads back as the same money.
  for (std::int64_t minor : {1LL, 7LL, 10LL, 333LL, 123456789LL, 99999999999LL}) {
    auto body = R"({"price":)" + to_json(money_json({minor, "EUR"})) + "}";
    EXPECT_EQ(read(body).money, (Money{minor, "EUR"})) << body;
  }
}

}  // namespace
}  // namespace eventbook::core
