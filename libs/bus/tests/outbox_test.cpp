#include "eventbook/bus/outbox.hpp"
#include "eventbook/db/blocking.hpp"

#include "support/eventually.hpp"
#include "support/test_database.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <thread>

namespace eventbook::bus {
namespace {

// A transport that records what it is given and can be told to fail.
class RecordingTransport : public Transport {
 public:
  void publish(const std::vector<Envelope>& batch) override {
    std::lock_guard lock(mutex);
    if (down) {
      ++refused;
      throw TransportError("broker away");
    }
    for (const auto& envelope : batch) received.push_back(envelope);
  }
  void subscribe(const std::string&, const std::vector<std::string>&, Handler) override {}
  void start() override {}
  void stop() override {}
  bool connected() const override { return !down; }
  TransportStats stats() const override { return {}; }

  std::vector<Envelope> snapshot() {
    std::lock_guard lock(mutex);
    return received;
  }

  std::mutex mutex;
  std::atomic<bool> down{false};
  std::atomic<int> refused{0};  // batches offered while down
  std::vector<Envelope> received;
};

class OutboxTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    EVENTBOOK_REQUIRE_DATABASE(scratch);
    database = db::Database::open(scratch.url());
    database->migrate(migrations());
  }

  void write(int count, const std::string& prefix) {
    for (int i = 0; i < count; ++i) {
      db::blocking::transaction(*database, [&](db::Session& session) {
        add_to_outbox(session, "thing.happened", {{"label", prefix + std::to_string(i)}}, "req-" + prefix);
      });
    }
  }
  std::int64_t pending() {
    return db::blocking::exec(*database, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").rows.at(0).integer(0);
  }

  testing::TestDatabase scratch{GetParam()};
  std::unique_ptr<db::Database> database;
};

TEST_P(OutboxTest, AMessageExistsOnlyIfItsTransactionCommitted) {
  EXPECT_THROW(db::blocking::transaction(*database,
                                         [&](db::Session& session) {
                                           add_to_outbox(session, "thing.happened", {}, "r");
                                           throw std::runtime_error("the state change failed");
                                         }),
               std::runtime_error);
  EXPECT_EQ(pending(), 0);
  write(1, "x");
  EXPECT_EQ(pending(), 1);
}

TEST_P(OutboxTest, RelayPublishesInOrderInBatchesAndMarksSent) {
  RecordingTransport transport;
  Relay relay(*database, transport, {.service = "test", .batch_size = 7});
  write(20, "m");
  int total = 0;
  while (int n = core::run_blocking(relay.run_once())) {
    EXPECT_LE(n, 7);
    total += n;
  }
  EXPECT_EQ(total, 20);
  auto received = transport.snapshot();
  ASSERT_EQ(received.size(), 20u);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(received[i].data.at("label").as_string(), "m" + std::to_string(i));
    EXPECT_EQ(received[i].request_id, "req-m");
  }
  EXPECT_EQ(pending(), 0);
  EXPECT_EQ(core::run_blocking(relay.run_once()), 0);
}

TEST_P(OutboxTest, NothingIsDroppedWhileTheTransportIsDown) {
  RecordingTransport transport;
  transport.down = true;
  Relay relay(*database, transport,
              {.service = "test",
               .batch_size = 5,
               .poll_interval = std::chrono::milliseconds(5),
               .backoff_min = std::chrono::milliseconds(5),
               .backoff_max = std::chrono::milliseconds(20)});
  relay.start();
  write(12, "a");
  // The relay has offered what is written, more than once, and was refused.
  auto refused_before = transport.refused.load();
  EXPECT_TRUE(testing::eventually([&] { return transport.refused >= refused_before + 2; }, std::chrono::seconds(10),
                                  "the relay offers batches to the transport while it is down"));
  EXPECT_EQ(pending(), 12);
  EXPECT_NE(core::run_blocking(relay.metrics_text()).find("eventbook_outbox_backlog{service=\"test\"} 12"),
            std::string::npos);
  transport.down = false;
  EXPECT_TRUE(testing::eventually([&] { return pending() == 0; }, std::chrono::seconds(10), "the outbox drains"));
  relay.stop();
  EXPECT_EQ(pending(), 0);
  EXPECT_EQ(transport.snapshot().size(), 12u);
}

TEST_P(OutboxTest, TwoRelaysShareTheOutboxWithoutLosingARow) {
  RecordingTransport transport;
  RelayOptions options{.service = "test", .batch_size = 3, .poll_interval = std::chrono::milliseconds(2)};
  Relay first(*database, transport, options);
  Relay second(*database, transport, options);
  first.start();
  second.start();
  std::thread writer([&] { write(60, "w"); });
  writer.join();
  EXPECT_TRUE(testing::eventually([&] { return pending() == 0; }, std::chrono::seconds(10), "the outbox drains"));
  first.stop();
  second.stop();
  EXPECT_EQ(pending(), 0);
  std::set<std::string> ids;
  for (const auto& envelope : transport.snapshot()) ids.insert(envelope.id);
  EXPECT_EQ(ids.size(), 60u);
}

INSTANTIATE_TEST_SUITE_P(Engines, OutboxTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace eventbook::bus
