#include <charconv>
#include <system_error>

#include "eventbook/db/database.hpp"

namespace eventbook::db {
namespace {

template <typename Number>
Number parse_number(const std::string& text, std::size_t col, const char* what) {
  Number value{};
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end) {
    throw DbError(DbError::Kind::other, "column " + std::to_string(col) + " is not " + what + ": '" + text + "'");
  }
  return value;
}

}  // namespace

bool Row::is_null(std::size_t col) const {
  if (col >= cells_.size()) {
    throw DbError(DbError::Kind::other,
                  "column " + std::to_string(col) + " out of range (row has " + std::to_string(cells_.size()) + ")");
  }
  return !cells_[col].has_value();
}

const std::string& Row::text(std::size_t col) const {
  if (is_null(col)) {
    throw DbError(DbError::Kind::other, "column " + std::to_string(col) + " is null");
  }
  return *cells_[col];
}

std::optional<std::string> Row::opt_text(std::size_t col) const {
  if (is_null(col)) return std::nullopt;
  return *cells_[col];
}

std::int64_t Row::integer(std::size_t col) const { return parse_number<std::int64_t>(text(col), col, "an integer"); }

std::optional<std::int64_t> Row::opt_integer(std::size_t col) const {
  if (is_null(col)) return std::nullopt;
  return integer(col);
}

double Row::real(std::size_t col) const { return parse_number<double>(text(col), col, "a number"); }

}  // namespace eventbook::db
