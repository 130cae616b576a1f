#include "queue/domain/room.hpp"

#include <gtest/gtest.h>

namespace eventbook::queue {
namespace {

TEST(Admissions, FollowTheRateWithinOneEachStep) {
  // 100 a minute in steps of one second: 1 or 2 a step, 100 in a minute.
  std::int64_t credit = 0;
  std::int64_t admitted = 0;
  for (int step = 0; step < 60; ++step) {
    auto out = admissions(credit, 100, 1000, 1000);
    EXPECT_GE(out.admit, 1);
    EXPECT_LE(out.admit, 2);
    admitted += out.admit;
    credit = out.credit;
  }
  EXPECT_EQ(admitted, 100);
}

TEST(Admissions, NeverMoreThanAreWaiting) {
  auto out = admissions(0, 6000, 1000, 3);
  EXPECT_EQ(out.admit, 3);
  // Nobody left: no more than one admission's credit is kept for later.
  EXPECT_LE(out.credit, kMinuteMs);
}

TEST(Admissions, APauseDoesNotLetACrowdIn) {
  auto out = admissions(0, 600, 3'600'000, 100000);
  EXPECT_EQ(out.admit, 600 * kMaxStepMs / kMinuteMs);
}

TEST(Admissions, NothingWithoutTime) {
  auto out = admissions(0, 600, 0, 10);
  EXPECT_EQ(out.admit, 0);
  EXPECT_EQ(out.credit, 0);
}

TEST(DefaultRate, FollowsDemandWithinTheSeatsLeft) {
  EXPECT_EQ(default_rate(1000, 0), 60);     // at least one a second
  EXPECT_EQ(default_rate(1000, 200), 400);  // twice what sells
  EXPECT_EQ(default_rate(150, 200), 150);   // never more than the seats left
  EXPECT_EQ(default_rate(3, 200), 10);      // but some, to take up seats that come back
}

TEST(SoldRate, MovesTowardsWhatSellsNow) {
  EXPECT_EQ(sold_rate(0, 10, 1000), 10);  // 600 a minute now, a sixtieth of the weight
  EXPECT_EQ(sold_rate(600, 10, kMinuteMs), 10);
  EXPECT_EQ(sold_rate(120, 0, 0), 120);
}

Room open_room(std::int64_t on_sale_at) {
  Room room;
  room.event_id = "e";
  room.on_sale_at = on_sale_at;
  room.rate_per_minute = 60;
  return room;
}

TEST(StatusOf, BeforeTheOpeningTheWaitIsUntilThen) {
  auto room = open_room(100'000);
  Entry entry;
  auto status = status_of(entry, room, 40'000);
  EXPECT_EQ(status.state, "waiting");
  EXPECT_FALSE(status.position);
  EXPECT_EQ(*status.wait_seconds, 60);
  EXPECT_EQ(status.retry_after, 6);
}

TEST(StatusOf, APlacedVisitorSeesPositionAndWait) {
  auto room = open_room(0);
  room.admitted_through = 10;
  Entry entry;
  entry.place = 40;
  auto status = status_of(entry, room, 1000);
  EXPECT_EQ(*status.position, 30);
  EXPECT_EQ(*status.wait_seconds, 30);  // 60 a minute
  EXPECT_EQ(status.retry_after, 3);
}

TEST(StatusOf, AnAdmittedPassRunsOut) {
  auto room = open_room(0);
  Entry entry;
  entry.state = "admitted";
  entry.pass_expires_at = 5000;
  EXPECT_EQ(status_of(entry, room, 4999).state, "admitted");
  EXPECT_EQ(*status_of(entry, room, 4999).pass_expires_at, 5000);
  EXPECT_EQ(status_of(entry, room, 5000).state, "expired");
  EXPECT_EQ(status_of(entry, room, 5000).retry_after, 0);
}

TEST(StatusOf, WaitingInASoldOutRoomIsSoldOut) {
  auto room = open_room(0);
  room.status = "sold-out";
  Entry entry;
  entry.place = 3;
  EXPECT_EQ(status_of(entry, room, 1).state, "sold-out");
}

}  // namespace
}  // namespace eventbook::queue
