#include "eventbook/bus/envelope.hpp"

#include <gtest/gtest.h>

namespace eventbook::bus {
namespace {

TEST(Envelope, RoundTripsThroughJson) {
  Envelope envelope{"id-1", "user.registered", "2026-01-01T00:00:00.000Z", "req-9",
                    boost::json::object{{"userId", "u1"}, {"n", 3}}};
  auto text = envelope.to_json();
  EXPECT_EQ(text,
            R"({"id":"id-1","type":"user.registered","occurredAt":"2026-01-01T00:00:00.000Z","requestId":"req-9",)"
            R"("data":{"userId":"u1","n":3}})");
  auto back = Envelope::from_json(text);
  EXPECT_EQ(back.id, "id-1");
  EXPECT_EQ(back.type, "user.registered");
  EXPECT_EQ(back.request_id, "req-9");
  EXPECT_EQ(back.data.at("n").as_int64(), 3);
}

TEST(Envelope, RejectsWhatIsNotAnEnvelope) {
  for (const char* bad :
       {"", "garbage", "[]", R"({"id":"x"})", R"({"id":1,"type":"t","occurredAt":"x","data":{}})",
        R"({"id":"x","type":"t","occurredAt":"x","data":[]})", R"({"id":"","type":"t","occurredAt":"x","data":{}})"}) {
    EXPECT_THROW(Envelope::from_json(bad), std::invalid_argument) << bad;
  }
  EXPECT_NO_THROW(Envelope::from_json(R"({"id":"x","type":"t","occurredAt":"x","data":{}})"));
}

}  // namespace
}  // namespace eventbook::bus
