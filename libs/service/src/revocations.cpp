#include "eventbook/service/revocations.hpp"

#include "eventbook/core/clock.hpp"
#include "eventbook/core/loop.hpp"

#include <algorithm>
#include <stdexcept>

namespace eventbook::service {

namespace {

constexpr const char* kStore =
    "INSERT INTO token_revocations (user_id, min_version, learned_at) VALUES ($1, $2, $3) "
    "ON CONFLICT (user_id) DO UPDATE SET min_version = excluded.min_version, learned_at = excluded.learned_at "
    "WHERE excluded.min_version > token_revocations.min_version";

constexpr const char* kSince = "SELECT user_id, min_version, learned_at FROM token_revocations WHERE learned_at >= $1";

// Rows are stamped with the clock of the replica that stored them and become
// visible when their transaction commits: reading back this far covers both.
constexpr std::int64_t kOverlapMs = 10000;

}  // namespace

TokenRevocations::TokenRevocations(db::Database& database, auth::Verifier& verifier, std::chrono::milliseconds period)
    : database_(database), verifier_(verifier) {
  worker_ = std::make_unique<core::Worker>("revocations", period, [this] { return refresh(); });
}

TokenRevocations::~TokenRevocations() { stop(); }

void TokenRevocations::register_handler(bus::Consumer& consumer) {
  consumer.on(kTokensRevoked,
              [this](db::Session& session, const bus::Envelope& envelope) { apply(session, envelope); });
}

void TokenRevocations::apply(db::Session& session, const bus::Envelope& envelope) {
  const auto* user_id = envelope.data.if_contains("userId");
  const auto* version = envelope.data.if_contains("tokenVersion");
  if (user_id == nullptr || !user_id->is_string() || user_id->as_string().empty() || version == nullptr ||
      !version->is_int64()) {
    throw std::invalid_argument("user.tokens-revoked without userId or tokenVersion");
  }
  std::string id(user_id->as_string());
  session.exec(kStore, {id, version->as_int64(), core::now_ms()});
  // Versions only rise, so telling the verifier before the commit is safe:
  // a rolled-back message is delivered again with the same version.
  verifier_.revoke_below(id, version->as_int64());
}

void TokenRevocations::start() {
  // Before serving: what this service's database already knows.
  core::run_blocking(refresh());
  worker_->start();
}

void TokenRevocations::stop() { worker_->stop(); }

core::Task<void> TokenRevocations::refresh() {
  const std::int64_t since = newest_seen_ < 0 ? 0 : std::max<std::int64_t>(0, newest_seen_ - kOverlapMs);
  db::Params params{since};
  auto result = co_await database_.query(kSince, std::move(params));
  for (const auto& row : result.rows) {
    verifier_.revoke_below(row.text(0), row.integer(1));
    newest_seen_ = std::max(newest_seen_, row.integer(2));
  }
  if (newest_seen_ < 0) newest_seen_ = 0;
}

}  // namespace eventbook::service
