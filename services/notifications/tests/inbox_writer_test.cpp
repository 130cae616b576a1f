#include "notifications/consumers/inbox_writer.hpp"
#include "eventbook/db/blocking.hpp"
#include "eventbook/service/revocations.hpp"
#include "notifications/notifications_service.hpp"
#include "notifications/store/notification_store.hpp"

#include "eventbook/bus/outbox.hpp"
#include "eventbook/bus/topology.hpp"
#include "eventbook/core/clock.hpp"
#include "eventbook/core/id.hpp"
#include "support/test_database.hpp"

#include <gtest/gtest.h>

namespace eventbook::notifications {
namespace {

class InboxWriterTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    EVENTBOOK_REQUIRE_DATABASE(scratch);
    database = db::Database::open(scratch.url());
    database->migrate(migrations());
    database->migrate(bus::migrations());
    store = std::make_unique<NotificationStore>(*database);
    consumer = std::make_unique<bus::Consumer>(*database, "notifications");
    register_handlers(*consumer, true);
  }

  bool deliver(const std::string& type, boost::json::object data, std::string id = core::new_id()) {
    return consumer->handle(bus::Envelope{std::move(id), type, "2026-01-01T00:00:00.000Z", "req", std::move(data)});
  }
  std::int64_t count(const char* sql) { return db::blocking::exec(*database, sql).rows.at(0).integer(0); }

  testing::TestDatabase scratch{GetParam()};
  std::unique_ptr<db::Database> database;
  std::unique_ptr<NotificationStore> store;
  std::unique_ptr<bus::Consumer> consumer;
};

TEST_P(InboxWriterTest, AWelcomeOncePerRegistrationWithItsMail) {
  boost::json::object user{{"userId", "u1"}, {"username", "ada"}, {"email", "ada@example.com"}};
  EXPECT_TRUE(deliver("user.registered", user, "msg-1"));
  EXPECT_FALSE(deliver("user.registered", user, "msg-1"));
  auto inbox = core::run_blocking(store->list("u1", 10, std::nullopt, false));
  ASSERT_EQ(inbox.size(), 1u);
  EXPECT_EQ(inbox[0].title, "Welcome to eventbook, ada!");
  EXPECT_EQ(core::run_blocking(store->unread_count("u1")), 1);
  auto due = core::run_blocking(store->due_deliveries(core::now_ms() + 1000, 10));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].recipient, "ada@example.com");
  EXPECT_EQ(due[0].subject, "Welcome to eventbook, ada!");
}

TEST_P(InboxWriterTest, EventNewsReachEveryoneHoldingSeatsAndNobodyElse) {
  deliver("user.registered", {{"userId", "u1"}, {"username", "ada"}, {"email", "ada@example.com"}});
  auto booking = [](std::string id, std::string user) {
    return boost::json::object{
        {"bookingId", id}, {"userId", user}, {"eventId", "e1"}, {"eventTitle", "Expo"}, {"seats", 1}};
  };
  deliver("booking.confirmed", booking("b1", "u1"));
  deliver("booking.confirmed", booking("b2", "u2"));
  deliver("booking.confirmed", booking("b3", "u3"));
  deliver("booking.cancelled", booking("b3", "u3"));
  deliver("event.updated", {{"eventId", "e1"}, {"title", "Expo"}, {"changes", boost::json::array{"location"}}});
  // The event is cancelled: the bookings service cancels each booking.
  deliver("event.cancelled", {{"eventId", "e1"}, {"title", "Expo"}});
  for (auto [id, user] : {std::pair{"b1", "u1"}, std::pair{"b2", "u2"}}) {
    auto data = booking(id, user);
    data["reason"] = "event-cancelled";
    deliver("booking.cancelled", data);
  }
  deliver("event.updated", {{"eventId", "e1"}, {"title", "Expo"}, {"changes", boost::json::array{"date"}}});
  auto titles = [&](const std::string& user) {
    std::vector<std::string> out;
    for (const auto& n : core::run_blocking(store->list(user, 10, std::nullopt, false))) out.push_back(n.title);
    return out;
  };
  EXPECT_EQ(titles("u1"), (std::vector<std::string>{"Event cancelled: Expo", "Event updated: Expo",
                                                    "Booking confirmed: Expo", "Welcome to eventbook, ada!"}));
  EXPECT_EQ(titles("u2"),
            (std::vector<std::string>{"Event cancelled: Expo", "Event updated: Expo", "Booking confirmed: Expo"}));
  EXPECT_EQ(titles("u3"), (std::vector<std::string>{"Booking cancelled: Expo", "Booking confirmed: Expo"}));
  // Only u1's address is known: mail goes to u1 alone.
  EXPECT_EQ(count("SELECT COUNT(*) FROM deliveries"), 4);
  EXPECT_EQ(count("SELECT COUNT(*) FROM deliveries WHERE recipient <> 'ada@example.com'"), 0);
}

TEST_P(InboxWriterTest, PagesWalkTheInboxNewestFirstAndReadMarksStick) {
  for (int i = 0; i < 7; ++i) {
    deliver("booking.confirmed", {{"bookingId", "b" + std::to_string(i)},
                                  {"userId", "u1"},
                                  {"eventId", "e"},
                                  {"eventTitle", "T" + std::to_string(i)}});
  }
  std::vector<std::string> seen;
  std::optional<std::string> cursor;
  for (;;) {
    auto page = core::run_blocking(store->list("u1", 3, cursor, false));
    for (const auto& n : page) seen.push_back(n.title);
    if (page.size() < 3) break;
    cursor = page.back().id;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"Booking confirmed: T6", "Booking confirmed: T5", "Booking confirmed: T4",
                                            "Booking confirmed: T3", "Booking confirmed: T2", "Booking confirmed: T1",
                                            "Booking confirmed: T0"}));
  auto newest = core::run_blocking(store->list("u1", 1, std::nullopt, false)).at(0);
  EXPECT_TRUE(core::run_blocking(store->mark_read("u1", newest.id)));
  EXPECT_FALSE(core::run_blocking(store->mark_read("u1", newest.id)));
  EXPECT_FALSE(core::run_blocking(store->mark_read("someone-else", newest.id)));
  EXPECT_EQ(core::run_blocking(store->unread_count("u1")), 6);
  EXPECT_EQ(core::run_blocking(store->list("u1", 10, std::nullopt, true)).size(), 6u);
  EXPECT_EQ(core::run_blocking(store->mark_all_read("u1")), 6);
  EXPECT_EQ(core::run_blocking(store->unread_count("u1")), 0);
}

TEST_P(InboxWriterTest, AMalformedFactFailsSoTheBusCanDeadLetterIt) {
  EXPECT_THROW(deliver("user.registered", {{"userId", "u1"}}), std::invalid_argument);
  EXPECT_EQ(count("SELECT COUNT(*) FROM notifications"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM inbox"), 0);
}

TEST(Topology, TheNotificationsQueueIsBoundToWhatItHandles) {
  testing::TestDatabase scratch("sqlite");
  auto database = db::Database::open(scratch.url());
  bus::Consumer consumer(*database, "eventbook.notifications");
  register_handlers(consumer, false);
  // As the service wires it: token revocations on the same queue.
  auth::Verifier verifier;
  service::TokenRevocations revocations(*database, verifier);
  revocations.register_handler(consumer);
  auto topology = bus::topology("eventbook");
  EXPECT_EQ(topology.at(0).queue, consumer.queue());
  EXPECT_EQ(topology.at(0).keys, consumer.types());
}

INSTANTIATE_TEST_SUITE_P(Engines, InboxWriterTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace eventbook::notifications
