// The notifications service end to end: registrations become welcome
// notifications (and e-mails) through the bus, in embedded mode and in the
// production topology with RabbitMQ and PostgreSQL, through broker outages
// and a killed process.
#include "eventbook/core/id.hpp"
#include "eventbook/db/blocking.hpp"
#include "eventbook/db/database.hpp"
#include "support/eventually.hpp"
#include "support/system.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace eventbook::testing {
namespace {

namespace json = boost::json;

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

class Notifications : public ::testing::TestWithParam<System::Mode> {
 protected:
  void start(std::vector<std::string> extra = {}) {
    if (auto reason = System::unavailable(GetParam())) GTEST_SKIP() << *reason;
    system = std::make_unique<System>(GetParam(), std::move(extra));
    ASSERT_TRUE(system->healthy()) << system->log();
    api = &system->api();
  }
  // Starts the system mailing through the test SMTP server; skips without
  // it, and in the cluster shape (mail is exercised once, embedded).
  void start_with_mail() {
    std::string smtp_url = env("EVENTBOOK_TEST_SMTP_URL");
    mail_dir = env("EVENTBOOK_TEST_SMTP_DIR");
    if (smtp_url.empty() || mail_dir.empty()) {
      GTEST_SKIP() << "EVENTBOOK_TEST_SMTP_URL / EVENTBOOK_TEST_SMTP_DIR not set (scripts/smtp start)";
    }
    if (GetParam() == System::Mode::cluster) GTEST_SKIP() << "mail is exercised once, in embedded mode";
    start({"--smtp-url", smtp_url});
  }
  // The mails the SMTP server has taken that hold every one of `texts`.
  std::vector<std::string> mails_with(std::initializer_list<std::string> texts) const {
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::directory_iterator(mail_dir)) {
      if (entry.path().extension() != ".eml") continue;
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      auto mail = text.str();
      if (std::all_of(texts.begin(), texts.end(), [&](const auto& t) { return mail.find(t) != std::string::npos; })) {
        found.push_back(std::move(mail));
      }
    }
    return found;
  }
  void TearDown() override {
    std::system("rabbitmqctl -q start_app >/dev/null 2>&1");
    if (system) {
      EXPECT_EQ(system->stop(), 0) << system->log();
    }
  }

  // Welcome notifications per user id, read straight from the service's database.
  std::map<std::string, std::int64_t> welcomes() {
    auto database = db::Database::open(system->database_url("notifications"), {.pool_size = 1});
    std::map<std::string, std::int64_t> counts;
    for (const auto& row :
         db::blocking::exec(
             *database, "SELECT user_id, COUNT(*) FROM notifications WHERE type = 'user.registered' GROUP BY user_id")
             .rows) {
      counts[row.text(0)] = row.integer(1);
    }
    return counts;
  }
  // The welcomes once every one of `users_expected` users has one. A
  // duplicate would come from a message delivered again; the welcome of a
  // user registered after all of them comes through the same outbox and
  // queue behind any such message, so once it is in, the counts are final.
  std::map<std::string, std::int64_t> await_welcomes(std::size_t users_expected) {
    // Each look opens the database: look less often.
    const auto look = std::chrono::milliseconds(200);
    EXPECT_TRUE(eventually([&] { return welcomes().size() >= users_expected; }, std::chrono::seconds(60),
                           "every user has a welcome", look));
    auto token = api->new_user_token();
    auto me = api->call("GET", "/api/users/me", {}, token);
    EXPECT_EQ(me.status, 200) << me.body;
    std::string latecomer(json::parse(me.body).at("id").as_string());
    EXPECT_TRUE(eventually([&] { return welcomes().count(latecomer) > 0; }, std::chrono::seconds(60),
                           "a user registered afterwards has a welcome", look));
    auto counts = welcomes();
    counts.erase(latecomer);
    return counts;
  }

  std::string mail_dir;
  std::unique_ptr<System> system;
  Api* api = nullptr;
};

TEST_P(Notifications, ANewUserFindsOneWelcomeInTheInbox) {
  start();
  if (IsSkipped()) return;
  auto email = api->register_user(core::new_id().substr(28));
  auto token = api->login(email);
  auto inbox = api->await_inbox(token, 1);
  auto items = inbox.at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("type").as_string(), "user.registered");
  EXPECT_NE(std::string(items[0].at("title").as_string()).find("Welcome to eventbook"), std::string::npos);
  EXPECT_EQ(items[0].at("read").as_bool(), false);
  EXPECT_EQ(inbox.at("unreadCount").as_int64(), 1);
  EXPECT_TRUE(inbox.at("nextCursor").is_null());

  // Someone else neither sees nor marks it.
  auto other = api->new_user_token();
  std::string id(items[0].at("id").as_string());
  EXPECT_EQ(api->call("POST", "/api/notifications/" + id + "/read", {}, other).status, 404);
  auto mine = api->call("POST", "/api/notifications/" + id + "/read", {}, token);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(json::parse(mine.body).at("read").as_bool(), true);
  EXPECT_EQ(api->inbox(token).at("unreadCount").as_int64(), 0);
  EXPECT_EQ(api->inbox(token, "?unread=true").at("items").as_array().size(), 0u);

  EXPECT_EQ(api->call("GET", "/api/notifications").status, 401);
  EXPECT_EQ(api->call("GET", "/api/notifications?limit=0", {}, token).status, 422);
  EXPECT_EQ(api->call("GET", "/api/notifications?limit=abc", {}, token).status, 422);
  EXPECT_EQ(api->call("GET", "/api/notifications?cursor=nope", {}, token).status, 422);
  EXPECT_EQ(api->call("POST", "/api/notifications/read-all", {}, token).status, 200);
}

// A booking's tickets travel with booking.confirmed to the confirmation mail:
// each code in its text part, each QR code an inline image of the HTML part.
TEST_P(Notifications, TheConfirmationMailCarriesEachTicket) {
  start_with_mail();
  if (IsSkipped()) return;
  auto organizer = api->new_user_token();
  auto created =
      api->call("POST", "/api/events",
                R"({"title":"Mail test","date":"2030-06-15","location":"Oslo","availableSeats":5})", organizer);
  ASSERT_EQ(created.status, 201) << created.body;
  auto event_id = std::string(json::parse(created.body).at("eventId").as_string());
  auto email = api->register_user(core::new_id().substr(24));
  auto token = api->login(email);
  auto booked =
      api->call("POST", "/api/bookings", json::serialize(json::object{{"eventId", event_id}, {"seats", 2}}), token);
  ASSERT_EQ(booked.status, 201) << booked.body;
  auto booking_id = std::string(json::parse(booked.body).at("bookingId").as_string());
  auto tickets = json::parse(api->call("GET", "/api/bookings/" + booking_id + "/tickets", {}, token).body);
  ASSERT_EQ(tickets.at("items").as_array().size(), 2u);
  ASSERT_TRUE(eventually(
      [&] {
        return !mails_with({email, "Mail test"}).empty();
      },
      std::chrono::seconds(20), "the confirmation mail arrives"));
  const auto mail = mails_with({email, "Mail test"}).front();
  for (const auto& ticket : tickets.at("items").as_array()) {
    EXPECT_NE(mail.find(std::string(ticket.at("code").as_string())), std::string::npos) << mail;
  }
  EXPECT_NE(mail.find("multipart/related"), std::string::npos);
  EXPECT_NE(mail.find("Content-Type: image/png"), std::string::npos);
  EXPECT_NE(mail.find("cid:"), std::string::npos);
  // The inbox says the booking is confirmed, without the codes: those are the mail's.
  auto inbox = json::serialize(api->await_inbox(token, 2));
  EXPECT_NE(inbox.find("Mail test"), std::string::npos) << inbox;
  for (const auto& ticket : tickets.at("items").as_array()) {
    EXPECT_EQ(inbox.find(std::string(ticket.at("code").as_string())), std::string::npos) << inbox;
  }
}

TEST_P(Notifications, AWelcomeMailArrivesOnceWithTheRightRecipientAndText) {
  start_with_mail();
  if (IsSkipped()) return;
  std::string tag = core::new_id().substr(24);
  auto email = api->register_user(tag);
  auto mails_to = [&](const std::string& address) { return mails_with({address}); };
  ASSERT_TRUE(
      eventually([&] { return !mails_to(email).empty(); }, std::chrono::seconds(20), "the welcome mail arrives"));
  // A second mail for the same welcome (a message handled twice, a delivery
  // sent twice) would go out before the welcome of a user registered later,
  // which is queued behind it: once that one has arrived, count.
  auto later = api->register_user(core::new_id().substr(24));
  ASSERT_TRUE(eventually([&] { return !mails_to(later).empty(); }, std::chrono::seconds(20),
                         "the welcome mail of a user registered later arrives"));
  auto mails = mails_to(email);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails[0].find("Welcome to eventbook"), std::string::npos) << mails[0];
  EXPECT_NE(mails[0].find("multipart/alternative"), std::string::npos);
  EXPECT_EQ(mails_to(later).size(), 1u);
  // One mail sent per user (the log records a mail as sent just after the
  // server has taken it).
  std::string metrics;
  EXPECT_TRUE(eventually(
      [&] {
        metrics = Api(system->notifications_port).call("GET", "/metrics").body;
        return metrics.find("eventbook_mail_deliveries{status=\"sent\"} 2\n") != std::string::npos;
      },
      std::chrono::seconds(20), "the delivery log holds two sent mails", std::chrono::milliseconds(100)))
      << metrics;
}

TEST_P(Notifications, AKilledProcessLosesNothingAndDuplicatesNothing) {
  start();
  if (IsSkipped()) return;
  constexpr int kUsers = 30;
  std::string run = core::new_id().substr(30);
  std::atomic<int> registered{0};
  std::atomic<int> attempts{0};  // answered or refused
  std::thread stream([&] {
    for (int i = 0; i < kUsers; ++i) {
      // In embedded mode the whole system dies with the process: a refused
      // registration is retried as a person would.
      for (int attempt = 0; attempt < 100; ++attempt) {
        try {
          auto status =
              api->call("POST", "/api/users/register",
                        json::serialize(json::object{{"username", "user_" + run + "_" + std::to_string(i)},
                                                     {"email", "u" + run + std::to_string(i) + "@example.com"},
                                                     {"password", "correct horse battery"}}))
                  .status;
          // 409: the attempt the process died answering had been committed.
          if (status == 201 || status == 409) {
            ++attempts;
            break;
          }
        } catch (const http::ClientError&) {
        }
        ++attempts;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      ++registered;
      std::this_thread::sleep_for(std::chrono::milliseconds(30));
    }
  });
  EXPECT_TRUE(eventually([&] { return registered >= kUsers / 3; }, std::chrono::seconds(60),
                         "a third of the users are registered"));
  system->kill("notifications");
  // Registrations go on (cluster) or are refused (embedded: the one process
  // is gone) while the service is down.
  auto at_kill = attempts.load();
  EXPECT_TRUE(eventually([&] { return attempts >= at_kill + 3; }, std::chrono::seconds(30),
                         "registrations are attempted while the service is down"));
  system->start("notifications");
  stream.join();
  auto counts = await_welcomes(kUsers);
  EXPECT_EQ(counts.size(), static_cast<std::size_t>(kUsers));
  for (const auto& [user, count] : counts) EXPECT_EQ(count, 1) << user;
}

TEST_P(Notifications, EveryUserGetsExactlyOneWelcomeThroughABrokerOutage) {
  if (GetParam() == System::Mode::embedded) GTEST_SKIP() << "no broker in embedded mode";
  start();
  if (IsSkipped()) return;
  constexpr int kUsers = 40;
  std::atomic<int> registered{0};
  std::string run = core::new_id().substr(30);
  std::thread stream([&] {
    for (int i = 0; i < kUsers; ++i) {
      api->register_user(run + "_" + std::to_string(i));
      ++registered;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  EXPECT_TRUE(eventually([&] { return registered >= kUsers / 4; }, std::chrono::seconds(60),
                         "a quarter of the users are registered"));
  // A broker that cannot stop (out of file descriptors, say) fails the test
  // instead of holding it until the runner's timeout.
  ASSERT_EQ(std::system("timeout 120 rabbitmqctl -q stop_app >/dev/null"), 0) << "rabbitmqctl stop_app failed";
  // Registration keeps working: the messages wait in the users outbox.
  auto during = registered.load();
  EXPECT_TRUE(eventually([&] { return registered > during; }, std::chrono::seconds(30),
                         "registrations go on while the broker is down"));
  EXPECT_TRUE(eventually([&] { return Api(system->users_port).call("GET", "/readyz").status == 503; },
                         std::chrono::seconds(30), "the users service reports the bus unreachable",
                         std::chrono::milliseconds(100)));
  ASSERT_EQ(std::system("timeout 120 rabbitmqctl -q start_app >/dev/null"), 0) << "rabbitmqctl start_app failed";
  stream.join();

  auto counts = await_welcomes(kUsers);
  EXPECT_EQ(counts.size(), static_cast<std::size_t>(kUsers));
  for (const auto& [user, count] : counts) EXPECT_EQ(count, 1) << user;
  auto ready = Api(system->users_port).call("GET", "/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body;
}

TEST_P(Notifications, APoisonMessageIsDeadLetteredAndTheQueueKeepsFlowing) {
  start();
  if (IsSkipped()) return;
  // A user.registered without the fields a welcome needs, written where the
  // users service's relay will pick it up.
  auto users_database = db::Database::open(system->database_url("users"), {.pool_size = 1});
  std::string poison_id = core::new_id();
  json::object envelope{{"id", poison_id},
                        {"type", "user.registered"},
                        {"occurredAt", "2026-01-01T00:00:00.000Z"},
                        {"requestId", "poison"},
                        {"data", json::object{{"userId", "nobody"}}}};
  db::blocking::exec(*users_database,
                     "INSERT INTO outbox (id, type, payload, created_at) VALUES ($1, 'user.registered', $2, 0)",
                     {poison_id, json::serialize(envelope)});
  auto token = api->new_user_token();
  auto inbox = api->await_inbox(token, 1);
  EXPECT_EQ(inbox.at("items").as_array().size(), 1u);
  const std::string dead = "eventbook_bus_dead_lettered_total{service=\"notifications\"} 1";
  std::string metrics;
  EXPECT_TRUE(eventually(
      [&] {
        metrics = Api(system->notifications_port).call("GET", "/metrics").body;
        return metrics.find(dead) != std::string::npos;
      },
      std::chrono::seconds(30), "the poison message is dead-lettered", std::chrono::milliseconds(100)))
      << metrics;
  EXPECT_EQ(welcomes().count("nobody"), 0u);
  // Later messages still flow.
  auto later = api->new_user_token();
  EXPECT_EQ(api->await_inbox(later, 1).at("items").as_array().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Modes, Notifications, ::testing::Values(System::Mode::embedded, System::Mode::cluster),
                         mode_name);

}  // namespace
}  // namespace eventbook::testing
