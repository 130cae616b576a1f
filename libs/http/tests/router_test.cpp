#include "eventbook/http/router.hpp"
#include "eventbook/core/loop.hpp"

#include <gtest/gtest.h>

namespace eventbook::http {
namespace {

Handler named(std::string name) {
  return [name](Request&) -> core::Task<Response> { co_return Response::text(200, name); };
}

std::string run(const Router::Match& match) {
  Request request;
  return match.route ? core::run_blocking(match.route->handler(request)).body : "none";
}

TEST(Router, MatchesLiteralsBeforeParameters) {
  Router router;
  router.add("GET", "/api/users/{id}", named("by-id"));
  router.add("GET", "/api/users/me", named("me"));
  EXPECT_EQ(run(router.match("GET", "/api/users/me")), "me");
  auto match = router.match("GET", "/api/users/42");
  EXPECT_EQ(run(match), "by-id");
  EXPECT_EQ(match.params.at("id"), "42");
}

TEST(Router, ReportsAllowedMethodsWhenOnlyTheMethodIsWrong) {
  Router router;
  router.add("POST", "/api/users/register", named("register"));
  router.add("PATCH", "/api/users/me", named("patch"));
  router.add("GET", "/api/users/me", named("get"));
  auto match = router.match("DELETE", "/api/users/me");
  EXPECT_EQ(match.route, nullptr);
  EXPECT_EQ(match.allowed, (std::vector<std::string>{"PATCH", "GET"}));
  auto missing = router.match("GET", "/api/users/me/extra");
  EXPECT_EQ(missing.route, nullptr);
  EXPECT_TRUE(missing.allowed.empty());
  EXPECT_EQ(run(router.match("HEAD", "/api/users/me")), "get");
}

TEST(Router, RestParameterTakesTheRemainingPath) {
  Router router;
  router.add("*", "/api/users/{rest...}", named("proxy"));
  auto match = router.match("PUT", "/api/users/a/b/c");
  EXPECT_EQ(run(match), "proxy");
  EXPECT_EQ(match.params.at("rest"), "a/b/c");
  EXPECT_EQ(router.match("GET", "/api/events/1").route, nullptr);
}

TEST(Request, DecodesQueryParameters) {
  Request request;
  request.query_string = "q=rock%20night&limit=5&flag&city=New+York";
  EXPECT_EQ(request.query("q"), "rock night");
  EXPECT_EQ(request.query("limit"), "5");
  EXPECT_EQ(request.query("flag"), "");
  EXPECT_EQ(request.query("city"), "New York");
  EXPECT_EQ(request.query("missing"), std::nullopt);
}

}  // namespace
}  // namespace eventbook::http

TEST(PercentEncodingTest, EncodesAllButUnreservedAndDecodesBack) {
  EXPECT_EQ(eventbook::http::percent_encode("door+1@example.com"), "door%2B1%40example.com");
  EXPECT_EQ(eventbook::http::percent_encode("a-b.c_d~e"), "a-b.c_d~e");
  EXPECT_EQ(eventbook::http::percent_encode("a b/ü"), "a%20b%2F%C3%BC");
  for (std::string text : {"door+1@example.com", "a b/ü?&=#%"}) {
    EXPECT_EQ(eventbook::http::percent_decode(eventbook::http::percent_encode(text)), text);
  }
}
