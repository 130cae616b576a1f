// Tokens across the whole system, in both shapes: a password change and
// signing out everywhere revoke every token of the account in the users
// service at once and in the other services within seconds (learned from the
// bus, never by asking the users service per request); renewal never passes
// the sign-in's maximum age; a token not yet valid, or living longer than
// allowed, is refused.
#include "eventbook/auth/jwt.hpp"
#include "eventbook/core/clock.hpp"
#include "eventbook/core/id.hpp"
#include "support/eventually.hpp"
#include "support/system.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <cstdlib>
#include <string>

namespace eventbook::testing {
namespace {

namespace json = boost::json;

constexpr auto kDeadline = std::chrono::seconds(15);
const std::string kPassword = "correct horse battery";

// The claims of a token, read without checking it.
json::object payload_of(const std::string& token) {
  auto first = token.find('.');
  auto second = token.find('.', first + 1);
  std::string text = token.substr(first + 1, second - first - 1);
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (char c : text) {
    auto index = kAlphabet.find(c);
    if (index == std::string::npos) break;
    bits = (bits << 6) | static_cast<unsigned>(index);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xFF));
    }
  }
  return json::parse(out).as_object();
}

class Tokens : public ::testing::TestWithParam<System::Mode> {
 protected:
  void start() {
    if (auto reason = System::unavailable(GetParam())) GTEST_SKIP() << *reason;
    system = std::make_unique<System>(GetParam());
    ASSERT_TRUE(system->healthy()) << system->log();
    api = &system->api();
  }
  void TearDown() override {
    ::unsetenv("EVENTBOOK_SESSION_MAX_AGE");
    if (system) {
      EXPECT_EQ(system->stop(), 0) << system->log();
    }
  }

  struct Account {
    std::string id, email, token;
  };
  Account account() {
    std::string tag = core::new_id().substr(24);
    std::string email = "user_" + tag + "@example.com";
    auto registered = api->call(
        "POST", "/api/users/register",
        json::serialize(json::object{{"username", "user_" + tag}, {"email", email}, {"password", kPassword}}));
    EXPECT_EQ(registered.status, 201) << registered.body;
    std::string id(json::parse(registered.body).at("userId").as_string());
    return {id, email, api->login(email)};
  }
  std::string login(const std::string& email, const std::string& password) {
    auto response =
        api->call("POST", "/api/users/login", json::serialize(json::object{{"email", email}, {"password", password}}));
    EXPECT_EQ(response.status, 200) << response.body;
    if (response.status != 200) return {};
    return std::string(json::parse(response.body).at("token").as_string());
  }
  int status(const std::string& method, const std::string& path, const std::string& token,
             const std::string& body = {}) {
    return api->call(method, path, body, token).status;
  }
  // Whether every service refuses the token: users at once, the others within the deadline.
  void expect_refused_everywhere(const std::string& token) {
    EXPECT_EQ(status("GET", "/api/users/me", token), 401);
    EXPECT_EQ(status("POST", "/api/users/token", token), 401);
    EXPECT_TRUE(eventually([&] { return status("GET", "/api/bookings", token) == 401; }, kDeadline,
                           "the bookings service refuses the revoked token"));
    EXPECT_TRUE(eventually([&] { return status("GET", "/api/notifications", token) == 401; }, kDeadline,
                           "the notifications service refuses the revoked token"));
    EXPECT_TRUE(eventually([&] { return status("GET", "/api/events/mine", token) == 401; }, kDeadline,
                           "the events service refuses the revoked token"));
  }
  void expect_accepted_everywhere(const std::string& token) {
    EXPECT_EQ(status("GET", "/api/users/me", token), 200);
    EXPECT_EQ(status("GET", "/api/bookings", token), 200);
    EXPECT_EQ(status("GET", "/api/notifications", token), 200);
    EXPECT_EQ(status("GET", "/api/events/mine", token), 200);
  }
  // A token signed with the system's own key, with any claims.
  std::string forge(const auth::Claims& claims) {
    auto key = auth::SigningKey::load_or_create(system->data_dir() / "keys" / "users-ed25519.key");
    return key.sign(claims);
  }

  std::unique_ptr<System> system;
  Api* api = nullptr;
};

TEST_P(Tokens, APasswordChangeRevokesEveryEarlierTokenInEveryService) {
  start();
  auto a = account();
  auto other_device = login(a.email, kPassword);
  expect_accepted_everywhere(a.token);
  auto changed = api->call(
      "PATCH", "/api/users/me",
      json::serialize(json::object{{"password", "a brand new passphrase"}, {"currentPassword", kPassword}}), a.token);
  ASSERT_EQ(changed.status, 200) << changed.body;
  expect_refused_everywhere(a.token);
  expect_refused_everywhere(other_device);
  // The new password gives a token every service takes.
  auto fresh = login(a.email, "a brand new passphrase");
  expect_accepted_everywhere(fresh);
  // Another account is not concerned.
  auto b = account();
  expect_accepted_everywhere(b.token);
}

TEST_P(Tokens, SigningOutEverywhereRevokesEveryToken) {
  start();
  auto a = account();
  auto other_device = login(a.email, kPassword);
  expect_accepted_everywhere(other_device);
  auto response = api->call("POST", "/api/users/me/sign-out-everywhere", {}, a.token);
  EXPECT_EQ(response.status, 204) << response.body;
  EXPECT_TRUE(response.body.empty());
  expect_refused_everywhere(a.token);
  expect_refused_everywhere(other_device);
  auto fresh = login(a.email, kPassword);
  expect_accepted_everywhere(fresh);
  // An empty JSON object is accepted too.
  EXPECT_EQ(status("POST", "/api/users/me/sign-out-everywhere", fresh, "{}"), 204);
  expect_refused_everywhere(fresh);
}

TEST_P(Tokens, SigningOutEverywhereNeedsATokenAndAnEmptyBody) {
  start();
  auto a = account();
  EXPECT_EQ(status("POST", "/api/users/me/sign-out-everywhere", ""), 401);
  EXPECT_EQ(status("POST", "/api/users/me/sign-out-everywhere", "not-a-token"), 401);
  for (const std::string body :
       {"null", "[]", "\"everywhere\"", "42", "{", "{\"everywhere\":true}", "{\"everywhere\":null}"}) {
    auto response = api->call("POST", "/api/users/me/sign-out-everywhere", body, a.token);
    EXPECT_GE(response.status, 400) << body;
    EXPECT_LT(response.status, 500) << body;
    EXPECT_NE(response.status, 401) << body;
    EXPECT_EQ(response.header("Content-Type"), "application/problem+json") << body;
  }
  EXPECT_EQ(api->call("POST", "/api/users/me/sign-out-everywhere", "{\"everywhere\":true}", a.token).status, 422);
  // None of those signed anybody out.
  expect_accepted_everywhere(a.token);
}

TEST_P(Tokens, RenewalNeverPassesTheSignInsMaximumAge) {
  ::setenv("EVENTBOOK_SESSION_MAX_AGE", "3", 1);
  start();
  auto a = account();
  auto first = payload_of(a.token);
  const auto auth_time = first.at("auth_time").as_int64();
  EXPECT_LE(first.at("exp").as_int64(), auth_time + 3);
  auto renewed = api->call("POST", "/api/users/token", {}, a.token);
  ASSERT_EQ(renewed.status, 200) << renewed.body;
  auto body = json::parse(renewed.body).as_object();
  EXPECT_LE(body.at("expiresIn").as_int64(), 3);
  std::string token(body.at("token").as_string());
  auto claims = payload_of(token);
  EXPECT_EQ(claims.at("auth_time").as_int64(), auth_time);
  EXPECT_LE(claims.at("exp").as_int64(), auth_time + 3);
  // Once the sign-in is 3 s old, renewing is refused, whatever token is shown.
  EXPECT_TRUE(eventually([&] { return status("POST", "/api/users/token", token) == 401; }, kDeadline,
                         "renewal is refused after the sign-in's maximum age", std::chrono::milliseconds(250)));
  EXPECT_GE(core::now_seconds(), auth_time + 3);
  // Signing in again starts a new sign-in.
  auto fresh = login(a.email, kPassword);
  EXPECT_EQ(status("POST", "/api/users/token", fresh), 200);
}

TEST_P(Tokens, ATokenNotYetValidOrLivingTooLongIsRefused) {
  start();
  auto a = account();
  auto now = core::now_seconds();
  // Signed with the real key: the same claims without nbf are fine.
  auto good = forge({a.id, "attendee", now, now + 600, now, 0});
  expect_accepted_everywhere(good);
  auto not_yet = forge({a.id, "attendee", now, now + 600, now, 0, now + 300});
  EXPECT_EQ(status("GET", "/api/users/me", not_yet), 401);
  EXPECT_EQ(status("GET", "/api/bookings", not_yet), 401);
  EXPECT_EQ(status("GET", "/api/notifications", not_yet), 401);
  // Far longer than the token lifetime (3600 s by default, 30 days at most).
  auto long_lived = forge({a.id, "attendee", now, now + 60 * 24 * 3600, now, 0});
  EXPECT_EQ(status("GET", "/api/users/me", long_lived), 401);
  EXPECT_EQ(status("GET", "/api/bookings", long_lived), 401);
  EXPECT_EQ(status("GET", "/api/notifications", long_lived), 401);
}

INSTANTIATE_TEST_SUITE_P(Modes, Tokens, ::testing::Values(System::Mode::embedded, System::Mode::cluster), mode_name);

}  // namespace
}  // namespace eventbook::testing
