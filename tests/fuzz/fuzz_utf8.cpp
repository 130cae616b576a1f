// core::valid_utf8: whatever the bytes, the result is valid UTF-8 (Boost.JSON
// reads it inside a string), mending it again changes nothing, and valid
// text comes back as it was.
#include "eventbook/core/json.hpp"

#include <boost/json/parse.hpp>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

using namespace eventbook;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto mended = core::valid_utf8(text);
  if (core::valid_utf8(mended) != mended) throw std::logic_error("mending twice changed the text");
  std::string quoted = "\"";
  for (char c : mended) {
    // Only what JSON requires escaped, so that the bytes themselves are read.
    if (c == '"' || c == '\\') quoted += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      quoted += "\\u00";
      quoted += "0123456789abcdef"[(c >> 4) & 0xF];
      quoted += "0123456789abcdef"[c & 0xF];
      continue;
    }
    quoted += c;
  }
  quoted += '"';
  boost::json::error_code ec;
  auto value = boost::json::parse(quoted, ec);
  if (ec) throw std::logic_error("the mended text is not valid UTF-8: " + ec.message());
  if (mended == text) return 0;
  if (value.as_string() != mended) throw std::logic_error("the mended text did not read back as itself");
  return 0;
}
