#include "eventbook/service/keys.hpp"

#include "eventbook/core/log.hpp"
#include "eventbook/core/loop.hpp"
#include "eventbook/http/client.hpp"

#include <thread>

namespace eventbook::service {

std::vector<auth::PublicKey> fetch_public_keys(const std::string& users_url, std::chrono::seconds patience) {
  http::Client client(users_url, {.connect_timeout = std::chrono::milliseconds(1000),
                                  .request_timeout = std::chrono::milliseconds(3000)});
  auto deadline = std::chrono::steady_clock::now() + patience;
  std::string last_error;
  bool warned = false;
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      // At start-up, before serving: nothing else is in flight.
      auto response = core::run_blocking(client.request("GET", "/api/users/.well-known/jwks.json"));
      if (response.status == 200) {
        auto keys = auth::parse_jwks(response.body);
        if (!keys.empty()) {
          return keys;
        }
        last_error = "the key set is empty";
      } else {
        last_error = "status " + std::to_string(response.status);
      }
    } catch (const std::exception& error) {
      last_error = error.what();
    }
    if (!warned) {
      core::log::warn("service", "waiting for the users service's public keys",
                      {{"usersUrl", users_url}, {"error", last_error}});
      warned = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  throw std::runtime_error("cannot fetch the token keys from " + users_url + ": " + last_error);
}

}  // namespace eventbook::service
