// The gateway's static site resolver with any request path: whatever the
// path ("..", encoded slashes, NULs, a link inside the root pointing out of
// it), no answer carries a byte of a file outside the root.
#include "gateway/handlers/static_site.hpp"

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace {

using namespace eventbook;
namespace fs = std::filesystem;

constexpr char kSecret[] = "SECRET-OUTSIDE-THE-ROOT";

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

// A site root holding the usual files and a link out of it, next to a secret.
fs::path make_site() {
  auto base = fs::temp_directory_path() / ("eventbook-fuzz-site-" + std::to_string(::getpid()));
  fs::remove_all(base);
  write(base / "secret.txt", kSecret);
  auto root = base / "dist";
  write(root / "index.html", "<!doctype html><title>eventbook</title>");
  write(root / "assets" / "app-3f2a1b.js", "console.log('app')");
  write(root / "api-docs" / "index.html", "<title>API</title>");
  std::error_code ignored;
  fs::create_symlink(base / "secret.txt", root / "leak.txt", ignored);
  fs::create_directory_symlink(base, root / "up", ignored);
  return root;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const gateway::StaticSite site(make_site());
  http::Request request;
  request.method = size > 0 && (data[0] & 1) ? "HEAD" : "GET";
  request.path = std::string(reinterpret_cast<const char*>(data), size);
  request.target = request.path;
  try {
    auto response = site.serve(request);
    if (response.body.find(kSecret) != std::string::npos) {
      throw std::logic_error("a file outside the root was served for path " + request.path);
    }
  } catch (const core::ApiError&) {
    // 404 and the like.
  }
  return 0;
}
