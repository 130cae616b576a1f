#include "events/store/event_store.hpp"

#include "eventbook/core/error.hpp"
#include "events/store/sql.hpp"

#include <algorithm>
#include <charconv>

namespace eventbook::events {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return out;
}

Event event_from(const db::Row& row) {
  Event event;
  event.id = row.text(0);
  event.organizer_id = row.text(1);
  event.title = row.text(2);
  event.description = row.text(3);
  event.date = row.text(4);
  event.starts_at = row.integer(5);
  event.location = row.text(6);
  event.category = row.opt_text(7);
  event.price_minor = row.opt_integer(8);
  event.currency = row.opt_text(9);
  event.capacity = row.integer(10);
  event.available_seats = row.integer(11);
  event.max_per_booking = row.opt_integer(12);
  event.status = row.text(13);
  event.created_at = row.integer(14);
  event.updated_at = row.integer(15);
  event.hold_minutes = row.integer(16);
  event.require_attendee_names = row.integer(17) != 0;
  event.on_sale_at = row.opt_integer(18);
  event.waiting_room = row.integer(19) != 0;
  event.admit_per_minute = row.opt_integer(20);
  event.pass_minutes = row.integer(21);
  event.waitlist_demand = row.integer(22);
  event.owed_seats = row.integer(23);
  event.waitlist_order = row.text(24);
  event.offer_minutes = row.integer(25);
  return event;
}

Reservation reservation_from(const db::Row& row) {
  Reservation reservation{row.text(0), row.text(1), row.integer(2), row.text(3), row.opt_text(4)};
  if (auto lines = row.opt_text(5)) reservation.lines = lines_from_text(*lines);
  reservation.refused_type_id = row.opt_text(6);
  reservation.promo_code_id = row.opt_text(7);
  return reservation;
}

// LIKE pattern for "contains", with the wildcards of the text escaped.
std::string contains_pattern(std::string_view text) {
  std::string out = "%";
  for (char c : lower(text)) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "%";
}

}  // namespace

void EventStore::insert(db::Session& session, const Event& e, const std::vector<TicketType>& types) {
  session.exec(sql::kInsertEvent, {e.id,
                                   e.organizer_id,
                                   e.title,
                                   e.description,
                                   e.date,
                                   e.starts_at,
                                   e.location,
                                   lower(e.location),
                                   db::nullable(e.category),
                                   db::nullable(e.price_minor),
                                   db::nullable(e.currency),
                                   e.capacity,
                                   db::nullable(e.max_per_booking),
                                   e.created_at,
                                   e.hold_minutes,
                                   std::int64_t{e.require_attendee_names ? 1 : 0},
                                   db::nullable(e.on_sale_at),
                                   std::int64_t{e.waiting_room ? 1 : 0},
                                   db::nullable(e.admit_per_minute),
                                   e.pass_minutes,
                                   e.waitlist_order,
                                   e.offer_minutes});
  for (const auto& type : types) insert_ticket_type(session, type, e.created_at);
  if (types.empty()) {
    TicketType general{.id = default_ticket_type_id(e.id), .event_id = e.id, .name = "General admission"};
    insert_ticket_type(session, general, e.created_at);
  }
}

core::Task<std::optional<EventStore::EventWithTypes>> EventStore::find_with_ticket_types(std::string id) {
  co_return co_await db_.read([&](db::Session& session) -> std::optional<EventWithTypes> {
    auto event = find(session, id);
    if (!event) return std::nullopt;
    return EventWithTypes{std::move(*event), ticket_types(session, id)};
  });
}

core::Task<std::optional<Event>> EventStore::find(std::string id) {
  db::Params params{std::move(id)};
  auto result = co_await db_.query(sql::kFindEvent, std::move(params));
  if (result.empty()) co_return std::nullopt;
  co_return event_from(result.rows[0]);
}

std::optional<Event> EventStore::find(db::Session& session, const std::string& id) {
  auto result = session.exec(sql::kFindEvent, {id});
  if (result.empty()) return std::nullopt;
  return event_from(result.rows[0]);
}

bool EventStore::update(db::Session& session, const Event& e) {
  return session
             .exec(sql::kUpdateEvent, {e.id,
                                       e.title,
                                       e.description,
                                       e.date,
                                       e.starts_at,
                                       e.location,
                                       lower(e.location),
                                       db::nullable(e.category),
                                       db::nullable(e.price_minor),
                                       db::nullable(e.currency),
                                       db::nullable(e.max_per_booking),
                                       e.capacity,
                                       e.updated_at,
                                       e.hold_minutes,
                                       std::int64_t{e.require_attendee_names ? 1 : 0},
                                       db::nullable(e.on_sale_at),
                                       std::int64_t{e.waiting_room ? 1 : 0},
                                       db::nullable(e.admit_per_minute),
                                       e.pass_minutes,
                                       e.waitlist_order,
                                       e.offer_minutes})
             .affected == 1;
}

void EventStore::lock(db::Session& session, const std::string& id) { session.exec(sql::kLockEvent, {id}); }

bool EventStore::cancel(db::Session& session, const std::string& id, std::int64_t now) {
  return session.exec(sql::kCancelEvent, {id, now}).affected == 1;
}

core::Task<std::vector<Event>> EventStore::search(const SearchQuery& query) {
  std::string statement = sql::kListEvents;
  db::Params params;
  auto bind = [&](db::Param value) {
    params.push_back(std::move(value));
    return "$" + std::to_string(params.size());
  };
  if (!query.include_cancelled) statement += " AND status = 'scheduled'";
  // Sorted by anything but date, the date bounds are written "+starts_at" so
  // that the planner walks the sort's index (events_by_title,
  // events_by_newest) instead of sorting every upcoming event.
  const char* starts = query.sort == SortOrder::date ? "starts_at" : "+starts_at";
  if (query.from) statement += std::string(" AND ") + starts + " >= " + bind(*query.from);
  if (query.to) statement += std::string(" AND ") + starts + " < " + bind(*query.to);
  if (query.location) statement += " AND location_key LIKE " + bind(contains_pattern(*query.location)) + " ESCAPE '\\'";
  if (query.category) statement += " AND category = " + bind(*query.category);
  if (query.seats_left) statement += " AND available_seats > owed_seats";
  if (query.organizer_id) statement += " AND organizer_id = " + bind(*query.organizer_id);
  if (query.text) {
    bool sqlite = db_.engine() == db::Engine::sqlite;
    auto words = sqlite ? fts5_query(*query.text) : tsquery(*query.text);
    if (words) {
      std::string filter = sqlite ? sql::kTextFilterSqlite : sql::kTextFilterPostgres;
      filter.replace(filter.find("$%"), 2, bind(*words));
      statement += filter;
    }
  }
  if (query.after) {
    const auto& [key, id] = *query.after;
    switch (query.sort) {
      case SortOrder::date: {
        // The whole key a number, as this sort order writes it ("12abc" or " 12" is not).
        std::int64_t starts = 0;
        const auto [end, error] = std::from_chars(key.data(), key.data() + key.size(), starts);
        if (key.empty() || error != std::errc() || end != key.data() + key.size()) {
          throw core::ApiError::validation({{"cursor", "does not belong to this sort order"}});
        }
        auto k = bind(starts);
        statement += " AND (starts_at > " + k + " OR (starts_at = " + k + " AND id > " + bind(id) + "))";
        break;
      }
      case SortOrder::title: {
        auto k = bind(key);
        statement += " AND (title > " + k + " OR (title = " + k + " AND id > " + bind(id) + "))";
        break;
      }
      case SortOrder::newest:
        statement += " AND id < " + bind(id);
        break;
    }
  }
  switch (query.sort) {
    case SortOrder::date:
      statement += " ORDER BY starts_at, id";
      break;
    case SortOrder::title:
      statement += " ORDER BY title, id";
      break;
    case SortOrder::newest:
      statement += " ORDER BY id DESC";
      break;
  }
  statement += " LIMIT " + bind(std::int64_t{query.limit + 1});
  std::vector<Event> events;
  auto result = co_await db_.query(statement, std::move(params));
  for (const auto& row : result.rows) {
    events.push_back(event_from(row));
  }
  co_return events;
}

namespace {

// Gives back what a reservation took: the event's seats (as they came back:
// a release's to the waitlist first, a refusal's as they were), each line's
// seats to its type, and its promo code's use.
enum class GiveBack { release, refusal };
void give_back(db::Session& session, const Reservation& taken, std::int64_t now, GiveBack why) {
  if (why == GiveBack::release) {
    session.exec(sql::kReleaseSeats, {taken.event_id, taken.seats, now});
  } else {
    session.exec(sql::kReturnSeats, {taken.event_id, taken.seats, now, std::int64_t{taken.from_owed ? 1 : 0}});
  }
  for (const auto& line : taken.lines) {
    session.exec(sql::kReturnTicketTypeSeats, {line.ticket_type_id, line.quantity, now});
  }
  if (taken.promo_code_id) EventStore::give_back_promo_use(session, *taken.promo_code_id, now);
}

// Turns a reservation that had taken the event's seats into a refusal,
// giving back everything it took.
void refuse(db::Session& session, Reservation& answer, std::string reason, std::optional<std::string> type,
            std::int64_t now) {
  give_back(session, answer, now, GiveBack::refusal);
  answer.event->available_seats += answer.seats;
  if (answer.from_owed) answer.event->owed_seats += answer.seats;
  answer.lines.clear();
  answer.promo_code_id.reset();
  answer.status = "refused";
  answer.reason = std::move(reason);
  answer.refused_type_id = std::move(type);
}

// Takes each line's seats of its type (a hidden one only when the promo code
// unlocks it) and prices the line, the promo code's discount taken off. At
// the first line that cannot be had, the reservation is refused for it.
void take_lines(db::Session& session, const ReservationRequest& wanted, const std::optional<PromoCode>& code,
                std::int64_t now, Reservation& answer) {
  const bool by_default = wanted.items.empty();
  const auto items = by_default ? std::vector<ReservationItem>{{"", wanted.seats}} : wanted.items;
  for (const auto& item : items) {
    const bool unlocked = code && unlocks(*code, item.ticket_type_id);
    auto taken = by_default ? session.exec(sql::kTakeDefaultTypeSeats, {wanted.event_id, item.quantity, now})
                            : session.exec(sql::kTakeTypeSeats, {wanted.event_id, item.quantity, now,
                                                                 item.ticket_type_id, std::int64_t{unlocked ? 1 : 0}});
    if (!taken.empty()) {
      auto type = EventStore::ticket_type_from(taken.rows.front());
      auto price = unit_price(type, *answer.event);
      auto discount = code ? line_discount(*code, type.id, price, item.quantity) : 0;
      answer.lines.push_back({type.id, type.name, item.quantity, std::move(price), discount});
      continue;
    }
    auto found = by_default ? session.exec(sql::kFindDefaultTicketType, {wanted.event_id})
                            : session.exec(sql::kFindTicketType, {wanted.event_id, item.ticket_type_id});
    std::optional<TicketType> type;
    if (!found.empty()) type = EventStore::ticket_type_from(found.rows.front());
    auto which = by_default ? (type ? std::optional(type->id) : std::nullopt) : std::optional(item.ticket_type_id);
    refuse(session, answer, line_refusal(type, item.quantity, now, unlocked), std::move(which), now);
    return;
  }
}

}  // namespace

core::Task<Reservation> EventStore::reserve(ReservationRequest wanted, std::int64_t now) {
  co_return co_await db_.transaction([&](db::Session& session) { return reserve_in(session, wanted, now); });
}

// The seats are taken first (the event's, a use of the promo code, each
// line's) and the answer recorded last, under the booking id: when that id
// has an answer already (a repeated request, a release that came first),
// what was just taken is given back and the first answer stands.
Reservation EventStore::reserve_in(db::Session& session, const ReservationRequest& wanted, std::int64_t now) {
  Reservation answer{wanted.booking_id, wanted.event_id, wanted.seats, "reserved"};
  answer.from_owed = wanted.waitlist_offer;
  auto taken =
      session.exec(sql::kTakeSeats, {wanted.event_id, wanted.seats, now, now, std::int64_t{wanted.queue_pass ? 1 : 0},
                                     std::int64_t{wanted.waitlist_offer ? 1 : 0}});
  if (taken.empty()) {
    answer.event = find(session, wanted.event_id);
    answer.status = "refused";
    answer.reason = event_refusal(answer.event, wanted.seats, now, wanted.queue_pass || wanted.waitlist_offer);
  } else {
    answer.event = event_from(taken.rows.front());
    std::optional<PromoCode> code;
    if (wanted.promo_code) code = take_promo_use(session, wanted.event_id, *wanted.promo_code, now);
    if (wanted.promo_code && !code) {
      auto known = find_promo_code_by_code(session, wanted.event_id, *wanted.promo_code);
      refuse(session, answer, promo_refusal(known, now), std::nullopt, now);
    } else {
      if (code) answer.promo_code_id = code->id;
      take_lines(session, wanted, code, now, answer);
    }
  }
  const bool recorded =
      session
          .exec(sql::kRecordReservation,
                {answer.booking_id, answer.event_id, answer.seats, answer.status, db::nullable(answer.reason),
                 answer.status == "reserved" ? db::Param(lines_text(answer.lines)) : db::Param(nullptr),
                 db::nullable(answer.refused_type_id), db::nullable(answer.promo_code_id), now})
          .affected == 1;
  if (recorded) return answer;
  if (answer.status == "reserved") give_back(session, answer, now, GiveBack::refusal);
  auto first = reservation_from(session.exec(sql::kFindReservation, {wanted.booking_id}).rows.at(0));
  first.event = find(session, first.event_id);
  return first;
}

core::Task<Reservation> EventStore::release(std::string booking_id, std::int64_t now) {
  co_return co_await db_.transaction([&](db::Session& session) {
    session.exec(sql::kReleaseTombstone, {booking_id, now});
    auto current = reservation_from(session.exec(sql::kFindReservation, {booking_id}).rows.at(0));
    if (session.exec(sql::kReleaseReservation, {booking_id, now}).affected == 1) {
      give_back(session, current, now, GiveBack::release);
      current.status = "released";
    }
    return current;
  });
}

core::Task<std::optional<Event>> EventStore::set_waitlist_demand(std::string event_id, std::int64_t seats) {
  co_return co_await db_.transaction([&](db::Session& session) -> std::optional<Event> {
    auto result = session.exec(sql::kSetWaitlistDemand, {event_id, seats});
    if (result.empty()) return std::nullopt;
    return event_from(result.rows.front());
  });
}

}  // namespace eventbook::events
