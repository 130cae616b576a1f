#include "eventbook/http/paging.hpp"

#include "eventbook/core/id.hpp"

#include <charconv>

namespace eventbook::http {

int read_limit(const Request& request, int default_limit, int max_limit, std::vector<core::FieldError>& errors) {
  auto text = request.query("limit");
  if (!text) return default_limit;
  int limit = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
  if (ec != std::errc{} || end != text->data() + text->size() || limit < 1 || limit > max_limit) {
    errors.push_back({"limit", "must be an integer from 1 to " + std::to_string(max_limit)});
    return default_limit;
  }
  return limit;
}

std::optional<std::string> read_id_cursor(const Request& request, std::vector<core::FieldError>& errors) {
  auto cursor = request.query("cursor");
  if (cursor && !core::looks_like_id(*cursor)) {
    errors.push_back({"cursor", "is not a cursor from a previous page"});
    return std::nullopt;
  }
  return cursor;
}

}  // namespace eventbook::http
