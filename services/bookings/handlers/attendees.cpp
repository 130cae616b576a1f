#include "bookings/handlers/context.hpp"
#include "eventbook/core/csv.hpp"
#include "eventbook/http/paging.hpp"

namespace eventbook::bookings {

namespace {

constexpr int kDefaultLimit = 100;
constexpr int kMaxLimit = 500;
constexpr int kCsvPage = 1000;

// The whole list as CSV, read a page at a time.
core::Task<http::Response> attendees_csv(BookingsContext& context, const std::string& event_id) {
  std::string csv(core::kCsvByteOrderMark);
  csv += attendee_csv_header();
  std::optional<std::string> after;
  for (;;) {
    auto rows = co_await context.tickets.attendees(event_id, kCsvPage, after);
    for (const auto& row : rows) csv += attendee_csv_record(row);
    if (rows.size() < static_cast<std::size_t>(kCsvPage)) break;
    after = rows.back().ticket.id;
  }
  auto response = http::Response::text(200, std::move(csv), "text/csv; charset=utf-8");
  response.set_header("Content-Disposition", "attachment; filename=\"attendees-" + event_id + ".csv\"");
  response.set_header("Cache-Control", "no-store");
  co_return response;
}

}  // namespace

// GET /api/events/{id}/attendees: the event's tickets in the order they were
// issued, a page at a time; ?format=csv for all of them as CSV.
core::Task<http::Response> get_attendees(BookingsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto access = co_await door_access(context, caller, request.param("id"));
  auto format = request.query("format");
  if (format && *format == "csv") co_return co_await attendees_csv(context, access.event_id);
  std::vector<core::FieldError> errors;
  if (format && *format != "json") errors.push_back({"format", "must be json or csv"});
  int limit = http::read_limit(request, kDefaultLimit, kMaxLimit, errors);
  auto cursor = http::read_id_cursor(request, errors);
  if (!errors.empty()) throw core::ApiError::validation(std::move(errors));
  auto rows = co_await context.tickets.attendees(access.event_id, limit + 1, cursor);
  bool more = static_cast<int>(rows.size()) > limit;
  if (more) rows.pop_back();
  boost::json::array items;
  for (const auto& row : rows) items.push_back(attendee_row_json(row));
  boost::json::object body{{"items", std::move(items)}};
  body["nextCursor"] = more ? boost::json::value(rows.back().ticket.id) : boost::json::value(nullptr);
  co_return http::Response::json(200, body);
}

// GET /api/events/{id}/attendees.csv: the same as ?format=csv.
core::Task<http::Response> get_attendees_csv(BookingsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto access = co_await door_access(context, caller, request.param("id"));
  co_return co_await attendees_csv(context, access.event_id);
}

}  // namespace eventbook::bookings
