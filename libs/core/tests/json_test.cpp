#include "eventbook/core/json.hpp"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include <cmath>
#include <limits>
#include <optional>
#include <string>

namespace eventbook::core {
namespace {

int status_of(std::string_view body) {
  try {
    parse_object(body);
  } catch (const ApiError& error) {
    return error.status();
  }
  return 0;
}

TEST(ParseObject, RejectsWhatIsNotOneObject) {
  EXPECT_EQ(status_of(""), 400);
  EXPECT_EQ(status_of("{"), 400);
  EXPECT_EQ(status_of("[1,2]"), 400);
  EXPECT_EQ(status_of("\"text\""), 400);
  EXPECT_EQ(status_of(std::string("\x00\xff\xfe garbage", 11)), 400);
  EXPECT_EQ(status_of(std::string(100, '[') + std::string(100, ']')), 400);
  EXPECT_EQ(status_of("{\"a\":1}"), 0);
}

// The 400 parse_object throws for body, or nothing.
std::optional<ApiError> error_of(std::string_view body) {
  try {
    parse_object(body);
  } catch (const ApiError& error) {
    return error;
  }
  return std::nullopt;
}

TEST(ParseObject, RefusesAKeyGivenTwiceAtAnyDepth) {
  auto twice = error_of(R"({"seats":1,"seats":500})");
  ASSERT_TRUE(twice);
  EXPECT_EQ(twice->status(), 400);
  EXPECT_EQ(twice->code(), "duplicate-key");
  EXPECT_EQ(twice->detail(), "The request body gives \"seats\" more than once in one object.");
  ASSERT_EQ(twice->fields().size(), 1u);
  EXPECT_EQ(twice->fields()[0].field, "seats");
  EXPECT_EQ(twice->fields()[0].message, "is given more than once");

  EXPECT_EQ(status_of(R"({"price":{"amount":1,"currency":"EUR","amount":2}})"), 400);
  EXPECT_EQ(status_of(R"({"reservations":[{"seats":1},{"seats":2,"eventId":"e","seats":3}]})"), 400);
  EXPECT_EQ(status_of(R"({"a":1,"b":2,"a":1})"), 400);  // even with the same value
  // Escapes are read first: these two keys are the same.
  EXPECT_EQ(error_of(R"({"seats":1,"se\u0061ts":2})")->fields().at(0).field, "seats");
  // The same key in different objects, or at another depth, is no duplicate.
  EXPECT_EQ(status_of(R"({"a":{"x":1},"b":{"x":2},"x":{"x":{"x":3}}})"), 0);
  EXPECT_EQ(status_of(R"({"list":[{"x":1},{"x":2}]})"), 0);
}

TEST(ParseObject, FindsADuplicateAmongThousandsOfKeys) {
  std::string body = "{";
  for (int i = 0; i < 5000; ++i) body += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  EXPECT_EQ(status_of(body + "\"last\":0}"), 0);
  auto twice = error_of(body + "\"k4711\":0}");
  ASSERT_TRUE(twice);
  EXPECT_EQ(twice->fields().at(0).field, "k4711");
  EXPECT_EQ(parse_object(body + "\"last\":0}").size(), 5001u);
}

TEST(ParseObject, BuildsTheSameValueAndErrorsAsBoostJson) {
  const std::string body =
      R"({"a":[1,-2,2.5,"s\n\u00e9",true,false,null,{"b":{}}],"u":18446744073709551615,"e":"","big":1e300})";
  EXPECT_EQ(boost::json::value(parse_object(body)), boost::json::parse(body));
  for (std::string bad : {"{", "{\"a\":1} x", "{\"a\":01}", "{\"a\":\"\xff\"}", "{'a':1}", "{\"a\":1,}"}) {
    boost::json::error_code ec;
    boost::json::parse_options options;
    options.max_depth = 32;
    boost::json::parse(bad, ec, {}, options);
    ASSERT_TRUE(ec) << bad;
    auto error = error_of(bad);
    ASSERT_TRUE(error) << bad;
    EXPECT_EQ(error->detail(), "The request body is not valid JSON: " + ec.message() + ".") << bad;
  }
}

TEST(FieldReader, RefusesNullForAFieldThatIsNotNullable) {
  auto object = parse_object(R"({"title": null, "seats": null, "category": null, "eventId": null})");
  FieldReader reader(object, {"title", "seats", "category", "eventId"}, {"category"});
  EXPECT_EQ(reader.string("title", false), std::nullopt);
  EXPECT_EQ(reader.integer("seats", false), std::nullopt);
  EXPECT_EQ(reader.string("category", false), std::nullopt);  // null clears it: no problem
  EXPECT_EQ(reader.string("eventId", true), std::nullopt);    // null, not missing
  try {
    reader.finish();
    FAIL() << "finish() should throw";
  } catch (const ApiError& error) {
    EXPECT_EQ(error.status(), 422);
    ASSERT_EQ(error.fields().size(), 3u);
    EXPECT_EQ(error.fields()[0].field, "title");
    EXPECT_EQ(error.fields()[0].message, "must not be null");
    EXPECT_EQ(error.fields()[1].field, "seats");
    EXPECT_EQ(error.fields()[2].field, "eventId");
    EXPECT_EQ(error.fields()[2].message, "must not be null");
  }
  // Refused even when the handler never reads the field.
  FieldReader unread(object, {"title", "seats", "category", "eventId"}, {"category", "seats", "eventId"});
  EXPECT_FALSE(unread.ok());
}

TEST(FieldReader, RefusesControlCharactersInText) {
  auto object = parse_object(R"({"nul": "a\u0000b", "esc": "\u001b[31m", "del": "x\u007f", "tab": "a\tb",
                                 "lf": "one\ntwo", "crlf": "one\r\ntwo", "cr": "one\rtwo",
                                 "text": "Caf\u00e9 \u2013 ok"})");
  auto problem = [&](std::string_view name, FieldReader::Text kind) -> std::string {
    FieldReader reader(object, {"nul", "esc", "del", "tab", "lf", "crlf", "cr", "text"});
    auto value = reader.string(name, true, kind);
    if (reader.ok()) {
      EXPECT_TRUE(value) << name;
      return "";
    }
    EXPECT_FALSE(value) << name;
    try {
      reader.finish();
    } catch (const ApiError& error) {
      EXPECT_EQ(error.fields().at(0).field, name);
      return error.fields().at(0).message;
    }
    return "?";
  };
  const std::string one_line = "must not contain control characters";
  const std::string multi_line = "must not contain control characters other than line breaks and tabs";
  for (const char* name : {"nul", "esc", "del", "tab", "lf", "crlf", "cr"}) {
    EXPECT_EQ(problem(name, FieldReader::Text::line), one_line) << name;
  }
  EXPECT_EQ(problem("text", FieldReader::Text::line), "");
  for (const char* name : {"nul", "esc", "del", "cr"}) {
    EXPECT_EQ(problem(name, FieldReader::Text::lines), multi_line) << name;
  }
  for (const char* name : {"tab", "lf", "crlf", "text"}) {
    EXPECT_EQ(problem(name, FieldReader::Text::lines), "") << name;
  }
  for (const char* name : {"nul", "esc", "del", "tab", "lf", "crlf", "cr", "text"}) {
    EXPECT_EQ(problem(name, FieldReader::Text::secret), "") << name;
  }
}

TEST(FieldReader, CollectsEveryProblem) {
  auto object = parse_object(R"({"name": 5, "count": "x", "extra": true})");
  FieldReader reader(object, {"name", "count", "email"});
  EXPECT_FALSE(reader.string("name", true));
  EXPECT_FALSE(reader.integer("count", true));
  EXPECT_FALSE(reader.string("email", true));
  try {
    reader.finish();
    FAIL() << "finish() should throw";
  } catch (const ApiError& error) {
    EXPECT_EQ(error.status(), 422);
    ASSERT_EQ(error.fields().size(), 4u);
    EXPECT_EQ(error.fields()[0].field, "extra");
    EXPECT_EQ(error.fields()[1].field, "name");
    EXPECT_EQ(error.fields()[1].message, "must be a string");
    EXPECT_EQ(error.fields()[2].field, "count");
    EXPECT_EQ(error.fields()[3].field, "email");
    EXPECT_EQ(error.fields()[3].message, "is required");
  }
}

TEST(FieldReader, ReadsGoodValues) {
  auto object = parse_object(R"({"name": "x", "count": 3, "ratio": 2.5, "whole": 4.0, "on": false})");
  FieldReader reader(object, {"name", "count", "ratio", "whole", "on", "absent"});
  EXPECT_EQ(reader.string("name", true), "x");
  EXPECT_EQ(reader.integer("count", true), 3);
  EXPECT_EQ(reader.number("ratio", true), 2.5);
  EXPECT_EQ(reader.integer("whole", true), 4);
  EXPECT_EQ(reader.boolean("on", true), false);
  EXPECT_EQ(reader.string("absent", false), std::nullopt);
  EXPECT_TRUE(reader.ok());
  EXPECT_NO_THROW(reader.finish());
}

TEST(FieldReader, RejectsFractionsAndHugeIntegers) {
  auto object = parse_object(R"({"a": 1.5, "b": 18446744073709551615})");
  FieldReader reader(object, {"a", "b"});
  EXPECT_FALSE(reader.integer("a", true));
  EXPECT_FALSE(reader.integer("b", true));
  EXPECT_FALSE(reader.ok());
}

TEST(ProblemBody, HasTheRfc9457Members) {
  auto error = ApiError::validation({{"email", "is not an e-mail address"}});
  auto body = problem_body(error, "/api/users/register");
  EXPECT_EQ(body.at("status").as_int64(), 422);
  EXPECT_EQ(body.at("title").as_string(), "Unprocessable Content");
  EXPECT_EQ(body.at("detail").as_string(), "email: is not an e-mail address");
  EXPECT_EQ(body.at("errors").as_array().at(0).as_object().at("field").as_string(), "email");
  EXPECT_EQ(body.at("instance").as_string(), "/api/users/register");
}

TEST(Describe, SaysWhatTheErrorSays) {
  EXPECT_EQ(describe(std::make_exception_ptr(std::runtime_error("the broker is down"))), "the broker is down");
  EXPECT_EQ(describe(std::make_exception_ptr(ApiError(409, "sold-out", "Sold out."))), "Sold out.");
  EXPECT_EQ(describe(std::make_exception_ptr(42)), "unknown error");
  EXPECT_EQ(describe(nullptr), "no error");
}

TEST(ValidUtf8, KeepsWellFormedTextAsItIs) {
  const std::string text = "ascii, caf\xC3\xA9, \xE2\x82\xAC, \xF0\x9F\x8E\xAB, \xF4\x8F\xBF\xBF";
  EXPECT_EQ(valid_utf8(text), text);
  EXPECT_EQ(valid_utf8(""), "");
}

TEST(ValidUtf8, ReplacesEachByteThatStartsNoSequence) {
  const std::string kReplacement = "\xEF\xBF\xBD";
  EXPECT_EQ(valid_utf8("/api/events/\xFF\xFE"), "/api/events/" + kReplacement + kReplacement);
  EXPECT_EQ(valid_utf8("a\xC3"), "a" + kReplacement);                                 // cut short at the end
  EXPECT_EQ(valid_utf8("\xC3(b"), kReplacement + "(b");                               // a continuation byte missing
  EXPECT_EQ(valid_utf8("\xC0\xAF"), kReplacement + kReplacement);                     // overlong '/'
  EXPECT_EQ(valid_utf8("\xE0\x80\xAF"), kReplacement + kReplacement + kReplacement);  // overlong, 3 bytes
  EXPECT_EQ(valid_utf8("\xED\xA0\x80"), kReplacement + kReplacement + kReplacement);  // a UTF-16 surrogate
  EXPECT_EQ(valid_utf8("\xF4\x90\x80\x80"),
            kReplacement + kReplacement + kReplacement + kReplacement);  // above U+10FFFF
  EXPECT_EQ(valid_utf8("\x80ok"), kReplacement + "ok");                  // a lone continuation byte
}

TEST(ToJson, WritesValidUtf8WhateverTheStringsHold) {
  const auto text = to_json(boost::json::object{{"detail", "No event at /api/events/\xFF\xFE."}});
  EXPECT_EQ(text, "{\"detail\":\"No event at /api/events/\xEF\xBF\xBD\xEF\xBF\xBD.\"}");
  EXPECT_NO_THROW(boost::json::parse(text));  // Boost.JSON refuses invalid UTF-8 when it reads
}

TEST(ToJson, WritesNumbersAsTheShortestPlainDecimal) {
  EXPECT_EQ(to_json(boost::json::array{25.0, 12.5, 0.99, 0.1, -3.0, 1e21, 7, -7, std::uint64_t{18446744073709551615u}}),
            "[25,12.5,0.99,0.1,-3,1e+21,7,-7,18446744073709551615]");
  EXPECT_EQ(to_json(boost::json::array{std::numeric_limits<double>::infinity(), std::nan("")}), "[null,null]");
}

// Whatever it holds, what to_json writes is JSON that reads back as the same value.
TEST(ToJson, WritesWhatBoostJsonReadsBackAsTheSameValue) {
  const boost::json::value value = {
      {"text", "quote \" backslash \\ slash / tab \t newline \n cr \r bell \x07 nul " + std::string(1, '\0') +
                   " del \x7F caf\xC3\xA9 \xF0\x9F\x8E\xAB"},
      {"nested", {{"empty", boost::json::object{}}, {"list", boost::json::array{nullptr, true, false, 1.5}}}},
      {"", ""}};
  const auto text = to_json(value);
  EXPECT_EQ(boost::json::parse(text), value) << text;
  EXPECT_EQ(text.find('\x07'), std::string::npos) << "a control character written raw";
  EXPECT_NE(text.find("\\u0007"), std::string::npos) << text;
}

}  // namespace
}  // namespace eventbook::core
