#include <gtest/gtest.h>

#include "eventbook/db/database.hpp"

namespace eventbook::db {
namespace {

Row make_row() {
  return Row({std::string("42"), std::nullopt, std::string("-9223372036854775808"), std::string("2.5"),
              std::string("12abc"), std::string(""), std::string("1e+20")});
}

DbError::Kind kind_of_failure(const std::function<void()>& action) {
  try {
    action();
  } catch (const DbError& e) {
    return e.kind();
  }
  ADD_FAILURE() << "expected a DbError";
  return DbError::Kind::unavailable;
}

TEST(RowTest, ConvertsText) {
  const Row row = make_row();
  EXPECT_EQ(row.size(), 7u);
  EXPECT_EQ(row.text(0), "42");
  EXPECT_EQ(row.integer(0), 42);
  EXPECT_EQ(row.integer(2), INT64_MIN);
  EXPECT_DOUBLE_EQ(row.real(3), 2.5);
  EXPECT_DOUBLE_EQ(row.real(0), 42.0);
  EXPECT_DOUBLE_EQ(row.real(6), 1e20);
  EXPECT_EQ(row.opt_text(5), std::optional<std::string>(""));
}

TEST(RowTest, NullCells) {
  const Row row = make_row();
  EXPECT_TRUE(row.is_null(1));
  EXPECT_FALSE(row.is_null(0));
  EXPECT_EQ(row.opt_text(1), std::nullopt);
  EXPECT_EQ(row.opt_integer(1), std::nullopt);
  EXPECT_EQ(row.opt_integer(0), std::optional<std::int64_t>(42));
  EXPECT_EQ(kind_of_failure([&] { (void)row.text(1); }), DbError::Kind::other);
  EXPECT_EQ(kind_of_failure([&] { (void)row.integer(1); }), DbError::Kind::other);
  EXPECT_EQ(kind_of_failure([&] { (void)row.real(1); }), DbError::Kind::other);
}

TEST(RowTest, BadValuesThrow) {
  const Row row = make_row();
  EXPECT_EQ(kind_of_failure([&] { (void)row.integer(4); }), DbError::Kind::other);
  EXPECT_EQ(kind_of_failure([&] { (void)row.integer(5); }), DbError::Kind::other);
  EXPECT_EQ(kind_of_failure([&] { (void)row.integer(3); }), DbError::Kind::other);
  EXPECT_EQ(kind_of_failure([&] { (void)row.real(4); }), DbError::Kind::other);
  EXPECT_EQ(kind_of_failure([&] { (void)row.opt_integer(4); }), DbError::Kind::other);
  const Row overflow({std::string("9223372036854775808")});
  EXPECT_EQ(kind_of_failure([&] { (void)overflow.integer(0); }), DbError::Kind::other);
}

TEST(RowTest, ColumnOutOfRangeThrows) {
  const Row row = make_row();
  EXPECT_EQ(kind_of_failure([&] { (void)row.is_null(7); }), DbError::Kind::other);
  EXPECT_EQ(kind_of_failure([&] { (void)row.text(100); }), DbError::Kind::other);
}

}  // namespace
}  // namespace eventbook::db
