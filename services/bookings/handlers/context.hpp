#pragma once

#include "bookings/clients/directory.hpp"
#include "bookings/saga/booking_saga.hpp"
#include "bookings/saga/waitlist_offers.hpp"
#include "bookings/store/waitlist_store.hpp"
#include "eventbook/auth/jwt.hpp"
#include "eventbook/http/message.hpp"
#include "eventbook/http/router.hpp"
#include "eventbook/service/context.hpp"
#include "eventbook/service/queue_pass.hpp"

#include <mutex>
#include <unordered_map>

namespace eventbook::bookings {

// Who organizes which event, as the events service said: an event's
// organizer never changes, so each is asked for once (up to a bound).
class OrganizerCache {
 public:
  std::optional<std::string> find(const std::string& event_id) const;
  void remember(const std::string& event_id, const std::string& organizer_id);

 private:
  static constexpr std::size_t kMaxEntries = 100000;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::string> organizers_;
};

struct BookingsContext {
  BookingStore& store;
  BookingSaga& saga;
  const auth::Verifier& verifier;
  std::int64_t max_seats;
  TicketStore& tickets;
  Directory& directory;
  service::QueuePasses& passes;  // a waiting room's passes
  WaitlistStore& waitlist;
  WaitlistOffers& offers;
  OrganizerCache organizers = {};
};

// The booking if the caller may see it: its owner, its event's organizer or
// an admin. Anyone else, like a missing booking, gets 404.
core::Task<Booking> visible_booking(BookingsContext& context, const service::Caller& caller, std::string id);

core::Task<http::Response> post_booking(BookingsContext& context, http::Request& request);
core::Task<http::Response> get_bookings(BookingsContext& context, http::Request& request);
core::Task<http::Response> get_booking(BookingsContext& context, http::Request& request);
core::Task<http::Response> cancel_booking(BookingsContext& context, http::Request& request);
core::Task<http::Response> post_payment(BookingsContext& context, http::Request& request);

// The hold if the caller may act on it: the person who holds it, or an
// admin. Anyone else, like a missing hold (or a booking that is no hold), 404.
core::Task<Booking> visible_hold(BookingsContext& context, const service::Caller& caller, std::string id);
core::Task<http::Response> post_hold(BookingsContext& context, http::Request& request);
core::Task<http::Response> get_hold(BookingsContext& context, http::Request& request);
core::Task<http::Response> confirm_hold(BookingsContext& context, http::Request& request);
core::Task<http::Response> delete_hold(BookingsContext& context, http::Request& request);

// The door (handlers/door.cpp). Who stands at an event's door: its organizer
// or an admin, who manage it, or door staff of that event, who check in and
// read the attendee list. Anyone else, like an event that does not exist,
// gets 404.
struct DoorAccess {
  std::string event_id;
  bool manages = false;  // organizer or admin
  std::string label;     // what the next scanner is told: the staff e-mail, "organizer" or "admin"
};
core::Task<DoorAccess> door_access(BookingsContext& context, const service::Caller& caller, std::string event_id);

core::Task<http::Response> get_booking_tickets(BookingsContext& context, http::Request& request);
core::Task<http::Response> get_ticket_image(BookingsContext& context, http::Request& request);
core::Task<http::Response> post_checkin(BookingsContext& context, http::Request& request);
core::Task<http::Response> delete_checkin(BookingsContext& context, http::Request& request);
core::Task<http::Response> get_checkin_stats(BookingsContext& context, http::Request& request);
core::Task<http::Response> get_staff(BookingsContext& context, http::Request& request);
core::Task<http::Response> post_staff(BookingsContext& context, http::Request& request);
core::Task<http::Response> delete_staff(BookingsContext& context, http::Request& request);
core::Task<http::Response> get_staff_events(BookingsContext& context, http::Request& request);
core::Task<http::Response> get_attendees(BookingsContext& context, http::Request& request);
core::Task<http::Response> get_attendees_csv(BookingsContext& context, http::Request& request);

// Waitlists (handlers/waitlist.cpp).
core::Task<http::Response> post_waitlist(BookingsContext& context, http::Request& request);
core::Task<http::Response> get_my_waitlist(BookingsContext& context, http::Request& request);
core::Task<http::Response> delete_my_waitlist(BookingsContext& context, http::Request& request);
core::Task<http::Response> get_waitlist(BookingsContext& context, http::Request& request);

}  // namespace eventbook::bookings
