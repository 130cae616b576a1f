#pragma once

#include "bookings/clients/seat_inventory.hpp"
#include "eventbook/core/clock.hpp"
#include "events/store/event_store.hpp"

namespace eventbook::app {

// The seat inventory of an events service in the same process (embedded
// mode): the same idempotent store calls as its /internal/reservations
// routes, without the loopback HTTP round trip.
class LocalSeatInventory final : public bookings::SeatInventory {
 public:
  explicit LocalSeatInventory(events::EventStore& store) : store_(store) {}

  core::Task<bookings::SeatAnswer> reserve(bookings::SeatRequest wanted, std::string) override {
    events::ReservationRequest request{std::move(wanted.booking_id), std::move(wanted.event_id), wanted.seats};
    for (auto& item : wanted.items) request.items.push_back({std::move(item.ticket_type_id), item.quantity});
    request.promo_code = std::move(wanted.promo_code);
    request.queue_pass = wanted.queue_pass;
    request.waitlist_offer = wanted.waitlist_offer;
    auto reservation = co_await store_.reserve(std::move(request), core::now_ms());
    co_return answer_of(reservation);
  }

  core::Task<void> set_waitlist_demand(std::string event_id, std::int64_t seats, std::string) override {
    co_await store_.set_waitlist_demand(std::move(event_id), seats);
  }

  core::Task<bookings::SeatAnswer> release(std::string booking_id, std::string) override {
    auto reservation = co_await store_.release(std::move(booking_id), core::now_ms());
    co_return bookings::SeatAnswer{reservation.status, reservation.reason, {}, {}, {}, {}};
  }

 private:
  static bookings::SeatAnswer answer_of(const events::Reservation& reservation) {
    bookings::SeatAnswer answer{reservation.status, reservation.reason, {}, {}, {}, {}};
    for (const auto& line : reservation.lines)
      answer.lines.push_back({line.ticket_type_id, line.name, line.quantity, line.unit_price, line.discount_minor});
    answer.ticket_type_id = reservation.refused_type_id;
    if (const auto& event = reservation.event) {
      answer.event_title = event->title;
      answer.event_date = event->date;
      answer.event_location = event->location;
      answer.organizer_id = event->organizer_id;
      answer.hold_minutes = event->hold_minutes;
      answer.offer_minutes = event->offer_minutes;
      answer.require_attendee_names = event->require_attendee_names;
      answer.event_starts_at = event->starts_at;
      answer.event_status = event->status;
      answer.event_on_sale_at = event->on_sale_at;
    }
    return answer;
  }

  events::EventStore& store_;
};

}  // namespace eventbook::app
