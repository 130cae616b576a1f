#pragma once

#include "eventbook/http/message.hpp"
#include "events/domain/event.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eventbook::events {

enum class SortOrder { date, title, newest };

// Where the previous page ended: the sort key and the id of its last row.
struct Cursor {
  std::string key;
  std::string id;
};

struct SearchQuery {
  std::optional<std::string> text;      // words to find in title, description, location
  std::optional<std::int64_t> from;     // starts at or after (UTC ms)
  std::optional<std::int64_t> to;       // starts before (UTC ms)
  std::optional<std::string> location;  // location contains this (case-insensitive)
  std::optional<std::string> category;
  std::optional<std::string> organizer_id;
  bool seats_left = false;
  bool include_cancelled = false;
  SortOrder sort = SortOrder::date;
  int limit = 20;
  std::optional<Cursor> after;
};

inline constexpr int kDefaultLimit = 20;
inline constexpr int kMaxLimit = 100;

// Reads ?q=&from=&to=&location=&category=&seatsLeft=&sort=&limit=&cursor=
// (and status=all). Without from, the list starts today: upcoming events.
// Throws a 422 naming each bad parameter.
SearchQuery read_search_query(const http::Request& request, std::int64_t now_ms);

// GET /api/events/mine: the organizer's own events, past and cancelled too
// unless ?from= or ?status= asks otherwise.
void limit_to_organizer(SearchQuery& query, const std::string& organizer_id, bool from_given, bool status_given);

// The sort key of the last event of a page, for the cursor to the next.
std::string cursor_key(const Event& last, SortOrder sort);

std::string encode_cursor(const Cursor& cursor);
std::optional<Cursor> decode_cursor(std::string_view text);

// The words of a search as engine queries: each word a prefix match, all
// required. Nothing when the text has no word characters.
std::optional<std::string> fts5_query(std::string_view text);
std::optional<std::string> tsquery(std::string_view text);

}  // namespace eventbook::events
