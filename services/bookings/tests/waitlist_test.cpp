#include "bookings/domain/waitlist.hpp"

#include "eventbook/core/error.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

namespace eventbook::bookings {
namespace {

WaitlistEntry entry(std::int64_t seats, std::optional<std::string> type = std::nullopt) {
  WaitlistEntry e;
  e.seats = seats;
  e.ticket_type_id = std::move(type);
  return e;
}

TEST(EntryToOffer, StrictOrderOffersOnlyTheHead) {
  std::vector<WaitlistEntry> line{entry(3), entry(1), entry(1)};
  EXPECT_FALSE(entry_to_offer(line, 2, "strict"));  // the head waits for a third seat; nobody goes ahead
  EXPECT_EQ(entry_to_offer(line, 3, "strict"), 0u);
}

TEST(EntryToOffer, FitOrderOffersTheFirstGroupThatFits) {
  std::vector<WaitlistEntry> line{entry(3), entry(2), entry(1)};
  EXPECT_EQ(entry_to_offer(line, 2, "fit"), 1u);
  EXPECT_EQ(entry_to_offer(line, 1, "fit"), 2u);
  EXPECT_FALSE(entry_to_offer(line, 0, "fit"));
  EXPECT_FALSE(entry_to_offer({}, 5, "fit"));
}

TEST(EntryToOffer, AnEntryOfATypeFitsOnlyWhatItsQuotaLeaves) {
  std::vector<WaitlistEntry> line{entry(2, "vip"), entry(2)};
  auto vip_left = [](std::optional<std::int64_t> left) {
    return [left](const std::string& type) { return type == "vip" ? left : std::nullopt; };
  };
  EXPECT_EQ(entry_to_offer(line, 2, "fit", vip_left(1)), 1u);  // vip is short: the next one gets them
  // Its quota short, vip is owed nothing: it holds up nobody, in strict order either.
  EXPECT_EQ(entry_to_offer(line, 2, "strict", vip_left(1)), 1u);
  EXPECT_EQ(entry_to_offer(line, 2, "strict", vip_left(2)), 0u);
  EXPECT_EQ(entry_to_offer(line, 2, "strict", vip_left(std::nullopt)), 0u);  // no quota of its own
}

TEST(EntryToOffer, AnEntryWithoutATypeIsOfTheDefaultType) {
  std::vector<WaitlistEntry> line{entry(1), entry(1, "vip")};
  auto left = [](const std::string& type) -> std::optional<std::int64_t> { return type.empty() ? 0 : 5; };
  EXPECT_EQ(entry_to_offer(line, 1, "fit", left), 1u);  // the default type is full
}

TEST(WaitlistDemand, CountsOnlyWhatTheEntriesCouldTake) {
  std::vector<WaitingGroup> groups{{std::nullopt, 1, 3}, {"vip", 2, 2}, {"crew", 1, 5}, {"gone", 4, 1}};
  auto left = [](const std::string& type) -> std::optional<std::optional<std::int64_t>> {
    if (type == "vip") return std::optional<std::int64_t>(1);  // short of 2
    if (type == "crew") return std::optional<std::int64_t>();  // no quota of its own
    if (type.empty()) return std::optional<std::int64_t>(5);   // the default type
    return std::nullopt;                                       // not sold
  };
  EXPECT_EQ(waitlist_demand(groups, left), 3 + 5);
  auto full = [&](const std::string& type) -> std::optional<std::optional<std::int64_t>> {
    return type.empty() ? std::optional<std::int64_t>(0) : left(type);
  };
  EXPECT_EQ(waitlist_demand(groups, full), 5);  // the default type's quota is spent
}

TEST(ReadWaitlistRequest, TakesSeatsAndATypeStrictly) {
  auto read = [](const char* body) { return read_waitlist_request(boost::json::parse(body).as_object(), 10); };
  EXPECT_EQ(read("{}").seats, 1);
  EXPECT_EQ(read(R"({"seats":4,"ticketTypeId":"t1"})").ticket_type_id, "t1");
  for (const char* bad : {R"({"seats":0})", R"({"seats":11})", R"({"seats":"1"})", R"({"seats":null})",
                          R"({"ticketTypeId":""})", R"({"ticketTypeId":5})", R"({"other":1})"}) {
    EXPECT_THROW(read(bad), core::ApiError) << bad;
  }
}

TEST(WaitlistJson, ShowsTheOfferOnlyWhileOffered) {
  auto e = entry(2);
  e.id = "w1";
  e.state = "offered";
  e.hold_id = "h1";
  e.offer_expires_at = 1000;
  auto out = waitlist_json(e, std::nullopt);
  EXPECT_EQ(out.at("offer").at("holdId").as_string(), "h1");
  EXPECT_TRUE(out.at("position").is_null());
  e.state = "booked";
  EXPECT_FALSE(waitlist_json(e, std::nullopt).contains("offer"));
  e.state = "waiting";
  EXPECT_EQ(waitlist_json(e, 4).at("position").as_int64(), 4);
}

}  // namespace
}  // namespace eventbook::bookings
