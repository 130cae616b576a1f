#pragma once

#include "bookings/domain/seat_inventory.hpp"
#include "eventbook/core/clock.hpp"
#include "events/store/event_store.hpp"

namespace eventbook::app {

// The seat inventory of an events service in the same process (embedded
// mode): the same idempotent store calls as its /internal/reservations
// routes, without the loopback HTTP round trip.
class LocalSeatInventory final : public bookings::SeatInventory {
 public:
  explicit LocalSeatInventory(events::EventStore& store) : store_(store) {}

  bookings::SeatAnswer reserve(const std::string& booking_id, const std::string& event_id, std::int64_t seats,
                               const std::string&) override {
    return answer_of(store_.reserve(booking_id, event_id, seats, core::now_ms()));
  }

  void reserve_async(const std::string& booking_id, const std::string& event_id, std::int64_t seats,
                     const std::string&,
                     std::function<void(std::exception_ptr, bookings::SeatAnswer)> done) override {
    store_.reserve_async(booking_id, event_id, seats, core::now_ms(),
                         [done = std::move(done)](std::exception_ptr error, events::Reservation reservation) {
                           done(error, error ? bookings::SeatAnswer{} : answer_of(reservation));
                         });
  }

  bookings::SeatAnswer release(const std::string& booking_id, const std::string&) override {
    auto reservation = store_.release(booking_id, core::now_ms());
    return {reservation.status, reservation.reason, {}, {}, {}, {}};
  }

 private:
  static bookings::SeatAnswer answer_of(const events::Reservation& reservation) {
    bookings::SeatAnswer answer{reservation.status, reservation.reason, {}, {}, {}, {}};
    if (const auto& event = reservation.event) {
      answer.event_title = event->title;
      answer.event_date = event->date;
      answer.event_location = event->location;
      answer.organizer_id = event->organizer_id;
    }
    return answer;
  }

  events::EventStore& store_;
};

}  // namespace eventbook::app
