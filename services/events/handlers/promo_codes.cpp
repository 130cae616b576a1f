#include "eventbook/core/clock.hpp"
#include "eventbook/core/id.hpp"
#include "eventbook/service/context.hpp"
#include "events/handlers/context.hpp"

#include <algorithm>

namespace eventbook::events {

namespace {

// A code's type lists name types of its event, and its amountOff is in the
// currency of the event's prices; throws a 422 naming the field otherwise.
void check_against_event(const PromoCode& code, const Event& event, const std::vector<TicketType>& types) {
  std::vector<core::FieldError> errors;
  auto unknown = [&](const std::vector<std::string>& ids) -> std::optional<std::string> {
    for (const auto& id : ids) {
      if (std::none_of(types.begin(), types.end(), [&](const auto& type) { return type.id == id; })) return id;
    }
    return std::nullopt;
  };
  if (code.ticket_type_ids) {
    if (auto id = unknown(*code.ticket_type_ids))
      errors.push_back({"ticketTypeIds", "names no type of this event: " + *id});
  }
  if (auto id = unknown(code.unlocks)) errors.push_back({"unlocks", "names no type of this event: " + *id});
  if (code.amount_off) {
    std::optional<std::string> currency = event.currency;
    for (const auto& type : types) {
      if (!currency && type.price) currency = type.price->currency;
    }
    if (currency && *currency != code.amount_off->currency) {
      errors.push_back({"amountOff.currency", "must be " + *currency + ", the currency of the event's prices"});
    }
  }
  if (!errors.empty()) throw core::ApiError::validation(std::move(errors));
}

core::ApiError no_such_code(const http::Request& request) {
  return core::ApiError::not_found("No promo code " + request.param("codeId") + " of event " + request.param("id") +
                                   ".");
}

// Changes a code of the event in one transaction: `change` applies to it as
// it is there; the result is checked and written.
core::Task<PromoCode> change_code(EventsContext& context, const http::Request& request, const Event& owned,
                                  const std::function<void(PromoCode&)>& change) {
  PromoCode code;
  co_await context.database.transaction([&](db::Session& session) {
    auto event = scheduled_event(session, owned.id);
    auto found = EventStore::find_promo_code(session, event.id, request.param("codeId"));
    if (!found) throw no_such_code(request);
    code = *found;
    change(code);
    check_against_event(code, event, EventStore::ticket_types(session, event.id));
    code.updated_at = core::now_ms();
    if (!EventStore::update_promo_code(session, code)) {
      throw core::ApiError(409, "max-uses-below-used", "maxUses cannot drop below the uses taken already.",
                           {{"maxUses", "is below the uses taken already"}});
    }
  });
  co_return code;
}

}  // namespace

// GET /api/events/{id}/offer?promoCode=CODE: signed in. The ticket types a
// buyer with the code is offered (the public ones and those it unlocks) and
// what the code takes off (naming only types offered); a code that cannot
// be used now is a 422 on promoCode, as a booking with it would be.
core::Task<http::Response> get_offer(EventsContext& context, http::Request& request) {
  service::authenticate(request, context.verifier);
  auto code_text = request.query("promoCode");
  if (code_text && (code_text->size() < 3 || code_text->size() > 32)) {
    throw core::ApiError::validation({{"promoCode", "must be 3 to 32 characters"}});
  }
  struct Offer {
    std::optional<EventStore::EventWithTypes> found;
    std::optional<PromoCode> code;
  };
  auto id = request.param("id");
  auto offer = co_await context.database.read([&](db::Session& session) {
    Offer out;
    auto event = EventStore::find(session, id);
    if (!event) return out;
    out.found = EventStore::EventWithTypes{std::move(*event), EventStore::ticket_types(session, id)};
    if (code_text) out.code = EventStore::find_promo_code_by_code(session, id, *code_text);
    return out;
  });
  if (!offer.found) throw core::ApiError::not_found("No event " + id + ".");
  const auto now = core::now_ms();
  boost::json::object body;
  body["promoCode"] = nullptr;
  if (code_text) {
    // One answer whatever is wrong with it, as a booking with it gets.
    if (!offer.code || !usable(*offer.code, now)) {
      throw core::ApiError::validation({{"promoCode", "is not a code of this event"}});
    }
  }
  boost::json::array types;
  std::vector<std::string> offered;
  for (const auto& type : offer.found->ticket_types) {
    if (!type.hidden || (offer.code && unlocks(*offer.code, type.id))) {
      types.push_back(ticket_type_json(type, offer.found->event, now));
      offered.push_back(type.id);
    }
  }
  if (offer.code) body["promoCode"] = public_promo_code_json(*offer.code, offered);
  body["ticketTypes"] = std::move(types);
  co_return http::Response::json(200, body);
}

// GET /api/events/{id}/promo-codes: the event's codes with their uses.
core::Task<http::Response> get_promo_codes(EventsContext& context, http::Request& request) {
  auto event = co_await owned_event(context, request);
  auto codes =
      co_await context.database.read([&](db::Session& session) { return EventStore::promo_codes(session, event.id); });
  boost::json::array items;
  for (const auto& code : codes) items.push_back(promo_code_json(code));
  co_return http::Response::json(200, boost::json::object{{"items", std::move(items)}});
}

// POST /api/events/{id}/promo-codes: a new code, unique per event whatever its case.
core::Task<http::Response> post_promo_code(EventsContext& context, http::Request& request) {
  auto event = co_await owned_event(context, request);
  auto input = read_promo_code_input(request.json(), true);
  PromoCode code;
  code.id = core::new_id();
  code.event_id = event.id;
  code.created_at = code.updated_at = core::now_ms();
  apply_input(code, input);
  co_await context.database.transaction([&](db::Session& session) {
    event = scheduled_event(session, event.id);
    check_against_event(code, event, EventStore::ticket_types(session, event.id));
    if (!EventStore::insert_promo_code(session, code)) {
      throw core::ApiError(409, "promo-code-taken", "The event has this code already.",
                           {{"code", "is a code of this event already"}});
    }
  });
  auto response = http::Response::json(201, promo_code_json(code));
  response.set_header("Location", "/api/events/" + event.id + "/promo-codes/" + code.id);
  co_return response;
}

// PATCH /api/events/{id}/promo-codes/{codeId}: everything but the code itself.
core::Task<http::Response> patch_promo_code(EventsContext& context, http::Request& request) {
  auto event = co_await owned_event(context, request);
  auto input = read_promo_code_input(request.json(), false);
  auto code = co_await change_code(context, request, event, [&](PromoCode& code) { apply_input(code, input); });
  co_return http::Response::json(200, promo_code_json(code));
}

// DELETE /api/events/{id}/promo-codes/{codeId}: disables the code; its uses
// stay with the bookings that took them.
core::Task<http::Response> delete_promo_code(EventsContext& context, http::Request& request) {
  auto event = co_await owned_event(context, request);
  auto code = co_await change_code(context, request, event, [](PromoCode& code) { code.enabled = false; });
  co_return http::Response::json(200, promo_code_json(code));
}

}  // namespace eventbook::events
