// The embedded system's disk fills up under bookings: requests that cannot be
// written are answered 503 with a problem (never 500), /readyz says writes are
// failing, every booking answered 201 stays confirmed, the system recovers by
// itself once there is room, and every database file passes SQLite's
// integrity check.
#include "eventbook/core/id.hpp"
#include "eventbook/db/blocking.hpp"
#include "support/eventually.hpp"
#include "support/process.hpp"
#include "support/system.hpp"

#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>
#include <boost/json.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

namespace eventbook::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

// A tmpfs of `megabytes`, unmounted and removed at the end.
class SmallDisk {
 public:
  explicit SmallDisk(int megabytes) : path_(fs::temp_directory_path() / ("eventbook-disk-" + core::new_id())) {
    fs::create_directories(path_);
    const std::string options = "size=" + std::to_string(megabytes) + "m,mode=0700";
    if (::mount("tmpfs", path_.c_str(), "tmpfs", 0, options.c_str()) != 0) {
      why_not_ = std::string("cannot mount a tmpfs (") + std::strerror(errno) + "); needs root";
    }
  }
  ~SmallDisk() {
    if (why_not_.empty()) ::umount2(path_.c_str(), MNT_DETACH);
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const std::string& why_not() const noexcept { return why_not_; }
  const fs::path& path() const noexcept { return path_; }

  // Writes a file until the disk is full.
  void fill() {
    std::ofstream filler(path_ / "filler", std::ios::binary);
    const std::string chunk(64 * 1024, 'x');
    while (filler.write(chunk.data(), static_cast<std::streamsize>(chunk.size()))) filler.flush();
  }
  void free() { fs::remove(path_ / "filler"); }

 private:
  fs::path path_;
  std::string why_not_;
};

TEST(DiskFull, WritesAre503UntilThereIsRoomAndNothingConfirmedIsLost) {
  SmallDisk disk(24);
  if (!disk.why_not().empty()) GTEST_SKIP() << disk.why_not();
  const auto data = disk.path() / "data";
  const auto gateway = free_port();
  const auto bookings = free_port();
  Process server(EVENTBOOK_BINARY, {"dev", "--data-dir", data.string(), "--gateway-port", std::to_string(gateway),
                                    "--users-port", std::to_string(free_port()), "--events-port",
                                    std::to_string(free_port()), "--bookings-port", std::to_string(bookings),
                                    "--notifications-port", std::to_string(free_port()), "--access-log", "off"});
  ASSERT_TRUE(wait_healthy(gateway)) << server.log();
  Api api(gateway);
  const auto organizer = api.new_user_token();
  const auto attendee = api.new_user_token();
  auto created = api.call("POST", "/api/events",
                          json::serialize(json::object{{"title", "Disk full"},
                                                       {"description", "Bookings while the disk fills up."},
                                                       {"date", "2030-06-01"},
                                                       {"location", "Hall"},
                                                       {"availableSeats", 100000}}),
                          organizer);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string event = std::string(json::parse(created.body).at("eventId").as_string());
  const auto book = [&] {
    return api.call("POST", "/api/bookings", json::serialize(json::object{{"eventId", event}, {"seats", 1}}), attendee,
                    {{"Idempotency-Key", core::new_id()}});
  };
  std::set<std::string> confirmed;
  const auto note = [&](const http::ClientResponse& response) {
    if (response.status == 201) confirmed.insert(std::string(json::parse(response.body).at("bookingId").as_string()));
  };
  for (int i = 0; i < 5; ++i) note(book());
  ASSERT_EQ(confirmed.size(), 5u);

  disk.fill();
  int refused = 0;
  for (int i = 0; i < 40; ++i) {
    auto response = book();
    note(response);
    EXPECT_NE(response.status, 500) << response.body;
    if (response.status == 503) {
      ++refused;
      EXPECT_EQ(response.header("Content-Type"), "application/problem+json") << response.body;
      EXPECT_EQ(json::parse(response.body).at("status").as_int64(), 503) << response.body;
      EXPECT_EQ(response.header("Retry-After"), "1") << response.body;
    }
  }
  EXPECT_GT(refused, 0) << "a full disk refused no booking";
  Api bookings_service(bookings);
  auto ready = bookings_service.call("GET", "/readyz");
  EXPECT_EQ(ready.status, 503) << ready.body;
  EXPECT_EQ(json::parse(ready.body).at("checks").at("database"), "writes failing") << ready.body;
  EXPECT_EQ(api.call("GET", "/readyz").status, 503) << "the gateway's /readyz: the bookings service is not ready";

  disk.free();
  EXPECT_TRUE(eventually(
      [&] {
        auto response = book();
        note(response);
        return response.status == 201;
      },
      std::chrono::seconds(30), "bookings succeed again once there is room", std::chrono::milliseconds(200)));
  // Ready again once no commit has failed for 3 s.
  EXPECT_TRUE(eventually([&] { return bookings_service.call("GET", "/readyz").status == 200; },
                         std::chrono::seconds(30), "the bookings service's /readyz is 200 again",
                         std::chrono::milliseconds(500)));

  // Every booking answered 201 is there, confirmed.
  std::set<std::string> listed;
  std::string cursor;
  do {
    auto page = api.call("GET", "/api/bookings?limit=100" + (cursor.empty() ? std::string() : "&cursor=" + cursor), {},
                         attendee);
    ASSERT_EQ(page.status, 200) << page.body;
    auto body = json::parse(page.body).as_object();
    for (const auto& item : body.at("items").as_array()) {
      if (item.at("status").as_string() == "confirmed") listed.insert(std::string(item.at("id").as_string()));
    }
    cursor = body.at("nextCursor").is_string() ? std::string(body.at("nextCursor").as_string()) : std::string();
  } while (!cursor.empty());
  for (const auto& id : confirmed)
    EXPECT_TRUE(listed.contains(id)) << "booking " << id << " was answered 201 but is gone";

  EXPECT_EQ(server.terminate(), 0) << server.log();
  for (const auto& entry : fs::directory_iterator(data)) {
    if (entry.path().extension() != ".db") continue;
    auto database = db::Database::open(entry.path().string(), {.pool_size = 1});
    auto result = db::blocking::query(*database, "PRAGMA integrity_check");
    ASSERT_FALSE(result.rows.empty());
    EXPECT_EQ(result.rows.front().text(0), "ok") << entry.path();
  }
}

}  // namespace
}  // namespace eventbook::testing
