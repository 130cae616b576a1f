#pragma once

#include "eventbook/http/message.hpp"

#include <filesystem>
#include <map>
#include <string>

namespace eventbook::gateway {

// The built web UI, read into memory once at start. Only files found under
// the root when it was read can ever be served, so no request path (with
// "..", encoded slashes or symbolic links) reaches anything outside it.
//
// - Hashed build output under /assets/ is cached for a year (immutable);
//   everything else is revalidated (ETag, 304).
// - A path without a file name extension that names no file gets index.html,
//   so the UI's own routes (/events/42) survive a reload.
// - /api/docs/ serves the API reference from the root's api-docs/ folder.
class StaticSite {
 public:
  explicit StaticSite(const std::filesystem::path& root);

  // Whether the root held an index.html (otherwise a page saying how to build the UI is served).
  bool built() const noexcept { return built_; }
  std::size_t file_count() const noexcept { return files_.size(); }

  // GET or HEAD of a path outside /api/ (plus /api/docs).
  http::Response serve(const http::Request& request) const;

 private:
  struct File {
    std::string body;
    std::string content_type;
    std::string etag;
  };

  http::Response answer(const http::Request& request, const std::string& key, const File& file) const;

  std::map<std::string, File, std::less<>> files_;  // keyed by path relative to the root, '/'-separated
  bool built_ = false;
};

}  // namespace eventbook::gateway
