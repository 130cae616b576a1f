#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace eventbook::core {

// CSV as spreadsheets open it: UTF-8 with a byte order mark first, records
// ending in CRLF, and every field quoted as RFC 4180 says (doubling quotes),
// so that a field stays one cell whatever separator a spreadsheet splits on.
inline constexpr std::string_view kCsvByteOrderMark = "\xEF\xBB\xBF";

// One field. A field a spreadsheet would take for a formula (starting with
// =, +, -, @, a tab or a carriage return) gets a leading apostrophe, so it
// shows as the text it is and never runs.
std::string csv_field(std::string_view text);

// One record of fields, CRLF included.
std::string csv_record(std::initializer_list<std::string_view> fields);

}  // namespace eventbook::core
