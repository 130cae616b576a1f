#include "gateway/handlers/static_site.hpp"

#include "eventbook/core/error.hpp"
#include "eventbook/core/log.hpp"

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace eventbook::gateway {

namespace {

constexpr std::string_view kPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

constexpr std::string_view kNotBuilt =
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>eventbook</title></head>"
    "<body><h1>eventbook</h1><p>The web UI has not been built. <code>make run</code> builds it "
    "(<code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>), or point <code>--web-root</code> at a "
    "built copy. The API answers under <a href=\"/api/events\">/api/</a>.</p></body></html>\n";

std::string content_type(const std::filesystem::path& path) {
  static const std::array<std::pair<std::string_view, std::string_view>, 16> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".webp", "image/webp"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".yaml", "application/yaml"},
      {".webmanifest", "application/manifest+json"},
      {".ics", "text/calendar; charset=utf-8"},
  }};
  auto extension = path.extension().string();
  for (const auto& [ext, type] : kTypes) {
    if (extension == ext) {
      return std::string(type);
    }
  }
  return "application/octet-stream";
}

bool has_extension(std::string_view path) {
  auto slash = path.rfind('/');
  auto name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return name.find('.') != std::string_view::npos;
}

}  // namespace

StaticSite::StaticSite(const std::filesystem::path& root) {
  std::error_code ec;
  std::size_t bytes = 0;
  for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_symlink() || !it->is_regular_file()) {
      continue;
    }
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    File file{content.str(), content_type(it->path()), {}};
    file.etag = http::etag_of(file.body);
    bytes += file.body.size();
    files_.emplace(std::filesystem::relative(it->path(), root).generic_string(), std::move(file));
  }
  built_ = files_.contains("index.html");
  auto where = std::filesystem::absolute(root).string();
  if (!built_) {
    core::log::warn("gateway", "web UI not built; serving a page that says how", {{"webRoot", where}});
    files_.emplace("index.html", File{std::string(kNotBuilt), "text/html; charset=utf-8", http::etag_of(kNotBuilt)});
    return;
  }
  core::log::info("gateway", "serving the web UI",
                  {{"webRoot", where},
                   {"files", static_cast<std::int64_t>(files_.size())},
                   {"bytes", static_cast<std::int64_t>(bytes)}});
}

http::Response StaticSite::serve(const http::Request& request) const {
  std::string_view path = request.path;
  bool docs = path == "/api/docs" || path.starts_with("/api/docs/");
  bool under_api = (path.starts_with("/api/") || path == "/api") && !docs;
  under_api = under_api || path.starts_with("/internal/") || path == "/internal";
  if (under_api) {
    throw core::ApiError::not_found("No resource at " + request.path + ".");
  }
  // The file a path names: /api/docs/x is api-docs/x; /api/docs itself is the folder.
  std::string key;
  if (docs && path.size() > std::string_view("/api/docs/").size()) {
    key = "api-docs/" + std::string(path.substr(std::string_view("/api/docs/").size()));
  } else if (docs) {
    key = path == "/api/docs" ? "api-docs" : "api-docs/index.html";
  } else {
    key = path.size() <= 1 ? "index.html" : std::string(path.substr(1));
  }
  if (request.method != "GET" && request.method != "HEAD") {
    // Only what exists as a file can be the wrong method; anything else is not here at all.
    if (!files_.contains(key)) {
      throw core::ApiError::not_found("No resource at " + request.path + ".");
    }
    auto response = http::Response::problem(
        core::ApiError(405, "method-not-allowed", request.method + " is not allowed here; use GET, HEAD."),
        request.path);
    response.set_header("Allow", "GET, HEAD");
    return response;
  }
  if (path == "/api/docs") {
    // Relative links inside the page need the trailing slash.
    http::Response redirect = http::Response::text(301, "Moved to /api/docs/\n");
    redirect.set_header("Location", "/api/docs/");
    return redirect;
  }
  if (auto found = files_.find(key); found != files_.end()) {
    return answer(request, key, found->second);
  }
  if (!has_extension(path) && !key.starts_with("api-docs/")) {
    return answer(request, "index.html", files_.at("index.html"));
  }
  throw core::ApiError::not_found("No file at " + request.path + ".");
}

http::Response StaticSite::answer(const http::Request& request, const std::string& key, const File& file) const {
  http::Response response;
  bool html = file.content_type.starts_with("text/html");
  // Vite names build output by content under assets/: such a name never changes meaning.
  bool immutable = key.starts_with("assets/");
  response.set_header("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  response.set_header("ETag", file.etag);
  if (html) {
    response.set_header("Content-Security-Policy", std::string(kPolicy));
    response.set_header("Cross-Origin-Opener-Policy", "same-origin");
  }
  if (http::matches_etag(request.header("If-None-Match"), file.etag)) {
    response.status = 304;
    return response;
  }
  response.status = 200;
  response.set_header("Content-Type", file.content_type);
  response.body = file.body;
  return response;
}

}  // namespace eventbook::gateway
