// The gateway end to end: the web UI it serves (headers, caching, fallback,
// no way out of its folder), its answers for unknown /api paths, and what a
// client sees when a service behind it is down.
#include "eventbook/core/id.hpp"
#include "support/system.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <filesystem>
#include <fstream>

namespace eventbook::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

constexpr std::string_view kIndex = "<!doctype html><title>eventbook test page</title>";

class GatewayWebUi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    base_ = fs::temp_directory_path() / ("eventbook-web-" + core::new_id());
    auto root = base_ / "dist";
    fs::create_directories(root / "assets");
    fs::create_directories(root / "api-docs");
    std::ofstream(root / "index.html") << kIndex;
    std::ofstream(root / "assets" / "index-1a2b.js") << "console.log('ui')";
    std::ofstream(root / "api-docs" / "index.html") << "<!doctype html><title>API</title>";
    std::ofstream(base_ / "secret.txt") << "not for the web";
    system_ = std::make_unique<System>(System::Mode::embedded, std::vector<std::string>{"--web-root", root.string()});
    ASSERT_TRUE(system_->healthy()) << system_->log();
  }
  static void TearDownTestSuite() {
    system_.reset();
    fs::remove_all(base_);
  }
  Api& api() { return system_->api(); }

  static inline fs::path base_;
  static inline std::unique_ptr<System> system_;
};

TEST_F(GatewayWebUi, ServesThePageWithItsSecurityHeaders) {
  auto page = api().call("GET", "/");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body, kIndex);
  EXPECT_EQ(page.header("Content-Type"), "text/html; charset=utf-8");
  auto policy = page.header("Content-Security-Policy").value_or("");
  EXPECT_NE(policy.find("default-src 'self'"), std::string::npos) << policy;
  EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string::npos) << policy;
  EXPECT_EQ(policy.find("unsafe-inline"), std::string::npos) << policy;
  EXPECT_EQ(page.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(page.header("Referrer-Policy"), "strict-origin-when-cross-origin");
  EXPECT_EQ(page.header("Cache-Control"), "no-cache");

  auto again = api().call("GET", "/", {}, {}, {{"If-None-Match", page.header("ETag").value_or("none")}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
}

TEST_F(GatewayWebUi, CachesHashedAssetsAndFallsBackToThePageForUiRoutes) {
  auto script = api().call("GET", "/assets/index-1a2b.js");
  ASSERT_EQ(script.status, 200);
  EXPECT_EQ(script.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(script.header("Content-Type"), "text/javascript; charset=utf-8");

  auto route = api().call("GET", "/events/0190a3c1-7d2e-7000-8000-000000000001");
  EXPECT_EQ(route.status, 200);
  EXPECT_EQ(route.body, kIndex);
  EXPECT_EQ(api().call("GET", "/assets/gone-9z9z.js").status, 404);
}

TEST_F(GatewayWebUi, NoRequestPathLeavesTheFolder) {
  for (const char* target : {"/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/assets/..%2f..%2fsecret.txt",
                             "/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/assets/%2e%2e/%2e%2e/secret.txt"}) {
    SCOPED_TRACE(target);
    auto answer = api().call("GET", target);
    EXPECT_EQ(answer.body.find("not for the web"), std::string::npos);
    EXPECT_EQ(answer.body.find("root:"), std::string::npos);
    EXPECT_TRUE(answer.status == 404 || answer.status == 400 || answer.body == kIndex) << answer.status;
  }
}

TEST_F(GatewayWebUi, UnknownApiPathsAreProblemsNotThePage) {
  // /metrics too: the gateway's figures are on its private port, and the page is not served in their place.
  for (const char* target : {"/api/nothing", "/api/users/nothing-here", "/internal/reservations", "/metrics"}) {
    SCOPED_TRACE(target);
    auto answer = api().call("GET", target);
    EXPECT_EQ(answer.status, 404);
    EXPECT_EQ(answer.header("Content-Type"), "application/problem+json");
    EXPECT_EQ(answer.header("X-Content-Type-Options"), "nosniff");
  }
  // The seat inventory is for services: not even its method is told.
  EXPECT_EQ(api().call("POST", "/internal/reservations", "{}").status, 404);
  auto docs = api().call("GET", "/api/docs");
  EXPECT_EQ(docs.status, 301);
  EXPECT_EQ(docs.header("Location"), "/api/docs/");
  EXPECT_EQ(api().call("GET", "/api/docs/").body, "<!doctype html><title>API</title>");
}

TEST_F(GatewayWebUi, TheApiStillAnswersBesideThePage) {
  auto events = api().call("GET", "/api/events");
  ASSERT_EQ(events.status, 200);
  EXPECT_TRUE(json::parse(events.body).as_object().contains("items"));
  EXPECT_EQ(events.header("X-Content-Type-Options"), "nosniff");
}

// In the cluster shape the gateway is its own process and proxies.
TEST(GatewayProxy, ADownServiceIsA502ProblemAndComesBack) {
  if (auto reason = System::unavailable(System::Mode::cluster)) {
    GTEST_SKIP() << *reason;
  }
  System system(System::Mode::cluster);
  ASSERT_TRUE(system.healthy()) << system.log();
  auto token = system.api().new_user_token();
  ASSERT_EQ(system.api().call("GET", "/api/notifications", {}, token).status, 200);

  system.kill("notifications");
  auto down = system.api().call("GET", "/api/notifications", {}, token);
  EXPECT_EQ(down.status, 502) << down.body;
  EXPECT_EQ(down.header("Content-Type"), "application/problem+json");
  EXPECT_NE(down.body.find("upstream-unavailable"), std::string::npos) << down.body;
  EXPECT_TRUE(down.header("X-Request-Id"));
  EXPECT_EQ(down.header("X-Frame-Options"), "DENY");
  // The other services go on answering.
  EXPECT_EQ(system.api().call("GET", "/api/events").status, 200);

  system.start("notifications");
  ASSERT_TRUE(system.healthy()) << system.log();
  EXPECT_EQ(system.api().call("GET", "/api/notifications", {}, token).status, 200);
}

}  // namespace
}  // namespace eventbook::testing
