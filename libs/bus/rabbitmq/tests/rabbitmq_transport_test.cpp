#include "amqp_connection.hpp"
#include "publisher.hpp"
#include "subscriber.hpp"

#include "eventbook/bus/rabbitmq.hpp"
#include "eventbook/core/error.hpp"
#include "eventbook/core/id.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <thread>

namespace eventbook::bus {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// The pure parts first: these need no broker.

TEST(ConfirmTracker, SingleAcksInAnyOrderCompleteTheBatch) {
  rabbitmq::ConfirmTracker confirms(5, 8);
  EXPECT_EQ(confirms.outstanding(), 4u);
  confirms.ack(7, false);
  confirms.ack(5, false);
  confirms.ack(5, false);
  EXPECT_EQ(confirms.outstanding(), 2u);
  confirms.ack(8, false);
  EXPECT_FALSE(confirms.complete());
  confirms.ack(6, false);
  EXPECT_TRUE(confirms.complete());
}

TEST(ConfirmTracker, MultipleAckCoversEveryTagUpToIt) {
  rabbitmq::ConfirmTracker confirms(1, 100);
  confirms.ack(40, true);
  EXPECT_EQ(confirms.outstanding(), 60u);
  confirms.ack(42, false);
  confirms.ack(41, true);
  EXPECT_EQ(confirms.outstanding(), 58u);
  confirms.ack(500, true);
  EXPECT_TRUE(confirms.complete());
}

TEST(ConfirmTracker, IgnoresTagsOutsideTheBatch) {
  rabbitmq::ConfirmTracker confirms(10, 11);
  confirms.ack(9, false);
  confirms.ack(12, false);
  confirms.ack(9, true);
  EXPECT_EQ(confirms.outstanding(), 2u);
}

TEST(RabbitMqUrl, ParsesTheUsualForms) {
  auto local = rabbitmq::parse_url("amqp://guest:guest@127.0.0.1:5672/");
  EXPECT_EQ(local.host, "127.0.0.1");
  EXPECT_EQ(local.port, 5672);
  EXPECT_EQ(local.user, "guest");
  EXPECT_EQ(local.password, "guest");
  EXPECT_EQ(local.vhost, "/");
  auto named = rabbitmq::parse_url("amqp://u%40x:p%2Fy@broker:5673/prod");
  EXPECT_EQ(named.user, "u@x");
  EXPECT_EQ(named.password, "p/y");
  EXPECT_EQ(named.endpoint(), "broker:5673");
  EXPECT_EQ(named.vhost, "prod");
  EXPECT_EQ(rabbitmq::parse_url("amqp://broker").vhost, "/");
  EXPECT_EQ(rabbitmq::parse_url("amqp://broker/%2F").vhost, "/");
}

TEST(RabbitMqUrl, RejectsWhatItCannotUseWithoutEchoingThePassword) {
  try {
    rabbitmq::parse_url("http://user:s3cret@host/");
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& error) {
    EXPECT_EQ(std::string(error.what()).find("s3cret"), std::string::npos);
  }
  EXPECT_THROW(rabbitmq::parse_url("amqps://host/"), std::invalid_argument);
  EXPECT_THROW(rabbitmq::parse_url("amqp://host:notaport/"), std::invalid_argument);
  EXPECT_THROW(make_rabbitmq_transport({.url = "nonsense"}), std::invalid_argument);
  EXPECT_THROW(make_rabbitmq_transport({.url = "amqp://h/", .max_attempts = 0}), std::invalid_argument);
}

TEST(RabbitMqTransport, WithoutABrokerPublishFailsFastAndStopIsPrompt) {
  // Port 1 on loopback: nothing listens, so every connection is refused at once.
  auto transport = make_rabbitmq_transport({.url = "amqp://guest:guest@127.0.0.1:1/", .confirm_timeout = 2000ms});
  int calls = 0;
  transport->subscribe("nowhere", {"thing.happened"}, [&calls](const Envelope&) { ++calls; });
  transport->start();
  EXPECT_THROW(transport->subscribe("late", {"thing.happened"}, [](const Envelope&) {}), std::logic_error);
  const Envelope envelope{"id", "thing.happened", "2026-01-01T00:00:00.000Z", "", {}};
  const auto started = Clock::now();
  EXPECT_THROW(transport->publish({envelope}), TransportError);
  EXPECT_THROW(transport->publish({envelope}), TransportError);
  EXPECT_LT(Clock::now() - started, 1s);
  EXPECT_FALSE(transport->connected());

  std::this_thread::sleep_for(300ms);  // the consumer is now between reconnection attempts
  const auto stopping = Clock::now();
  transport->stop();
  EXPECT_LT(Clock::now() - stopping, 300ms);
  EXPECT_THROW(transport->publish({envelope}), TransportError);
  EXPECT_EQ(calls, 0);
}

// The rest runs against the broker at EVENTBOOK_TEST_AMQP_URL.

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
  const auto deadline = Clock::now() + limit;
  while (!condition()) {
    if (Clock::now() >= deadline) {
      return false;
    }
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

std::string random_suffix() {
  std::random_device device;
  std::uniform_int_distribution<unsigned> digit(0, 15);
  std::string text;
  for (int i = 0; i < 10; ++i) {
    text += "0123456789abcdef"[digit(device)];
  }
  return text;
}

// Tests that stop the broker hold this lock exclusively, the others shared,
// so that ctest -j never runs an outage under another broker test.
class BrokerLock {
 public:
  explicit BrokerLock(bool exclusive) {
    const auto path = std::filesystem::temp_directory_path() / "eventbook-rabbitmq-tests.lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd_ >= 0) {
      ::flock(fd_, exclusive ? LOCK_EX : LOCK_SH);
    }
  }
  ~BrokerLock() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }
  BrokerLock(const BrokerLock&) = delete;
  BrokerLock& operator=(const BrokerLock&) = delete;

 private:
  int fd_ = -1;
};

struct RawMessage {
  std::string body;
  std::string message_id;
  int previous_deliveries = 0;
  std::uint64_t delivery_tag = 0;
};

// The test's own view of the broker, through a plain connection: publishes
// raw bytes, counts, reads and deletes queues. Reconnects after an error
// (a passive declare of a missing queue closes the channel).
class Admin {
 public:
  explicit Admin(const std::string& url) : address_(rabbitmq::parse_url(url)) {}

  // Ready messages and consumers of a queue; nullopt when it does not exist.
  std::optional<std::pair<std::uint32_t, std::uint32_t>> inspect(const std::string& queue) {
    try {
      auto* ok = amqp_queue_declare(connection().get(), kChannel, rabbitmq::as_bytes(queue), /*passive=*/1, 0, 0, 0,
                                    amqp_empty_table);
      connection().check_rpc("passive declare");
      return std::make_pair(ok->message_count, ok->consumer_count);
    } catch (const rabbitmq::AmqpError&) {
      connection_.reset();
      return std::nullopt;
    }
  }
  std::uint32_t messages(const std::string& queue) {
    auto counts = inspect(queue);
    return counts ? counts->first : 0;
  }
  bool has_consumer(const std::string& queue) {
    auto counts = inspect(queue);
    return counts && counts->second > 0;
  }

  // Publishes body as is; returns once the broker has routed it.
  void publish_raw(const std::string& exchange, const std::string& key, const std::string& body,
                   const std::string& probe_queue) {
    amqp_basic_properties_t properties{};
    properties._flags = AMQP_BASIC_DELIVERY_MODE_FLAG;
    properties.delivery_mode = AMQP_DELIVERY_PERSISTENT;
    connection().check_status(amqp_basic_publish(connection().get(), kChannel, rabbitmq::as_bytes(exchange),
                                                 rabbitmq::as_bytes(key), 0, 0, &properties, rabbitmq::as_bytes(body)),
                              "publish");
    // The broker handles a channel's commands in order: once this RPC is
    // answered, the message above has been routed.
    inspect(probe_queue);
  }

  std::optional<RawMessage> get(const std::string& queue) {
    auto reply = amqp_basic_get(connection().get(), kChannel, rabbitmq::as_bytes(queue), /*no_ack=*/0);
    connection().check_rpc("basic.get");
    if (reply.reply.id != AMQP_BASIC_GET_OK_METHOD) {
      return std::nullopt;
    }
    RawMessage raw;
    raw.delivery_tag = static_cast<amqp_basic_get_ok_t*>(reply.reply.decoded)->delivery_tag;
    amqp_message_t message;
    auto read = amqp_read_message(connection().get(), kChannel, &message, 0);
    if (read.reply_type != AMQP_RESPONSE_NORMAL) {
      connection().fail("reading a message: " + rabbitmq::describe_reply(read));
    }
    raw.body = std::string(rabbitmq::as_view(message.body));
    if (message.properties._flags & AMQP_BASIC_MESSAGE_ID_FLAG) {
      raw.message_id = std::string(rabbitmq::as_view(message.properties.message_id));
    }
    raw.previous_deliveries = rabbitmq::previous_deliveries(message.properties);
    amqp_destroy_message(&message);
    return raw;
  }
  void ack(const RawMessage& message) {
    connection().check_status(amqp_basic_ack(connection().get(), kChannel, message.delivery_tag, 0), "ack");
  }
  void requeue(const RawMessage& message) {
    connection().check_status(amqp_basic_nack(connection().get(), kChannel, message.delivery_tag, 0, 1), "nack");
  }

  // Deleting a missing queue is no error. A second try covers a connection
  // the broker dropped since the last use (after a restart).
  void delete_queue(const std::string& queue) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      try {
        amqp_queue_delete(connection().get(), kChannel, rabbitmq::as_bytes(queue), 0, 0);
        connection().check_rpc("queue.delete");
        return;
      } catch (const rabbitmq::AmqpError&) {
        connection_.reset();
      }
    }
    ADD_FAILURE() << "could not delete queue " << queue;
  }

 private:
  static constexpr amqp_channel_t kChannel = rabbitmq::Connection::kChannel;

  rabbitmq::Connection& connection() {
    if (!connection_) {
      connection_ = std::make_unique<rabbitmq::Connection>(address_, 5000ms, 0s, "eventbook test admin");
    }
    return *connection_;
  }

  rabbitmq::BrokerAddress address_;
  std::unique_ptr<rabbitmq::Connection> connection_;
};

// What a subscription's handler saw.
struct Recorder {
  std::mutex mutex;
  std::vector<Envelope> received;
  std::map<std::string, int> calls;
  std::set<std::string> failing;
  std::map<std::string, int> outages;  // failures that may pass, still to come, by message

  // What a handler throws when its database is out of reach.
  struct Outage : std::runtime_error, core::MayPass {
    Outage() : std::runtime_error("the database is out of reach") {}
    bool passing() const noexcept override { return true; }
  };

  void handle(const Envelope& envelope) {
    std::lock_guard lock(mutex);
    ++calls[envelope.id];
    if (failing.contains(envelope.id)) {
      throw std::runtime_error("refusing " + envelope.id);
    }
    if (auto outage = outages.find(envelope.id); outage != outages.end() && outage->second > 0) {
      --outage->second;
      throw Outage();
    }
    received.push_back(envelope);
  }
  std::size_t count() {
    std::lock_guard lock(mutex);
    return received.size();
  }
  int calls_for(const std::string& id) {
    std::lock_guard lock(mutex);
    return calls.contains(id) ? calls[id] : 0;
  }
  std::set<std::string> unique_ids() {
    std::lock_guard lock(mutex);
    std::set<std::string> ids;
    for (const auto& envelope : received) {
      ids.insert(envelope.id);
    }
    return ids;
  }
};

// Stops and restarts the RabbitMQ application on this machine with rabbitmqctl.
// Puts the broker back on destruction if a test failed half-way, and, through
// marker files, on the next run if the test process was killed.
class BrokerSwitch {
 public:
  static void repair_after_interrupted_run() {
    if (std::filesystem::exists(marker(kStoppedMarker))) {
      run("start_app");
      std::filesystem::remove(marker(kStoppedMarker));
    }
    if (std::filesystem::exists(marker(kWatermarkMarker))) {
      std::ifstream saved(marker(kWatermarkMarker));
      std::string watermark;
      saved >> watermark;
      if (!watermark.empty()) {
        run("set_vm_memory_high_watermark " + watermark);
      }
      std::filesystem::remove(marker(kWatermarkMarker));
    }
  }

  // rabbitmqctl reaches the broker only on this machine, and runs only as root.
  static bool usable(const std::string& url) {
    const auto host = rabbitmq::parse_url(url).host;
    if (host != "127.0.0.1" && host != "localhost" && host != "::1") {
      return false;
    }
    return ::geteuid() == 0 && std::system(kFindTool) == 0;
  }

  explicit BrokerSwitch(std::string url) : url_(std::move(url)) {}
  ~BrokerSwitch() {
    if (!watermark_.empty()) {
      unblock_publishers();
    }
    if (stopped_) {
      start_app();
    }
  }
  BrokerSwitch(const BrokerSwitch&) = delete;
  BrokerSwitch& operator=(const BrokerSwitch&) = delete;

  // Raises a memory alarm: the broker stops reading from connections that
  // publish, so nothing they send is confirmed.
  bool block_publishers() {
    std::string current;
    if (!capture("eval 'vm_memory_monitor:get_vm_memory_high_watermark().'", current)) {
      return false;
    }
    current.erase(current.find_last_not_of(" \n") + 1);
    if (current.empty() || current.find_first_not_of("0123456789.") != std::string::npos) {
      return false;  // an absolute limit or something else this test cannot put back
    }
    watermark_ = current;
    std::ofstream(marker(kWatermarkMarker)) << watermark_ << "\n";
    return run("set_vm_memory_high_watermark 0.000001");
  }
  bool unblock_publishers() {
    if (!run("set_vm_memory_high_watermark " + watermark_)) {
      return false;
    }
    watermark_.clear();
    std::filesystem::remove(marker(kWatermarkMarker));
    return true;
  }

  bool stop_app() {
    stopped_ = true;
    std::ofstream(marker(kStoppedMarker)) << "stopped by a test\n";
    return run("stop_app");
  }
  // Returns once the broker accepts AMQP logins again.
  bool start_app() {
    if (!run("start_app")) {
      return false;
    }
    stopped_ = false;
    std::filesystem::remove(marker(kStoppedMarker));
    const auto address = rabbitmq::parse_url(url_);
    return eventually(
        [&] {
          try {
            rabbitmq::Connection probe(address, 2000ms, 0s, "eventbook test probe");
            return true;
          } catch (const rabbitmq::AmqpError&) {
            return false;
          }
        },
        60s);
  }

 private:
  // CI shells do not always have the sbin directories on PATH.
  static constexpr const char* kFindTool = "PATH=\"$PATH:/usr/sbin:/sbin\" command -v rabbitmqctl >/dev/null 2>&1";
  static constexpr const char* kStoppedMarker = "eventbook-rabbitmq-tests.stopped";
  static constexpr const char* kWatermarkMarker = "eventbook-rabbitmq-tests.watermark";

  static std::filesystem::path marker(const char* name) { return std::filesystem::temp_directory_path() / name; }

  static std::string command_line(const std::string& command) {
    return "PATH=\"$PATH:/usr/sbin:/sbin\" rabbitmqctl -q " + command + " 2>/dev/null";
  }
  static bool run(const std::string& command) {
    return std::system((command_line(command) + " >/dev/null").c_str()) == 0;
  }
  static bool capture(const std::string& command, std::string& output) {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command_line(command).c_str(), "r"), ::pclose);
    if (!pipe) {
      return false;
    }
    std::array<char, 256> buffer{};
    while (std::fgets(buffer.data(), buffer.size(), pipe.get()) != nullptr) {
      output += buffer.data();
    }
    return ::pclose(pipe.release()) == 0;
  }

  std::string url_;
  bool stopped_ = false;
  std::string watermark_;  // the memory watermark to put back, while an alarm is raised
};

constexpr const char* kExchange = "eventbook.test";

class RabbitMqBroker : public ::testing::Test {
 protected:
  explicit RabbitMqBroker(bool exclusive = false) : exclusive_(exclusive) {}

  void SetUp() override {
    const char* url = std::getenv("EVENTBOOK_TEST_AMQP_URL");
    if (url == nullptr || *url == '\0') {
      GTEST_SKIP() << "EVENTBOOK_TEST_AMQP_URL is not set; `make test` sets it, or run scripts/rabbitmq start "
                      "and export EVENTBOOK_TEST_AMQP_URL=$(scripts/rabbitmq url)";
    }
    url_ = url;
    lock_.emplace(exclusive_);
    BrokerSwitch::repair_after_interrupted_run();
    admin_.emplace(url_);
    const auto suffix = random_suffix();
    queue_ = "test." + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "." + suffix;
    key_ = "test" + suffix + ".thing";
  }

  void TearDown() override {
    transport_.reset();
    if (admin_) {
      admin_->delete_queue(queue_);
      admin_->delete_queue(rabbitmq::dead_letter_queue_name(queue_));
    }
  }

  RabbitMqOptions options() const {
    RabbitMqOptions options;
    options.url = url_;
    options.exchange = kExchange;
    options.confirm_timeout = 2000ms;
    options.reconnect_min = 100ms;
    options.reconnect_max = 1000ms;
    return options;
  }

  // Starts a transport whose only subscription feeds recorder, and waits
  // until its consumer is attached (messages published before the queue
  // exists would be unroutable).
  void start_subscribed(Recorder& recorder, RabbitMqOptions options) {
    transport_ = make_rabbitmq_transport(std::move(options));
    transport_->subscribe(queue_, {key_}, [&recorder](const Envelope& envelope) { recorder.handle(envelope); });
    transport_->start();
    ASSERT_TRUE(eventually([&] { return admin_->has_consumer(queue_); }, 10s)) << "no consumer on " << queue_;
    ASSERT_TRUE(eventually([&] { return transport_->connected(); }, 10s));
  }

  std::vector<Envelope> batch(int count, int first = 0) const {
    std::vector<Envelope> envelopes;
    for (int n = first; n < first + count; ++n) {
      envelopes.push_back(Envelope{core::new_id(),
                                   key_,
                                   "2026-01-01T00:00:00.000Z",
                                   "req-" + std::to_string(n),
                                   {{"n", n}, {"text", "caf\xC3\xA9 \"quoted\""}, {"nested", {{"ok", true}}}}});
    }
    return envelopes;
  }

  std::string url_;
  std::string queue_;
  std::string key_;
  std::optional<Admin> admin_;
  std::unique_ptr<Transport> transport_;

 private:
  bool exclusive_;
  std::optional<BrokerLock> lock_;
};

TEST_F(RabbitMqBroker, ABatchArrivesWholeInOrderAndOnce) {
  Recorder recorder;
  ASSERT_NO_FATAL_FAILURE(start_subscribed(recorder, options()));
  const auto sent = batch(100);

  transport_->publish(sent);
  EXPECT_EQ(transport_->stats().published, 100u);

  ASSERT_TRUE(eventually([&] { return recorder.count() >= 100; }, 10s)) << "received " << recorder.count();
  std::this_thread::sleep_for(500ms);  // room for a duplicate to show up
  const auto stopping = Clock::now();
  transport_->stop();  // the consumer waits in amqp_consume_message; stop() must not wait long for it
  EXPECT_LT(Clock::now() - stopping, 500ms);
  std::lock_guard lock(recorder.mutex);
  ASSERT_EQ(recorder.received.size(), 100u);
  for (std::size_t i = 0; i < sent.size(); ++i) {
    const auto& got = recorder.received[i];
    EXPECT_EQ(got.id, sent[i].id) << "at " << i;
    EXPECT_EQ(got.type, sent[i].type);
    EXPECT_EQ(got.occurred_at, sent[i].occurred_at);
    EXPECT_EQ(got.request_id, sent[i].request_id);
    EXPECT_EQ(got.data, sent[i].data);
  }
  EXPECT_EQ(transport_->stats().delivered, 100u);
  EXPECT_EQ(transport_->stats().failed, 0u);
}

TEST_F(RabbitMqBroker, AMessageThatAlwaysFailsIsDeadLetteredAfterMaxAttempts) {
  Recorder recorder;
  auto settings = options();
  settings.max_attempts = 5;
  const auto sent = batch(20);
  const auto poison = sent[5].id;
  recorder.failing.insert(poison);
  ASSERT_NO_FATAL_FAILURE(start_subscribed(recorder, settings));

  transport_->publish(sent);

  const auto dead_queue = rabbitmq::dead_letter_queue_name(queue_);
  ASSERT_TRUE(eventually([&] { return admin_->messages(dead_queue) == 1; }, 15s))
      << "calls for the failing message: " << recorder.calls_for(poison);
  ASSERT_TRUE(eventually([&] { return recorder.count() == 19; }, 5s)) << "delivered " << recorder.count();
  std::this_thread::sleep_for(500ms);  // a sixth attempt would show up here
  EXPECT_EQ(recorder.calls_for(poison), 5);
  EXPECT_EQ(recorder.count(), 19u);
  const auto stats = transport_->stats();
  EXPECT_EQ(stats.delivered, 19u);
  EXPECT_EQ(stats.failed, 5u);
  EXPECT_GE(stats.dead_lettered, 1u);

  auto dead = admin_->get(dead_queue);
  ASSERT_TRUE(dead.has_value());
  EXPECT_EQ(dead->message_id, poison);
  EXPECT_EQ(Envelope::from_json(dead->body).id, poison);
  admin_->ack(*dead);
}

// A handler failing because its database is down says nothing about the
// message: it is tried again for as long as that lasts, past max_attempts,
// and never dead-lettered.
TEST_F(RabbitMqBroker, AFailureThatMayPassIsRetriedPastMaxAttemptsAndNotDeadLettered) {
  Recorder recorder;
  auto settings = options();
  settings.max_attempts = 3;
  const auto sent = batch(10);
  const auto unlucky = sent[3].id;
  recorder.outages[unlucky] = 5;
  ASSERT_NO_FATAL_FAILURE(start_subscribed(recorder, settings));

  transport_->publish(sent);

  ASSERT_TRUE(eventually([&] { return recorder.count() == 10; }, 20s)) << "delivered " << recorder.count();
  EXPECT_EQ(recorder.calls_for(unlucky), 6);
  EXPECT_EQ(recorder.unique_ids().size(), 10u);
  EXPECT_EQ(admin_->messages(rabbitmq::dead_letter_queue_name(queue_)), 0);
  const auto stats = transport_->stats();
  EXPECT_EQ(stats.delivered, 10u);
  EXPECT_EQ(stats.failed, 5u);
  EXPECT_EQ(stats.dead_lettered, 0u);
}

// The queue's own x-delivery-limit, without the consumer's help: a message
// returned max_attempts times by someone else's consumer is dead-lettered by
// the broker, and x-delivery-count counts the earlier deliveries.
TEST_F(RabbitMqBroker, TheBrokerDeadLettersAfterMaxAttemptsDeliveriesByItself) {
  Recorder recorder;
  auto settings = options();
  settings.max_attempts = 4;
  ASSERT_NO_FATAL_FAILURE(start_subscribed(recorder, settings));
  transport_->stop();  // the queue and its dead-letter queue stay
  admin_->publish_raw(kExchange, key_, batch(1).front().to_json(), queue_);

  std::vector<int> seen;
  for (int guard = 0; guard < 10; ++guard) {
    auto message = admin_->get(queue_);
    if (!message) {
      break;
    }
    seen.push_back(message->previous_deliveries);
    admin_->requeue(*message);
  }
  EXPECT_EQ(seen, (std::vector<int>{0, 1, 2, 3}));
  EXPECT_TRUE(eventually([&] { return admin_->messages(rabbitmq::dead_letter_queue_name(queue_)) == 1; }, 5s));
  EXPECT_EQ(recorder.count(), 0u);
}

// Messages already waiting reach a batch handler together; a batch that
// fails was not applied, so its messages are handled one by one, and only
// the failing one is retried and finally dead-lettered.
TEST_F(RabbitMqBroker, WaitingMessagesArriveInBatchesAndAFailedBatchFallsBackOneByOne) {
  auto settings = options();
  settings.max_attempts = 3;
  std::mutex mutex;
  std::vector<std::string> applied;
  std::vector<std::size_t> batch_sizes;
  int singles = 0;
  auto poisoned = [](const Envelope& envelope) { return envelope.data.at("n").as_int64() == 7; };
  auto subscribe = [&] {
    transport_ = make_rabbitmq_transport(settings);
    transport_->subscribe_batched(
        queue_, {key_},
        [&](const Envelope& envelope) {
          if (poisoned(envelope)) throw std::runtime_error("poison");
          std::lock_guard lock(mutex);
          applied.push_back(envelope.id);
          ++singles;
        },
        [&](const std::vector<Envelope>& envelopes) {
          std::lock_guard lock(mutex);
          // Every batch handed over counts, the one that fails too: the
          // poisoned message may well arrive in the only big batch.
          batch_sizes.push_back(envelopes.size());
          for (const auto& envelope : envelopes) {
            if (poisoned(envelope)) throw std::runtime_error("poison in the batch");
          }
          for (const auto& envelope : envelopes) applied.push_back(envelope.id);
        });
    transport_->start();
  };
  // The queue first exists, then fills while nobody consumes.
  subscribe();
  ASSERT_TRUE(eventually([&] { return admin_->has_consumer(queue_); }, 10s));
  transport_->stop();
  transport_.reset();
  const auto sent = batch(60);
  {
    auto publisher = make_rabbitmq_transport(settings);
    publisher->start();
    publisher->publish(sent);
    publisher->stop();
  }
  subscribe();

  ASSERT_TRUE(eventually([&] { return admin_->messages(rabbitmq::dead_letter_queue_name(queue_)) == 1; }, 20s));
  ASSERT_TRUE(eventually(
      [&] {
        std::lock_guard lock(mutex);
        return applied.size() >= 59;
      },
      10s));
  transport_->stop();
  std::lock_guard lock(mutex);
  std::vector<std::string> expected;
  for (const auto& envelope : sent) {
    if (!poisoned(envelope)) expected.push_back(envelope.id);
  }
  auto got = applied;
  std::sort(got.begin(), got.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(got, expected) << "every message but the poisoned one, each once";
  EXPECT_TRUE(std::any_of(batch_sizes.begin(), batch_sizes.end(), [](std::size_t size) { return size > 1; }));
  EXPECT_GE(singles, 1) << "the failed batch's other messages were applied one by one";
  EXPECT_EQ(transport_->stats().dead_lettered, 1u);
}

TEST_F(RabbitMqBroker, AMalformedMessageIsDeadLetteredWithoutReachingTheHandler) {
  Recorder recorder;
  ASSERT_NO_FATAL_FAILURE(start_subscribed(recorder, options()));

  admin_->publish_raw(kExchange, key_, "not json {", queue_);
  admin_->publish_raw(kExchange, key_, R"({"id":"x","type":"t"})", queue_);
  const auto sent = batch(5);
  transport_->publish(sent);

  ASSERT_TRUE(eventually([&] { return recorder.count() == 5; }, 10s)) << "delivered " << recorder.count();
  ASSERT_TRUE(eventually([&] { return admin_->messages(rabbitmq::dead_letter_queue_name(queue_)) == 2; }, 5s));
  const auto stats = transport_->stats();
  EXPECT_EQ(stats.dead_lettered, 2u);
  EXPECT_EQ(stats.failed, 0u);
  EXPECT_EQ(stats.delivered, 5u);
  std::lock_guard lock(recorder.mutex);
  EXPECT_EQ(recorder.calls.size(), 5u);  // only the five envelopes reached the handler
  auto dead = admin_->get(rabbitmq::dead_letter_queue_name(queue_));
  ASSERT_TRUE(dead.has_value());
  EXPECT_EQ(dead->body, "not json {");
}

TEST_F(RabbitMqBroker, AConsumerWhoseQueueIsDeletedDeclaresItAgain) {
  Recorder recorder;
  ASSERT_NO_FATAL_FAILURE(start_subscribed(recorder, options()));
  admin_->delete_queue(queue_);
  // The broker cancels the consumer; it reconnects and declares the queue again.
  ASSERT_TRUE(eventually([&] { return admin_->has_consumer(queue_); }, 10s));
  const auto sent = batch(3);
  transport_->publish(sent);
  EXPECT_TRUE(eventually([&] { return recorder.count() == 3; }, 10s)) << "delivered " << recorder.count();
}

class RabbitMqOutage : public RabbitMqBroker {
 protected:
  RabbitMqOutage() : RabbitMqBroker(/*exclusive=*/true) {}

  // A batch that a broker which stops reading keeps blocked in write().
  std::vector<Envelope> larger_than_the_socket_buffers() {
    auto big = batch(400);
    for (auto& envelope : big) envelope.data["padding"] = std::string(64 * 1024, 'x');
    return big;
  }

  void SetUp() override {
    RabbitMqBroker::SetUp();
    if (IsSkipped()) {
      return;
    }
    if (!BrokerSwitch::usable(url_)) {
      GTEST_SKIP() << "the outage tests need the broker on this machine and rabbitmqctl (run as root)";
    }
    broker_.emplace(url_);
  }

  void TearDown() override {
    broker_.reset();  // restarts the broker if a failed test left it stopped
    RabbitMqBroker::TearDown();
  }

  std::optional<BrokerSwitch> broker_;
};

TEST_F(RabbitMqOutage, PublishingAndConsumingSurviveABrokerRestart) {
  Recorder recorder;
  const auto settings = options();
  ASSERT_NO_FATAL_FAILURE(start_subscribed(recorder, settings));

  constexpr int kBatches = 30;
  constexpr int kBatchSize = 10;
  std::vector<std::vector<Envelope>> batches;
  std::set<std::string> sent_ids;
  for (int b = 0; b < kBatches; ++b) {
    batches.push_back(batch(kBatchSize, b * kBatchSize));
    for (const auto& envelope : batches.back()) {
      sent_ids.insert(envelope.id);
    }
  }

  // A stand-in for the outbox relay: publishes batch after batch and repeats
  // a batch that failed after a short pause.
  std::atomic<int> batches_done{0};
  std::atomic<int> failures{0};
  std::atomic<bool> outage_begun{false};
  std::atomic<bool> give_up{false};
  std::mutex timing_mutex;
  Clock::duration slowest_failure{};
  std::thread relay([&] {
    for (int b = 0; b < kBatches && !give_up; ++b) {
      if (b == 20) {
        // Keep the second half of the stream for the outage itself.
        eventually([&] { return outage_begun.load() || give_up.load(); }, 60s);
      }
      for (;;) {
        const auto started = Clock::now();
        try {
          transport_->publish(batches[b]);
          break;
        } catch (const TransportError&) {
          ++failures;
          std::lock_guard lock(timing_mutex);
          slowest_failure = std::max(slowest_failure, Clock::now() - started);
        }
        if (give_up) {
          return;
        }
        std::this_thread::sleep_for(100ms);
      }
      ++batches_done;
      std::this_thread::sleep_for(20ms);
    }
  });

  const bool stream_started = eventually([&] { return batches_done >= 10; }, 20s);
  const bool stopped = stream_started && broker_->stop_app();
  outage_begun = true;
  const bool went_down = stopped && eventually([&] { return !transport_->connected(); }, 5s);
  std::this_thread::sleep_for(3s);
  const bool restarted = broker_->start_app();
  const bool came_back = restarted && eventually([&] { return transport_->connected(); }, 20s);
  const bool all_published = eventually([&] { return batches_done == kBatches; }, 60s);
  give_up = true;
  relay.join();

  ASSERT_TRUE(stream_started);
  ASSERT_TRUE(stopped) << "rabbitmqctl stop_app failed";
  ASSERT_TRUE(restarted) << "rabbitmqctl start_app failed or the broker did not come back";
  EXPECT_TRUE(went_down) << "connected() stayed true while the broker was stopped";
  EXPECT_TRUE(came_back) << "the publisher did not reconnect";
  ASSERT_TRUE(all_published) << batches_done << " of " << kBatches << " batches published";
  EXPECT_GT(failures.load(), 0) << "no publish failed during the outage";
  {
    std::lock_guard lock(timing_mutex);
    EXPECT_LE(slowest_failure, settings.confirm_timeout + 1500ms)
        << "a failing publish took " << std::chrono::duration_cast<std::chrono::milliseconds>(slowest_failure).count()
        << " ms";
  }

  // At least once: every id arrives, duplicates allowed.
  ASSERT_TRUE(eventually([&] { return recorder.unique_ids().size() == sent_ids.size(); }, 60s))
      << "received " << recorder.unique_ids().size() << " distinct of " << sent_ids.size();
  const auto received = recorder.unique_ids();
  EXPECT_EQ(received, sent_ids);
  EXPECT_GE(recorder.count(), sent_ids.size());
  EXPECT_GE(transport_->stats().published, sent_ids.size());
  RecordProperty("failed_publishes", failures.load());
  RecordProperty("deliveries", static_cast<int>(recorder.count()));
  std::printf("outage: %d failed publishes, slowest %lld ms; %zu deliveries for %zu messages\n", failures.load(),
              static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(slowest_failure).count()),
              recorder.count(), sent_ids.size());
}

TEST_F(RabbitMqOutage, ConnectedFollowsTheBroker) {
  transport_ = make_rabbitmq_transport(options());
  transport_->start();
  ASSERT_TRUE(eventually([&] { return transport_->connected(); }, 10s));
  transport_->publish(batch(1));

  ASSERT_TRUE(broker_->stop_app());
  EXPECT_TRUE(eventually([&] { return !transport_->connected(); }, 3s));
  const auto started = Clock::now();
  EXPECT_THROW(transport_->publish(batch(1)), TransportError);
  EXPECT_LT(Clock::now() - started, options().confirm_timeout + 1s);

  ASSERT_TRUE(broker_->start_app());
  EXPECT_TRUE(eventually([&] { return transport_->connected(); }, 20s));
  EXPECT_NO_THROW(transport_->publish(batch(1)));
}

TEST_F(RabbitMqOutage, APublishTheBrokerNeverConfirmsFailsAfterTheConfirmTimeout) {
  transport_ = make_rabbitmq_transport(options());
  transport_->start();
  ASSERT_TRUE(eventually([&] { return transport_->connected(); }, 10s));
  transport_->publish(batch(1));

  if (!broker_->block_publishers()) {
    GTEST_SKIP() << "could not raise a memory alarm with rabbitmqctl";
  }
  const auto started = Clock::now();
  EXPECT_THROW(transport_->publish(batch(10)), TransportError);
  const auto took = Clock::now() - started;
  EXPECT_GE(took, options().confirm_timeout - 100ms);
  EXPECT_LE(took, options().confirm_timeout + 1s);

  ASSERT_TRUE(broker_->unblock_publishers());
  EXPECT_TRUE(eventually(
      [&] {
        try {
          transport_->publish(batch(10));
          return true;
        } catch (const TransportError&) {
          return false;
        }
      },
      20s));
}

// Under an alarm the broker stops reading the socket: a batch larger than the
// socket buffers blocks in write(), where no rabbitmq-c timeout applies.
TEST_F(RabbitMqOutage, APublishStuckWritingToABlockedBrokerStillFails) {
  transport_ = make_rabbitmq_transport(options());
  transport_->start();
  ASSERT_TRUE(eventually([&] { return transport_->connected(); }, 10s));
  auto big = larger_than_the_socket_buffers();

  if (!broker_->block_publishers()) {
    GTEST_SKIP() << "could not raise a memory alarm with rabbitmqctl";
  }
  const auto started = Clock::now();
  EXPECT_THROW(transport_->publish(big), TransportError);
  const auto took = Clock::now() - started;
  EXPECT_LE(took, 2 * options().confirm_timeout + 2s)
      << "took " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms";

  ASSERT_TRUE(broker_->unblock_publishers());
  EXPECT_TRUE(eventually(
      [&] {
        try {
          transport_->publish(batch(10));
          return true;
        } catch (const TransportError&) {
          return false;
        }
      },
      20s));
}

// stop() must not wait for a publish that the broker keeps from finishing:
// it cuts the publish short, which fails, and returns.
TEST_F(RabbitMqOutage, StopCutsShortAPublishStuckOnABlockedBroker) {
  transport_ = make_rabbitmq_transport(options());
  transport_->start();
  ASSERT_TRUE(eventually([&] { return transport_->connected(); }, 10s));
  auto big = larger_than_the_socket_buffers();

  if (!broker_->block_publishers()) {
    GTEST_SKIP() << "could not raise a memory alarm with rabbitmqctl";
  }
  std::atomic<bool> failed{false};
  std::thread publishing([&] {
    try {
      transport_->publish(big);
    } catch (const TransportError&) {
      failed = true;
    }
  });
  std::this_thread::sleep_for(500ms);  // the publish is now blocked writing or waiting for confirms
  const auto stopping = Clock::now();
  transport_->stop();
  const auto took = Clock::now() - stopping;
  publishing.join();
  EXPECT_TRUE(failed.load());
  EXPECT_LT(took, options().confirm_timeout)
      << "stop() took " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms";
  EXPECT_THROW(transport_->publish(batch(1)), TransportError);
  ASSERT_TRUE(broker_->unblock_publishers());
}

}  // namespace
}  // namespace eventbook::bus
