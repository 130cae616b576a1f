#include "queue/store/queue_store.hpp"
#include "queue/queue_service.hpp"

#include "eventbook/core/id.hpp"
#include "eventbook/core/loop.hpp"
#include "eventbook/db/blocking.hpp"
#include "eventbook/service/context.hpp"
#include "eventbook/service/lease.hpp"
#include "support/test_database.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

namespace eventbook::queue {
namespace {

constexpr std::int64_t kOnSale = 10'000'000;

// Runs against SQLite and, when EVENTBOOK_TEST_PG_URL is set, PostgreSQL.
class QueueStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    EVENTBOOK_REQUIRE_DATABASE(scratch);
    database = db::Database::open(scratch.url());
    database->migrate(service::concat(migrations(), service::lease_migrations()));
    store = std::make_unique<QueueStore>(*database);
  }
  void TearDown() override {
    store.reset();
    database.reset();
  }

  EventFacts facts(std::optional<std::int64_t> rate = 600, std::int64_t seats = 1000) {
    EventFacts out;
    out.id = "event-1";
    out.organizer_id = "organizer-1";
    out.status = "scheduled";
    out.starts_at = kOnSale + 24 * 3600 * 1000LL;
    out.on_sale_at = kOnSale;
    out.waiting_room = true;
    out.admit_per_minute = rate;
    out.pass_minutes = 10;
    out.available_seats = seats;
    return out;
  }

  std::pair<Entry, bool> join(const std::string& user, std::int64_t at, std::int64_t draw) {
    Entry wanted;
    wanted.id = core::new_id();
    wanted.event_id = "event-1";
    wanted.user_id = user;
    wanted.joined_at = at;
    wanted.draw = draw;
    return core::run_blocking(store->join(wanted));
  }

  Entry entry(const std::string& id) { return core::run_blocking(store->status(id))->first; }
  Room room() { return *core::run_blocking(store->room("event-1")); }
  StepResult step(std::int64_t now, std::optional<EventFacts> with) {
    return core::run_blocking(store->step("event-1", std::move(with), now));
  }

  testing::TestDatabase scratch{GetParam()};
  std::unique_ptr<db::Database> database;
  std::unique_ptr<QueueStore> store;
};

TEST_P(QueueStoreTest, JoiningTwiceKeepsTheFirstEntry) {
  core::run_blocking(store->save_facts(facts(), kOnSale - 60'000));
  auto [first, made] = join("user-1", kOnSale - 60'000, 5);
  EXPECT_TRUE(made);
  auto [again, made_again] = join("user-1", kOnSale - 50'000, 7);
  EXPECT_FALSE(made_again);
  EXPECT_EQ(again.id, first.id);
  EXPECT_EQ(again.joined_at, kOnSale - 60'000);
}

TEST_P(QueueStoreTest, EarlyJoinersAreDrawnAndLaterOnesQueueInOrder) {
  core::run_blocking(store->save_facts(facts(0), kOnSale - 600'000));
  std::mt19937_64 random(42);
  std::vector<std::string> early;
  for (int n = 0; n < 200; ++n) {
    early.push_back(
        join("early-" + std::to_string(n), kOnSale - 600'000 + n, static_cast<std::int64_t>(random() >> 1)).first.id);
  }
  step(kOnSale - 1, facts(0));  // before the opening nothing is placed
  EXPECT_FALSE(entry(early.front()).place);
  step(kOnSale, facts(0));
  std::vector<std::int64_t> places;
  for (const auto& id : early) places.push_back(*entry(id).place);
  std::vector<std::int64_t> sorted = places;
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::int64_t> one_to_200(200);
  std::iota(one_to_200.begin(), one_to_200.end(), 1);
  EXPECT_EQ(sorted, one_to_200);  // a permutation of 1..200
  EXPECT_NE(places, one_to_200);  // and not the order of arrival

  std::vector<std::string> late;
  for (int n = 0; n < 50; ++n) late.push_back(join("late-" + std::to_string(n), kOnSale + 100 + n, 0).first.id);
  step(kOnSale + 1000, facts(0));
  for (int n = 0; n < 50; ++n) EXPECT_EQ(*entry(late[n]).place, 201 + n);
  EXPECT_EQ(room().joined, 250);
  EXPECT_EQ(room().last_place, 250);
}

TEST_P(QueueStoreTest, AdmitsAtTheRateOfTheEvent) {
  core::run_blocking(store->save_facts(facts(600), kOnSale - 1000));
  std::vector<std::string> ids;
  for (int n = 0; n < 100; ++n) ids.push_back(join("user-" + std::to_string(n), kOnSale - 1000 + n, n).first.id);
  step(kOnSale, facts(600));  // draws; no time has earned an admission yet
  EXPECT_EQ(room().admitted_through, 0);
  for (int second = 1; second <= 5; ++second) {
    auto before = room().admitted_through;
    auto result = step(kOnSale + second * 1000, facts(600));
    // 600 a minute: 10 each second (within one).
    EXPECT_GE(result.admitted, 9);
    EXPECT_LE(result.admitted, 11);
    EXPECT_EQ(room().admitted_through, before + result.admitted);
  }
  std::int64_t admitted = 0;
  for (const auto& id : ids) {
    auto e = entry(id);
    if (e.state == "admitted") {
      ++admitted;
      EXPECT_LE(*e.place, room().admitted_through);
      EXPECT_EQ(*e.pass_expires_at, *e.admitted_at + 10 * 60'000);
    } else {
      EXPECT_GT(*e.place, room().admitted_through);
    }
  }
  EXPECT_EQ(admitted, room().admitted_through);
  EXPECT_EQ(admitted, 50);
}

TEST_P(QueueStoreTest, AdmissionsAreEarnedFromTheOnSaleOn) {
  core::run_blocking(store->save_facts(facts(600), kOnSale - 5000));
  for (int n = 0; n < 100; ++n) join("user-" + std::to_string(n), kOnSale - 5000 + n, n);
  step(kOnSale - 900, facts(600));
  // 100 ms after the opening: one admission earned (600 a minute), not the ten
  // of the whole second since the step before the opening.
  EXPECT_EQ(step(kOnSale + 100, facts(600)).admitted, 1);
  EXPECT_EQ(step(kOnSale + 1100, facts(600)).admitted, 10);
  EXPECT_EQ(room().admitted_through, 11);
}

TEST_P(QueueStoreTest, EveryoneWaitingLearnsTheEventSoldOut) {
  core::run_blocking(store->save_facts(facts(60), kOnSale - 1000));
  auto id = join("user-1", kOnSale - 1000, 1).first.id;
  step(kOnSale, facts(60));
  step(kOnSale + 1000, facts(60, 0));
  EXPECT_EQ(entry(id).state, "sold-out");
  EXPECT_EQ(room().status, "sold-out");
}

TEST_P(QueueStoreTest, ARoomSwitchedOffAdmitsEveryone) {
  core::run_blocking(store->save_facts(facts(1), kOnSale - 1000));
  auto id = join("user-1", kOnSale - 1000, 1).first.id;
  auto off = facts(1);
  off.waiting_room = false;
  step(kOnSale + 1000, off);
  EXPECT_EQ(entry(id).state, "admitted");
  EXPECT_EQ(room().status, "closed");
  // Joining again reopens it once the event has a room again.
  core::run_blocking(store->save_facts(facts(1), kOnSale + 2000));
  EXPECT_EQ(room().status, "open");
}

TEST_P(QueueStoreTest, OneHolderOfTheLeaseAtATime) {
  auto take = [&](const char* owner, std::int64_t now, std::int64_t until) {
    return core::run_blocking(service::take_lease(*database, "admission", owner, now, until));
  };
  EXPECT_TRUE(take("a", 1000, 6000));
  EXPECT_FALSE(take("b", 2000, 7000));
  EXPECT_TRUE(take("a", 3000, 8000));  // renewed
  EXPECT_FALSE(take("b", 7999, 12000));
  EXPECT_TRUE(take("b", 8001, 13000));  // ran out
}

INSTANTIATE_TEST_SUITE_P(Engines, QueueStoreTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace eventbook::queue
