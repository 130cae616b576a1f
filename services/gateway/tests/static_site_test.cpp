#include "gateway/handlers/static_site.hpp"

#include "eventbook/core/error.hpp"
#include "eventbook/core/id.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace eventbook::gateway {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

class StaticSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base = fs::temp_directory_path() / ("eventbook-site-" + core::new_id());
    root = base / "dist";
    write(root / "index.html", "<!doctype html><title>eventbook</title>");
    write(root / "assets" / "index-3f2a.js", "console.log('app')");
    write(root / "assets" / "index-3f2a.css", "body{}");
    write(root / "favicon.svg", "<svg/>");
    write(root / "api-docs" / "index.html", "<!doctype html><title>API</title>");
    write(root / "api-docs" / "openapi.yaml", "openapi: 3.1.0");
    write(base / "secret.txt", "outside the root");
    fs::create_symlink(base / "secret.txt", root / "link.txt");
  }
  void TearDown() override { fs::remove_all(base); }

  static http::Request get(std::string path) {
    http::Request request;
    request.method = "GET";
    request.path = std::move(path);
    request.target = request.path;
    return request;
  }

  // The status of a request the site refuses by throwing.
  static int refused(const StaticSite& site, const http::Request& request) {
    try {
      site.serve(request);
    } catch (const core::ApiError& error) {
      return error.status();
    }
    return 0;
  }

  fs::path base, root;
};

TEST_F(StaticSiteTest, ServesTheIndexWithSecurityHeadersAndRevalidation) {
  StaticSite site(root);
  EXPECT_TRUE(site.built());
  auto response = site.serve(get("/"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "<!doctype html><title>eventbook</title>");
  EXPECT_EQ(response.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(response.header("Cache-Control"), "no-cache");
  EXPECT_NE(response.header("Content-Security-Policy")->find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(response.header("Cross-Origin-Opener-Policy"), "same-origin");
  ASSERT_TRUE(response.header("ETag"));

  auto again = get("/");
  again.headers.push_back({"If-None-Match", *response.header("ETag")});
  auto not_modified = site.serve(again);
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_TRUE(not_modified.body.empty());

  auto stale = get("/");
  stale.headers.push_back({"If-None-Match", "\"0000000000000000\""});
  EXPECT_EQ(site.serve(stale).status, 200);
}

TEST_F(StaticSiteTest, HashedAssetsAreImmutableAndTyped) {
  StaticSite site(root);
  auto script = site.serve(get("/assets/index-3f2a.js"));
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.body, "console.log('app')");
  EXPECT_EQ(script.header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(script.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_FALSE(script.header("Content-Security-Policy"));
  EXPECT_EQ(site.serve(get("/assets/index-3f2a.css")).header("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(site.serve(get("/favicon.svg")).header("Cache-Control"), "no-cache");
}

TEST_F(StaticSiteTest, UnknownPagesFallBackToTheIndexButMissingFilesAre404) {
  StaticSite site(root);
  auto page = site.serve(get("/events/0190a3c1-7d2e-7000-8000-000000000001"));
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body, "<!doctype html><title>eventbook</title>");
  EXPECT_EQ(refused(site, get("/assets/missing-1234.js")), 404);
  EXPECT_EQ(refused(site, get("/robots.txt")), 404);
}

TEST_F(StaticSiteTest, NothingOutsideTheRootIsReachable) {
  StaticSite site(root);
  // Request paths arrive percent-decoded, so these are also what %2e%2e%2f becomes.
  for (const char* path : {"/../secret.txt", "/assets/../../secret.txt", "//secret.txt", "/link.txt",
                           "/./index.html/../../secret.txt", "/..\\secret.txt"}) {
    SCOPED_TRACE(path);
    int status = 0;
    std::string body;
    try {
      auto response = site.serve(get(path));
      status = response.status;
      body = response.body;
    } catch (const core::ApiError& error) {
      status = error.status();
    }
    EXPECT_EQ(body.find("outside the root"), std::string::npos);
    EXPECT_TRUE(status == 404 || body == "<!doctype html><title>eventbook</title>") << status;
  }
  EXPECT_EQ(refused(site, get("/link.txt")), 404);
}

TEST_F(StaticSiteTest, ApiPathsAreNeverThePage) {
  StaticSite site(root);
  EXPECT_EQ(refused(site, get("/api/unknown")), 404);
  EXPECT_EQ(refused(site, get("/api")), 404);
  EXPECT_EQ(refused(site, get("/internal/reservations")), 404);
  auto post = get("/api/nothing-here");
  post.method = "POST";
  EXPECT_EQ(refused(site, post), 404);

  auto service_only = get("/internal/reservations");
  service_only.method = "POST";
  EXPECT_EQ(refused(site, service_only), 404);

  auto write_page = get("/");
  write_page.method = "POST";
  auto refused_method = site.serve(write_page);
  EXPECT_EQ(refused_method.status, 405);
  EXPECT_EQ(refused_method.header("Allow"), "GET, HEAD");
}

TEST_F(StaticSiteTest, ServesTheApiReferenceUnderApiDocs) {
  StaticSite site(root);
  auto redirect = site.serve(get("/api/docs"));
  EXPECT_EQ(redirect.status, 301);
  EXPECT_EQ(redirect.header("Location"), "/api/docs/");
  EXPECT_EQ(site.serve(get("/api/docs/")).body, "<!doctype html><title>API</title>");
  EXPECT_EQ(site.serve(get("/api/docs/openapi.yaml")).header("Content-Type"), "application/yaml");
  EXPECT_EQ(refused(site, get("/api/docs/missing")), 404);
  EXPECT_EQ(refused(site, get("/api/docsx")), 404);
}

TEST_F(StaticSiteTest, AMissingBuildServesAPageSayingHowToBuildIt) {
  StaticSite site(base / "not-built");
  EXPECT_FALSE(site.built());
  auto page = site.serve(get("/"));
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("make run"), std::string::npos);
}

}  // namespace
}  // namespace eventbook::gateway
