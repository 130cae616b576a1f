#include "eventbook/core/csv.hpp"

namespace eventbook::core {

std::string csv_field(std::string_view text) {
  std::string value;
  value.reserve(text.size() + 3);
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
    value.push_back('\'');
  }
  value.append(text);
  // Every field quoted: it stays one cell whatever separator a spreadsheet
  // splits on (a semicolon, in many locales).
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

std::string csv_record(std::initializer_list<std::string_view> fields) {
  std::string record;
  bool first = true;
  for (auto field : fields) {
    if (!first) record.push_back(',');
    first = false;
    record += csv_field(field);
  }
  record += "\r\n";
  return record;
}

}  // namespace eventbook::core
