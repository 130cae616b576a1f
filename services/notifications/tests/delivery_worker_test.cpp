#include "notifications/delivery/delivery_worker.hpp"
#include "eventbook/db/blocking.hpp"
#include "notifications/notifications_service.hpp"

#include "eventbook/core/clock.hpp"
#include "support/test_database.hpp"

#include <gtest/gtest.h>

namespace eventbook::notifications {
namespace {

class DeliveryWorkerTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    EVENTBOOK_REQUIRE_DATABASE(scratch);
    database = db::Database::open(scratch.url());
    database->migrate(migrations());
    store = std::make_unique<NotificationStore>(*database);
  }

  void queue(const std::string& id, const std::string& to) {
    db::blocking::transaction(*database, [&](db::Session& session) {
      apply::insert_delivery(session,
                             Delivery{id, "n-" + id, to, "Ada", "Subject " + id, "text", "<p>html</p>", 0, {}});
    });
  }
  std::string status(const std::string& id) {
    return db::blocking::exec(*database, "SELECT status FROM deliveries WHERE id = $1", {id}).rows.at(0).text(0);
  }

  testing::TestDatabase scratch{GetParam()};
  std::unique_ptr<db::Database> database;
  std::unique_ptr<NotificationStore> store;
};

TEST_P(DeliveryWorkerTest, SendsEachMailOnceAndRetriesTransientFailures) {
  queue("d1", "ok@example.com");
  queue("d2", "flaky@example.com");
  queue("d3", "refused@example.com");
  std::vector<std::string> sent;
  int flaky_calls = 0;
  DeliveryWorker worker(*store,
                        [&](const Mail& mail) {
                          if (mail.to == "flaky@example.com" && ++flaky_calls < 3)
                            throw MailError("451 try later", false);
                          if (mail.to == "refused@example.com") throw MailError("550 no such user", true);
                          sent.push_back(mail.to + " " + mail.subject + " " + mail.message_id);
                        },
                        {.first_retry = std::chrono::milliseconds(0)});
  for (int i = 0; i < 5; ++i) core::run_blocking(worker.run_once());
  EXPECT_EQ(sent, (std::vector<std::string>{"ok@example.com Subject d1 <n-d1@eventbook>",
                                            "flaky@example.com Subject d2 <n-d2@eventbook>"}));
  EXPECT_EQ(status("d1"), "sent");
  EXPECT_EQ(status("d2"), "sent");
  EXPECT_EQ(status("d3"), "failed");
  EXPECT_EQ(flaky_calls, 3);
  EXPECT_EQ(core::run_blocking(worker.run_once()), 0);
}

TEST_P(DeliveryWorkerTest, GivesUpAfterTheLastAttemptAndWaitsBetweenThem) {
  queue("d1", "down@example.com");
  int calls = 0;
  DeliveryWorker patient(*store,
                         [&](const Mail&) {
                           ++calls;
                           throw MailError("connection refused", false);
                         },
                         {.first_retry = std::chrono::hours(1)});
  core::run_blocking(patient.run_once());
  core::run_blocking(patient.run_once());
  EXPECT_EQ(calls, 1);  // the retry is an hour away
  EXPECT_EQ(status("d1"), "retry");

  queue("d2", "down2@example.com");
  DeliveryWorker eager(*store,
                       [&](const Mail&) {
                         ++calls;
                         throw MailError("connection refused", false);
                       },
                       {.max_attempts = 3, .first_retry = std::chrono::milliseconds(0)});
  db::blocking::exec(*database, "UPDATE deliveries SET next_attempt_at = 0");
  for (int i = 0; i < 6; ++i) core::run_blocking(eager.run_once());
  EXPECT_EQ(status("d2"), "failed");
  EXPECT_EQ(status("d1"), "failed");
}

TEST_P(DeliveryWorkerTest, AMailInterruptedMidSendIsNotSentAgain) {
  queue("d1", "a@example.com");
  ASSERT_TRUE(core::run_blocking(store->claim_delivery("d1")));  // as if the process died while sending
  int calls = 0;
  DeliveryWorker worker(*store, [&](const Mail&) { ++calls; });
  worker.start();
  worker.stop();
  EXPECT_EQ(status("d1"), "unknown");
  EXPECT_EQ(core::run_blocking(worker.run_once()), 0);
  EXPECT_EQ(calls, 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, DeliveryWorkerTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace eventbook::notifications
