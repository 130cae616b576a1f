#include "eventbook/service/revocations.hpp"

#include "eventbook/core/error.hpp"
#include "eventbook/core/id.hpp"
#include "eventbook/db/blocking.hpp"
#include "support/eventually.hpp"
#include "support/test_database.hpp"

#include <gtest/gtest.h>

namespace eventbook::service {
namespace {

using testing::eventually;

constexpr std::int64_t kHour = 3600;

bus::Envelope revoked(const std::string& user, boost::json::value version) {
  return bus::Envelope{
      core::new_id(), kTokensRevoked, "2026-01-01T00:00:00.000Z", "req", {{"userId", user}, {"tokenVersion", version}}};
}

// Two replicas of one service: one database, each process its own verifier.
class TokenRevocationsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    EVENTBOOK_REQUIRE_DATABASE(scratch);
    database = db::Database::open(scratch.url());
    database->migrate(revocation_migrations());
  }
  void TearDown() override { database.reset(); }

  void apply(TokenRevocations& revocations, const bus::Envelope& envelope) {
    db::blocking::transaction(*database, [&](db::Session& session) { revocations.apply(session, envelope); });
  }

  testing::TestDatabase scratch{GetParam()};
  std::unique_ptr<db::Database> database;
};

TEST_P(TokenRevocationsTest, TheReplicaThatConsumesLearnsAtOnceTheOthersWithinAPeriod) {
  auth::Verifier first_verifier, second_verifier;
  TokenRevocations first(*database, first_verifier, std::chrono::milliseconds(50));
  TokenRevocations second(*database, second_verifier, std::chrono::milliseconds(50));
  first.start();
  second.start();
  apply(first, revoked("user-1", 3));
  EXPECT_EQ(first_verifier.minimum_version("user-1"), 3);
  EXPECT_TRUE(eventually([&] { return second_verifier.minimum_version("user-1") == 3; }, std::chrono::seconds(10),
                         "the other replica reads the revocation"));
  EXPECT_EQ(second_verifier.minimum_version("user-2"), 0);
  // An older version (a message delivered late) lowers nothing.
  apply(first, revoked("user-1", 2));
  EXPECT_EQ(first_verifier.minimum_version("user-1"), 3);
  auto stored = db::blocking::query(*database, "SELECT min_version FROM token_revocations WHERE user_id = 'user-1'");
  EXPECT_EQ(stored.rows.at(0).integer(0), 3);
  first.stop();
  second.stop();
}

TEST_P(TokenRevocationsTest, AProcessThatStartsKnowsWhatIsStoredBeforeItServes) {
  {
    auth::Verifier verifier;
    TokenRevocations earlier(*database, verifier);
    apply(earlier, revoked("user-1", 1));
    apply(earlier, revoked("user-2", 5));
  }
  auto key = auth::SigningKey::generate();
  auth::Verifier verifier({key.public_key()});
  TokenRevocations revocations(*database, verifier, std::chrono::hours(1));
  revocations.start();  // no period passes: the first read is part of start
  EXPECT_EQ(verifier.minimum_version("user-1"), 1);
  EXPECT_EQ(verifier.minimum_version("user-2"), 5);
  const std::int64_t now = 1'750'000'000;
  EXPECT_THROW(verifier.verify(key.sign({"user-2", "attendee", now, now + kHour, now, 4}), now), core::ApiError);
  EXPECT_NO_THROW(verifier.verify(key.sign({"user-2", "attendee", now, now + kHour, now, 5}), now));
  revocations.stop();
}

TEST_P(TokenRevocationsTest, AMalformedMessageIsRefused) {
  auth::Verifier verifier;
  TokenRevocations revocations(*database, verifier);
  for (const auto& envelope :
       {revoked("user-1", "3"), revoked("user-1", nullptr), revoked("", 3),
        bus::Envelope{core::new_id(), kTokensRevoked, "2026-01-01T00:00:00.000Z", "req", {{"tokenVersion", 3}}}}) {
    EXPECT_THROW(apply(revocations, envelope), std::invalid_argument);
  }
  EXPECT_EQ(verifier.minimum_version("user-1"), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, TokenRevocationsTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace eventbook::service
