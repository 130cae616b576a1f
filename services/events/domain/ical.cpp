#include "events/domain/ical.hpp"

#include "eventbook/core/clock.hpp"

namespace eventbook::events {

namespace {

// 20250615T100000Z
std::string ical_time(std::int64_t ms) {
  auto iso = core::format_utc(ms);  // 2025-06-15T10:00:00.000Z
  return iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2) + "T" + iso.substr(11, 2) + iso.substr(14, 2) +
         iso.substr(17, 2) + "Z";
}

std::string escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Lines longer than 75 octets are folded (RFC 5545 section 3.1), never inside
// a UTF-8 sequence.
std::string fold(const std::string& line) {
  std::string out;
  std::size_t width = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    auto c = static_cast<unsigned char>(line[i]);
    bool continuation = (c & 0xC0) == 0x80;
    if (width >= 74 && !continuation) {
      out += "\r\n ";
      width = 1;
    }
    out += line[i];
    ++width;
  }
  return out + "\r\n";
}

}  // namespace

std::string to_ical(const Event& event, std::int64_t now_ms) {
  std::string out =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//eventbook//events//EN\r\nCALSCALE:GREGORIAN\r\n"
      "METHOD:PUBLISH\r\nBEGIN:VEVENT\r\n";
  out += fold("UID:" + event.id + "@eventbook");
  out += "DTSTAMP:" + ical_time(now_ms) + "\r\n";
  if (event.date.size() == 10) {
    std::string day = event.date.substr(0, 4) + event.date.substr(5, 2) + event.date.substr(8, 2);
    std::string next = ical_time(event.starts_at + 86'400'000).substr(0, 8);
    out += "DTSTART;VALUE=DATE:" + day + "\r\nDTEND;VALUE=DATE:" + next + "\r\n";
  } else {
    out += "DTSTART:" + ical_time(event.starts_at) + "\r\n";
  }
  out += fold("SUMMARY:" + escape(event.title));
  if (!event.description.empty()) out += fold("DESCRIPTION:" + escape(event.description));
  out += fold("LOCATION:" + escape(event.location));
  out += std::string("STATUS:") + (event.status == "cancelled" ? "CANCELLED" : "CONFIRMED") + "\r\n";
  out += "LAST-MODIFIED:" + ical_time(event.updated_at) + "\r\n";
  out += "END:VEVENT\r\nEND:VCALENDAR\r\n";
  return out;
}

}  // namespace eventbook::events
