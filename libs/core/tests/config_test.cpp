#include "eventbook/core/config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace eventbook::core {
namespace {

TEST(Args, ReadsFlagsInBothForms) {
  Args args({"users", "--port", "7001", "--data-dir=/tmp/x", "--verbose"});
  EXPECT_EQ(args.positional(), std::vector<std::string>{"users"});
  EXPECT_EQ(args.port("port", 5001), 7001);
  EXPECT_EQ(args.get("data-dir"), "/tmp/x");
  EXPECT_TRUE(args.flag("verbose"));
  EXPECT_FALSE(args.flag("quiet"));
}

TEST(Args, FallsBackToTheEnvironment) {
  ::setenv("EVENTBOOK_SOME_SETTING", "from-env", 1);
  Args args({});
  EXPECT_EQ(args.get("some-setting"), "from-env");
  Args overridden({"--some-setting", "from-flag"});
  EXPECT_EQ(overridden.get("some-setting"), "from-flag");
  ::unsetenv("EVENTBOOK_SOME_SETTING");
  EXPECT_EQ(args.get("some-setting"), std::nullopt);
}

TEST(Args, RejectsBadNumbersWithOneClearLine) {
  Args args({"--port", "99999", "--workers", "ten"});
  try {
    args.port("port", 1);
    FAIL();
  } catch (const ConfigError& error) {
    EXPECT_EQ(std::string(error.what()),
              "invalid --port (EVENTBOOK_PORT) '99999': expected an integer from 0 to 65535");
  }
  EXPECT_THROW(args.integer("workers", 4, 1, 64), ConfigError);
}

TEST(Args, RejectsUnknownOptions) {
  Args args({"--port", "1", "--prot", "2"});
  EXPECT_THROW(args.allow_only({"port"}), ConfigError);
  EXPECT_NO_THROW(args.allow_only({"port", "prot"}));
}

}  // namespace
}  // namespace eventbook::core
