#include "eventbook/qr/qr.hpp"

#include "support/qr_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace eventbook::qr {
namespace {

using testing::read_qr_png;

// Ticket codes as the bookings service makes them: 26 characters of RFC 4648
// base32 without padding.
std::vector<std::string> ticket_codes() {
  static constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::vector<std::string> codes{"AAAAAAAAAAAAAAAAAAAAAAAAAA", "77777777777777777777777777",
                                 "MFRGGZDFMZTWQ2LKNNWG23TPOA"};
  std::mt19937 random(17);
  std::uniform_int_distribution<std::size_t> pick(0, kBase32.size() - 1);
  for (int i = 0; i < 5; ++i) {
    std::string code;
    for (int k = 0; k < 26; ++k) code += kBase32[pick(random)];
    codes.push_back(code);
  }
  return codes;
}

const std::string kLongUrl =
    "https://tickets.eventbook.example/events/0190f3a1-7c2e-7b4d-9a61-3f2d8c1e5b70/tickets/"
    "MFRGGZDFMZTWQ2LKNNWG23TPOA?utm_source=confirmation-mail&utm_medium=email&lang=en-GB#door";

std::string attribute(const std::string& svg, const std::string& name) {
  std::string key = " " + name + "=\"";
  auto start = svg.find(key);
  if (start == std::string::npos) return {};
  start += key.size();
  return svg.substr(start, svg.find('"', start) - start);
}

// Reads the path back the way a renderer would fill it: each subpath must be
// an axis-aligned rectangle, and no module may be filled twice. Returns the
// whole image, quiet zone included.
Matrix modules_of_svg(const std::string& svg) {
  std::string view_box = attribute(svg, "viewBox");
  int side = 0;
  EXPECT_EQ(std::sscanf(view_box.c_str(), "0 0 %d %*d", &side), 1) << view_box;
  Matrix image{side, std::vector<bool>(static_cast<std::size_t>(side) * side)};
  std::string d = attribute(svg, "d");

  std::size_t i = 0;
  auto number = [&] {
    std::size_t used = 0;
    int value = std::stoi(d.substr(i), &used);
    i += used;
    while (i < d.size() && (d[i] == ' ' || d[i] == ',')) ++i;
    return value;
  };
  int x = 0;
  int y = 0;
  int start_x = 0;
  int start_y = 0;
  std::vector<std::pair<int, int>> corners;
  while (i < d.size()) {
    char command = d[i++];
    switch (command) {
      case 'M':
      case 'm': {
        int dx = number();
        int dy = number();
        x = command == 'M' ? dx : start_x + dx;
        y = command == 'M' ? dy : start_y + dy;
        start_x = x;
        start_y = y;
        corners = {{x, y}};
        break;
      }
      case 'h':
        x += number();
        corners.emplace_back(x, y);
        break;
      case 'v':
        y += number();
        corners.emplace_back(x, y);
        break;
      case 'H':
        x = number();
        corners.emplace_back(x, y);
        break;
      case 'V':
        y = number();
        corners.emplace_back(x, y);
        break;
      case 'z':
      case 'Z': {
        int left = side, top = side, right = 0, bottom = 0;
        for (auto [cx, cy] : corners) {
          left = std::min(left, cx);
          top = std::min(top, cy);
          right = std::max(right, cx);
          bottom = std::max(bottom, cy);
        }
        for (auto [cx, cy] : corners) {
          EXPECT_TRUE((cx == left || cx == right) && (cy == top || cy == bottom)) << "not a rectangle near " << i;
        }
        EXPECT_TRUE(left >= 0 && top >= 0 && right <= side && bottom <= side) << "outside the viewBox near " << i;
        for (int my = top; my < bottom; ++my) {
          for (int mx = left; mx < right; ++mx) {
            auto index = static_cast<std::size_t>(my) * side + mx;
            EXPECT_FALSE(image.dark[index]) << "module " << mx << "," << my << " filled twice";
            image.dark[index] = true;
          }
        }
        x = start_x;
        y = start_y;
        break;
      }
      default:
        ADD_FAILURE() << "unexpected path command '" << command << "' at " << i - 1;
        return image;
    }
  }
  return image;
}

// The symbol inside the quiet zone, which must be all light.
Matrix without_quiet_zone(const Matrix& image) {
  Matrix symbol{image.size - 2 * kQuietZone, {}};
  for (int y = 0; y < image.size; ++y) {
    for (int x = 0; x < image.size; ++x) {
      bool inside = x >= kQuietZone && y >= kQuietZone && x < image.size - kQuietZone && y < image.size - kQuietZone;
      if (inside) {
        symbol.dark.push_back(image.at(x, y));
      } else {
        EXPECT_FALSE(image.at(x, y)) << "a dark module in the quiet zone at " << x << "," << y;
      }
    }
  }
  return symbol;
}

std::uint32_t big_endian(const std::string& bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t k = 0; k < 4; ++k) value = value << 8 | static_cast<unsigned char>(bytes.at(at + k));
  return value;
}

TEST(QrPng, ReadsBackAsEachTicketCode) {
  for (const auto& code : ticket_codes()) {
    EXPECT_EQ(read_qr_png(png(code)), code);
  }
}

TEST(QrPng, ReadsBackAsALongUrl) { EXPECT_EQ(read_qr_png(png(kLongUrl)), kLongUrl); }

TEST(QrPng, IsOneBitGrayscaleWithTheQuietZoneAtTheScaleAsked) {
  const std::string code = ticket_codes().at(3);
  int side = encode(code).size + 2 * kQuietZone;
  for (int scale : {1, 3, 8}) {
    std::string image = png(code, scale);
    ASSERT_GT(image.size(), 33u);
    EXPECT_EQ(image.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    EXPECT_EQ(image.substr(12, 4), "IHDR");
    EXPECT_EQ(big_endian(image, 16), static_cast<std::uint32_t>(side * scale)) << "width";
    EXPECT_EQ(big_endian(image, 20), static_cast<std::uint32_t>(side * scale)) << "height";
    EXPECT_EQ(image[24], 1) << "bit depth";
    EXPECT_EQ(image[25], 0) << "colour type: grayscale";
  }
  EXPECT_EQ(read_qr_png(png(code, 3)), code);
}

TEST(QrSvg, ReadsBackModuleForModuleAndThroughAReader) {
  std::vector<std::string> texts = ticket_codes();
  texts.push_back(kLongUrl);
  for (const auto& text : texts) {
    std::string image = svg(text);
    Matrix symbol = without_quiet_zone(modules_of_svg(image));
    Matrix expected = encode(text);
    ASSERT_EQ(symbol.size, expected.size) << text;
    EXPECT_EQ(symbol.dark, expected.dark) << text;
    EXPECT_EQ(read_qr_png(png(symbol, 4)), text);
  }
}

TEST(QrSvg, IsOneStandaloneImageForEveryReader) {
  const std::string code = ticket_codes().at(0);
  std::string image = svg(code);
  int side = encode(code).size + 2 * kQuietZone;
  EXPECT_EQ(image.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u) << image;
  EXPECT_TRUE(image.ends_with("</svg>"));
  EXPECT_EQ(attribute(image, "viewBox"), "0 0 " + std::to_string(side) + " " + std::to_string(side));
  EXPECT_EQ(attribute(image, "width"), std::to_string(side * kDefaultScale));
  EXPECT_EQ(attribute(image, "height"), std::to_string(side * kDefaultScale));
  EXPECT_EQ(attribute(image, "shape-rendering"), "crispEdges");
  EXPECT_EQ(attribute(image, "role"), "img");
  EXPECT_EQ(attribute(image, "aria-label"), "QR code: " + code);
  EXPECT_EQ(attribute(image, "fill"), "#fff");
  auto paths = [&] {
    std::size_t count = 0;
    for (auto at = image.find("<path"); at != std::string::npos; at = image.find("<path", at + 1)) ++count;
    return count;
  };
  EXPECT_EQ(paths(), 1u);
  EXPECT_EQ(image.find('\n'), std::string::npos);
  EXPECT_EQ(svg(code), image) << "the same text, the same image";
}

TEST(QrSvg, EscapesTheLabelAndLeavesOutTextThatIsNotPlain) {
  std::string text = "<b a=\"1\">&'</b>";
  EXPECT_EQ(attribute(svg(text), "aria-label"), "QR code: &lt;b a=&quot;1&quot;&gt;&amp;&#39;&lt;/b&gt;");
  EXPECT_EQ(attribute(svg("Zo\xc3\xab"), "aria-label"), "QR code");
  EXPECT_EQ(attribute(svg("line\nbreak"), "aria-label"), "QR code");
}

TEST(QrEncode, UsesTheAlphanumericModeWhenTheTextAllows) {
  // 60 characters: alphanumeric at level M fits version 3 (29 modules); the
  // same length byte by byte needs version 4 (33 modules).
  std::string upper;
  for (int i = 0; i < 60; ++i) upper += "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[i % 32];
  std::string lower = upper;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(encode(upper).size, 29);
  EXPECT_EQ(encode(lower).size, 33);
  EXPECT_EQ(read_qr_png(png(upper)), upper);
  EXPECT_EQ(read_qr_png(png(lower)), lower);
}

TEST(QrEncode, TakesBytesUpToTheLimit) {
  std::string longest(kMaxTextBytes, 'x');
  EXPECT_EQ(read_qr_png(png(longest)), longest);
  std::string with_nul("a\0b", 3);
  EXPECT_GT(encode(with_nul).size, 0);
}

TEST(QrEncode, RefusesEmptyAndTooLongText) {
  std::string too_long(kMaxTextBytes + 1, 'x');
  for (const std::string& text : {std::string(), too_long}) {
    EXPECT_THROW(encode(text), std::invalid_argument);
    EXPECT_THROW(svg(text), std::invalid_argument);
    EXPECT_THROW(png(text), std::invalid_argument);
  }
  try {
    png(too_long);
    ADD_FAILURE() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("256"), std::string::npos) << e.what();
  }
}

TEST(QrPng, RefusesAScaleOutOfRange) {
  EXPECT_THROW(png("ABC", 0), std::invalid_argument);
  EXPECT_THROW(png("ABC", -1), std::invalid_argument);
  EXPECT_THROW(png("ABC", kMaxScale + 1), std::invalid_argument);
  EXPECT_NO_THROW(png("ABC", kMaxScale));
  EXPECT_THROW(png(Matrix{3, std::vector<bool>(8)}), std::invalid_argument);
}

}  // namespace
}  // namespace eventbook::qr
