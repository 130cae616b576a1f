#include "events/domain/search.hpp"

#include <gtest/gtest.h>

namespace eventbook::events {
namespace {

TEST(Cursor, RoundTripsAndRejectsForgeries) {
  auto text = encode_cursor({"1749945600000", "0190-id"});
  auto back = decode_cursor(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->key, "1749945600000");
  EXPECT_EQ(back->id, "0190-id");
  EXPECT_FALSE(decode_cursor("not base64 !"));
  EXPECT_FALSE(decode_cursor(""));
  EXPECT_FALSE(decode_cursor("YWJj"));  // no separator
}

// A byte above 0x7F was read as '_' by libsodium: such a cursor decoded to
// another one than it spelt.
TEST(Cursor, ABytePastAsciiIsNoDigit) {
  auto text = encode_cursor({"1907712000000", "0193a0c4-7e1f-7000-8000-000000000001"});
  ASSERT_TRUE(decode_cursor(text));
  for (std::size_t at : {std::size_t{0}, std::size_t{5}, text.size() - 1}) {
    for (char byte : {'\x80', '\xd2', '\xff'}) {
      auto changed = text;
      changed[at] = byte;
      EXPECT_FALSE(decode_cursor(changed)) << at << " " << static_cast<int>(static_cast<unsigned char>(byte));
    }
  }
}

TEST(SearchText, BecomesPrefixQueriesWithNothingAnEngineCouldMisread) {
  EXPECT_EQ(fts5_query("Rock night"), "\"rock\"* \"night\"*");
  EXPECT_EQ(tsquery("Rock night"), "rock:* & night:*");
  EXPECT_EQ(fts5_query("\"OR\" NEAR( a* -b"), "\"or\"* \"near\"* \"a\"* \"b\"*");
  EXPECT_EQ(tsquery("a & !b | c:*"), "a:* & b:* & c:*");
  EXPECT_FALSE(fts5_query("  *** ()"));
  EXPECT_FALSE(tsquery(""));
}

TEST(ReadSearchQuery, DefaultsToUpcomingByDateAndNamesBadParameters) {
  http::Request request;
  auto query = read_search_query(request, 1749950000000);
  EXPECT_EQ(query.from, 1749945600000);  // the start of that UTC day
  EXPECT_EQ(query.sort, SortOrder::date);
  EXPECT_EQ(query.limit, kDefaultLimit);
  EXPECT_FALSE(query.include_cancelled);

  request.query_string = "q=jazz&from=2025-01-01&to=2025-12-31&location=oslo&seatsLeft=true&sort=title&limit=5";
  query = read_search_query(request, 0);
  EXPECT_EQ(query.text, "jazz");
  EXPECT_TRUE(query.seats_left);
  EXPECT_EQ(query.sort, SortOrder::title);
  EXPECT_EQ(query.limit, 5);

  request.query_string = "sort=price&limit=1000&from=yesterday&seatsLeft=yes&cursor=%%%";
  try {
    read_search_query(request, 0);
    FAIL();
  } catch (const core::ApiError& error) {
    EXPECT_EQ(error.status(), 422);
    EXPECT_EQ(error.fields().size(), 5u);
  }
}

TEST(LimitToOrganizer, ShowsPastAndCancelledEventsUnlessAskedOtherwise) {
  SearchQuery query;
  query.from = 1749945600000;
  query.organizer_id = "someone else";
  limit_to_organizer(query, "o1", false, false);
  EXPECT_EQ(query.organizer_id, "o1");
  EXPECT_EQ(query.from, std::nullopt);
  EXPECT_TRUE(query.include_cancelled);

  SearchQuery asked;
  asked.from = 1749945600000;
  limit_to_organizer(asked, "o1", true, true);
  EXPECT_EQ(asked.organizer_id, "o1");
  EXPECT_EQ(asked.from, 1749945600000);
  EXPECT_FALSE(asked.include_cancelled);
}

TEST(CursorKey, IsTheSortKeyOfTheLastEvent) {
  Event last;
  last.id = "0190-id";
  last.title = "Expo";
  last.starts_at = 1749945600000;
  EXPECT_EQ(cursor_key(last, SortOrder::date), "1749945600000");
  EXPECT_EQ(cursor_key(last, SortOrder::title), "Expo");
  EXPECT_EQ(cursor_key(last, SortOrder::newest), "0190-id");
}

}  // namespace
}  // namespace eventbook::events
