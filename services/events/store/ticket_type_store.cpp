#include "events/store/event_store.hpp"
#include "events/store/sql.hpp"
#include "events/store/ticket_type_sql.hpp"

namespace eventbook::events {

TicketType EventStore::ticket_type_from(const db::Row& row) {
  TicketType type;
  type.id = row.text(0);
  type.event_id = row.text(1);
  type.position = row.integer(2);
  type.name = row.text(3);
  type.description = row.opt_text(4);
  auto price = row.opt_integer(5);
  auto currency = row.opt_text(6);
  if (price && currency) type.price = core::Money{*price, *currency};
  type.quota = row.opt_integer(7);
  type.sold = row.integer(8);
  type.sales_start = row.opt_integer(9);
  type.sales_end = row.opt_integer(10);
  type.max_per_booking = row.opt_integer(11);
  type.hidden = row.integer(12) != 0;
  return type;
}

namespace {

db::Param price_minor(const TicketType& t) { return t.price ? db::Param(t.price->minor) : db::Param(nullptr); }
db::Param currency(const TicketType& t) { return t.price ? db::Param(t.price->currency) : db::Param(nullptr); }

}  // namespace

std::vector<TicketType> EventStore::ticket_types(db::Session& session, const std::string& event_id) {
  std::vector<TicketType> types;
  for (const auto& row : session.exec(sql::kListTicketTypes, {event_id}).rows) {
    types.push_back(ticket_type_from(row));
  }
  return types;
}

std::optional<TicketType> EventStore::find_ticket_type(db::Session& session, const std::string& event_id,
                                                       const std::string& id) {
  auto result = session.exec(sql::kFindTicketType, {event_id, id});
  if (result.empty()) return std::nullopt;
  return ticket_type_from(result.rows[0]);
}

void EventStore::insert_ticket_type(db::Session& session, const TicketType& t, std::int64_t now) {
  session.exec(sql::kInsertTicketType,
               {t.id, t.event_id, t.position, t.name, db::nullable(t.description), price_minor(t), currency(t),
                db::nullable(t.quota), t.sold, db::nullable(t.sales_start), db::nullable(t.sales_end),
                db::nullable(t.max_per_booking), std::int64_t{t.hidden ? 1 : 0}, now});
}

bool EventStore::update_ticket_type(db::Session& session, const TicketType& t, std::int64_t now) {
  return session
             .exec(sql::kUpdateTicketType,
                   {t.id, t.event_id, t.name, db::nullable(t.description), price_minor(t), currency(t),
                    db::nullable(t.quota), db::nullable(t.sales_start), db::nullable(t.sales_end),
                    db::nullable(t.max_per_booking), std::int64_t{t.hidden ? 1 : 0}, now})
             .affected == 1;
}

EventStore::TicketTypeRemoval EventStore::remove_ticket_type(db::Session& session, const std::string& event_id,
                                                             const std::string& id) {
  if (session.exec(sql::kDeleteTicketType, {id, event_id}).affected == 1) return TicketTypeRemoval::removed;
  // Why not, as the row is in this transaction.
  auto type = find_ticket_type(session, event_id, id);
  if (!type) return TicketTypeRemoval::not_found;
  return type->sold > 0 ? TicketTypeRemoval::sold : TicketTypeRemoval::last;
}

}  // namespace eventbook::events
