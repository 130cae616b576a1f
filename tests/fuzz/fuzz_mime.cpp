// The mail builder's header pieces with any text (an event title, a user
// name): a header value never breaks into a new header line, folded lines
// stay within RFC 5322's 998 characters, quoted-printable and base64 lines
// within 76.
#include "notifications/mail/mime.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

using namespace eventbook::notifications;

namespace {

void check_lines(const std::string& text, std::size_t longest, const char* what) {
  std::size_t start = 0;
  for (;;) {
    auto end = text.find("\r\n", start);
    auto line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (line.size() > longest) throw std::logic_error(std::string(what) + ": a line longer than allowed");
    if (line.find_first_of("\r\n") != std::string::npos)
      throw std::logic_error(std::string(what) + ": a bare CR or LF");
    if (end == std::string::npos) break;
    start = end + 2;
  }
}

// A header value may be folded: every line break is CRLF followed by white
// space, so that it continues the header instead of starting a new one.
void check_folded(const std::string& value, const char* what) {
  check_lines(value, 998, what);
  for (std::size_t at = value.find("\r\n"); at != std::string::npos; at = value.find("\r\n", at + 2)) {
    if (at + 2 >= value.size() || (value[at + 2] != ' ' && value[at + 2] != '\t')) {
      throw std::logic_error(std::string(what) + ": a line break that starts a new header");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto line = mime::single_line(text);
  if (line.find_first_of("\r\n") != std::string::npos) throw std::logic_error("single_line kept a line break");
  check_folded(mime::unstructured(text, 9), "unstructured");
  check_folded(mime::phrase(text), "phrase");
  check_lines(mime::quoted_printable(text), 76, "quoted_printable");
  (void)mime::base64(text);
  check_lines(mime::base64_lines(text), 76, "base64_lines");
  return 0;
}
