#pragma once

#include "eventbook/core/id.hpp"
#include "eventbook/db/blocking.hpp"
#include "eventbook/db/database.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

namespace eventbook::testing {

// A throwaway database for one test: a temporary SQLite file, or a fresh
// schema in the PostgreSQL database named by EVENTBOOK_TEST_PG_URL.
class TestDatabase {
 public:
  // engine: "sqlite" or "postgres". Check available() before using it.
  explicit TestDatabase(const std::string& engine) {
    std::string suffix = core::new_id().substr(24);
    if (engine == "postgres") {
      const char* base = std::getenv("EVENTBOOK_TEST_PG_URL");
      if (base == nullptr || *base == '\0') {
        return;
      }
      admin_ = db::Database::open(base, {.pool_size = 1});
      schema_ = "t_" + suffix;
      db::blocking::exec(*admin_, "CREATE SCHEMA " + schema_);
      url_ = std::string(base) + (std::string(base).find('?') == std::string::npos ? "?" : "&") +
             "options=-csearch_path%3D" + schema_;
    } else {
      file_ = std::filesystem::temp_directory_path() / ("eventbook-test-" + suffix + ".db");
      url_ = file_.string();
    }
  }

  ~TestDatabase() {
    if (admin_) {
      db::blocking::exec(*admin_, "DROP SCHEMA " + schema_ + " CASCADE");
    }
    if (!file_.empty()) {
      for (const char* extra : {"", "-wal", "-shm"}) {
        std::filesystem::remove(file_.string() + extra);
      }
    }
  }

  bool available() const { return !url_.empty(); }
  const std::string& url() const { return url_; }

 private:
  std::unique_ptr<db::Database> admin_;
  std::string schema_;
  std::filesystem::path file_;
  std::string url_;
};

// Skips the calling test when the engine's server is not configured.
#define EVENTBOOK_REQUIRE_DATABASE(test_database)                                   \
  if (!(test_database).available()) {                                               \
    GTEST_SKIP() << "EVENTBOOK_TEST_PG_URL is not set; PostgreSQL variant not run"; \
  }

}  // namespace eventbook::testing
