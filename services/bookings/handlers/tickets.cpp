#include "bookings/handlers/context.hpp"
#include "eventbook/core/id.hpp"
#include "eventbook/qr/qr.hpp"

namespace eventbook::bookings {

namespace {

// The booking whose tickets the caller may see: its owner, its event's
// organizer, an admin, or door staff of its event. Anyone else 404.
core::Task<Booking> tickets_booking(BookingsContext& context, const service::Caller& caller, const std::string& id) {
  std::optional<Booking> booking;
  if (core::looks_like_id(id)) booking = co_await context.store.find(id);
  bool allowed = booking && may_see(*booking, caller.id, caller.is_admin());
  if (booking && !allowed) {
    auto staff = co_await context.tickets.find_staff(booking->event_id, caller.id);
    allowed = staff.has_value();
  }
  if (!allowed) throw core::ApiError::not_found("No booking " + id + " of yours.");
  co_return *booking;
}

}  // namespace

// GET /api/bookings/{id}/tickets: a ticket per seat, each with its QR code
// as SVG.
core::Task<http::Response> get_booking_tickets(BookingsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto booking = co_await tickets_booking(context, caller, request.param("id"));
  auto tickets = co_await context.tickets.of_booking(booking.id);
  boost::json::array items;
  for (const auto& ticket : tickets) {
    auto item = ticket_json(ticket);
    item["qrSvg"] = qr::svg(ticket.code);
    items.push_back(std::move(item));
  }
  co_return http::Response::json(200, boost::json::object{{"items", std::move(items)}});
}

// GET /api/tickets/{ticketId}.png: the ticket's QR code as a PNG image, for
// whoever may see its booking's tickets.
core::Task<http::Response> get_ticket_image(BookingsContext& context, http::Request& request) {
  constexpr std::string_view kSuffix = ".png";
  auto caller = service::authenticate(request, context.verifier);
  std::string file = request.param("file");
  std::string id = file.size() > kSuffix.size() && file.ends_with(kSuffix) ? file.substr(0, file.size() - 4) : "";
  std::optional<Ticket> ticket;
  if (core::looks_like_id(id)) ticket = co_await context.tickets.find(id);
  if (!ticket) throw core::ApiError::not_found("No ticket " + file + " of yours.");
  try {
    co_await tickets_booking(context, caller, ticket->booking_id);
  } catch (const core::ApiError&) {
    throw core::ApiError::not_found("No ticket " + file + " of yours.");
  }
  auto response = http::Response::text(200, qr::png(ticket->code), "image/png");
  // The code never changes, but it is the ticket: kept by the holder's browser only.
  response.set_header("Cache-Control", "private, max-age=3600");
  co_return response;
}

}  // namespace eventbook::bookings
