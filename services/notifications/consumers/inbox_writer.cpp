#include "notifications/consumers/inbox_writer.hpp"

#include "eventbook/core/clock.hpp"
#include "eventbook/core/id.hpp"
#include "eventbook/core/json.hpp"
#include "notifications/domain/facts.hpp"
#include "notifications/domain/messages.hpp"
#include "notifications/store/notification_store.hpp"

namespace eventbook::notifications {

namespace {

// Writes the notice for one user, and its e-mail when the address is known.
void notify(db::Session& session, const bus::Envelope& envelope, const std::string& user_id, bool mail_enabled,
            const std::string& site) {
  auto recipient = apply::find_recipient(session, user_id);
  auto notice = compose(envelope, recipient ? recipient->username : std::string(), site);
  if (!notice) {
    return;
  }
  // Ticket codes are bearer secrets: they go into the mail, not into the inbox.
  auto data = envelope.data;
  data.erase("tickets");
  Notification notification{core::new_id(),      user_id,     notice->type,   notice->title, notice->body,
                            core::to_json(data), envelope.id, core::now_ms(), std::nullopt};
  apply::insert_notification(session, notification);
  if (mail_enabled && recipient) {
    apply::insert_delivery(
        session, Delivery{core::new_id(), notification.id, recipient->email, recipient->username, notice->title,
                          notice->mail_text, notice->mail_html, 0, notice->mail_qr_codes});
  }
}

void apply_fact(db::Session& session, const bus::Envelope& envelope, const Fact& fact, bool mail_enabled,
                const std::string& site) {
  if (fact.contact) {
    apply::upsert_recipient(session, fact.contact->user_id, fact.contact->username, fact.contact->email);
  }
  if (fact.attendance) {
    const auto& attendance = *fact.attendance;
    apply::record_attendance(session, attendance.booking_id, attendance.event_id, attendance.user_id,
                             attendance.active);
  }
  if (fact.ended_event) {
    apply::end_attendance(session, *fact.ended_event);
  }
  if (fact.notify_user) {
    notify(session, envelope, *fact.notify_user, mail_enabled, site);
  }
  if (fact.notify_attendees_of) {
    for (const auto& user_id : apply::attendees(session, *fact.notify_attendees_of)) {
      notify(session, envelope, user_id, mail_enabled, site);
    }
  }
}

}  // namespace

void register_handlers(bus::Consumer& consumer, bool mail_enabled, std::string site) {
  for (const auto& type : fact_types()) {
    consumer.on(type, [mail_enabled, site](db::Session& session, const bus::Envelope& envelope) {
      apply_fact(session, envelope, read_fact(envelope), mail_enabled, site);
    });
  }
}

}  // namespace eventbook::notifications
