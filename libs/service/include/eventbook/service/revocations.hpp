#pragma once

#include "eventbook/auth/jwt.hpp"
#include "eventbook/bus/consumer.hpp"
#include "eventbook/core/worker.hpp"
#include "eventbook/db/database.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace eventbook::service {

// What the users service publishes when it revokes an account's tokens (a
// password change, signing out everywhere): {userId, tokenVersion}, the
// lowest token version still valid for the account.
inline constexpr const char* kTokensRevoked = "user.tokens-revoked";

// Keeps a service's token verifier told which tokens are revoked, without a
// call to the users service per request:
// - the service's bus consumer stores each user.tokens-revoked in the
//   service's own database (token_revocations, the highest version per
//   account) and tells this process's verifier at once;
// - every replica reads the rows stored since its last look every `period`
//   (replicas of a service share one queue, so only one of them receives a
//   message), and all of them when it starts, so a service that just
//   started refuses what its database knows is revoked.
class TokenRevocations {
 public:
  TokenRevocations(db::Database& database, auth::Verifier& verifier,
                   std::chrono::milliseconds period = std::chrono::milliseconds(1000));
  ~TokenRevocations();

  // Handles user.tokens-revoked on the consumer; call before it is attached.
  void register_handler(bus::Consumer& consumer);
  // Loads every stored revocation (blocking: at start-up), then keeps reading new ones.
  void start();
  void stop();

  // Stores the revocation in the consumer's transaction and applies it to the verifier.
  void apply(db::Session& session, const bus::Envelope& envelope);

 private:
  core::Task<void> refresh();

  db::Database& database_;
  auth::Verifier& verifier_;
  std::int64_t newest_seen_ = -1;  // learned_at of the newest row read; the worker's thread (or start) only
  std::unique_ptr<core::Worker> worker_;
};

// The token_revocations table, for the migrations of a service that uses TokenRevocations.
std::vector<db::Migration> revocation_migrations();

}  // namespace eventbook::service
