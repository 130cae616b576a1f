// The waiting room of an on-sale on both shapes of the system (two replicas
// of the queue service in the cluster): joining, admission at the event's
// rate, and bookings that need the pass of the buyer's own admission.
#include "eventbook/auth/jwt.hpp"
#include "eventbook/core/clock.hpp"
#include "eventbook/service/queue_pass.hpp"
#include "support/eventually.hpp"
#include "support/system.hpp"

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include <set>
#include <thread>

namespace eventbook::testing {
namespace {

namespace json = boost::json;

class WaitingRoom : public SystemTest {
 protected:
  // An event of `seats` seats whose on-sale is `in_ms` from now, through a
  // waiting room admitting `rate` a minute.
  std::string create_event(std::int64_t seats, std::int64_t in_ms, std::int64_t rate) {
    const auto opens = core::format_utc(core::now_ms() + in_ms).substr(0, 19) + "Z";
    json::object body{{"title", "On-sale"}, {"date", "2030-06-15"}, {"location", "Oslo"},    {"availableSeats", seats},
                      {"onSaleAt", opens},  {"waitingRoom", true},  {"admitPerMinute", rate}};
    auto response = api().call("POST", "/api/events", json::serialize(body), organizer);
    EXPECT_EQ(response.status, 201) << response.body;
    return std::string(json::parse(response.body).at("eventId").as_string());
  }
  http::ClientResponse join(const std::string& event_id, const std::string& token) {
    return api().call("POST", "/api/events/" + event_id + "/queue", {}, token);
  }
  json::object status(const std::string& event_id, const std::string& queue_id, const std::string& token) {
    auto response = api().call("GET", "/api/events/" + event_id + "/queue/" + queue_id, {}, token);
    EXPECT_EQ(response.status, 200) << response.body;
    return json::parse(response.body).as_object();
  }
  http::ClientResponse book(const std::string& route, const std::string& event_id, const std::string& token,
                            const std::string& pass) {
    http::Headers headers;
    if (!pass.empty()) headers.emplace_back("Queue-Pass", pass);
    return api().call("POST", route, json::serialize(json::object{{"eventId", event_id}, {"seats", 1}}), token,
                      headers);
  }
  static std::string problem_type(const http::ClientResponse& response) {
    return std::string(json::parse(response.body).at("type").as_string());
  }
  // The admissions a queue replica made, from its /metrics.
  std::int64_t admitted_by(std::uint16_t port) {
    Api replica(port);
    auto text = replica.call("GET", "/metrics").body;
    auto at = text.find("\neventbook_queue_admitted_total ");
    EXPECT_NE(at, std::string::npos) << text;
    return std::stoll(text.substr(at + std::string("\neventbook_queue_admitted_total ").size()));
  }
};

TEST_P(WaitingRoom, AdmitsEveryoneOnceAndBookingsNeedTheirOwnPass) {
  const auto event_id = create_event(20, 4000, 600);
  std::vector<std::string> tokens;
  std::vector<std::string> queue_ids;
  for (int n = 0; n < 6; ++n) {
    tokens.push_back(api().new_user_token());
    auto joined = join(event_id, tokens.back());
    ASSERT_EQ(joined.status, 201) << joined.body;
    auto entry = json::parse(joined.body).as_object();
    EXPECT_EQ(entry.at("state"), "waiting");
    EXPECT_TRUE(entry.at("position").is_null());  // drawn at the opening
    EXPECT_FALSE(entry.contains("pass"));
    queue_ids.push_back(std::string(entry.at("queueId").as_string()));
  }
  // Joining again, even many times at once, is the same entry.
  std::vector<std::thread> again;
  std::vector<std::string> seen(8);
  for (int n = 0; n < 8; ++n) {
    again.emplace_back([&, n] {
      Api own(system->gateway_port);
      auto response = own.call("POST", "/api/events/" + event_id + "/queue", {}, tokens[0]);
      if (response.status == 200) seen[n] = std::string(json::parse(response.body).at("queueId").as_string());
    });
  }
  for (auto& thread : again) thread.join();
  for (const auto& id : seen) EXPECT_EQ(id, queue_ids[0]);
  auto before = api().call("GET", "/api/events/" + event_id + "/queue/" + queue_ids[0], {}, tokens[0]);
  EXPECT_TRUE(before.header("Retry-After")) << "the server says when to ask again";

  // Someone else's place is nobody else's business; without a token, 401.
  auto stranger = api().new_user_token();
  EXPECT_EQ(api().call("GET", "/api/events/" + event_id + "/queue/" + queue_ids[0], {}, stranger).status, 404);
  EXPECT_EQ(api().call("GET", "/api/events/" + event_id + "/queue/" + queue_ids[0]).status, 401);
  EXPECT_EQ(api().call("POST", "/api/events/" + event_id + "/queue").status, 401);
  EXPECT_EQ(api().call("GET", "/api/events/" + event_id + "/queue/nothing-here", {}, tokens[0]).status, 404);
  EXPECT_EQ(api().call("GET", "/api/events/other/queue/" + queue_ids[0], {}, tokens[0]).status, 404);

  // Once on sale, a booking or hold without a pass is refused.
  ASSERT_TRUE(eventually(
      [&] {
        auto refused = book("/api/bookings", event_id, stranger, "");
        return refused.status == 403 && problem_type(refused) == "https://eventbook.dev/problems/queue-pass-required";
      },
      std::chrono::seconds(15), "bookings need a pass once the room admits"));
  EXPECT_EQ(book("/api/holds", event_id, stranger, "").status, 403);

  // Everyone is admitted (10 a second) with a pass of their own.
  std::vector<std::string> passes(tokens.size());
  ASSERT_TRUE(eventually(
      [&] {
        for (std::size_t n = 0; n < tokens.size(); ++n) {
          if (!passes[n].empty()) continue;
          auto entry = status(event_id, queue_ids[n], tokens[n]);
          if (entry.at("state") != "admitted") return false;
          passes[n] = std::string(entry.at("pass").as_string());
          EXPECT_TRUE(entry.contains("passExpiresAt"));
        }
        return true;
      },
      std::chrono::seconds(20), "everyone in the room is admitted"));

  // Another account's pass, a forged or an expired one: 403.
  auto refused = book("/api/bookings", event_id, stranger, passes[0]);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(book("/api/bookings", event_id, stranger, "not.a.pass").status, 403);
  auto key = auth::SigningKey::load_or_create(system->data_dir() / "keys" / "queue-ed25519.key");
  auto claims = json::parse(api().call("GET", "/api/users/me", {}, tokens[1]).body);
  const auto user_1 = std::string(claims.at("id").as_string());
  const auto now = core::now_seconds();
  EXPECT_EQ(
      book("/api/bookings", event_id, tokens[1], service::issue_queue_pass(key, user_1, event_id, now - 3600, now - 60))
          .status,
      403);
  // A pass of another event is no pass for this one.
  EXPECT_EQ(
      book("/api/bookings", event_id, tokens[1], service::issue_queue_pass(key, user_1, "other", now, now + 60)).status,
      403);
  // One's own: booked; a hold too.
  auto booked = book("/api/bookings", event_id, tokens[0], passes[0]);
  EXPECT_EQ(booked.status, 201) << booked.body;
  EXPECT_EQ(book("/api/holds", event_id, tokens[1], passes[1]).status, 201);
  // One purchase per admission.
  auto second = book("/api/bookings", event_id, tokens[0], passes[0]);
  EXPECT_EQ(second.status, 409) << second.body;
  EXPECT_EQ(problem_type(second), "https://eventbook.dev/problems/queue-pass-used");

  // Each admitted once, by whichever replica held the lease.
  std::int64_t admitted = admitted_by(system->queue_port);
  if (GetParam() == System::Mode::cluster) admitted += admitted_by(system->queue2_port);
  EXPECT_EQ(admitted, 6);

  // The organizer sees the room; nobody else does.
  auto room = api().call("GET", "/api/events/" + event_id + "/queue", {}, organizer);
  ASSERT_EQ(room.status, 200) << room.body;
  EXPECT_EQ(json::parse(room.body).at("joined"), 6);
  EXPECT_EQ(json::parse(room.body).at("admitted"), 6);
  EXPECT_EQ(api().call("GET", "/api/events/" + event_id + "/queue", {}, stranger).status, 404);
}

TEST_P(WaitingRoom, JoinsOnlyWhatHasARoomThatIsOpen) {
  auto token = api().new_user_token();
  // Not yet: the room opens 30 minutes before the on-sale.
  const auto later = create_event(5, 2 * 3600 * 1000, 60);
  auto early = join(later, token);
  ASSERT_EQ(early.status, 409) << early.body;
  EXPECT_EQ(problem_type(early), "https://eventbook.dev/problems/queue-not-open");
  EXPECT_TRUE(json::parse(early.body).as_object().contains("opensAt"));
  // No room at all, and no event at all.
  auto plain = api().call("POST", "/api/events",
                          R"({"title":"Plain","date":"2030-06-15","location":"Oslo","availableSeats":5})", organizer);
  auto plain_id = std::string(json::parse(plain.body).at("eventId").as_string());
  auto none = join(plain_id, token);
  EXPECT_EQ(none.status, 404) << none.body;
  EXPECT_EQ(problem_type(none), "https://eventbook.dev/problems/no-waiting-room");
  EXPECT_EQ(join("no-such-event", token).status, 404);
  // A body, when sent, must be JSON.
  const auto soon = create_event(5, 60'000, 60);
  EXPECT_EQ(api().call("POST", "/api/events/" + soon + "/queue", "not json", token).status, 400);
  EXPECT_EQ(api().call("POST", "/api/events/" + soon + "/queue", "{}", token).status, 201);
}

INSTANTIATE_TEST_SUITE_P(Modes, WaitingRoom, ::testing::Values(System::Mode::embedded, System::Mode::cluster),
                         mode_name);

}  // namespace
}  // namespace eventbook::testing
