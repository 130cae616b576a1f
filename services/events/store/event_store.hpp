#pragma once

#include "eventbook/db/database.hpp"
#include "events/domain/event.hpp"
#include "events/domain/promo_code.hpp"
#include "events/domain/reservation.hpp"
#include "events/domain/search.hpp"
#include "events/domain/ticket_type.hpp"

#include <optional>
#include <string>
#include <vector>

namespace eventbook::events {

struct Reservation {
  std::string booking_id;
  std::string event_id;
  std::int64_t seats = 0;
  std::string status;  // reserved, refused, released
  // For refused: not-found, cancelled, past, too-many-seats, sold-out,
  // not-on-sale, unknown-ticket-type.
  std::optional<std::string> reason = std::nullopt;
  std::vector<ReservationLine> lines = {};                    // where the seats came from, at what price
  std::optional<std::string> refused_type_id = std::nullopt;  // the type a refusal is about, if one is
  std::optional<std::string> promo_code_id = std::nullopt;    // the code it took a use of
  bool from_owed = false;                                     // a waitlist offer's: its seats were owed to the waitlist
  // From reserve: the event as the reservation left it (none if unknown).
  std::optional<Event> event = std::nullopt;
};

class EventStore {
 public:
  explicit EventStore(db::Database& database) : db_(database) {}

  // The event and its ticket types; with none given, its default one
  // ("General admission").
  static void insert(db::Session& session, const Event& event, const std::vector<TicketType>& types = {});
  // Sets what the waitlist's waiting entries want (bookings tells); the
  // seats owed to it shrink to that. The event as it is now; none if unknown.
  core::Task<std::optional<Event>> set_waitlist_demand(std::string event_id, std::int64_t seats);
  core::Task<std::optional<Event>> find(std::string id);
  // The event and its ticket types, read together.
  struct EventWithTypes {
    Event event;
    std::vector<TicketType> ticket_types;
  };
  core::Task<std::optional<EventWithTypes>> find_with_ticket_types(std::string id);
  static std::optional<Event> find(db::Session& session, const std::string& id);
  // Writes the event's fields; false when it is cancelled or the capacity
  // would drop below the seats taken by now.
  static bool update(db::Session& session, const Event& event);
  // Locks the event's row for the rest of the transaction.
  static void lock(db::Session& session, const std::string& id);
  // The currency of the event's promo codes that take an amount off, if any.
  static std::optional<std::string> promo_code_currency(db::Session& session, const std::string& event_id);
  // False when it was not scheduled.
  static bool cancel(db::Session& session, const std::string& id, std::int64_t now);

  // Ticket types (ticket_type_store.cpp), read and written inside a write
  // transaction. An event's types, in their order:
  static std::vector<TicketType> ticket_types(db::Session& session, const std::string& event_id);
  // None when the event has no type with that id.
  static std::optional<TicketType> find_ticket_type(db::Session& session, const std::string& event_id,
                                                    const std::string& id);
  static void insert_ticket_type(db::Session& session, const TicketType& type, std::int64_t now);
  // A row of ticket_types as the statements of sql.hpp list its columns.
  static TicketType ticket_type_from(const db::Row& row);
  // Writes the type's fields; false when its quota would drop below the seats
  // sold by now (or it is gone).
  static bool update_ticket_type(db::Session& session, const TicketType& type, std::int64_t now);
  enum class TicketTypeRemoval { removed, not_found, sold, last };
  // Removes the type unless any seat of it is held or it is its event's last.
  static TicketTypeRemoval remove_ticket_type(db::Session& session, const std::string& event_id, const std::string& id);

  // One page of the search, plus one more row when another page follows.
  core::Task<std::vector<Event>> search(const SearchQuery& query);

  // Takes the seats of every line of a booking together, or none, once: the
  // first answer is kept and returned again, with the event read in the same
  // transaction. Returns once that is durable.
  core::Task<Reservation> reserve(ReservationRequest wanted, std::int64_t now);
  // Gives the seats back once; an unknown booking is remembered as released.
  core::Task<Reservation> release(std::string booking_id, std::int64_t now);

  // Promo codes. An insert is refused (false) when the event has a code of
  // the same key; an update when maxUses would drop below the uses taken.
  static bool insert_promo_code(db::Session& session, const PromoCode& code);
  static std::vector<PromoCode> promo_codes(db::Session& session, const std::string& event_id);
  static std::optional<PromoCode> find_promo_code(db::Session& session, const std::string& event_id,
                                                  const std::string& id);
  static std::optional<PromoCode> find_promo_code_by_code(db::Session& session, const std::string& event_id,
                                                          const std::string& code);
  static bool update_promo_code(db::Session& session, const PromoCode& code);
  // Takes one use of the code for a reservation, if it can be used now.
  static std::optional<PromoCode> take_promo_use(db::Session& session, const std::string& event_id,
                                                 const std::string& code, std::int64_t now);
  static void give_back_promo_use(db::Session& session, const std::string& id, std::int64_t now);

 private:
  static PromoCode promo_code_from(const db::Row& row);
  static Reservation reserve_in(db::Session& session, const ReservationRequest& wanted, std::int64_t now);

  db::Database& db_;
};

}  // namespace eventbook::events
