#include "eventbook/service/queue_pass.hpp"

#include "eventbook/core/clock.hpp"
#include "eventbook/core/error.hpp"
#include "eventbook/core/log.hpp"
#include "eventbook/http/client.hpp"

namespace eventbook::service {

namespace {

constexpr std::chrono::seconds kRefetchEvery{10};

std::string audience(const std::string& event_id) { return "event:" + event_id; }

}  // namespace

std::string issue_queue_pass(const auth::SigningKey& key, const std::string& user_id, const std::string& event_id,
                             std::int64_t now_seconds, std::int64_t expires_at_seconds) {
  auth::Claims claims{user_id, kQueuePassRole, now_seconds,
                      std::min(expires_at_seconds, now_seconds + kQueuePassMaxSeconds)};
  claims.aud = audience(event_id);
  return key.sign(claims);
}

QueuePasses::QueuePasses(std::vector<auth::PublicKey> keys, std::string queue_url)
    : verifier_(std::move(keys), auth::kDefaultLeewaySeconds, kQueuePassMaxSeconds) {
  if (!queue_url.empty()) {
    client_ = std::make_unique<http::Client>(queue_url,
                                             http::ClientOptions{.connect_timeout = std::chrono::milliseconds(1000),
                                                                 .request_timeout = std::chrono::milliseconds(2000)});
  }
}

QueuePasses::~QueuePasses() = default;

bool QueuePasses::valid(const std::string& pass, const std::string& user_id, const std::string& event_id) const {
  try {
    auto claims = verifier_.verify(pass, core::now_seconds());
    return claims.role == kQueuePassRole && claims.sub == user_id && claims.aud == audience(event_id);
  } catch (const core::ApiError&) {
    return false;
  }
}

core::Task<bool> QueuePasses::admits(std::string pass, std::string user_id, std::string event_id) {
  if (valid(pass, user_id, event_id)) co_return true;
  bool refreshed = co_await refresh_keys();
  co_return refreshed&& valid(pass, user_id, event_id);
}

core::Task<bool> QueuePasses::refresh_keys() {
  if (!client_) co_return false;
  {
    std::lock_guard lock(mutex_);
    auto now = std::chrono::steady_clock::now();
    if (now < next_fetch_) co_return false;
    next_fetch_ = now + kRefetchEvery;
  }
  try {
    auto response = co_await client_->request("GET", "/api/queue/.well-known/jwks.json");
    if (response.status != 200) throw std::runtime_error("status " + std::to_string(response.status));
    verifier_.set_keys(auth::parse_jwks(response.body));
    co_return true;
  } catch (const std::exception& error) {
    core::log::warn("service", "cannot fetch the queue service's pass keys", {{"error", error.what()}});
    co_return false;
  }
}

}  // namespace eventbook::service
