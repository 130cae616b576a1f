#include "bookings/saga/booking_saga.hpp"

#include "bookings/store/ticket_store.hpp"
#include "eventbook/core/clock.hpp"
#include "eventbook/core/log.hpp"

namespace eventbook::bookings {

boost::json::object booking_message(const Booking& b) {
  auto text = [](const std::optional<std::string>& value) {
    return value ? boost::json::value(*value) : boost::json::value(nullptr);
  };
  return {{"bookingId", b.id},
          {"userId", b.user_id},
          {"eventId", b.event_id},
          {"seats", b.seats},
          {"eventTitle", text(b.event_title)},
          {"eventDate", text(b.event_date)},
          {"eventLocation", text(b.event_location)},
          {"reason", text(b.reason)}};
}

boost::json::object confirmed_message(const Booking& booking, const std::vector<Ticket>& tickets) {
  auto message = booking_message(booking);
  message["tickets"] = tickets_message(tickets);
  return message;
}

namespace {

// The booking as the events service's answer settles it.
Booking settled_by(const Booking& pending, const SeatAnswer& answer) {
  Booking settled = pending;
  settled.updated_at = core::now_ms();
  settled.event_title = answer.event_title;
  settled.event_date = answer.event_date;
  settled.event_location = answer.event_location;
  settled.organizer_id = answer.organizer_id;
  auto settlement = settlement_for(answer.status, answer.reason);
  settled.status = settlement.status;
  if (settled.status == "confirmed" && answer.event_status == "cancelled") {
    // Reserved before the event was cancelled, settled after its bookings
    // were: cancelled too, and recovery gives the seats back.
    settled.status = "cancelled";
    settled.reason = "event-cancelled";
    return settled;
  }
  if (settled.status == "confirmed") {
    if (pending.hold) {
      settled.status = "held";
      // Never past the event's start: nobody books an event under way.
      // A waitlist offer lasts the event's offerMinutes, a checkout hold its holdMinutes.
      const auto minutes =
          pending.waitlist_offer ? answer.offer_minutes.value_or(15) : answer.hold_minutes.value_or(10);
      settled.expires_at = hold_expiry(pending.created_at, minutes);
      if (answer.event_starts_at) settled.expires_at = std::min(*settled.expires_at, *answer.event_starts_at);
      settled.require_attendees = answer.require_attendee_names;
    }
    settled.items = answer.lines;
    if (auto amounts = amounts_of(settled.items)) {
      settled.total = amounts->total;
      settled.discount = amounts->discount;
    }
    settled.payment_status = payment_status_for(settled.total);
  } else {
    settled.reason = settlement.reason;
    settled.refused_type_id = answer.ticket_type_id;
    if (settled.reason == "not-on-sale" && !answer.ticket_type_id) settled.opens_at = answer.event_on_sale_at;
  }
  return settled;
}

// False when the booking was no longer pending (settled by another caller).
// A confirmed booking's tickets go in with it.
bool write_settled(db::Session& session, const Booking& settled, const std::vector<Ticket>& tickets,
                   const std::string& request_id) {
  bool wrote = BookingStore::settle(session, settled);
  if (wrote && settled.status == "confirmed") {
    TicketStore::insert(session, tickets);
    bus::add_to_outbox(session, "booking.confirmed", confirmed_message(settled, tickets), request_id);
  }
  return wrote;
}

// The tickets of a booking being confirmed; its ticketCode becomes the first
// one's. A booking confirmed before tickets existed keeps the code it has
// (shown, printed, perhaps mailed): its first ticket takes that code.
std::vector<Ticket> issue_tickets(Booking& confirmed) {
  auto tickets = tickets_for(confirmed, confirmed.updated_at);
  if (tickets.empty()) return tickets;
  if (confirmed.ticket_code) {
    tickets.front().code = normalized_code(*confirmed.ticket_code);
  } else {
    confirmed.ticket_code = tickets.front().code;
  }
  return tickets;
}

}  // namespace

core::Task<std::optional<Booking>> BookingSaga::book(Booking pending, std::string request_id) {
  bool inserted = co_await store_.insert_pending(pending);
  if (!inserted) co_return std::nullopt;
  co_return co_await settle(std::move(pending), std::move(request_id));
}

core::Task<Booking> BookingSaga::settle(Booking pending, std::string request_id) {
  SeatRequest wanted{pending.id,         pending.event_id,   pending.seats,         pending.items,
                     pending.promo_code, pending.queue_pass, pending.waitlist_offer};
  auto answer = co_await inventory_.reserve(std::move(wanted), request_id);
  auto settled = settled_by(pending, answer);
  std::vector<Ticket> tickets;
  if (settled.status == "confirmed") tickets = issue_tickets(settled);
  bool wrote = co_await database_.transaction(
      [&](db::Session& session) { return write_settled(session, settled, tickets, request_id); });
  // Settled meanwhile by another caller (recovery, a repeated request): that answer stands.
  if (!wrote) {
    auto stored = co_await store_.find(settled.id);
    co_return *stored;
  }
  if (settled.status == "confirmed") relay_.notify();
  co_return settled;
}

core::Task<Booking> BookingSaga::cancel(Booking booking, std::string reason, std::string request_id) {
  bool cancelled = co_await database_.transaction([&](db::Session& session) {
    if (!BookingStore::cancel(session, booking.id, reason, core::now_ms())) return false;
    TicketStore::void_of_booking(session, booking.id);
    Booking after = booking;
    after.status = "cancelled";
    after.reason = reason;
    bus::add_to_outbox(session, "booking.cancelled", booking_message(after), request_id);
    return true;
  });
  if (cancelled) {
    relay_.notify();
    co_await release_seats(booking, request_id);
  }
  auto stored = co_await store_.find(booking.id);
  co_return *stored;
}

int BookingSaga::cancel_event(db::Session& session, const std::string& event_id, const std::string& request_id) {
  int count = 0;
  auto now = core::now_ms();
  BookingStore::let_go_of_holds_of_event(session, event_id, now);
  for (auto booking : BookingStore::confirmed_of_event(session, event_id)) {
    if (BookingStore::cancel(session, booking.id, "event-cancelled", now)) {
      TicketStore::void_of_booking(session, booking.id);
      booking.status = "cancelled";
      booking.reason = "event-cancelled";
      bus::add_to_outbox(session, "booking.cancelled", booking_message(booking), request_id);
      ++count;
    }
  }
  return count;
}

core::Task<bool> BookingSaga::release_seats(const Booking& booking, const std::string& request_id) {
  try {
    co_await inventory_.release(booking.id, request_id);
  } catch (const InventoryUnavailable& error) {
    core::log::warn("bookings", "seats not released yet; recovery will retry",
                    {{"bookingId", booking.id}, {"requestId", request_id}, {"error", error.what()}});
    co_return false;
  }
  co_await store_.mark_released(booking.id);
  co_return true;
}

core::Task<int> BookingSaga::recover(std::chrono::milliseconds older_than) {
  constexpr int kPage = 100;
  int handled = 0;
  try {
    for (;;) {
      auto pending = co_await store_.pending_older_than(core::now_ms() - older_than.count(), kPage);
      for (const auto& booking : pending) {
        auto settled = co_await settle(booking, "recovery-" + booking.id);
        core::log::info("bookings", "pending booking settled by recovery",
                        {{"bookingId", booking.id}, {"status", settled.status}});
        ++handled;
      }
      if (pending.size() < static_cast<std::size_t>(kPage)) break;
    }
    handled += co_await release_unreleased();
  } catch (const InventoryUnavailable& error) {
    core::log::warn("bookings", "recovery waits for the events service", {{"error", error.what()}});
  }
  co_return handled;
}

core::Task<int> BookingSaga::release_unreleased() {
  constexpr int kPage = 100;
  int released = 0;
  auto unreleased = co_await store_.unreleased(kPage);
  for (const auto& booking : unreleased) {
    bool done = co_await release_seats(booking, "recovery-" + booking.id);
    if (!done) break;
    ++released;
  }
  co_return released;
}

core::Task<int> BookingSaga::issue_missing_tickets(int limit) {
  int issued = 0;
  auto ids = co_await tickets_.without_tickets(limit);
  for (const auto& id : ids) {
    auto booking = co_await store_.find(id);
    if (!booking) continue;
    auto tickets = issue_tickets(*booking);
    bool wrote = co_await database_.transaction([&](db::Session& session) {
      if (!TicketStore::mark_issued(session, booking->id, booking->ticket_code.value_or(""))) return false;
      TicketStore::insert(session, tickets);
      return true;
    });
    if (wrote) ++issued;
  }
  co_return issued;
}

core::Task<Booking> BookingSaga::confirm_hold(Booking hold, std::vector<Attendee> attendees, std::string request_id) {
  Booking confirmed = hold;
  confirmed.status = "confirmed";
  confirmed.attendees = std::move(attendees);
  confirmed.updated_at = core::now_ms();
  auto tickets = issue_tickets(confirmed);
  bool done = co_await database_.transaction([&](db::Session& session) {
    if (!BookingStore::confirm_hold(session, confirmed)) return false;
    TicketStore::insert(session, tickets);
    bus::add_to_outbox(session, "booking.confirmed", confirmed_message(confirmed, tickets), request_id);
    return true;
  });
  if (done) relay_.notify();
  auto stored = co_await store_.find(hold.id);
  co_return *stored;
}

core::Task<Booking> BookingSaga::let_go(Booking hold, std::string request_id) {
  bool released = co_await database_.transaction(
      [&](db::Session& session) { return BookingStore::let_go_of_hold(session, hold.id, core::now_ms()); });
  if (released) co_await release_seats(hold, request_id);
  auto stored = co_await store_.find(hold.id);
  co_return *stored;
}

core::Task<int> BookingSaga::expire_holds() {
  constexpr int kPage = 100;
  int expired = 0;
  for (;;) {
    int now_expired = co_await store_.expire_holds(core::now_ms(), kPage);
    expired += now_expired;
    if (now_expired < kPage) break;
  }
  if (expired > 0) {
    core::log::info("bookings", "holds expired", {{"holds", expired}});
    co_await release_unreleased();
  }
  co_return expired;
}

}  // namespace eventbook::bookings
