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

#include <algorithm>
#include <atomic>
#include <future>
#include <map>
#include <mutex>
#include <set>
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
  core::Task<void> set_waitlist_demand(std::string, std::int64_t, std::string) override { co_return; }

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
    tickets = std::make_unique<TicketStore>(*database);
    relay = std::make_unique<bus::Relay>(*database, *transport, bus::RelayOptions{.service = "bookings"});
    saga = std::make_unique<BookingSaga>(*database, *store, *tickets, inventory, *relay);
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
  std::unique_ptr<TicketStore> tickets;
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

TEST_P(BookingSagaTest, AConfirmedBookingHasATicketPerSeatAndItsMessageCarriesThem) {
  auto booking = core::run_blocking(saga->settle(pending(2), "req"));
  auto issued = core::run_blocking(tickets->of_booking(booking.id));
  ASSERT_EQ(issued.size(), 2u);
  EXPECT_EQ(booking.ticket_code, issued[0].code);
  EXPECT_NE(issued[0].code, issued[1].code);
  EXPECT_EQ(issued[1].seat_no, 1);
  EXPECT_EQ(issued[0].status, "valid");
  auto found = core::run_blocking(tickets->find_by_code(issued[1].code));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, issued[1].id);
  auto message = db::blocking::exec(*database, "SELECT payload FROM outbox WHERE type = 'booking.confirmed'", {});
  EXPECT_NE(message.rows.at(0).text(0).find(issued[1].code), std::string::npos);
  // Settled again: no second set.
  core::run_blocking(saga->settle(booking, "req"));
  EXPECT_EQ(core::run_blocking(tickets->of_booking(booking.id)).size(), 2u);
}

TEST_P(BookingSagaTest, AConfirmedHoldsTicketsNameItsAttendees) {
  auto held = hold(2);
  EXPECT_TRUE(core::run_blocking(tickets->of_booking(held.id)).empty());
  std::vector<Attendee> names{{"Ada", "ada@example.com"}, {"Bo", "bo@example.com"}};
  auto confirmed = core::run_blocking(saga->confirm_hold(held, names, "req"));
  auto issued = core::run_blocking(tickets->of_booking(held.id));
  ASSERT_EQ(issued.size(), 2u);
  EXPECT_EQ(issued[0].attendee, names[0]);
  EXPECT_EQ(issued[1].attendee, names[1]);
  EXPECT_EQ(confirmed.ticket_code, issued[0].code);
  core::run_blocking(saga->confirm_hold(held, names, "req"));
  EXPECT_EQ(core::run_blocking(tickets->of_booking(held.id)).size(), 2u);
}

TEST_P(BookingSagaTest, CancellingVoidsTheTickets) {
  auto booking = core::run_blocking(saga->settle(pending(1), "req"));
  auto other = core::run_blocking(saga->settle(pending(1), "req"));
  core::run_blocking(saga->cancel(booking, "cancelled-by-user", "req"));
  EXPECT_EQ(core::run_blocking(tickets->of_booking(booking.id)).at(0).status, "void");
  EXPECT_EQ(core::run_blocking(tickets->of_booking(other.id)).at(0).status, "valid");
  db::blocking::transaction(*database, [&](db::Session& session) { BookingSaga::cancel_event(session, "e1", "r"); });
  EXPECT_EQ(core::run_blocking(tickets->of_booking(other.id)).at(0).status, "void");
  // A void ticket is never admitted.
  auto ticket = core::run_blocking(tickets->of_booking(other.id)).at(0);
  EXPECT_FALSE(core::run_blocking(tickets->check_in(ticket.id, CheckIn{1, "u", "organizer"})));
}

// A replica of the release before tickets cancels a booking without voiding
// its tickets: they are void all the same, and never admitted.
TEST_P(BookingSagaTest, ATicketOfABookingCancelledWithoutVoidingItIsVoid) {
  auto booking = core::run_blocking(saga->settle(pending(1), "req"));
  db::blocking::exec(*database, "UPDATE bookings SET status = 'cancelled' WHERE id = $1", {booking.id});
  auto ticket = core::run_blocking(tickets->of_booking(booking.id)).at(0);
  EXPECT_EQ(ticket.status, "void");
  EXPECT_EQ(core::run_blocking(tickets->find_by_code(ticket.code))->status, "void");
  EXPECT_FALSE(core::run_blocking(tickets->check_in(ticket.id, CheckIn{1, "u", "organizer"})));
  EXPECT_TRUE(core::run_blocking(tickets->check_in_counts("e1")).empty());
  EXPECT_EQ(core::run_blocking(tickets->attendees("e1", 10, std::nullopt)).at(0).ticket.status, "void");
}

TEST_P(BookingSagaTest, RecoveryWritesTheTicketsOfBookingsConfirmedWithoutThem) {
  auto booking = core::run_blocking(saga->settle(pending(2), "req"));
  auto cancelled = core::run_blocking(saga->settle(pending(1), "req"));
  core::run_blocking(saga->cancel(cancelled, "cancelled-by-user", "req"));
  // As a replica of the release before tickets leaves them: confirmed, no tickets.
  db::blocking::exec(*database, "DELETE FROM tickets", {});
  db::blocking::exec(*database, "UPDATE bookings SET tickets_issued = 0, ticket_code = 'OLD-CODE'", {});
  EXPECT_EQ(core::run_blocking(tickets->without_tickets(10)), std::vector<std::string>{booking.id});
  EXPECT_EQ(core::run_blocking(saga->issue_missing_tickets(100)), 1);
  auto issued = core::run_blocking(tickets->of_booking(booking.id));
  ASSERT_EQ(issued.size(), 2u);
  // The code the booking had stays good: its first ticket's.
  EXPECT_EQ(core::run_blocking(store->find(booking.id))->ticket_code, "OLD-CODE");
  EXPECT_EQ(issued[0].code, "OLDCODE");
  EXPECT_EQ(issued[1].code.size(), 26u);
  EXPECT_EQ(core::run_blocking(tickets->find_by_code(normalized_code("old-code")))->id, issued[0].id);
  EXPECT_TRUE(core::run_blocking(tickets->of_booking(cancelled.id)).empty());
  EXPECT_EQ(core::run_blocking(saga->issue_missing_tickets(100)), 0);
  EXPECT_EQ(core::run_blocking(tickets->of_booking(booking.id)).size(), 2u);
}

// Scanners racing on one code: exactly one admits it, on both engines.
TEST_P(BookingSagaTest, FiftyScansOfOneTicketAtOnceAdmitItOnce) {
  auto booking = core::run_blocking(saga->settle(pending(1), "req"));
  auto ticket = core::run_blocking(tickets->of_booking(booking.id)).at(0);
  std::atomic<int> admitted{0};
  std::vector<std::thread> scanners;
  for (int n = 0; n < 50; ++n) {
    scanners.emplace_back([&, n] {
      if (core::run_blocking(tickets->check_in(ticket.id, CheckIn{1000 + n, "u" + std::to_string(n), "door"}))) {
        ++admitted;
      }
    });
  }
  for (auto& scanner : scanners) scanner.join();
  EXPECT_EQ(admitted.load(), 1);
  auto after = core::run_blocking(tickets->find(ticket.id));
  ASSERT_TRUE(after->check_in);
  // Undone, it can be admitted again, once.
  core::run_blocking(tickets->undo_check_in(ticket.id));
  EXPECT_FALSE(core::run_blocking(tickets->find(ticket.id))->check_in);
  EXPECT_TRUE(core::run_blocking(tickets->check_in(ticket.id, CheckIn{2, "u", "organizer"})));
  EXPECT_FALSE(core::run_blocking(tickets->check_in(ticket.id, CheckIn{3, "u", "organizer"})));
  auto counts = core::run_blocking(tickets->check_in_counts("e1"));
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts[0].admitted, 1);
  EXPECT_EQ(counts[0].total, 1);
}

TEST_P(BookingSagaTest, TheAttendeeListPagesAnEventsTicketsInOrder) {
  inventory.left = 100;
  for (int n = 0; n < 5; ++n) core::run_blocking(saga->settle(pending(3), "req"));
  std::vector<std::string> seen;
  std::optional<std::string> after;
  for (;;) {
    auto page = core::run_blocking(tickets->attendees("e1", 4, after));
    for (const auto& row : page) {
      seen.push_back(row.ticket.id);
      EXPECT_EQ(row.buyer_id, "u1");
      EXPECT_EQ(row.payment_status, "none");
    }
    if (page.size() < 4) break;
    after = page.back().ticket.id;
  }
  EXPECT_EQ(seen.size(), 15u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 15u);
  EXPECT_TRUE(core::run_blocking(tickets->attendees("other-event", 4, std::nullopt)).empty());
}

TEST_P(BookingSagaTest, DoorStaffAreNamedOncePerEventAndRemoved) {
  StaffMember member{"e1", "u7", "door@example.com", "door", "Show", "2030-01-01", "org-1", 5};
  EXPECT_TRUE(core::run_blocking(tickets->add_staff(member)));
  EXPECT_FALSE(core::run_blocking(tickets->add_staff(member)));
  auto other = member;
  other.event_id = "e2";
  EXPECT_TRUE(core::run_blocking(tickets->add_staff(other)));
  EXPECT_EQ(core::run_blocking(tickets->staff_of("e1")).size(), 1u);
  EXPECT_EQ(core::run_blocking(tickets->events_of_staff("u7", 10)).size(), 2u);
  EXPECT_TRUE(core::run_blocking(tickets->find_staff("e1", "u7")));
  EXPECT_FALSE(core::run_blocking(tickets->find_staff("e1", "u8")));
  EXPECT_TRUE(core::run_blocking(tickets->remove_staff("e1", "u7")));
  EXPECT_FALSE(core::run_blocking(tickets->remove_staff("e1", "u7")));
  EXPECT_FALSE(core::run_blocking(tickets->find_staff("e1", "u7")));
  EXPECT_EQ(core::run_blocking(tickets->events_of_staff("u7", 10)).size(), 1u);
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
