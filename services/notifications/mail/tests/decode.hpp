#pragma once

// Decoders for checking the encoders in tests, written straight from the RFCs
// and kept apart from the code under test.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace eventbook::notifications::testing {

inline int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  throw std::invalid_argument(std::string("not an uppercase hex digit: ") + c);
}

inline std::string decode_base64(std::string_view text) {
  static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  if (text.size() % 4 != 0) throw std::invalid_argument("base64 length is not a multiple of 4");
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (char c : text) {
    if (c == '=') break;
    auto value = kAlphabet.find(c);
    if (value == std::string_view::npos) throw std::invalid_argument("not base64");
    bits = bits << 6 | static_cast<unsigned>(value);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>(bits >> count & 0xff);
    }
  }
  return out;
}

// RFC 2045 6.7: "=XX" is a byte, "=" before CRLF a soft line break.
inline std::string decode_quoted_printable(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '=') {
      out += text[i];
    } else if (text.substr(i + 1, 2) == "\r\n") {
      i += 2;
    } else {
      if (i + 2 >= text.size()) throw std::invalid_argument("truncated =XX");
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    }
  }
  return out;
}

// Joins the =?UTF-8?B?...?= words of a header value, dropping the folding
// white space between them as RFC 2047 6.2 asks.
inline std::string decode_encoded_words(std::string_view value) {
  std::string out;
  std::size_t i = 0;
  while (i < value.size()) {
    if (value[i] == '\r' || value[i] == '\n' || value[i] == ' ') {
      ++i;
      continue;
    }
    if (value.substr(i, 10) != "=?UTF-8?B?") throw std::invalid_argument("not an encoded-word");
    auto end = value.find("?=", i + 10);
    if (end == std::string_view::npos) throw std::invalid_argument("unterminated encoded-word");
    out += decode_base64(value.substr(i + 10, end - i - 10));
    i = end + 2;
  }
  return out;
}

inline bool valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead < 0x80           ? 1
                         : (lead >> 5) == 0x6  ? 2
                         : (lead >> 4) == 0xe  ? 3
                         : (lead >> 3) == 0x1e ? 4
                                               : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return false;
    }
    i += length;
  }
  return true;
}

// text with every line break as CRLF.
inline std::string crlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

}  // namespace eventbook::notifications::testing
