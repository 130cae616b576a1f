#include "events/domain/search.hpp"

#include "eventbook/http/paging.hpp"
#include "events/domain/event.hpp"

#include <sodium.h>

#include <cctype>
#include <charconv>

namespace eventbook::events {

namespace {

// Words of letters and digits (any UTF-8 byte above ASCII counts as a letter).
std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) {
      current.push_back(static_cast<char>(u < 0x80 ? std::tolower(u) : u));
    } else if (!current.empty()) {
      out.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  if (out.size() > 16) out.resize(16);
  return out;
}

std::string base64url(std::string_view bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::optional<std::string> unbase64url(std::string_view text) {
  // libsodium 1.0.18 reads every byte above 0x7F as '_': only the alphabet is
  // handed to it, so that a cursor has one spelling.
  if (text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") !=
      std::string_view::npos) {
    return std::nullopt;
  }
  std::string out(text.size(), '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &length, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

}  // namespace

void limit_to_organizer(SearchQuery& query, const std::string& organizer_id, bool from_given, bool status_given) {
  if (!from_given) query.from.reset();
  if (!status_given) query.include_cancelled = true;
  query.organizer_id = organizer_id;
}

std::string cursor_key(const Event& last, SortOrder sort) {
  return sort == SortOrder::date ? std::to_string(last.starts_at) : sort == SortOrder::title ? last.title : last.id;
}

std::string encode_cursor(const Cursor& cursor) { return base64url(cursor.key + '\n' + cursor.id); }

std::optional<Cursor> decode_cursor(std::string_view text) {
  if (text.empty() || text.size() > 1024) return std::nullopt;
  auto raw = unbase64url(text);
  if (!raw) return std::nullopt;
  auto newline = raw->find('\n');
  if (newline == std::string::npos || newline + 1 >= raw->size()) return std::nullopt;
  return Cursor{raw->substr(0, newline), raw->substr(newline + 1)};
}

std::optional<std::string> fts5_query(std::string_view text) {
  auto list = words(text);
  if (list.empty()) return std::nullopt;
  std::string query;
  for (const auto& word : list) {
    query += (query.empty() ? "" : " ") + ("\"" + word + "\"*");
  }
  return query;
}

std::optional<std::string> tsquery(std::string_view text) {
  auto list = words(text);
  if (list.empty()) return std::nullopt;
  std::string query;
  for (const auto& word : list) {
    query += (query.empty() ? "" : " & ") + word + ":*";
  }
  return query;
}

SearchQuery read_search_query(const http::Request& request, std::int64_t now_ms) {
  SearchQuery query;
  std::vector<core::FieldError> errors;
  if (auto q = request.query("q"); q && !q->empty()) {
    if (q->size() > 200) errors.push_back({"q", "must be at most 200 characters"});
    query.text = *q;
  }
  auto date_param = [&](const char* name) -> std::optional<std::int64_t> {
    auto value = request.query(name);
    if (!value || value->empty()) return std::nullopt;
    auto parsed = parse_date(*value);
    if (!parsed) {
      errors.push_back({name, "must be an ISO 8601 date or date-time"});
      return std::nullopt;
    }
    return parsed->ms;
  };
  query.from = date_param("from");
  query.to = date_param("to");
  if (!query.from) {
    query.from = now_ms - now_ms % 86'400'000;  // today, in UTC
  }
  if (auto location = request.query("location"); location && !location->empty()) query.location = *location;
  if (auto category = request.query("category"); category && !category->empty()) query.category = *category;
  if (auto seats = request.query("seatsLeft")) {
    if (*seats != "true" && *seats != "false") errors.push_back({"seatsLeft", "must be true or false"});
    query.seats_left = *seats == "true";
  }
  if (auto status = request.query("status")) {
    if (*status != "all" && *status != "scheduled") errors.push_back({"status", "must be scheduled or all"});
    query.include_cancelled = *status == "all";
  }
  if (auto sort = request.query("sort")) {
    if (*sort == "date")
      query.sort = SortOrder::date;
    else if (*sort == "title")
      query.sort = SortOrder::title;
    else if (*sort == "newest")
      query.sort = SortOrder::newest;
    else
      errors.push_back({"sort", "must be date, title or newest"});
  }
  query.limit = http::read_limit(request, kDefaultLimit, kMaxLimit, errors);
  if (auto cursor = request.query("cursor"); cursor && !cursor->empty()) {
    query.after = decode_cursor(*cursor);
    if (!query.after) errors.push_back({"cursor", "is not a cursor from a previous page"});
  }
  if (!errors.empty()) throw core::ApiError::validation(std::move(errors));
  return query;
}

}  // namespace eventbook::events
