#include "bookings/saga/booking_saga.hpp"
#include "bookings/bookings_service.hpp"
#include "eventbook/db/blocking.hpp"
#include "eventbook/service/revocations.hpp"

#include "eventbook/bus/in_process.hpp"
#include "eventbook/bus/topology.hpp"
#include "eventbook/core/clock.hpp"
#include "eventbook/core/id.hpp"
#include "support/test_database.hpp"

#include <gtest/gtest.h>

#include <future>
#include <map>
#include <mutex>
#include <thread>

namespace eventbook::bookings {
namespace {

// Seats of one event, with the idempotence of the real inventory and a switch
// that makes it unreachable.
class FakeInventory : public SeatInventory {
 public:
  explicit FakeInventory(std::int64_t seats) : left(seats) {}

  core::Task<SeatAnswer> reserve(SeatRequest wanted, std::string) override {
    co_return reserve_now(wanted.booking_id, wanted.seats);
  }
  core::Task<SeatAnswer> release(std::string booking_id, std::string) override { co_return release_now(booking_id); }

  SeatAnswer reserve_now(const std::string& booking_id, std::int64_t seats) {
    std::lock_guard lock(mutex);
    ++calls;
    if (down) throw InventoryUnavailable("down");
    if (auto it = answers.find(booking_id); it != answers.end()) return it->second;
    SeatAnswer answer{"reserved", std::nullopt, "Show", "2030-01-01", "Oslo", "org-1"};
    answer.event_starts_at = starts_at;
    answer.event_status = event_status;
    if (left < seats) {
      answer.status = "refused";
      answer.reason = "sold-out";
    } else {
      left -= seats;
      held[booking_id] = seats;
    }
    return answers[booking_id] = answer;
  }
  SeatAnswer release_now(const std::string& booking_id) {
    std::lock_guard lock(mutex);
    if (down) throw InventoryUnavailable("down");
    if (auto it = held.find(booking_id); it != held.end()) {
      left += it->second;
      held.erase(it);
    }
    return answers[booking_id] = SeatAnswer{"released", std::nullopt, {}, {}, {}, {}};
  }

  std::mutex mutex;
  bool down = false;
  int calls = 0;
  std::int64_t left;
  std::map<std::string, std::int64_t> held;
  std::map<std::string, SeatAnswer> answers;
  std::optional<std::int64_t> starts_at;  // what the event says of itself
  std::string event_status = "scheduled";
};

class BookingSagaTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    EVENTBOOK_REQUIRE_DATABASE(scratch);
    database = db::Database::open(scratch.url());
    database->migrate(migrations());
    database->migrate(bus::migrations());
    store = std::make_unique<BookingStore>(*database);
    relay = std::make_unique<bus::Relay>(*database, *transport, bus::RelayOptions{.service = "bookings"});
    saga = std::make_unique<BookingSaga>(*database, *store, inventory, *relay);
  }

  Booking pending(std::int64_t seats = 1) {
    Booking booking;
    booking.id = core::new_id();
    booking.user_id = "u1";
    booking.event_id = "e1";
    booking.seats = seats;
    // A millisecond ago: recovery takes bookings created before "now - age",
    // and a fast run would otherwise still be in the same millisecond.
    booking.created_at = booking.updated_at = core::now_ms() - 1;
    EXPECT_TRUE(core::run_blocking(store->insert_pending(booking)));
    return booking;
  }
  // A hold, settled: held, its seats taken.
  Booking hold(std::int64_t seats = 1) {
    Booking booking;
    booking.id = core::new_id();
    booking.user_id = "u1";
    booking.event_id = "e1";
    booking.seats = seats;
    booking.hold = true;
    booking.created_at = booking.updated_at = core::now_ms() - 1;
    auto held = core::run_blocking(saga->book(booking, "req"));
    EXPECT_TRUE(held);
    return *held;
  }
  void expire_at(const std::string& id, std::int64_t at) {
    db::blocking::exec(*database, "UPDATE bookings SET expires_at = $2 WHERE id = $1", {id, at});
  }
  std::int64_t outbox(const std::string& type) {
    return db::blocking::exec(*database, "SELECT COUNT(*) FROM outbox WHERE type = $1", {type}).rows.at(0).integer(0);
  }

  testing::TestDatabase scratch{GetParam()};
  std::unique_ptr<db::Database> database;
  std::unique_ptr<bus::Transport> transport = bus::make_in_process_transport();
  FakeInventory inventory{3};
  std::unique_ptr<BookingStore> store;
  std::unique_ptr<bus::Relay> relay;
  std::unique_ptr<BookingSaga> saga;
};

TEST_P(BookingSagaTest, ConfirmsWithASnapshotAndOneMessage) {
  auto booking = core::run_blocking(saga->settle(pending(2), "req"));
  EXPECT_EQ(booking.status, "confirmed");
  EXPECT_EQ(booking.event_title, "Show");
  EXPECT_EQ(booking.organizer_id, "org-1");
  EXPECT_TRUE(booking.ticket_code);
  EXPECT_EQ(outbox("booking.confirmed"), 1);
  // Settling again (a retry, or recovery) changes nothing.
  EXPECT_EQ(core::run_blocking(saga->settle(booking, "req")).status, "confirmed");
  EXPECT_EQ(outbox("booking.confirmed"), 1);
  EXPECT_EQ(inventory.left, 1);
}

TEST_P(BookingSagaTest, AHoldKeepsItsSeatsUntilConfirmedOnce) {
  auto held = hold(2);
  EXPECT_EQ(held.status, "held");
  ASSERT_TRUE(held.expires_at);
  EXPECT_EQ(*held.expires_at, held.created_at + 10 * 60'000);  // the events service said nothing: 10 minutes
  EXPECT_FALSE(held.ticket_code);
  EXPECT_EQ(inventory.left, 1);
  EXPECT_EQ(outbox("booking.confirmed"), 0);
  auto confirmed = core::run_blocking(saga->confirm_hold(held, {}, "req"));
  EXPECT_EQ(confirmed.status, "confirmed");
  EXPECT_TRUE(confirmed.ticket_code);
  EXPECT_EQ(outbox("booking.confirmed"), 1);
  // Confirmed twice: the same booking, no second message.
  auto again = core::run_blocking(saga->confirm_hold(held, {}, "req"));
  EXPECT_EQ(again.ticket_code, confirmed.ticket_code);
  EXPECT_EQ(outbox("booking.confirmed"), 1);
  EXPECT_EQ(core::run_blocking(saga->expire_holds()), 0);
  EXPECT_EQ(inventory.left, 1);
}

TEST_P(BookingSagaTest, AnExpiredHoldGivesItsSeatsBackAndCannotBeConfirmed) {
  auto held = hold(2);
  expire_at(held.id, core::now_ms() - 1);
  // Past its expiry, before the sweep: not confirmed.
  EXPECT_EQ(core::run_blocking(saga->confirm_hold(held, {}, "req")).status, "held");
  EXPECT_EQ(core::run_blocking(saga->expire_holds()), 1);
  auto ended = core::run_blocking(store->find(held.id));
  EXPECT_EQ(ended->status, "expired");
  EXPECT_TRUE(ended->seats_released);
  EXPECT_EQ(inventory.left, 3);
  EXPECT_EQ(core::run_blocking(saga->confirm_hold(*ended, {}, "req")).status, "expired");
  EXPECT_EQ(outbox("booking.confirmed"), 0);
  // Let go of by its owner: the seats come back at once.
  auto other = hold(1);
  EXPECT_EQ(core::run_blocking(saga->let_go(other, "req")).status, "released");
  EXPECT_EQ(inventory.left, 3);
}

// Confirm and sweep racing at the expiry instant: each hold ends one way,
// and its seats are held exactly when it is confirmed.
TEST_P(BookingSagaTest, AHoldConfirmedAtItsExpiryEndsOneWayOnly) {
  inventory.left = 1000;
  std::map<std::string, int> outcomes;
  for (int round = 0; round < 40; ++round) {
    auto held = hold(1);
    const auto at = core::now_ms() + 2;
    expire_at(held.id, at);
    while (core::now_ms() < at) {
    }
    std::thread sweeper([&] { core::run_blocking(saga->expire_holds()); });
    auto confirmed = core::run_blocking(saga->confirm_hold(held, {}, "req"));
    sweeper.join();
    core::run_blocking(saga->expire_holds());
    auto ended = core::run_blocking(store->find(held.id));
    ++outcomes[ended->status];
    std::lock_guard lock(inventory.mutex);
    EXPECT_EQ(inventory.held.count(held.id), ended->status == "confirmed" ? 1u : 0u) << ended->status;
    EXPECT_TRUE(ended->status == "confirmed" || ended->status == "expired") << ended->status;
    EXPECT_EQ(confirmed.status == "confirmed", ended->status == "confirmed");
  }
  EXPECT_EQ(outcomes["confirmed"] + outcomes["expired"], 40);
  EXPECT_EQ(outbox("booking.confirmed"), outcomes["confirmed"]);
}

TEST_P(BookingSagaTest, AHoldNeverOutlastsTheEventsStart) {
  inventory.starts_at = core::now_ms() + 60'000;
  auto held = hold(1);
  EXPECT_EQ(held.expires_at, inventory.starts_at);
}

// Reserved before its event was cancelled, settled after the event's
// bookings were cancelled: cancelled too, and its seats given back.
TEST_P(BookingSagaTest, ABookingSettledAfterItsEventWasCancelledIsCancelled) {
  inventory.event_status = "cancelled";
  auto settled = core::run_blocking(saga->settle(pending(2), "req"));
  EXPECT_EQ(settled.status, "cancelled");
  EXPECT_EQ(settled.reason, "event-cancelled");
  EXPECT_EQ(outbox("booking.confirmed"), 0);
  EXPECT_EQ(inventory.left, 1);
  core::run_blocking(saga->recover(std::chrono::milliseconds(0)));
  EXPECT_EQ(inventory.left, 3);
}

TEST_P(BookingSagaTest, BookWritesThePendingBookingThenSettlesIt) {
  Booking fresh;
  fresh.id = core::new_id();
  fresh.user_id = "u1";
  fresh.event_id = "e1";
  fresh.seats = 1;
  fresh.idempotency_key = "key-1";
  fresh.created_at = fresh.updated_at = core::now_ms();
  auto booked = core::run_blocking(saga->book(fresh, "req"));
  ASSERT_TRUE(booked);
  EXPECT_EQ(booked->status, "confirmed");
  EXPECT_EQ(core::run_blocking(store->find(fresh.id))->status, "confirmed");
  // Under the same key again: nothing is written, the caller answers with the first.
  auto again = fresh;
  again.id = core::new_id();
  EXPECT_FALSE(core::run_blocking(saga->book(again, "req")));
  EXPECT_FALSE(core::run_blocking(store->find(again.id)));
  EXPECT_EQ(inventory.left, 2);
}

TEST_P(BookingSagaTest, RejectsWhenSoldOutWithoutAMessage) {
  core::run_blocking(saga->settle(pending(3), "req"));
  auto rejected = core::run_blocking(saga->settle(pending(1), "req"));
  EXPECT_EQ(rejected.status, "rejected");
  EXPECT_EQ(rejected.reason, "sold-out");
  EXPECT_EQ(outbox("booking.confirmed"), 1);
}

TEST_P(BookingSagaTest, AnUnreachableInventoryLeavesItPendingForRecovery) {
  auto booking = pending(1);
  inventory.down = true;
  EXPECT_THROW(core::run_blocking(saga->settle(booking, "req")), InventoryUnavailable);
  EXPECT_EQ(core::run_blocking(store->find(booking.id))->status, "pending");
  EXPECT_EQ(core::run_blocking(saga->recover(std::chrono::milliseconds(0))), 0);
  inventory.down = false;
  EXPECT_EQ(core::run_blocking(saga->recover(std::chrono::milliseconds(0))), 1);
  EXPECT_EQ(core::run_blocking(store->find(booking.id))->status, "confirmed");
  EXPECT_EQ(inventory.left, 2);
}

TEST_P(BookingSagaTest, CancellingTwiceGivesTheSeatsBackOnce) {
  auto booking = core::run_blocking(saga->settle(pending(2), "req"));
  EXPECT_EQ(core::run_blocking(saga->cancel(booking, "cancelled-by-user", "req")).status, "cancelled");
  EXPECT_EQ(core::run_blocking(saga->cancel(booking, "cancelled-by-user", "req")).status, "cancelled");
  EXPECT_EQ(inventory.left, 3);
  EXPECT_EQ(outbox("booking.cancelled"), 1);
  EXPECT_TRUE(core::run_blocking(store->find(booking.id))->seats_released);
}

TEST_P(BookingSagaTest, ACancelledEventCancelsItsBookingsAndRecoveryReleasesThem) {
  auto first = core::run_blocking(saga->settle(pending(1), "req"));
  auto second = core::run_blocking(saga->settle(pending(1), "req"));
  inventory.down = true;
  db::blocking::transaction(*database,
                            [&](db::Session& session) { EXPECT_EQ(BookingSaga::cancel_event(session, "e1", "r"), 2); });
  db::blocking::transaction(*database,
                            [&](db::Session& session) { EXPECT_EQ(BookingSaga::cancel_event(session, "e1", "r"), 0); });
  EXPECT_EQ(core::run_blocking(store->find(first.id))->status, "cancelled");
  EXPECT_EQ(core::run_blocking(store->find(first.id))->reason, "event-cancelled");
  EXPECT_EQ(outbox("booking.cancelled"), 2);
  EXPECT_EQ(core::run_blocking(saga->recover(std::chrono::milliseconds(0))), 0);
  inventory.down = false;
  EXPECT_EQ(core::run_blocking(saga->recover(std::chrono::milliseconds(0))), 2);
  EXPECT_EQ(inventory.left, 3);
  EXPECT_TRUE(core::run_blocking(store->unreleased(10)).empty());
}

TEST(Topology, TheBookingsQueueIsBoundToWhatItHandles) {
  testing::TestDatabase scratch("sqlite");
  auto database = db::Database::open(scratch.url());
  bus::Consumer consumer(*database, "eventbook.bookings");
  register_handlers(consumer);
  // As the service wires it: token revocations on the same queue.
  auth::Verifier verifier;
  service::TokenRevocations revocations(*database, verifier);
  revocations.register_handler(consumer);
  auto topology = bus::topology("eventbook");
  EXPECT_EQ(topology.at(1).queue, consumer.queue());
  EXPECT_EQ(topology.at(1).keys, consumer.types());
}

INSTANTIATE_TEST_SUITE_P(Engines, BookingSagaTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace eventbook::bookings
