#include "eventbook/bus/in_process.hpp"
#include "eventbook/bus/consumer.hpp"
#include "eventbook/bus/outbox.hpp"
#include "eventbook/db/blocking.hpp"

#include "support/test_database.hpp"

#include <gtest/gtest.h>

namespace eventbook::bus {
namespace {

TEST(TopicMatches, FollowsAmqpTopicRules) {
  EXPECT_TRUE(topic_matches("user.registered", "user.registered"));
  EXPECT_FALSE(topic_matches("user.registered", "user.deleted"));
  EXPECT_TRUE(topic_matches("user.*", "user.deleted"));
  EXPECT_FALSE(topic_matches("user.*", "user.a.b"));
  EXPECT_TRUE(topic_matches("#", "anything.at.all"));
  EXPECT_TRUE(topic_matches("booking.#", "booking"));
  EXPECT_TRUE(topic_matches("booking.#", "booking.confirmed.again"));
  EXPECT_TRUE(topic_matches("*.cancelled", "event.cancelled"));
  EXPECT_FALSE(topic_matches("*.cancelled", "event.updated"));
  EXPECT_TRUE(topic_matches("#.cancelled", "a.b.cancelled"));
  EXPECT_FALSE(topic_matches("user", "user.registered"));
}

Envelope message(std::string id, std::string type = "thing.happened") {
  return Envelope{std::move(id), std::move(type), "2026-01-01T00:00:00.000Z", "req", {{"n", 1}}};
}

// The consumer half of the bus on both engines: idempotence and dead letters.
class ConsumerTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    EVENTBOOK_REQUIRE_DATABASE(scratch);
    database = db::Database::open(scratch.url());
    database->migrate(migrations());
    db::blocking::exec(*database, "CREATE TABLE effects (message_id TEXT NOT NULL, n BIGINT NOT NULL)");
  }
  std::int64_t effects() { return db::blocking::exec(*database, "SELECT COUNT(*) FROM effects").rows.at(0).integer(0); }

  // An in-process bus that tries each message 3 times, then keeps it in `dead`.
  std::unique_ptr<Transport> transport_with_dead_letters() {
    dead = db::Database::open(dead_scratch.url());
    dead->migrate(dead_letter_migrations());
    return make_in_process_transport(
        {.max_attempts = 3, .retry_backoff = std::chrono::milliseconds(1), .dead_letters = dead.get()});
  }

  testing::TestDatabase scratch{GetParam()};
  std::unique_ptr<db::Database> database;
  testing::TestDatabase dead_scratch{GetParam()};
  std::unique_ptr<db::Database> dead;
};

TEST_P(ConsumerTest, ARedeliveredMessageChangesNothing) {
  Consumer consumer(*database, "test");
  consumer.on("thing.happened", [](db::Session& session, const Envelope& envelope) {
    session.exec("INSERT INTO effects (message_id, n) VALUES ($1, $2)",
                 {envelope.id, envelope.data.at("n").as_int64()});
  });
  EXPECT_TRUE(consumer.handle(message("m1")));
  EXPECT_FALSE(consumer.handle(message("m1")));
  EXPECT_TRUE(consumer.handle(message("m2")));
  EXPECT_EQ(effects(), 2);
}

TEST_P(ConsumerTest, AFailedHandlerLeavesNoTraceSoTheRetryApplies) {
  Consumer consumer(*database, "test");
  int calls = 0;
  consumer.on("thing.happened", [&](db::Session& session, const Envelope& envelope) {
    session.exec("INSERT INTO effects (message_id, n) VALUES ($1, 1)", {envelope.id});
    if (++calls == 1) throw std::runtime_error("transient");
  });
  EXPECT_THROW(consumer.handle(message("m1")), std::runtime_error);
  EXPECT_EQ(effects(), 0);
  EXPECT_TRUE(consumer.handle(message("m1")));
  EXPECT_EQ(effects(), 1);
}

TEST_P(ConsumerTest, InProcessDeliveryRetriesThenDeadLettersAndKeepsFlowing) {
  auto transport = transport_with_dead_letters();
  Consumer consumer(*database, "effects");
  int poison_calls = 0;
  consumer.on("thing.happened", [&](db::Session& session, const Envelope& envelope) {
    if (envelope.id == "poison") {
      ++poison_calls;
      throw std::runtime_error("cannot handle this one");
    }
    session.exec("INSERT INTO effects (message_id, n) VALUES ($1, 1)", {envelope.id});
  });
  consumer.attach(*transport);
  transport->start();
  transport->publish({message("a"), message("poison"), message("b"), message("c", "other.type")});
  // Once in the batch that failed, then three times alone.
  EXPECT_EQ(poison_calls, 1 + 3);
  EXPECT_EQ(effects(), 2);
  auto letters = db::blocking::exec(*dead, "SELECT message_id, queue, error FROM dead_letters");
  ASSERT_EQ(letters.rows.size(), 1u);
  EXPECT_EQ(letters.rows[0].text(0), "poison");
  EXPECT_EQ(letters.rows[0].text(1), "effects");
  EXPECT_EQ(letters.rows[0].text(2), "cannot handle this one");
  EXPECT_EQ(transport->stats().dead_lettered, 1u);
  transport->stop();
  EXPECT_THROW(transport->publish({message("d")}), TransportError);
}

// The consumer's database out of reach is no fault of the messages: nothing
// is dead-lettered, publish fails so that the outbox keeps them, and the next
// publish applies each once.
TEST_P(ConsumerTest, InProcessDeliveryFailingForAPassingCauseFailsThePublishAndDeadLettersNothing) {
  auto transport = transport_with_dead_letters();
  Consumer consumer(*database, "effects");
  bool out_of_reach = true;
  consumer.on("thing.happened", [&](db::Session& session, const Envelope& envelope) {
    if (out_of_reach) throw db::DbError(db::DbError::Kind::unavailable, "the database is out of reach");
    session.exec("INSERT INTO effects (message_id, n) VALUES ($1, 1)", {envelope.id});
  });
  consumer.attach(*transport);
  transport->start();
  const std::vector<Envelope> batch{message("a"), message("b")};
  EXPECT_THROW(transport->publish(batch), db::DbError);
  EXPECT_THROW(transport->publish({message("a")}), db::DbError);
  EXPECT_EQ(transport->stats().dead_lettered, 0u);
  EXPECT_TRUE(db::blocking::exec(*dead, "SELECT message_id FROM dead_letters").rows.empty());
  EXPECT_EQ(effects(), 0);

  out_of_reach = false;
  transport->publish(batch);
  transport->publish(batch);  // a relay's second try after a lost answer
  EXPECT_EQ(effects(), 2);
  transport->stop();
}

TEST_P(ConsumerTest, ABatchIsAppliedWholeInOrderAndSkipsWhatWasHandledBefore) {
  Consumer consumer(*database, "test");
  std::vector<std::string> order;
  consumer.on("thing.happened", [&](db::Session& session, const Envelope& envelope) {
    order.push_back(envelope.id);
    session.exec("INSERT INTO effects (message_id, n) VALUES ($1, 1)", {envelope.id});
  });
  EXPECT_TRUE(consumer.handle(message("m2")));
  order.clear();
  EXPECT_EQ(consumer.handle(std::vector<Envelope>{message("m1"), message("m2"), message("m3"), message("m1")}), 2u);
  EXPECT_EQ(order, (std::vector<std::string>{"m1", "m3"}));
  EXPECT_EQ(effects(), 3);
}

TEST_P(ConsumerTest, AFailingMessageInABatchLeavesNoneOfItApplied) {
  Consumer consumer(*database, "test");
  consumer.on("thing.happened", [&](db::Session& session, const Envelope& envelope) {
    session.exec("INSERT INTO effects (message_id, n) VALUES ($1, 1)", {envelope.id});
    if (envelope.id == "bad") throw std::runtime_error("cannot");
  });
  EXPECT_THROW(consumer.handle(std::vector<Envelope>{message("a"), message("bad"), message("b")}), std::runtime_error);
  EXPECT_EQ(effects(), 0);
  // Nothing of it reached the inbox either: each is still new.
  EXPECT_TRUE(consumer.handle(message("a")));
  EXPECT_TRUE(consumer.handle(message("b")));
  EXPECT_EQ(effects(), 2);
}

INSTANTIATE_TEST_SUITE_P(Engines, ConsumerTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace eventbook::bus
