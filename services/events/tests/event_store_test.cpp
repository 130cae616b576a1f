#include "events/store/event_store.hpp"
#include "eventbook/db/blocking.hpp"
#include "events/events_service.hpp"

#include "eventbook/bus/outbox.hpp"
#include "eventbook/core/clock.hpp"
#include "eventbook/core/id.hpp"
#include "events/store/sql.hpp"
#include "support/test_database.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace eventbook::events {
namespace {

constexpr std::int64_t kDay = 86'400'000;

class EventStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    EVENTBOOK_REQUIRE_DATABASE(scratch);
    database = db::Database::open(scratch.url(), {.pool_size = 16});
    database->migrate(migrations());
    store = std::make_unique<EventStore>(*database);
  }

  Event make(std::string title, std::int64_t capacity, std::int64_t starts_in_days = 30, std::string location = "Oslo",
             std::string description = "") {
    Event event;
    event.id = core::new_id();
    event.organizer_id = "org-1";
    event.title = std::move(title);
    event.description = std::move(description);
    event.starts_at = core::now_ms() + starts_in_days * kDay;
    event.date = "2030-01-01";
    event.location = std::move(location);
    event.capacity = event.available_seats = capacity;
    event.created_at = event.updated_at = core::now_ms();
    db::blocking::transaction(*database, [&](db::Session& session) { EventStore::insert(session, event); });
    return event;
  }

  // `threads` threads making `each` reservations, all at once, the n-th
  // asking for what wanted(booking id, n) says: how many answers of each
  // kind ("reserved", "refused sold-out", ...).
  std::map<std::string, int> reserve_at_once(int threads, int each,
                                             const std::function<ReservationRequest(std::string, int)>& wanted) {
    std::mutex mutex;
    std::map<std::string, int> answers;
    std::vector<std::thread> running;
    for (int t = 0; t < threads; ++t) {
      running.emplace_back([&, t] {
        for (int i = 0; i < each; ++i) {
          auto request = wanted("b-" + std::to_string(t) + "-" + std::to_string(i), t + i);
          auto answer = core::run_blocking(store->reserve(std::move(request), core::now_ms()));
          std::lock_guard lock(mutex);
          ++answers[answer.status + (answer.reason ? " " + *answer.reason : "")];
        }
      });
    }
    for (auto& thread : running) thread.join();
    return answers;
  }
  // 20 threads reserving one seat 25 times each.
  std::map<std::string, int> reserve_one_seat_500_times_at_once(const std::string& event_id) {
    return reserve_at_once(20, 25, [&](std::string id, int) { return ReservationRequest{std::move(id), event_id, 1}; });
  }
  // Gives the event a price of its own.
  void price(Event& event, std::int64_t minor, const std::string& currency) {
    event.price_minor = minor;
    event.currency = currency;
    event.updated_at = core::now_ms();
    db::blocking::transaction(*database, [&](db::Session& s) { ASSERT_TRUE(EventStore::update(s, event)); });
  }

  // Adds a ticket type to an event.
  void add_type(const std::string& event_id, const std::string& id, std::int64_t position, std::int64_t quota,
                std::optional<core::Money> price = std::nullopt, bool hidden = false,
                std::optional<std::int64_t> sales_start = std::nullopt,
                std::optional<std::int64_t> max_per_booking = std::nullopt) {
    db::blocking::exec(
        *database, sql::kInsertTicketType,
        {id, event_id, position, "Type " + id, nullptr, price ? db::Param(price->minor) : db::Param(nullptr),
         price ? db::Param(price->currency) : db::Param(nullptr), quota, std::int64_t{0}, db::nullable(sales_start),
         nullptr, db::nullable(max_per_booking), std::int64_t{hidden ? 1 : 0}, core::now_ms()});
  }
  std::map<std::string, std::int64_t> sold(const std::string& event_id) {
    std::map<std::string, std::int64_t> out;
    const auto found = core::run_blocking(store->find_with_ticket_types(event_id));
    for (const auto& type : found->ticket_types) out[type.id] = type.sold;
    return out;
  }
  Reservation reserve(const std::string& booking_id, const std::string& event_id, std::vector<ReservationItem> items) {
    std::int64_t seats = 0;
    for (const auto& item : items) seats += item.quantity;
    return core::run_blocking(store->reserve({booking_id, event_id, seats, std::move(items)}, core::now_ms()));
  }

  testing::TestDatabase scratch{GetParam()};
  std::unique_ptr<db::Database> database;
  std::unique_ptr<EventStore> store;
};

TEST_P(EventStoreTest, FiveHundredConcurrentReservationsForAHundredSeats) {
  auto event = make("Hot show", 100);
  auto answers = reserve_one_seat_500_times_at_once(event.id);
  EXPECT_EQ(answers["reserved"], 100);
  EXPECT_EQ(answers["refused sold-out"], 400);
  EXPECT_EQ(core::run_blocking(store->find(event.id))->available_seats, 0);
  auto counted =
      db::blocking::exec(*database, "SELECT COUNT(*), SUM(seats) FROM reservations WHERE status = 'reserved'");
  EXPECT_EQ(counted.rows[0].integer(0), 100);
}

// A type's quota is a second limit beside the capacity; neither is ever
// exceeded, however many reserve at once, and a refusal takes nothing.
// Seats that come back go to the waitlist first: while they are owed, a
// flood of new bookers gets none of them, and only an offer takes them.
TEST_P(EventStoreTest, SeatsThatComeBackAreOwedToTheWaitlistFirst) {
  auto event = make("Sold out", 5);
  auto seats = [&](const std::string& id, std::int64_t n, bool offer = false) {
    ReservationRequest wanted{id, event.id, n};
    wanted.waitlist_offer = offer;
    return core::run_blocking(store->reserve(std::move(wanted), core::now_ms()));
  };
  ASSERT_EQ(seats("b1", 2).status, "reserved");
  ASSERT_EQ(seats("b2", 3).status, "reserved");
  // Three seats wanted by the waitlist; two come back.
  ASSERT_TRUE(core::run_blocking(store->set_waitlist_demand(event.id, 3)));
  ASSERT_EQ(core::run_blocking(store->release("b1", core::now_ms())).status, "released");
  auto after = *core::run_blocking(store->find(event.id));
  EXPECT_EQ(after.available_seats, 2);
  EXPECT_EQ(after.owed_seats, 2);
  EXPECT_EQ(after.open_seats(), 0);
  // 200 bookers at once: every one refused.
  auto flood = reserve_at_once(20, 10, [&](std::string id, int) { return ReservationRequest{id, event.id, 1}; });
  EXPECT_EQ(flood["refused sold-out"], 200);
  // An offer larger than what is owed is refused; one that fits takes it.
  EXPECT_EQ(seats("o1", 3, true).reason, "sold-out");
  ASSERT_EQ(seats("o2", 2, true).status, "reserved");
  after = *core::run_blocking(store->find(event.id));
  EXPECT_EQ(after.available_seats, 0);
  EXPECT_EQ(after.owed_seats, 0);
  // An offer let go of: its seats owed again (the demand is still there).
  ASSERT_EQ(core::run_blocking(store->release("o2", core::now_ms())).status, "released");
  EXPECT_EQ(core::run_blocking(store->find(event.id))->owed_seats, 2);
  // Nobody waiting any more: what was owed is open to all.
  auto none = *core::run_blocking(store->set_waitlist_demand(event.id, 0));
  EXPECT_EQ(none.owed_seats, 0);
  EXPECT_EQ(none.open_seats(), 2);
  // More capacity goes to the waitlist first, up to what it wants.
  ASSERT_TRUE(core::run_blocking(store->set_waitlist_demand(event.id, 1)));
  auto bigger = *core::run_blocking(store->find(event.id));
  bigger.capacity = 8;
  bigger.updated_at = core::now_ms();
  ASSERT_TRUE(
      db::blocking::transaction(*database, [&](db::Session& session) { return EventStore::update(session, bigger); }));
  bigger = *core::run_blocking(store->find(event.id));
  EXPECT_EQ(bigger.available_seats, 5);
  EXPECT_EQ(bigger.owed_seats, 1);
  // Less capacity takes from the open seats first... and from what is owed last.
  bigger.capacity = 4;
  ASSERT_TRUE(
      db::blocking::transaction(*database, [&](db::Session& session) { return EventStore::update(session, bigger); }));
  auto smaller = *core::run_blocking(store->find(event.id));
  EXPECT_EQ(smaller.available_seats, 1);
  EXPECT_EQ(smaller.owed_seats, 1);
}

TEST_P(EventStoreTest, ATypesQuotaIsASecondLimitUnderConcurrency) {
  auto event = make("Hot show", 100);
  db::blocking::exec(*database, "UPDATE ticket_types SET quota = 60 WHERE event_id = $1", {event.id});
  auto answers = reserve_one_seat_500_times_at_once(event.id);
  EXPECT_EQ(answers["reserved"], 60);
  EXPECT_EQ(answers["refused sold-out"], 440);
  auto found = core::run_blocking(store->find_with_ticket_types(event.id));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->event.available_seats, 40);
  EXPECT_EQ(found->ticket_types.at(0).sold, 60);
  EXPECT_EQ(available(found->ticket_types.at(0), found->event), 0);
}

// Every line of a reservation is taken together, priced (a type without a
// price of its own costs the event's), and given back by the release.
TEST_P(EventStoreTest, ReservesSeveralTypesTogetherAndPricesEachLine) {
  auto event = make("Show", 10);
  price(event, 2000, "EUR");
  const auto ga = default_ticket_type_id(event.id);
  add_type(event.id, "vip", 1, 3, core::Money{5050, "EUR"});

  auto made = reserve("b1", event.id, {{ga, 2}, {"vip", 3}});
  ASSERT_EQ(made.status, "reserved");
  ASSERT_EQ(made.lines.size(), 2u);
  EXPECT_EQ(made.lines[0].ticket_type_id, ga);
  EXPECT_EQ(made.lines[0].name, "General admission");
  EXPECT_EQ(made.lines[0].quantity, 2);
  EXPECT_EQ(made.lines[0].unit_price, (core::Money{2000, "EUR"}));
  EXPECT_EQ(made.lines[1].ticket_type_id, "vip");
  EXPECT_EQ(made.lines[1].unit_price, (core::Money{5050, "EUR"}));
  EXPECT_EQ(made.event->available_seats, 5);
  EXPECT_EQ(sold(event.id), (std::map<std::string, std::int64_t>{{ga, 2}, {"vip", 3}}));

  auto again = reserve("b1", event.id, {{ga, 2}, {"vip", 3}});
  EXPECT_EQ(again.status, "reserved");
  ASSERT_EQ(again.lines.size(), 2u);
  EXPECT_EQ(again.lines[1].unit_price, (core::Money{5050, "EUR"}));
  EXPECT_EQ(sold(event.id), (std::map<std::string, std::int64_t>{{ga, 2}, {"vip", 3}}));

  EXPECT_EQ(core::run_blocking(store->release("b1", core::now_ms())).status, "released");
  EXPECT_EQ(sold(event.id), (std::map<std::string, std::int64_t>{{ga, 0}, {"vip", 0}}));
  EXPECT_EQ(core::run_blocking(store->find(event.id))->available_seats, 10);
}

// A line that cannot be had refuses the whole reservation, names its type,
// and leaves every seat and quota as it was.
TEST_P(EventStoreTest, ALineThatCannotBeHadTakesNothing) {
  auto event = make("Show", 10);
  const auto ga = default_ticket_type_id(event.id);
  add_type(event.id, "vip", 1, 3);
  add_type(event.id, "secret", 2, 5, std::nullopt, true);
  add_type(event.id, "later", 3, 5, std::nullopt, false, core::now_ms() + kDay);
  add_type(event.id, "pairs", 4, 5, std::nullopt, false, std::nullopt, 2);
  add_type(make("Other", 10).id, "elsewhere", 0, 5);

  auto expect_refused = [&](const std::string& id, std::vector<ReservationItem> items, const std::string& reason,
                            const std::string& type) {
    auto answer = reserve(id, event.id, std::move(items));
    EXPECT_EQ(answer.status, "refused") << id;
    EXPECT_EQ(answer.reason, reason) << id;
    EXPECT_EQ(answer.refused_type_id, type) << id;
    EXPECT_TRUE(answer.lines.empty()) << id;
    EXPECT_EQ(answer.event->available_seats, 10) << id;
  };
  expect_refused("r1", {{ga, 1}, {"vip", 4}}, "sold-out", "vip");
  expect_refused("r2", {{ga, 1}, {"nope", 1}}, "unknown-ticket-type", "nope");
  expect_refused("r3", {{"secret", 1}}, "unknown-ticket-type", "secret");
  expect_refused("r4", {{"elsewhere", 1}}, "unknown-ticket-type", "elsewhere");
  expect_refused("r5", {{ga, 2}, {"later", 1}}, "not-on-sale", "later");
  expect_refused("r6", {{"pairs", 3}}, "too-many-seats", "pairs");
  EXPECT_EQ(core::run_blocking(store->find(event.id))->available_seats, 10);
  for (const auto& [type, count] : sold(event.id)) EXPECT_EQ(count, 0) << type;
  // The refusal stands for its booking id.
  EXPECT_EQ(reserve("r1", event.id, {{ga, 1}}).refused_type_id, "vip");
}

// 500 reservations at once over two types whose quotas add up past the
// capacity: the capacity and each quota hold, and the counts agree.
TEST_P(EventStoreTest, QuotasAddingUpPastTheCapacityHoldUnderConcurrency) {
  auto event = make("Hot show", 100);
  add_type(event.id, "early", 1, 70);
  add_type(event.id, "late", 2, 70);
  auto answers = reserve_at_once(20, 25, [&](std::string id, int n) {
    return ReservationRequest{std::move(id), event.id, 1, {{n % 2 ? "early" : "late", 1}}};
  });
  EXPECT_EQ(answers["reserved"], 100);
  EXPECT_EQ(answers["refused sold-out"], 400);
  auto counts = sold(event.id);
  EXPECT_LE(counts["early"], 70);
  EXPECT_LE(counts["late"], 70);
  EXPECT_EQ(counts["early"] + counts["late"], 100);
  EXPECT_EQ(core::run_blocking(store->find(event.id))->available_seats, 0);
}

// A promo code takes money off the lines it applies to, reveals the hidden
// types it unlocks, and takes one use that a release gives back.
TEST_P(EventStoreTest, APromoCodeDiscountsUnlocksAndTakesOneUse) {
  auto event = make("Show", 10);
  price(event, 2000, "EUR");
  const auto ga = default_ticket_type_id(event.id);
  add_type(event.id, "crew", 1, 5, core::Money{1000, "EUR"}, true);
  PromoCode code{.id = "p1",
                 .event_id = event.id,
                 .code = "Save10",
                 .percent_off = 10,
                 .unlocks = {"crew"},
                 .max_uses = 5,
                 .created_at = core::now_ms()};
  db::blocking::transaction(*database, [&](db::Session& s) { ASSERT_TRUE(EventStore::insert_promo_code(s, code)); });
  db::blocking::transaction(*database, [&](db::Session& s) {
    EXPECT_FALSE(EventStore::insert_promo_code(s, {.id = "p2", .event_id = event.id, .code = "SAVE10"}));
  });

  ReservationRequest wanted{"b1", event.id, 3, {{ga, 2}, {"crew", 1}}, "save10"};
  auto made = core::run_blocking(store->reserve(wanted, core::now_ms()));
  ASSERT_EQ(made.status, "reserved") << made.reason.value_or("");
  ASSERT_EQ(made.lines.size(), 2u);
  EXPECT_EQ(made.lines[0].discount_minor, 400);  // 10% of 2 × 20.00
  EXPECT_EQ(made.lines[1].discount_minor, 100);  // 10% of 10.00
  EXPECT_EQ(made.promo_code_id, "p1");
  auto used = [&] {
    return db::blocking::exec(*database, "SELECT used FROM promo_codes WHERE id = 'p1'").rows.at(0).integer(0);
  };
  EXPECT_EQ(used(), 1);
  // Repeated, the first answer with its discounts; no second use.
  EXPECT_EQ(core::run_blocking(store->reserve(wanted, core::now_ms())).lines[0].discount_minor, 400);
  EXPECT_EQ(used(), 1);
  // Without the code the hidden type is not sold.
  EXPECT_EQ(reserve("b2", event.id, {{"crew", 1}}).reason, "unknown-ticket-type");
  EXPECT_EQ(core::run_blocking(store->release("b1", core::now_ms())).status, "released");
  EXPECT_EQ(used(), 0);
  EXPECT_EQ(sold(event.id), (std::map<std::string, std::int64_t>{{ga, 0}, {"crew", 0}}));
}

TEST_P(EventStoreTest, ACodeThatCannotBeUsedTakesNothing) {
  auto event = make("Show", 10);
  auto now = core::now_ms();
  db::blocking::transaction(*database, [&](db::Session& s) {
    EventStore::insert_promo_code(s, {.id = "old",
                                      .event_id = event.id,
                                      .code = "OLD",
                                      .percent_off = 50,
                                      .valid_until = now - 1,
                                      .created_at = now});
    EventStore::insert_promo_code(
        s, {.id = "off", .event_id = event.id, .code = "OFF", .percent_off = 50, .enabled = false, .created_at = now});
    EventStore::insert_promo_code(
        s, {.id = "one", .event_id = event.id, .code = "ONE", .percent_off = 50, .max_uses = 1, .created_at = now});
  });
  auto with_code = [&](const std::string& id, const std::string& code) {
    return core::run_blocking(store->reserve({id, event.id, 2, {}, code}, core::now_ms()));
  };
  EXPECT_EQ(with_code("r1", "NOPE").reason, "promo-code-unknown");
  EXPECT_EQ(with_code("r2", "off").reason, "promo-code-unknown");
  EXPECT_EQ(with_code("r3", "old").reason, "promo-code-expired");
  EXPECT_EQ(with_code("r4", "one").status, "reserved");
  EXPECT_EQ(with_code("r5", "one").reason, "promo-code-used-up");
  EXPECT_EQ(core::run_blocking(store->find(event.id))->available_seats, 8);
  EXPECT_EQ(sold(event.id).at(default_ticket_type_id(event.id)), 2);
}

// 100 bookings at once with a code of 10 uses: exactly 10 get it.
TEST_P(EventStoreTest, ACodesUsesAreNeverExceededUnderConcurrency) {
  auto event = make("Hot show", 1000);
  db::blocking::transaction(*database, [&](db::Session& s) {
    EventStore::insert_promo_code(s, {.id = "ten",
                                      .event_id = event.id,
                                      .code = "TEN",
                                      .percent_off = 20,
                                      .max_uses = 10,
                                      .created_at = core::now_ms()});
  });
  auto answers = reserve_at_once(10, 10, [&](std::string id, int) {
    return ReservationRequest{std::move(id), event.id, 1, {}, "ten"};
  });
  EXPECT_EQ(answers["reserved"], 10);
  EXPECT_EQ(answers["refused promo-code-used-up"], 90);
  EXPECT_EQ(db::blocking::exec(*database, "SELECT used FROM promo_codes WHERE id = 'ten'").rows.at(0).integer(0), 10);
  EXPECT_EQ(core::run_blocking(store->find(event.id))->available_seats, 990);
}

TEST_P(EventStoreTest, RepeatingAReserveOrReleaseChangesNothing) {
  auto event = make("Show", 10);
  auto first = core::run_blocking(store->reserve({"b1", event.id, 3}, core::now_ms()));
  EXPECT_EQ(first.status, "reserved");
  EXPECT_EQ(core::run_blocking(store->reserve({"b1", event.id, 3}, core::now_ms())).status, "reserved");
  EXPECT_EQ(core::run_blocking(store->find(event.id))->available_seats, 7);
  EXPECT_EQ(core::run_blocking(store->release("b1", core::now_ms())).status, "released");
  EXPECT_EQ(core::run_blocking(store->release("b1", core::now_ms())).status, "released");
  EXPECT_EQ(core::run_blocking(store->find(event.id))->available_seats, 10);
  // Reserving again under the same booking id gives the first answer's end: no seats.
  EXPECT_EQ(core::run_blocking(store->reserve({"b1", event.id, 3}, core::now_ms())).status, "released");
  EXPECT_EQ(core::run_blocking(store->find(event.id))->available_seats, 10);
}

TEST_P(EventStoreTest, ReleasingAnUnknownBookingIsHarmlessAndBlocksALateReserve) {
  auto event = make("Show", 10);
  auto released = core::run_blocking(store->release("never-reserved", core::now_ms()));
  EXPECT_EQ(released.status, "released");
  EXPECT_EQ(released.seats, 0);
  EXPECT_EQ(core::run_blocking(store->reserve({"never-reserved", event.id, 2}, core::now_ms())).status, "released");
  EXPECT_EQ(core::run_blocking(store->find(event.id))->available_seats, 10);
}

TEST_P(EventStoreTest, RefusalsSayWhy) {
  auto small = make("Small", 2);
  auto past = make("Past", 10, -1);
  auto cancelled = make("Cancelled", 10);
  db::blocking::transaction(*database, [&](db::Session& s) { EventStore::cancel(s, cancelled.id, core::now_ms()); });
  EXPECT_EQ(core::run_blocking(store->reserve({"r1", small.id, 3}, core::now_ms())).reason, "sold-out");
  EXPECT_EQ(core::run_blocking(store->reserve({"r2", past.id, 1}, core::now_ms())).reason, "past");
  EXPECT_EQ(core::run_blocking(store->reserve({"r3", cancelled.id, 1}, core::now_ms())).reason, "cancelled");
  EXPECT_EQ(core::run_blocking(store->reserve({"r4", "no-such-event", 1}, core::now_ms())).reason, "not-found");
  auto limited = make("Limited", 10);
  limited.max_per_booking = 2;
  limited.updated_at = core::now_ms();
  db::blocking::transaction(*database, [&](db::Session& s) { ASSERT_TRUE(EventStore::update(s, limited)); });
  EXPECT_EQ(core::run_blocking(store->reserve({"r5", limited.id, 3}, core::now_ms())).reason, "too-many-seats");
  EXPECT_EQ(core::run_blocking(store->reserve({"r6", limited.id, 2}, core::now_ms())).status, "reserved");
  // The refusal is the first answer too.
  EXPECT_EQ(core::run_blocking(store->reserve({"r1", small.id, 1}, core::now_ms())).status, "refused");
  EXPECT_EQ(core::run_blocking(store->find(small.id))->available_seats, 2);
}

TEST_P(EventStoreTest, CapacityChangesKeepReservationsMadeMeanwhile) {
  auto event = make("Show", 10);
  core::run_blocking(store->reserve({"b1", event.id, 4}, core::now_ms()));  // the handler's copy below is stale
  event.capacity = 20;
  db::blocking::transaction(*database, [&](db::Session& s) { ASSERT_TRUE(EventStore::update(s, event)); });
  EXPECT_EQ(core::run_blocking(store->find(event.id))->available_seats, 16);
  event.capacity = 3;
  db::blocking::transaction(*database, [&](db::Session& s) { EXPECT_FALSE(EventStore::update(s, event)); });
  EXPECT_EQ(core::run_blocking(store->find(event.id))->capacity, 20);
}

TEST_P(EventStoreTest, SearchCombinesFiltersAndPagesWalkEveryRowOnce) {
  for (int i = 0; i < 25; ++i) {
    make("Jazz evening " + std::to_string(i), i % 5 == 0 ? 0 + 1 : 10, 10 + i, i % 2 ? "Oslo Konserthus" : "Bergen",
         "Live music by the fjord");
  }
  make("Rock festival", 100, 5, "Oslo", "Loud guitars");
  make("Past jazz", 100, -3, "Oslo");

  SearchQuery all;
  all.from = core::now_ms();
  all.limit = 7;
  std::set<std::string> seen;
  int pages = 0;
  for (;;) {
    auto page = core::run_blocking(store->search(all));
    bool more = static_cast<int>(page.size()) > all.limit;
    if (more) page.pop_back();
    for (const auto& e : page) EXPECT_TRUE(seen.insert(e.id).second) << "row seen twice: " << e.title;
    ++pages;
    if (!more) break;
    all.after = Cursor{std::to_string(page.back().starts_at), page.back().id};
  }
  EXPECT_EQ(seen.size(), 26u);
  EXPECT_EQ(pages, 4);

  SearchQuery jazz_in_oslo;
  jazz_in_oslo.from = core::now_ms();
  jazz_in_oslo.text = "JAZZ eve";
  jazz_in_oslo.location = "oslo";
  jazz_in_oslo.limit = 100;
  auto found = core::run_blocking(store->search(jazz_in_oslo));
  EXPECT_EQ(found.size(), 12u);
  for (const auto& e : found) EXPECT_NE(e.location.find("Oslo"), std::string::npos);

  SearchQuery by_description;
  by_description.from = core::now_ms();
  by_description.text = "guitars";
  ASSERT_EQ(core::run_blocking(store->search(by_description)).size(), 1u);
  EXPECT_EQ(core::run_blocking(store->search(by_description))[0].title, "Rock festival");

  SearchQuery titles;
  titles.from = core::now_ms();
  titles.sort = SortOrder::title;
  titles.limit = 100;
  auto sorted = core::run_blocking(store->search(titles));
  ASSERT_EQ(sorted.size(), 26u);
  EXPECT_EQ(sorted.back().title, "Rock festival");

  SearchQuery past;
  past.text = "past";
  EXPECT_EQ(core::run_blocking(store->search(past)).size(), 1u);
}

TEST_P(EventStoreTest, ADateCursorWhoseKeyIsNotAWholeNumberIsRefused) {
  make("Any", 5);
  for (const std::string key : {"12abc", " 12", "", "99999999999999999999", "1.5"}) {
    SearchQuery query;
    query.after = Cursor{key, "01a23ba3-7f4b-721d-bb14-81f77fb7c993"};
    EXPECT_THROW(core::run_blocking(store->search(query)), core::ApiError) << "key '" << key << "'";
  }
  SearchQuery whole;
  whole.after = Cursor{"12", "01a23ba3-7f4b-721d-bb14-81f77fb7c993"};
  EXPECT_NO_THROW(core::run_blocking(store->search(whole)));
}

TEST_P(EventStoreTest, CancelledEventsLeaveTheDefaultList) {
  auto event = make("Gone", 5);
  db::blocking::transaction(*database,
                            [&](db::Session& s) { EXPECT_TRUE(EventStore::cancel(s, event.id, core::now_ms())); });
  db::blocking::transaction(*database,
                            [&](db::Session& s) { EXPECT_FALSE(EventStore::cancel(s, event.id, core::now_ms())); });
  SearchQuery query;
  EXPECT_TRUE(core::run_blocking(store->search(query)).empty());
  query.include_cancelled = true;
  EXPECT_EQ(core::run_blocking(store->search(query)).size(), 1u);
  EXPECT_EQ(core::run_blocking(store->find(event.id))->status, "cancelled");
}

TEST_P(EventStoreTest, AnEventIsCreatedWithTheTicketTypesGivenInsteadOfGeneralAdmission) {
  Event event;
  event.id = core::new_id();
  event.organizer_id = "org-1";
  event.title = "Show";
  event.starts_at = core::now_ms() + kDay;
  event.date = "2030-01-01";
  event.location = "Oslo";
  event.capacity = event.available_seats = 100;
  event.created_at = event.updated_at = core::now_ms();
  std::vector<TicketType> types{{.id = "vip-" + event.id,
                                 .event_id = event.id,
                                 .position = 0,
                                 .name = "VIP",
                                 .price = core::Money{8950, "EUR"},
                                 .quota = 10,
                                 .sales_end = event.starts_at - kDay / 2,
                                 .max_per_booking = 2},
                                {.id = "crew-" + event.id,
                                 .event_id = event.id,
                                 .position = 1,
                                 .name = "Crew",
                                 .description = "Staff only",
                                 .quota = 5,
                                 .hidden = true}};
  db::blocking::transaction(*database, [&](db::Session& session) { EventStore::insert(session, event, types); });
  auto found = core::run_blocking(store->find_with_ticket_types(event.id));
  ASSERT_TRUE(found);
  ASSERT_EQ(found->ticket_types.size(), 2u);
  const auto& vip = found->ticket_types[0];
  EXPECT_EQ(vip.id, "vip-" + event.id);
  EXPECT_EQ(vip.price, (core::Money{8950, "EUR"}));
  EXPECT_EQ(vip.quota, 10);
  EXPECT_EQ(vip.sales_end, event.starts_at - kDay / 2);
  EXPECT_EQ(vip.max_per_booking, 2);
  EXPECT_FALSE(vip.hidden);
  const auto& crew = found->ticket_types[1];
  EXPECT_EQ(crew.name, "Crew");
  EXPECT_EQ(crew.description, "Staff only");
  EXPECT_FALSE(crew.price);
  EXPECT_TRUE(crew.hidden);
  // Without any, General admission.
  auto plain = make("Plain", 10);
  auto general = db::blocking::transaction(
      *database, [&](db::Session& session) { return EventStore::ticket_types(session, plain.id); });
  ASSERT_EQ(general.size(), 1u);
  EXPECT_EQ(general[0].id, default_ticket_type_id(plain.id));
}

TEST_P(EventStoreTest, ATypesQuotaCannotDropBelowTheSeatsSold) {
  auto event = make("Show", 10);
  ASSERT_EQ(core::run_blocking(store->reserve({"b1", event.id, 3}, core::now_ms())).status, "reserved");
  // The copy read before the booking: the statement decides from the row as it is.
  TicketType general{.id = default_ticket_type_id(event.id), .event_id = event.id, .name = "General admission"};
  general.quota = 2;
  db::blocking::transaction(
      *database, [&](db::Session& s) { EXPECT_FALSE(EventStore::update_ticket_type(s, general, core::now_ms())); });
  general.quota = 3;
  general.name = "Standing";
  db::blocking::transaction(
      *database, [&](db::Session& s) { EXPECT_TRUE(EventStore::update_ticket_type(s, general, core::now_ms())); });
  auto stored = db::blocking::transaction(
      *database, [&](db::Session& s) { return EventStore::find_ticket_type(s, event.id, general.id); });
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->quota, 3);
  EXPECT_EQ(stored->sold, 3);
  EXPECT_EQ(stored->name, "Standing");
  // Back to following the capacity.
  general.quota.reset();
  db::blocking::transaction(
      *database, [&](db::Session& s) { EXPECT_TRUE(EventStore::update_ticket_type(s, general, core::now_ms())); });
  // A type of another event is not reached through this one.
  auto other = make("Other", 10);
  general.event_id = other.id;
  db::blocking::transaction(
      *database, [&](db::Session& s) { EXPECT_FALSE(EventStore::update_ticket_type(s, general, core::now_ms())); });
}

TEST_P(EventStoreTest, ATypeWithSeatsHeldAndAnEventsLastTypeAreKept) {
  using Removal = EventStore::TicketTypeRemoval;
  auto event = make("Show", 10);
  auto other = make("Other", 10);
  const auto general = default_ticket_type_id(event.id);
  TicketType balcony{.id = "balcony-" + event.id, .event_id = event.id, .position = 1, .name = "Balcony", .quota = 4};
  db::blocking::transaction(*database,
                            [&](db::Session& s) { EventStore::insert_ticket_type(s, balcony, core::now_ms()); });
  ASSERT_EQ(core::run_blocking(store->reserve({"b1", event.id, 2}, core::now_ms())).status, "reserved");
  auto remove = [&](const std::string& event_id, const std::string& id) {
    return db::blocking::transaction(*database,
                                     [&](db::Session& s) { return EventStore::remove_ticket_type(s, event_id, id); });
  };
  EXPECT_EQ(remove(event.id, general), Removal::sold);
  EXPECT_EQ(remove(other.id, balcony.id), Removal::not_found);
  EXPECT_EQ(remove(event.id, "no-such-type"), Removal::not_found);
  EXPECT_EQ(remove(event.id, balcony.id), Removal::removed);
  EXPECT_EQ(remove(event.id, balcony.id), Removal::not_found);
  core::run_blocking(store->release("b1", core::now_ms()));
  EXPECT_EQ(remove(event.id, general), Removal::last);
  auto left = core::run_blocking(store->find_with_ticket_types(event.id));
  ASSERT_EQ(left->ticket_types.size(), 1u);
  EXPECT_EQ(left->ticket_types[0].sold, 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, EventStoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace eventbook::events
