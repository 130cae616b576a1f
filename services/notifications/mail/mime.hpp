#pragma once

#include <cstddef>
#include <string>
#include <string_view>

// MIME building blocks for render_message; declared here for their unit tests.
namespace eventbook::notifications::mime {

// RFC 4648 base64 with padding and without line breaks.
std::string base64(std::string_view bytes);

// RFC 2045 base64 for a body: lines of 76 characters (the last may be
// shorter) joined by CRLF.
std::string base64_lines(std::string_view bytes);

// RFC 2045 quoted-printable. Every line break of text (CRLF, LF or a lone CR)
// becomes CRLF; no output line is longer than 76 characters.
std::string quoted_printable(std::string_view text);

// text on one line: each run of spaces and control characters, CR and LF
// included, becomes one space, and the ends are trimmed. What is left cannot
// start a new header, nor fold into a line of blanks.
std::string single_line(std::string_view text);

// The value of an unstructured header such as Subject: text made single_line,
// then folded so that lines stay within 78 characters where the words allow
// it. Text that is not plain ASCII becomes RFC 2047 encoded-words
// (=?UTF-8?B?...?=), none of them splitting a character. name_length is the
// length of "Subject: ".
std::string unstructured(std::string_view text, std::size_t name_length);

// A display name as an RFC 5322 phrase: name made single_line, then a quoted
// string when ASCII (folded at its spaces, so that lines stay within 78
// characters where the words allow it), encoded-words otherwise.
std::string phrase(std::string_view name);

}  // namespace eventbook::notifications::mime
