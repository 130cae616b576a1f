#pragma once

// A reader of MIME entities for checking rendered mail in tests, written
// from RFC 5322 and RFC 2046 and kept apart from the code under test.

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace eventbook::notifications::testing {

struct Parsed {
  std::vector<std::pair<std::string, std::string>> headers;  // unfolded
  std::string body;

  std::vector<std::string> all(const std::string& name) const {
    std::vector<std::string> values;
    for (const auto& [key, value] : headers) {
      if (key == name) values.push_back(value);
    }
    return values;
  }
  std::string one(const std::string& name) const {
    auto values = all(name);
    if (values.size() != 1) {
      ADD_FAILURE() << name << " appears " << values.size() << " times";
      return {};
    }
    return values[0];
  }
};

// Splits an entity into its header fields and body (RFC 5322 2.1).
inline Parsed parse(const std::string& entity) {
  Parsed parsed;
  auto end = entity.find("\r\n\r\n");
  EXPECT_NE(end, std::string::npos) << "no blank line after the header";
  std::string head = entity.substr(0, end + 2);
  parsed.body = end == std::string::npos ? "" : entity.substr(end + 4);
  std::size_t start = 0;
  while (start < head.size()) {
    auto line_end = head.find("\r\n", start);
    std::string line = head.substr(start, line_end - start);
    start = line_end + 2;
    if (line.front() == ' ' || line.front() == '\t') {
      EXPECT_FALSE(parsed.headers.empty()) << "continuation line first";
      if (!parsed.headers.empty()) parsed.headers.back().second += line;
      continue;
    }
    auto colon = line.find(": ");
    EXPECT_NE(colon, std::string::npos) << "not a header field: " << line;
    if (colon == std::string::npos) continue;
    parsed.headers.emplace_back(line.substr(0, colon), line.substr(colon + 2));
  }
  return parsed;
}

inline std::string boundary_of(const std::string& content_type) {
  static constexpr std::string_view kKey = "boundary=\"";
  auto start = content_type.find(kKey);
  if (start == std::string::npos) return {};
  start += kKey.size();
  return content_type.substr(start, content_type.find('"', start) - start);
}

// The entities of a multipart body, in order. A nested multipart ends with
// its close delimiter: the CRLF after it belongs to the enclosing delimiter.
inline std::vector<std::string> parts_of(const std::string& body, const std::string& boundary) {
  std::vector<std::string> parts;
  const std::string delimiter = "--" + boundary + "\r\n";
  std::string closing = "\r\n--" + boundary + "--";
  if (body.ends_with("\r\n")) closing += "\r\n";
  EXPECT_TRUE(body.ends_with(closing)) << "no closing delimiter at the end";
  std::size_t start = body.find(delimiter);
  EXPECT_EQ(start, 0u) << "the body does not open with the delimiter";
  while (start != std::string::npos) {
    start += delimiter.size();
    auto next = body.find("\r\n" + delimiter, start);
    auto end = next == std::string::npos ? body.size() - closing.size() : next;
    parts.push_back(body.substr(start, end - start));
    start = next == std::string::npos ? next : next + 2;
  }
  return parts;
}

}  // namespace eventbook::notifications::testing
