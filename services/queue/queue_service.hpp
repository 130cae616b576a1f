#pragma once

#include "eventbook/auth/jwt.hpp"
#include "eventbook/bus/transport.hpp"
#include "eventbook/core/worker.hpp"
#include "eventbook/db/database.hpp"
#include "eventbook/http/server.hpp"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace eventbook::queue {

class EventDirectory;
class QueueStore;
struct QueueContext;

struct QueueConfig {
  std::string database_url;
  int database_pool = 8;
  std::vector<auth::PublicKey> token_keys;
  std::int64_t token_max_lifetime_seconds = auth::kDefaultMaxLifetimeSeconds;
  // The key passes are signed with; every replica of the service uses the same file.
  std::filesystem::path signing_key_file;
  std::string events_url = "http://127.0.0.1:5002";
  std::string service_secret;
  // How often admissions advance (and how precisely they follow a rate).
  std::chrono::milliseconds admission_interval{1000};
  // The events service in this process; otherwise asked over HTTP.
  EventDirectory* events = nullptr;
};

// On-sale waiting rooms: visitors join, get a place (drawn among those who
// came before the on-sale, in order of arrival after), and are admitted at
// the event's rate with a signed pass that bookings checks. State is in the
// database; of several replicas, the one holding the lease advances
// admissions.
class QueueService {
 public:
  QueueService(const QueueConfig& config, bus::Transport& transport);
  ~QueueService();

  void start();
  void stop();

  http::Router router();
  http::ServerOptions server_options(http::ServerOptions base) const;

  const auth::SigningKey& signing_key() const;

 private:
  core::Task<void> advance();

  QueueConfig config_;
  bus::Transport& transport_;
  std::unique_ptr<db::Database> database_;
  std::unique_ptr<QueueStore> store_;
  std::unique_ptr<EventDirectory> events_client_;  // none when the events service is in this process
  auth::SigningKey key_;
  auth::Verifier verifier_;
  std::unique_ptr<QueueContext> context_;
  std::string owner_;  // this process, as a lease holder
  std::atomic<std::int64_t> admitted_{0};
  std::atomic<std::int64_t> steps_{0};
  std::unique_ptr<core::Worker> admission_;
};

std::vector<db::Migration> migrations();

}  // namespace eventbook::queue
