#include "eventbook/core/json.hpp"
#include "events/store/event_store.hpp"
#include "events/store/promo_code_sql.hpp"

#include <boost/json/parse.hpp>

namespace eventbook::events {

namespace {

std::vector<std::string> ids_from(const std::string& text) {
  std::vector<std::string> ids;
  const auto parsed = boost::json::parse(text);
  for (const auto& id : parsed.as_array()) ids.emplace_back(id.as_string());
  return ids;
}

std::string ids_text(const std::vector<std::string>& ids) {
  boost::json::array out;
  for (const auto& id : ids) out.push_back(boost::json::string(id));
  return core::to_json(out);
}

db::Param nullable_ids(const std::optional<std::vector<std::string>>& ids) {
  return ids ? db::Param(ids_text(*ids)) : db::Param(nullptr);
}

}  // namespace

PromoCode EventStore::promo_code_from(const db::Row& row) {
  PromoCode code;
  code.id = row.text(0);
  code.event_id = row.text(1);
  code.code = row.text(2);
  code.percent_off = row.opt_integer(3);
  auto amount = row.opt_integer(4);
  auto currency = row.opt_text(5);
  if (amount && currency) code.amount_off = core::Money{*amount, *currency};
  if (auto ids = row.opt_text(6)) code.ticket_type_ids = ids_from(*ids);
  code.unlocks = ids_from(row.text(7));
  code.max_uses = row.opt_integer(8);
  code.used = row.integer(9);
  code.valid_until = row.opt_integer(10);
  code.enabled = row.integer(11) != 0;
  code.created_at = row.integer(12);
  code.updated_at = row.integer(13);
  return code;
}

bool EventStore::insert_promo_code(db::Session& session, const PromoCode& c) {
  return session
             .exec(sql::kInsertPromoCode,
                   {c.id, c.event_id, c.code, code_key(c.code), db::nullable(c.percent_off),
                    c.amount_off ? db::Param(c.amount_off->minor) : db::Param(nullptr),
                    c.amount_off ? db::Param(c.amount_off->currency) : db::Param(nullptr),
                    nullable_ids(c.ticket_type_ids), ids_text(c.unlocks), db::nullable(c.max_uses),
                    db::nullable(c.valid_until), std::int64_t{c.enabled ? 1 : 0}, c.created_at})
             .affected == 1;
}

std::vector<PromoCode> EventStore::promo_codes(db::Session& session, const std::string& event_id) {
  std::vector<PromoCode> codes;
  for (const auto& row : session.exec(sql::kListPromoCodes, {event_id}).rows) codes.push_back(promo_code_from(row));
  return codes;
}

std::optional<PromoCode> EventStore::find_promo_code(db::Session& session, const std::string& event_id,
                                                     const std::string& id) {
  auto found = session.exec(sql::kFindPromoCode, {event_id, id});
  if (found.empty()) return std::nullopt;
  return promo_code_from(found.rows.front());
}

bool EventStore::update_promo_code(db::Session& session, const PromoCode& c) {
  return session
             .exec(sql::kUpdatePromoCode,
                   {c.event_id, c.id, db::nullable(c.percent_off),
                    c.amount_off ? db::Param(c.amount_off->minor) : db::Param(nullptr),
                    c.amount_off ? db::Param(c.amount_off->currency) : db::Param(nullptr),
                    nullable_ids(c.ticket_type_ids), ids_text(c.unlocks), db::nullable(c.max_uses),
                    db::nullable(c.valid_until), std::int64_t{c.enabled ? 1 : 0}, c.updated_at})
             .affected == 1;
}

std::optional<PromoCode> EventStore::take_promo_use(db::Session& session, const std::string& event_id,
                                                    const std::string& code, std::int64_t now) {
  auto taken = session.exec(sql::kTakePromoUse, {event_id, code_key(code), now});
  if (taken.empty()) return std::nullopt;
  return promo_code_from(taken.rows.front());
}

std::optional<PromoCode> EventStore::find_promo_code_by_code(db::Session& session, const std::string& event_id,
                                                             const std::string& code) {
  auto found = session.exec(sql::kFindPromoCodeByKey, {event_id, code_key(code)});
  if (found.empty()) return std::nullopt;
  return promo_code_from(found.rows.front());
}

std::optional<std::string> EventStore::promo_code_currency(db::Session& session, const std::string& event_id) {
  for (const auto& code : promo_codes(session, event_id)) {
    if (code.amount_off) return code.amount_off->currency;
  }
  return std::nullopt;
}

void EventStore::give_back_promo_use(db::Session& session, const std::string& id, std::int64_t now) {
  session.exec(sql::kGiveBackPromoUse, {id, now});
}

}  // namespace eventbook::events
