#include "bookings/handlers/context.hpp"
#include "eventbook/core/clock.hpp"
#include "eventbook/core/id.hpp"
#include "eventbook/core/json.hpp"

namespace eventbook::bookings {

std::optional<std::string> OrganizerCache::find(const std::string& event_id) const {
  std::lock_guard lock(mutex_);
  auto found = organizers_.find(event_id);
  if (found == organizers_.end()) return std::nullopt;
  return found->second;
}

void OrganizerCache::remember(const std::string& event_id, const std::string& organizer_id) {
  std::lock_guard lock(mutex_);
  if (organizers_.size() >= kMaxEntries) organizers_.clear();
  organizers_.emplace(event_id, organizer_id);
}

namespace {

core::ApiError no_event(const std::string& event_id) {
  return core::ApiError::not_found("No event " + event_id + " whose door you keep.");
}

// The organizer of an event; none when there is no such event.
core::Task<std::optional<std::string>> organizer_of(BookingsContext& context, const std::string& event_id) {
  if (auto known = context.organizers.find(event_id)) co_return known;
  auto event = co_await context.directory.event(event_id);
  if (!event) co_return std::nullopt;
  context.organizers.remember(event_id, event->organizer_id);
  co_return event->organizer_id;
}

// Organizer or admin: the staff routes are theirs alone (door staff get 403).
void require_manager(const DoorAccess& access) {
  if (!access.manages) {
    throw core::ApiError::forbidden("Only the event's organizer or an administrator names its door staff.");
  }
}

// What the organizer sees of a staff member: the address they gave, not the
// account's username (naming staff tells no more of an account than
// registering with the address would).
boost::json::object staff_json(const StaffMember& member) {
  return {{"userId", member.user_id}, {"email", member.email}, {"addedAt", core::format_utc(member.added_at)}};
}

// The most door staff one event has.
constexpr std::int64_t kMostStaff = 50;

// A ticket of the event by id, or 404.
core::Task<Ticket> ticket_of_event(BookingsContext& context, const std::string& event_id, const std::string& id) {
  std::optional<Ticket> ticket;
  if (core::looks_like_id(id)) ticket = co_await context.tickets.find(id);
  if (!ticket || ticket->event_id != event_id) {
    throw core::ApiError::not_found("No ticket " + id + " of this event.");
  }
  co_return *ticket;
}

// The 409 for a ticket that cannot be admitted (now): void, or in already.
[[noreturn]] void refuse_admission(const Ticket& ticket) {
  if (ticket.status != "valid") {
    auto error = core::ApiError::conflict("ticket-cancelled", "This ticket was cancelled with its booking.");
    error.extensions["reason"] = "cancelled";
    error.extensions["ticket"] = ticket_json(ticket);
    throw error;
  }
  auto error =
      core::ApiError::conflict("already-checked-in", "Checked in already, at " + core::format_utc(ticket.check_in->at) +
                                                         " by " + ticket.check_in->label + ".");
  error.extensions["checkedInAt"] = core::format_utc(ticket.check_in->at);
  error.extensions["checkedInBy"] =
      boost::json::object{{"userId", ticket.check_in->by}, {"label", ticket.check_in->label}};
  error.extensions["ticket"] = ticket_json(ticket);
  throw error;
}

}  // namespace

core::Task<DoorAccess> door_access(BookingsContext& context, const service::Caller& caller, std::string event_id) {
  if (!core::looks_like_id(event_id)) throw no_event(event_id);
  auto organizer = co_await organizer_of(context, event_id);
  if (!organizer) throw no_event(event_id);
  if (caller.is_admin()) co_return DoorAccess{event_id, true, "admin"};
  if (*organizer == caller.id) co_return DoorAccess{event_id, true, "organizer"};
  auto staff = co_await context.tickets.find_staff(event_id, caller.id);
  if (!staff) throw no_event(event_id);
  co_return DoorAccess{event_id, false, staff->email};
}

// POST /api/events/{id}/checkins {code}: admits the ticket with that code
// once. Scanners racing on one code: one 201, the others 409.
core::Task<http::Response> post_checkin(BookingsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto access = co_await door_access(context, caller, request.param("id"));
  auto code = read_scanned_code(request.json());
  auto ticket = co_await context.tickets.find_by_code(code);
  if (!ticket || ticket->event_id != access.event_id) {
    throw core::ApiError::not_found("No ticket of this event has that code.");
  }
  // Not admitted, and yet valid and not in when read again: a check-in was
  // undone between the two. Tried again, a few times.
  constexpr int kAttempts = 3;
  CheckIn check_in{core::now_ms(), caller.id, access.label};
  for (int attempt = 1;; ++attempt) {
    if (ticket->status != "valid" || ticket->check_in) refuse_admission(*ticket);
    bool admitted = co_await context.tickets.check_in(ticket->id, check_in);
    if (admitted) break;
    if (attempt == kAttempts) {
      throw core::ApiError::unavailable("The ticket is being checked in and out at once; scan it again.");
    }
    ticket = co_await context.tickets.find(ticket->id);
  }
  ticket->check_in = check_in;
  co_return http::Response::json(201, boost::json::object{{"ticket", ticket_json(*ticket)},
                                                          {"attendee", attendee_json(*ticket)},
                                                          {"ticketType", ticket_type_json(*ticket)},
                                                          {"checkedInAt", core::format_utc(check_in.at)}});
}

// DELETE /api/events/{id}/checkins/{ticketId}: undoes a mistaken admission;
// the ticket as it is after.
core::Task<http::Response> delete_checkin(BookingsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto access = co_await door_access(context, caller, request.param("id"));
  auto ticket = co_await ticket_of_event(context, access.event_id, request.param("ticketId"));
  co_await context.tickets.undo_check_in(ticket.id);
  ticket.check_in.reset();
  co_return http::Response::json(200, ticket_json(ticket));
}

// GET /api/events/{id}/checkins/stats: admitted of the valid tickets, in all
// and per ticket type.
core::Task<http::Response> get_checkin_stats(BookingsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto access = co_await door_access(context, caller, request.param("id"));
  auto counts = co_await context.tickets.check_in_counts(access.event_id);
  std::int64_t admitted = 0;
  std::int64_t total = 0;
  boost::json::array types;
  for (const auto& count : counts) {
    admitted += count.admitted;
    total += count.total;
    types.push_back(boost::json::object{
        {"id", count.ticket_type_id ? boost::json::value(*count.ticket_type_id) : boost::json::value(nullptr)},
        {"name", count.ticket_type_name},
        {"admitted", count.admitted},
        {"total", count.total}});
  }
  co_return http::Response::json(
      200,
      boost::json::object{
          {"eventId", access.event_id}, {"admitted", admitted}, {"total", total}, {"ticketTypes", std::move(types)}});
}

// GET /api/events/{id}/staff: the event's door staff, first named first.
core::Task<http::Response> get_staff(BookingsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto access = co_await door_access(context, caller, request.param("id"));
  require_manager(access);
  auto staff = co_await context.tickets.staff_of(access.event_id);
  boost::json::array items;
  for (const auto& member : staff) items.push_back(staff_json(member));
  co_return http::Response::json(200, boost::json::object{{"items", std::move(items)}});
}

// POST /api/events/{id}/staff {email}: names the account with that address
// door staff of this event (201; 200 when it was already).
core::Task<http::Response> post_staff(BookingsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto access = co_await door_access(context, caller, request.param("id"));
  require_manager(access);
  auto body = request.json();
  core::FieldReader reader(body, {"email"});
  auto email = reader.string("email", true);
  if (email && (email->size() > 254 || email->find('@') == std::string::npos)) {
    reader.fail("email", "must be an e-mail address");
  }
  reader.finish();
  auto account = co_await context.directory.account_by_email(*email);
  if (!account) {
    throw core::ApiError::validation(
        {{"email", "no account has this e-mail address; ask them to register first, then name them again"}});
  }
  auto already = co_await context.tickets.find_staff(access.event_id, account->id);
  if (already) co_return http::Response::json(200, staff_json(*already));
  auto count = co_await context.tickets.count_staff(access.event_id);
  if (count >= kMostStaff) {
    throw core::ApiError::conflict("too-many-staff", "An event has at most 50 door staff; remove one first.");
  }
  auto event = co_await context.directory.event(access.event_id);
  if (event && account->id == event->organizer_id) {
    throw core::ApiError::validation({{"email", "is the event's organizer, who checks in already"}});
  }
  StaffMember member{access.event_id,
                     account->id,
                     account->email,
                     account->username,
                     event ? std::optional(event->title) : std::nullopt,
                     event ? std::optional(event->date) : std::nullopt,
                     caller.id,
                     core::now_ms()};
  bool added = co_await context.tickets.add_staff(member);
  auto stored = co_await context.tickets.find_staff(access.event_id, account->id);
  co_return http::Response::json(added ? 201 : 200, staff_json(stored.value_or(member)));
}

// DELETE /api/events/{id}/staff/{userId}: 204; 404 for someone who is not.
core::Task<http::Response> delete_staff(BookingsContext& context, http::Request& request) {
  auto caller = service::authenticate(request, context.verifier);
  auto access = co_await door_access(context, caller, request.param("id"));
  require_manager(access);
  bool removed = co_await context.tickets.remove_staff(access.event_id, request.param("userId"));
  if (!removed) throw core::ApiError::not_found("No door staff " + request.param("userId") + " at this event.");
  co_return http::Response::no_content();
}

// GET /api/staff/events: the events the caller is door staff of, latest first.
core::Task<http::Response> get_staff_events(BookingsContext& context, http::Request& request) {
  constexpr int kMostEvents = 100;
  auto caller = service::authenticate(request, context.verifier);
  auto events = co_await context.tickets.events_of_staff(caller.id, kMostEvents);
  boost::json::array items;
  auto text = [](const std::optional<std::string>& value) {
    return value ? boost::json::value(*value) : boost::json::value(nullptr);
  };
  for (const auto& member : events) {
    items.push_back(boost::json::object{{"eventId", member.event_id},
                                        {"eventTitle", text(member.event_title)},
                                        {"eventDate", text(member.event_date)},
                                        {"addedAt", core::format_utc(member.added_at)}});
  }
  co_return http::Response::json(200, boost::json::object{{"items", std::move(items)}});
}

}  // namespace eventbook::bookings
