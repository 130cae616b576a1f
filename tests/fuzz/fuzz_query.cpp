// The query strings of the list endpoints, as each reads them: GET
// /api/events (search, dates, sort, limit and the opaque cursor), GET
// /api/bookings (limit, id cursor, eventId) and GET /api/notifications
// (limit, id cursor, unread); and any text as an events cursor. The only
// exception is core::ApiError (400 or 422); what is accepted is in range
// (limit 1 to 100, an id cursor shaped as an id, values valid UTF-8), an
// events cursor encodes back to the text it came from, and the search words
// handed to SQLite FTS5 and PostgreSQL hold nothing either could misread.
#include "eventbook/core/error.hpp"
#include "eventbook/core/id.hpp"
#include "eventbook/core/json.hpp"
#include "eventbook/http/message.hpp"
#include "eventbook/http/paging.hpp"
#include "events/domain/search.hpp"
#include "notifications/domain/inbox_query.hpp"

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace eventbook;

constexpr std::int64_t kNow = 1'750'000'000'000;

[[noreturn]] void fail(const char* what, std::string_view value) {
  std::fprintf(stderr, "fuzz_query: %s: %.*s\n", what, static_cast<int>(value.size()), value.data());
  __builtin_trap();
}

template <class Read>
void refused_as_client_error(Read read) {
  try {
    read();
  } catch (const core::ApiError& error) {
    if (error.status() != 400 && error.status() != 422) fail("a query was refused with an unexpected status", "");
  }
}

void check_value(const std::optional<std::string>& value) {
  if (value && core::valid_utf8(*value) != *value) fail("a query value that is not UTF-8 was read", *value);
}

// A search word is letters and digits (ASCII lower case, or any byte above ASCII).
void check_word(std::string_view word, std::string_view query) {
  if (word.empty()) fail("an empty search word", query);
  for (char c : word) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && !std::islower(u) && !std::isdigit(u)) fail("a search word holds a special character", query);
  }
}

void check_search_words(const std::string& text) {
  auto fts5 = events::fts5_query(text);
  auto ts = events::tsquery(text);
  if (fts5.has_value() != ts.has_value()) fail("the engines' queries disagree", text);
  if (!fts5) return;
  // "word"* "word"* ...
  std::string_view rest = *fts5;
  std::size_t words = 0;
  while (!rest.empty()) {
    if (words > 0) {
      if (rest.front() != ' ') fail("FTS5 words not separated by one space", *fts5);
      rest.remove_prefix(1);
    }
    if (rest.size() < 3 || rest.front() != '"') fail("an FTS5 word not quoted", *fts5);
    auto close = rest.find('"', 1);
    if (close == std::string_view::npos || close + 1 >= rest.size() || rest[close + 1] != '*') {
      fail("an FTS5 word not a quoted prefix", *fts5);
    }
    check_word(rest.substr(1, close - 1), *fts5);
    rest.remove_prefix(close + 2);
    ++words;
  }
  // word:* & word:* ...
  std::string_view tsrest = *ts;
  std::size_t tswords = 0;
  while (!tsrest.empty()) {
    if (tswords > 0) {
      if (tsrest.substr(0, 3) != " & ") fail("tsquery words not joined by &", *ts);
      tsrest.remove_prefix(3);
    }
    auto end = tsrest.find(":*");
    if (end == std::string_view::npos) fail("a tsquery word not a prefix", *ts);
    check_word(tsrest.substr(0, end), *ts);
    tsrest.remove_prefix(end + 2);
    ++tswords;
  }
  if (words != tswords || words > 16) fail("the engines' queries hold different words", text);
}

void check_events(const http::Request& request) {
  auto query = events::read_search_query(request, kNow);
  if (query.limit < 1 || query.limit > events::kMaxLimit) fail("an events limit out of range", request.query_string);
  if (query.text) {
    if (query.text->size() > 200) fail("a search text over 200 bytes was accepted", *query.text);
    check_search_words(*query.text);
  }
  check_value(query.text);
  check_value(query.location);
  check_value(query.category);
  if (!query.from) fail("a search without a start", request.query_string);
  if (query.after) {
    auto cursor = request.query("cursor");
    if (!cursor || events::encode_cursor(*query.after) != *cursor) {
      fail("an events cursor does not encode back to itself", cursor.value_or(""));
    }
  }
  events::limit_to_organizer(query, "0193a0c4-7e1f-7000-8000-000000000002", request.query("from").has_value(),
                             request.query("status").has_value());
}

// GET /api/bookings and GET /api/notifications: limit and an id cursor.
void check_id_paged(const http::Request& request, bool notifications) {
  std::vector<core::FieldError> errors;
  int limit = http::read_limit(request, 20, 100, errors);
  auto cursor = http::read_id_cursor(request, errors);
  bool unread_only = false;
  std::optional<std::string> unread;
  if (notifications) {
    unread = request.query("unread");
    unread_only = notifications::read_unread_only(unread, errors);
  } else {
    check_value(request.query("eventId"));
  }
  if (!errors.empty()) return;
  if (limit < 1 || limit > 100) fail("a limit out of range was accepted", request.query_string);
  if (cursor && !core::looks_like_id(*cursor)) fail("an id cursor not shaped as an id was accepted", *cursor);
  if (unread_only != (unread == "true")) fail("unread read wrong", unread.value_or(""));
  if (unread && *unread != "true" && *unread != "false") fail("an unread that is neither true nor false", *unread);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  http::Request request;
  request.method = "GET";
  request.path = "/api/events";
  request.query_string = text;
  request.target = request.path + "?" + text;
  refused_as_client_error([&] { check_events(request); });
  refused_as_client_error([&] { check_id_paged(request, false); });
  refused_as_client_error([&] { check_id_paged(request, true); });
  // The whole input as a cursor: one that decodes encodes back to it.
  if (auto cursor = events::decode_cursor(text)) {
    if (events::encode_cursor(*cursor) != text) fail("a cursor does not encode back to itself", text);
    if (cursor->key.find('\n') != std::string::npos || cursor->id.empty()) fail("a cursor split wrong", text);
  }
  return 0;
}
