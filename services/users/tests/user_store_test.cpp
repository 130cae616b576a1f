#include "users/store/user_store.hpp"
#include "eventbook/db/blocking.hpp"
#include "users/users_service.hpp"

#include "eventbook/core/id.hpp"
#include "support/test_database.hpp"

#include <gtest/gtest.h>

namespace eventbook::users {
namespace {

// Runs against SQLite and, when EVENTBOOK_TEST_PG_URL is set, PostgreSQL.
class UserStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    EVENTBOOK_REQUIRE_DATABASE(scratch);
    database = db::Database::open(scratch.url());
    database->migrate(migrations());
  }
  void TearDown() override { database.reset(); }

  void insert(const User& user) {
    db::blocking::transaction(*database, [&](db::Session& session) { UserStore::insert(session, user); });
  }

  User make(std::string name) { return User{core::new_id(), name, name + "@Example.com", "hash", "attendee", 1, 1}; }

  testing::TestDatabase scratch{GetParam()};
  std::unique_ptr<db::Database> database;
};

TEST_P(UserStoreTest, InsertsAndFindsIgnoringCaseOfTheEmail) {
  UserStore store(*database);
  auto user = make("alice");
  insert(user);
  auto found = core::run_blocking(store.find_by_email("ALICE@example.COM"));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, user.id);
  EXPECT_EQ(found->email, "alice@Example.com");
  EXPECT_EQ(core::run_blocking(store.find_by_id(user.id))->username, "alice");
  EXPECT_FALSE(core::run_blocking(store.find_by_email("bob@example.com")));
}

TEST_P(UserStoreTest, UniqueUsernameAndEmail) {
  UserStore store(*database);
  insert(make("alice"));
  auto same_email = make("other");
  same_email.email = "ALICE@example.com";
  try {
    insert(same_email);
    FAIL() << "duplicate e-mail accepted";
  } catch (const db::DbError& error) {
    EXPECT_EQ(error.kind(), db::DbError::Kind::unique_violation);
  }
  auto taken = core::run_blocking(store.taken("Alice", "nobody@example.com"));
  EXPECT_TRUE(taken.username);
  EXPECT_FALSE(taken.email);
}

TEST_P(UserStoreTest, GrantRoleChangesTheRoleOfAnExistingAccount) {
  UserStore store(*database);
  auto user = make("carol");
  insert(user);
  EXPECT_TRUE(core::run_blocking(grant_role(*database, "carol@example.com", "organizer")));
  EXPECT_EQ(core::run_blocking(store.find_by_id(user.id))->role, "organizer");
  EXPECT_FALSE(core::run_blocking(grant_role(*database, "nobody@example.com", "admin")));
  EXPECT_THROW(core::run_blocking(grant_role(*database, "carol@example.com", "superuser")), std::invalid_argument);
}

TEST_P(UserStoreTest, TheTokenVersionStartsAtZeroAndOnlyRises) {
  UserStore store(*database);
  auto user = make("dave");
  insert(user);
  EXPECT_EQ(core::run_blocking(store.find_by_id(user.id))->token_version, 0);
  auto bump = [&](const std::string& id) {
    return db::blocking::transaction(
        *database, [&](db::Session& session) { return UserStore::bump_token_version(session, id, 2); });
  };
  EXPECT_EQ(bump(user.id), 1);
  EXPECT_EQ(bump(user.id), 2);
  EXPECT_EQ(core::run_blocking(store.find_by_email("dave@example.com"))->token_version, 2);
  EXPECT_EQ(bump("no-such-account"), std::nullopt);
  // A profile change keeps it.
  auto found = *core::run_blocking(store.find_by_id(user.id));
  found.username = "david";
  EXPECT_TRUE(core::run_blocking(store.update_profile(found)));
  EXPECT_EQ(core::run_blocking(store.find_by_id(user.id))->token_version, 2);
}

INSTANTIATE_TEST_SUITE_P(Engines, UserStoreTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace eventbook::users
