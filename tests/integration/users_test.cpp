// The users service end to end: the real eventbook binary on free ports,
// against SQLite (embedded mode, through the gateway too) and PostgreSQL.
#include "eventbook/auth/jwt.hpp"
#include "eventbook/core/clock.hpp"
#include "eventbook/core/id.hpp"
#include "eventbook/core/loop.hpp"
#include "eventbook/http/client.hpp"
#include "support/process.hpp"
#include "support/test_database.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <filesystem>
#include <regex>

namespace eventbook::testing {
namespace {

namespace json = boost::json;

class UsersApi : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    EVENTBOOK_REQUIRE_DATABASE(scratch);
    data_dir = std::filesystem::temp_directory_path() / ("eventbook-it-" + core::new_id());
    users_port = free_port();
    gateway_port = free_port();
    std::vector<std::string> common{"--access-log", "off", "--login-max-failures", "3"};
    if (GetParam() == "sqlite") {
      std::vector<std::string> args{"dev",
                                    "--data-dir",
                                    data_dir.string(),
                                    "--users-port",
                                    std::to_string(users_port),
                                    "--gateway-port",
                                    std::to_string(gateway_port)};
      args.insert(args.end(), common.begin(), common.end());
      processes.push_back(std::make_unique<Process>(EVENTBOOK_BINARY, args));
    } else {
      std::vector<std::string> users{"users",       "--port",     std::to_string(users_port), "--database-url",
                                     scratch.url(), "--data-dir", data_dir.string()};
      users.insert(users.end(), common.begin(), common.end());
      processes.push_back(std::make_unique<Process>(EVENTBOOK_BINARY, users));
      processes.push_back(std::make_unique<Process>(
          EVENTBOOK_BINARY,
          std::vector<std::string>{"gateway", "--port", std::to_string(gateway_port), "--users-url",
                                   "http://127.0.0.1:" + std::to_string(users_port), "--access-log", "off"}));
    }
    ASSERT_TRUE(wait_healthy(users_port)) << processes.front()->log();
    ASSERT_TRUE(wait_healthy(gateway_port)) << processes.back()->log();
    users = std::make_unique<http::Client>("http://127.0.0.1:" + std::to_string(users_port));
    gateway = std::make_unique<http::Client>("http://127.0.0.1:" + std::to_string(gateway_port));
  }

  void TearDown() override {
    for (auto it = processes.rbegin(); it != processes.rend(); ++it) {
      EXPECT_EQ((*it)->terminate(), 0) << (*it)->log();
    }
    processes.clear();
    std::filesystem::remove_all(data_dir);
  }

  http::ClientResponse send(const std::string& method, const std::string& path, const std::string& body = {},
                            const std::string& token = {}, http::Client* via = nullptr) {
    http::Headers headers{{"Content-Type", "application/json"}};
    if (!token.empty()) {
      headers.push_back({"Authorization", "Bearer " + token});
    }
    return core::run_blocking((via ? via : users.get())->request(method, path, headers, body));
  }

  // A unique account for this test: username, e-mail and password.
  struct Account {
    std::string username, email, password;
  };
  Account account() {
    std::string tag = core::new_id().substr(28);
    return {"user_" + tag, "user_" + tag + "@example.com", "correct horse battery"};
  }

  std::string register_body(const Account& a) {
    return json::serialize(json::object{{"username", a.username}, {"email", a.email}, {"password", a.password}});
  }
  std::string login_body(const std::string& email, const std::string& password) {
    return json::serialize(json::object{{"email", email}, {"password", password}});
  }

  std::string register_user(const Account& a) {
    auto response = send("POST", "/api/users/register", register_body(a));
    EXPECT_EQ(response.status, 201) << response.body;
    return json::parse(response.body).at("userId").as_string().c_str();
  }
  std::string login(const Account& a) {
    auto response = send("POST", "/api/users/login", login_body(a.email, a.password));
    EXPECT_EQ(response.status, 200) << response.body;
    return json::parse(response.body).at("token").as_string().c_str();
  }

  static void expect_problem(const http::ClientResponse& response, int status, const std::string& field = {}) {
    EXPECT_EQ(response.status, status) << response.body;
    EXPECT_EQ(response.header("Content-Type"), "application/problem+json") << response.body;
    auto body = json::parse(response.body).as_object();
    EXPECT_EQ(body.at("status").as_int64(), status);
    EXPECT_FALSE(body.at("detail").as_string().empty());
    if (!field.empty()) {
      bool named = false;
      for (const auto& error : body.at("errors").as_array()) {
        named = named || error.as_object().at("field").as_string() == field;
      }
      EXPECT_TRUE(named) << "field " << field << " not named in " << response.body;
    }
  }

  TestDatabase scratch{GetParam()};
  std::filesystem::path data_dir;
  std::uint16_t users_port = 0;
  std::uint16_t gateway_port = 0;
  std::vector<std::unique_ptr<Process>> processes;
  std::unique_ptr<http::Client> users;
  std::unique_ptr<http::Client> gateway;
};

TEST_P(UsersApi, RegisterAndLoginAnswerExactlyAsTheOriginalSystem) {
  auto a = account();
  auto registered = send("POST", "/api/users/register", register_body(a));
  ASSERT_EQ(registered.status, 201) << registered.body;
  std::smatch match;
  std::regex shape(R"re(\{"message":"User registered successfully!","userId":"([0-9a-f-]{36})"\})re");
  ASSERT_TRUE(std::regex_match(registered.body, match, shape)) << registered.body;
  std::string id = match[1];

  auto logged_in = send("POST", "/api/users/login", login_body(a.email, a.password));
  ASSERT_EQ(logged_in.status, 200) << logged_in.body;
  std::regex login_shape(R"re(\{"token":"([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)","user":\{"id":")re" + id +
                         R"re(","username":")re" + a.username + R"re(","email":")re" + a.email + R"re("\}\})re");
  ASSERT_TRUE(std::regex_match(logged_in.body, match, login_shape)) << logged_in.body;

  // The token verifies with the published key set and says who and what the caller is.
  auto jwks = send("GET", "/api/users/.well-known/jwks.json");
  ASSERT_EQ(jwks.status, 200);
  auth::Verifier verifier(auth::parse_jwks(jwks.body));
  auto claims = verifier.verify(match[1].str(), core::now_seconds());
  EXPECT_EQ(claims.sub, id);
  EXPECT_EQ(claims.role, "attendee");
  EXPECT_GT(claims.exp, claims.iat);
}

TEST_P(UsersApi, TheGatewayServesTheSameApi) {
  auto a = account();
  auto registered = send("POST", "/api/users/register", register_body(a), {}, gateway.get());
  ASSERT_EQ(registered.status, 201) << registered.body;
  auto logged_in = send("POST", "/api/users/login", login_body(a.email, a.password), {}, gateway.get());
  ASSERT_EQ(logged_in.status, 200) << logged_in.body;
  auto token = json::parse(logged_in.body).at("token").as_string();
  auto me = send("GET", "/api/users/me", {}, std::string(token), gateway.get());
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(json::parse(me.body).at("email").as_string(), a.email);
  auto missing = send("GET", "/api/users/nothing-here", {}, {}, gateway.get());
  expect_problem(missing, 404);
  EXPECT_EQ(send("GET", "/healthz", {}, {}, gateway.get()).status, 200);
  // The gateway is ready when the services behind it are; here only users runs
  // in the PostgreSQL variant, so look at its check alone.
  auto ready = send("GET", "/readyz", {}, {}, gateway.get());
  EXPECT_EQ(json::parse(ready.body).at("checks").at("users").as_string(), "ok") << ready.body;
}

TEST_P(UsersApi, DuplicatesAreRefusedWhateverTheCase) {
  auto a = account();
  register_user(a);
  auto same_email = a;
  same_email.username += "x";
  same_email.email = "USER" + a.email.substr(4);
  expect_problem(send("POST", "/api/users/register", register_body(same_email)), 409, "email");
  auto same_name = account();
  same_name.username = a.username;
  for (auto& c : same_name.username) c = static_cast<char>(std::toupper(c));
  expect_problem(send("POST", "/api/users/register", register_body(same_name)), 409, "username");
}

TEST_P(UsersApi, InvalidFieldsAreNamed) {
  auto a = account();
  auto with = [&](json::object body) { return send("POST", "/api/users/register", json::serialize(body)); };
  expect_problem(with({{"username", a.username}, {"email", "not-an-email"}, {"password", a.password}}), 422, "email");
  expect_problem(with({{"username", a.username}, {"email", a.email}, {"password", "short"}}), 422, "password");
  expect_problem(with({{"username", a.username}, {"email", a.email}, {"password", ""}}), 422, "password");
  expect_problem(with({{"username", "x"}, {"email", a.email}, {"password", a.password}}), 422, "username");
  expect_problem(with({{"email", a.email}, {"password", a.password}}), 422, "username");
  expect_problem(with({{"username", 42}, {"email", a.email}, {"password", a.password}}), 422, "username");
  expect_problem(with({{"username", a.username}, {"email", a.email}, {"password", true}}), 422, "password");
  expect_problem(with({{"username", a.username}, {"email", a.email}, {"password", a.password}, {"role", "admin"}}), 422,
                 "role");
  expect_problem(send("POST", "/api/users/login", R"({"email": ["a"], "password": 1})"), 422, "email");
  // Nothing of the above created an account.
  expect_problem(send("POST", "/api/users/login", login_body(a.email, a.password)), 401);
}

TEST_P(UsersApi, MalformedBodiesGetProblemsAndTheServerKeepsServing) {
  expect_problem(send("POST", "/api/users/register", "{\"username\": "), 400);
  expect_problem(send("POST", "/api/users/register", "[{\"username\": \"a\"}]"), 400);
  expect_problem(send("POST", "/api/users/register", std::string("\x00\x01\xfe\xff\x7f garbage", 13)), 400);
  expect_problem(send("POST", "/api/users/register", ""), 400);
  expect_problem(
      core::run_blocking(users->request("POST", "/api/users/register", {{"Content-Type", "text/plain"}}, "{}")), 415);
  std::string huge = "{\"username\":\"" + std::string(1024 * 1024, 'a') + "\"}";
  try {
    expect_problem(send("POST", "/api/users/register", huge), 413);
  } catch (const http::ClientError&) {
    // The server may close before the client has written the whole megabyte;
    // what matters is below: it still serves.
  }
  expect_problem(send("DELETE", "/api/users/login"), 405);
  auto a = account();
  register_user(a);
  EXPECT_FALSE(login(a).empty());
}

TEST_P(UsersApi, WrongPasswordAndUnknownEmailLookTheSame) {
  auto a = account();
  register_user(a);
  auto wrong = send("POST", "/api/users/login", login_body(a.email, "wrong password"));
  auto unknown = send("POST", "/api/users/login", login_body("nobody-" + a.email, "wrong password"));
  expect_problem(wrong, 401);
  expect_problem(unknown, 401);
  EXPECT_EQ(wrong.body, unknown.body);
}

TEST_P(UsersApi, RepeatedFailuresAreThrottledWithRetryAfter) {
  auto a = account();
  register_user(a);
  for (int i = 0; i < 3; ++i) {
    expect_problem(send("POST", "/api/users/login", login_body(a.email, "wrong password")), 401);
  }
  auto throttled = send("POST", "/api/users/login", login_body(a.email, a.password));
  expect_problem(throttled, 429);
  ASSERT_TRUE(throttled.header("Retry-After"));
  EXPECT_GT(std::stoi(*throttled.header("Retry-After")), 0);
  // Another account from elsewhere is not affected.
  auto b = account();
  register_user(b);
  EXPECT_FALSE(login(b).empty());
}

// The users service sits behind the gateway or nginx on this machine, so it
// takes the client address from the last X-Forwarded-For hop of a local peer.
TEST_P(UsersApi, AnAttackersFailuresElsewhereDoNotKeepTheOwnerOut) {
  auto a = account();
  register_user(a);
  auto login_from = [&](const std::string& address, const std::string& password) {
    http::Headers headers{{"Content-Type", "application/json"}, {"X-Forwarded-For", address}};
    return core::run_blocking(users->request("POST", "/api/users/login", headers, login_body(a.email, password)));
  };
  // The attacker (--login-max-failures 3): three failures, then delays.
  for (int i = 0; i < 3; ++i) {
    expect_problem(login_from("203.0.113.9", "wrong password"), 401);
  }
  auto held = login_from("203.0.113.9", "wrong password");
  expect_problem(held, 429);
  ASSERT_TRUE(held.header("Retry-After"));
  EXPECT_GT(std::stoi(*held.header("Retry-After")), 0);
  // Even the right password waits there...
  expect_problem(login_from("203.0.113.9", a.password), 429);
  // ...but the owner signs in from their own address, and again after failing once.
  EXPECT_EQ(login_from("198.51.100.7", a.password).status, 200);
  expect_problem(login_from("198.51.100.7", "wrong password"), 401);
  EXPECT_EQ(login_from("198.51.100.7", a.password).status, 200);
  // And from yet another address, through the gateway too.
  EXPECT_EQ(send("POST", "/api/users/login", login_body(a.email, a.password), {}, gateway.get()).status, 200);
}

TEST_P(UsersApi, ProfileNeedsAValidTokenAndNeverTakesARole) {
  auto a = account();
  auto id = register_user(a);
  auto token = login(a);
  auto me = send("GET", "/api/users/me", {}, token);
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(json::parse(me.body).at("id").as_string(), id);
  EXPECT_EQ(me.body.find("password"), std::string::npos);

  expect_problem(send("GET", "/api/users/me"), 401);
  expect_problem(send("GET", "/api/users/me", {}, "not.a.token"), 401);
  // A changed payload breaks the signature.
  auto dot = token.find('.');
  std::string tampered = token;
  tampered[dot + 3] = tampered[dot + 3] == 'A' ? 'B' : 'A';
  expect_problem(send("GET", "/api/users/me", {}, tampered), 401);
  // alg "none" with no signature.
  std::string none = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0" + token.substr(dot, token.rfind('.') - dot) + ".";
  expect_problem(send("GET", "/api/users/me", {}, none), 401);

  expect_problem(send("PATCH", "/api/users/me", R"({"role":"admin"})", token), 422, "role");
  auto renamed = send("PATCH", "/api/users/me", R"({"username":"renamed_)" + a.username.substr(5) + "\"}", token);
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(json::parse(renamed.body).at("role").as_string(), "attendee");
  expect_problem(send("PATCH", "/api/users/me", R"({"password":"a new password"})", token), 422, "currentPassword");
  auto changed =
      send("PATCH", "/api/users/me", R"({"password":"a new password","currentPassword":")" + a.password + "\"}", token);
  ASSERT_EQ(changed.status, 200) << changed.body;
  // The new password revoked every earlier token, this one included.
  expect_problem(send("GET", "/api/users/me", {}, token), 401);
  expect_problem(send("POST", "/api/users/token", {}, token), 401);
  expect_problem(send("POST", "/api/users/login", login_body(a.email, a.password)), 401);
  a.password = "a new password";
  auto fresh = login(a);
  EXPECT_EQ(send("GET", "/api/users/me", {}, fresh).status, 200);
}

TEST_P(UsersApi, AnAdministratorGrantsRolesFromTheCommandLine) {
  auto a = account();
  register_user(a);
  auto token = login(a);
  std::string url = GetParam() == "sqlite" ? (data_dir / "users.db").string() : scratch.url();
  auto granted = run(EVENTBOOK_BINARY, {"admin", "grant-role", a.email, "organizer", "--database-url", url});
  ASSERT_EQ(granted.exit_code, 0) << granted.output;
  auto unknown = run(EVENTBOOK_BINARY, {"admin", "grant-role", "nobody@example.com", "admin", "--database-url", url});
  EXPECT_EQ(unknown.exit_code, 1);
  auto bad_role = run(EVENTBOOK_BINARY, {"admin", "grant-role", a.email, "root", "--database-url", url});
  EXPECT_EQ(bad_role.exit_code, 2);

  auto refreshed = send("POST", "/api/users/token", {}, token);
  ASSERT_EQ(refreshed.status, 200) << refreshed.body;
  auto me = send("GET", "/api/users/me", {}, std::string(json::parse(refreshed.body).at("token").as_string()));
  EXPECT_EQ(json::parse(me.body).at("role").as_string(), "organizer");
}

TEST_P(UsersApi, HealthReadinessAndMetrics) {
  EXPECT_EQ(send("GET", "/healthz").status, 200);
  auto ready = send("GET", "/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(json::parse(ready.body).at("checks").at("database").as_string(), "ok");
  send("POST", "/api/users/login", "{}");
  auto metrics = send("GET", "/metrics");
  EXPECT_NE(metrics.body.find(R"(route="/api/users/login",method="POST",status="422")"), std::string::npos)
      << metrics.body;
}

// Password hashes, e-mail addresses and the signing key are on disk: the
// data directory and every file in it (SQLite's WAL included) are closed to
// group and others.
TEST_P(UsersApi, TheDataDirectoryAndItsFilesAreTheOwnersAlone) {
  namespace fs = std::filesystem;
  constexpr auto kShared = fs::perms::group_all | fs::perms::others_all;
  auto a = account();
  register_user(a);
  login(a);
  ASSERT_TRUE(fs::is_directory(data_dir));
  EXPECT_EQ(fs::status(data_dir).permissions() & kShared, fs::perms::none);
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(data_dir)) {
    if (entry.is_symlink()) continue;
    EXPECT_EQ(entry.status().permissions() & kShared, fs::perms::none) << entry.path();
    files += entry.is_regular_file() ? 1 : 0;
  }
  EXPECT_GT(files, 0) << "nothing was written to " << data_dir;
}

INSTANTIATE_TEST_SUITE_P(Engines, UsersApi, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

TEST(Command, BadConfigurationStopsWithOneClearLine) {
  auto result = run(EVENTBOOK_BINARY, {"users", "--port", "70000"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.output, "eventbook: invalid --port (EVENTBOOK_PORT) '70000': expected an integer from 0 to 65535\n");
  auto unknown = run(EVENTBOOK_BINARY, {"users", "--prot", "1"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.output, "eventbook: unknown option --prot (see --help)\n");
  auto help = run(EVENTBOOK_BINARY, {"users", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("--database-url"), std::string::npos);
}

}  // namespace
}  // namespace eventbook::testing
