// The booking confirmation mail from the bus message to the bytes handed to
// SMTP: consumed, kept in the delivery log, drawn and rendered.
#include "eventbook/bus/outbox.hpp"
#include "eventbook/core/clock.hpp"
#include "eventbook/core/id.hpp"
#include "eventbook/db/blocking.hpp"
#include "notifications/consumers/inbox_writer.hpp"
#include "notifications/delivery/delivery_worker.hpp"
#include "notifications/mail/tests/decode.hpp"
#include "notifications/mail/tests/entity.hpp"
#include "notifications/notifications_service.hpp"
#include "notifications/store/notification_store.hpp"
#include "support/qr_reader.hpp"
#include "support/test_database.hpp"

#include <gtest/gtest.h>

#include <set>

namespace eventbook::notifications {
namespace {

using testing::boundary_of;
using testing::decode_base64;
using testing::decode_quoted_printable;
using testing::parse;
using testing::Parsed;
using testing::parts_of;

constexpr const char* kFrom = "eventbook <no-reply@eventbook.local>";
constexpr const char* kScript = "<script>alert('x')</script>";

struct TicketSpec {
  std::string code;
  std::string type;
  std::optional<std::string> attendee;
};

const std::vector<TicketSpec> kTickets{
    {"MFRGGZDFMZTWQ2LKNNWG23TPOA", "General admission", "Ada Lovelace"},
    {"GEZDGNBVGY3TQOJQGEZDGNBVGY", "General admission", kScript},
    {"KRUGKIDROVUWG2ZAMJZG653OEB", "Balcony", std::nullopt},
};

boost::json::object booking(const std::string& booking_id, const std::vector<TicketSpec>& tickets, std::int64_t seats) {
  boost::json::object data{{"bookingId", booking_id},   {"userId", "u1"},
                           {"eventId", "e1"},           {"eventTitle", "Jazz <Night>"},
                           {"eventDate", "2026-06-15"}, {"seats", seats}};
  if (tickets.empty()) return data;
  boost::json::array list;
  for (const auto& t : tickets) {
    boost::json::value attendee = nullptr;
    if (t.attendee) attendee = boost::json::object{{"name", *t.attendee}, {"email", "guest@example.com"}};
    list.push_back(boost::json::object{{"id", core::new_id()},
                                       {"code", t.code},
                                       {"ticketType", {{"id", core::new_id()}, {"name", t.type}}},
                                       {"attendee", attendee}});
  }
  data["tickets"] = std::move(list);
  return data;
}

// The lines of a base64 body, checked to be at most 76 characters, joined.
std::string unwrapped(const std::string& body) {
  std::string joined;
  std::size_t start = 0;
  while (start <= body.size()) {
    auto end = std::min(body.find("\r\n", start), body.size());
    EXPECT_LE(end - start, 76u) << "a base64 line longer than 76 characters";
    joined += body.substr(start, end - start);
    start = end + 2;
  }
  return joined;
}

class TicketMailTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    EVENTBOOK_REQUIRE_DATABASE(scratch);
    database = db::Database::open(scratch.url());
    database->migrate(migrations());
    database->migrate(bus::migrations());
    store = std::make_unique<NotificationStore>(*database);
    consumer = std::make_unique<bus::Consumer>(*database, "notifications");
    register_handlers(*consumer, true);
    deliver("user.registered", {{"userId", "u1"}, {"username", "ada"}, {"email", "ada@example.com"}});
  }

  void deliver(const std::string& type, boost::json::object data) {
    consumer->handle(bus::Envelope{core::new_id(), type, "2026-01-01T00:00:00.000Z", "req", std::move(data)});
  }

  // Everything due, as the delivery worker hands it to SMTP.
  std::vector<Mail> send_due() {
    std::vector<Mail> sent;
    DeliveryWorker worker(*store, [&](const Mail& mail) { sent.push_back(mail); });
    core::run_blocking(worker.run_once());
    return sent;
  }

  eventbook::testing::TestDatabase scratch{GetParam()};
  std::unique_ptr<db::Database> database;
  std::unique_ptr<NotificationStore> store;
  std::unique_ptr<bus::Consumer> consumer;
};

TEST_P(TicketMailTest, TheConfirmationCarriesEachTicketWithAQrCodeThatScansToItsCode) {
  send_due();  // the welcome
  deliver("booking.confirmed", booking("b1", kTickets, 3));
  auto sent = send_due();
  ASSERT_EQ(sent.size(), 1u);
  Parsed message = parse(render_message(sent[0], kFrom, core::now_seconds()));

  EXPECT_EQ(message.one("Content-Type").rfind("multipart/alternative;", 0), 0u) << message.one("Content-Type");
  auto alternatives = parts_of(message.body, boundary_of(message.one("Content-Type")));
  ASSERT_EQ(alternatives.size(), 2u);

  Parsed text = parse(alternatives[0]);
  EXPECT_EQ(text.one("Content-Type"), "text/plain; charset=utf-8");
  std::string plain = decode_quoted_printable(text.body);
  EXPECT_NE(plain.find("Your booking of 3 seats for Jazz <Night> on 2026-06-15 is confirmed."), std::string::npos)
      << plain;
  EXPECT_NE(plain.find("\r\nGeneral admission, Ada Lovelace: MFRGGZDFMZTWQ2LKNNWG23TPOA\r\n"), std::string::npos)
      << plain;
  EXPECT_NE(plain.find("\r\nGeneral admission, " + std::string(kScript) + ": GEZDGNBVGY3TQOJQGEZDGNBVGY\r\n"),
            std::string::npos)
      << plain;
  EXPECT_NE(plain.find("\r\nBalcony: KRUGKIDROVUWG2ZAMJZG653OEB\r\n"), std::string::npos) << plain;

  Parsed related = parse(alternatives[1]);
  EXPECT_EQ(related.one("Content-Type").rfind("multipart/related; type=\"text/html\";", 0), 0u)
      << related.one("Content-Type");
  auto entities = parts_of(related.body, boundary_of(related.one("Content-Type")));
  ASSERT_EQ(entities.size(), 1 + kTickets.size());

  Parsed html_part = parse(entities[0]);
  EXPECT_EQ(html_part.one("Content-Type"), "text/html; charset=utf-8");
  std::string html = decode_quoted_printable(html_part.body);
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), std::string::npos) << html;
  EXPECT_NE(html.find("Jazz &lt;Night&gt;"), std::string::npos) << html;
  EXPECT_EQ(html.find("<Night>"), std::string::npos) << html;

  std::set<std::string> attached;
  for (std::size_t i = 0; i < kTickets.size(); ++i) {
    Parsed image = parse(entities[i + 1]);
    EXPECT_EQ(image.one("Content-Type"), "image/png; name=\"ticket-" + std::to_string(i + 1) + ".png\"");
    EXPECT_EQ(image.one("Content-Transfer-Encoding"), "base64");
    EXPECT_EQ(image.one("Content-Disposition"), "inline; filename=\"ticket-" + std::to_string(i + 1) + ".png\"");
    std::string content_id = image.one("Content-ID");
    ASSERT_TRUE(content_id.starts_with("<") && content_id.ends_with(">")) << content_id;
    content_id = content_id.substr(1, content_id.size() - 2);
    attached.insert(content_id);
    EXPECT_NE(html.find("src=\"cid:" + content_id + "\""), std::string::npos) << content_id << " is not shown";
    // The card with the picture shows the code the picture holds.
    auto card = html.find("src=\"cid:" + content_id + "\"");
    std::string rest_of_card = html.substr(card, html.find("</div>", card) - card);
    EXPECT_NE(rest_of_card.find(">" + kTickets[i].code + "</p>"), std::string::npos) << rest_of_card;
    EXPECT_EQ(eventbook::testing::read_qr_png(decode_base64(unwrapped(image.body))), kTickets[i].code);
  }
  std::set<std::string> shown;
  for (auto at = html.find("cid:"); at != std::string::npos; at = html.find("cid:", at + 1)) {
    shown.insert(html.substr(at + 4, html.find('"', at) - at - 4));
  }
  EXPECT_EQ(shown, attached) << "every picture the HTML shows is attached, and only those";
}

TEST_P(TicketMailTest, AConfirmationFromBeforeTicketsIsMailedAsBefore) {
  send_due();
  deliver("booking.confirmed", booking("b0", {}, 2));
  auto sent = send_due();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_TRUE(sent[0].images.empty());
  EXPECT_EQ(sent[0].text,
            "Hello ada,\n\nYour booking of 2 seats for Jazz <Night> on 2026-06-15 is confirmed. Booking reference: "
            "b0.\n\n-- eventbook\n");
  Parsed message = parse(render_message(sent[0], kFrom, core::now_seconds()));
  auto alternatives = parts_of(message.body, boundary_of(message.one("Content-Type")));
  ASSERT_EQ(alternatives.size(), 2u);
  EXPECT_EQ(parse(alternatives[1]).one("Content-Type"), "text/html; charset=utf-8");
}

TEST_P(TicketMailTest, AMailQueuedBeforeTheUpgradeIsSentWithoutPictures) {
  eventbook::testing::TestDatabase older(GetParam());
  auto db = db::Database::open(older.url());
  db->migrate({migrations().at(0)});
  db::blocking::exec(*db,
                     "INSERT INTO deliveries (id, notification_id, recipient, recipient_name, subject, text_body, "
                     "html_body, status, attempts, next_attempt_at, created_at) VALUES ('d1', 'n1', "
                     "'ada@example.com', 'ada', 'Hello', 'text', '<p>html</p>', 'pending', 0, 0, 0)");
  db->migrate(migrations());
  NotificationStore older_store(*db);
  std::vector<Mail> sent;
  DeliveryWorker worker(older_store, [&](const Mail& mail) { sent.push_back(mail); });
  core::run_blocking(worker.run_once());
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].html, "<p>html</p>");
  EXPECT_TRUE(sent[0].images.empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, TicketMailTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace eventbook::notifications
