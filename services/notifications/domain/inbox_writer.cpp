#include "notifications/domain/inbox_writer.hpp"

#include "eventbook/core/clock.hpp"
#include "eventbook/core/id.hpp"
#include "notifications/domain/messages.hpp"
#include "notifications/store/notification_store.hpp"

#include <boost/json/serialize.hpp>

namespace eventbook::notifications {

namespace {

std::string field(const bus::Envelope& envelope, std::string_view name) {
  const auto* value = envelope.data.if_contains(name);
  if (value == nullptr || !value->is_string() || value->as_string().empty()) {
    throw std::invalid_argument(envelope.type + " lacks " + std::string(name));
  }
  return std::string(value->as_string());
}

// Writes the notice for one user, and its e-mail when the address is known.
void notify(db::Session& session, const bus::Envelope& envelope, const std::string& user_id, bool mail_enabled) {
  auto recipient = apply::find_recipient(session, user_id);
  auto notice = compose(envelope, recipient ? recipient->username : std::string());
  if (!notice) {
    return;
  }
  Notification notification{core::new_id(), user_id,      notice->type, notice->title,   notice->body,
                            boost::json::serialize(envelope.data), envelope.id, core::now_ms(), std::nullopt};
  apply::insert_notification(session, notification);
  if (mail_enabled && recipient) {
    apply::insert_delivery(session, Delivery{core::new_id(), notification.id, recipient->email, recipient->username,
                                             notice->title, notice->mail_text, notice->mail_html, 0});
  }
}

}  // namespace

void register_handlers(bus::Consumer& consumer, bool mail_enabled) {
  consumer.on("user.registered", [mail_enabled](db::Session& session, const bus::Envelope& envelope) {
    auto user_id = field(envelope, "userId");
    apply::upsert_recipient(session, user_id, field(envelope, "username"), field(envelope, "email"));
    notify(session, envelope, user_id, mail_enabled);
  });
  consumer.on("booking.confirmed", [mail_enabled](db::Session& session, const bus::Envelope& envelope) {
    auto user_id = field(envelope, "userId");
    apply::record_attendance(session, field(envelope, "bookingId"), field(envelope, "eventId"), user_id, true);
    notify(session, envelope, user_id, mail_enabled);
  });
  consumer.on("booking.cancelled", [mail_enabled](db::Session& session, const bus::Envelope& envelope) {
    auto user_id = field(envelope, "userId");
    apply::record_attendance(session, field(envelope, "bookingId"), field(envelope, "eventId"), user_id, false);
    notify(session, envelope, user_id, mail_enabled);
  });
  consumer.on("event.updated", [mail_enabled](db::Session& session, const bus::Envelope& envelope) {
    for (const auto& user_id : apply::attendees(session, field(envelope, "eventId"))) {
      notify(session, envelope, user_id, mail_enabled);
    }
  });
  // Nobody holds seats for a cancelled event any more; the people who did
  // hear of it through their cancelled bookings.
  consumer.on("event.cancelled", [](db::Session& session, const bus::Envelope& envelope) {
    apply::end_attendance(session, field(envelope, "eventId"));
  });
}

}  // namespace eventbook::notifications
