#include "notifications/mail/address.hpp"
#include "notifications/mail/mailer.hpp"
#include "notifications/mail/mime.hpp"

#include <array>
#include <cstdio>
#include <ctime>

namespace eventbook::notifications {

namespace {

// English names whatever the locale, as RFC 5322 wants them.
std::string rfc5322_date(std::int64_t now_seconds) {
  static constexpr std::array<const char*, 7> kDays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto seconds = static_cast<std::time_t>(now_seconds);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays.at(tm.tm_wday), tm.tm_mday,
                kMonths.at(tm.tm_mon), tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buffer;
}

std::string mailbox_header(std::string_view name, const std::string& address) {
  std::string display = mime::phrase(name);
  return display.empty() ? address : display + " " + angle_bracketed(address);
}

// The same id gives the same boundary, so a re-sent mail is byte for byte
// the same apart from its Date.
std::string boundary_for(std::string_view id) {
  std::uint64_t hash = 14695981039346656037ull;
  for (char c : id) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  // Quoted-printable never writes "=_" ('=' is always followed by a hex digit
  // or a line break), so this boundary cannot occur inside either part.
  return std::string("=_eventbook_") + hex;
}

// Header and body of a text entity. The caller ends it: before a multipart
// delimiter, the CRLF belongs to the delimiter.
std::string text_part(std::string_view subtype, std::string_view body) {
  std::string out = "Content-Type: text/";
  out += subtype;
  out += "; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n";
  out += mime::quoted_printable(body);
  return out;
}

}  // namespace

std::string render_message(const Mail& mail, const std::string& from, std::int64_t now_seconds) {
  Mailbox sender = parse_mailbox(from);
  std::string to = recipient_address(mail.to);
  std::string id = message_id(mail.message_id);

  std::string out;
  out += "Date: " + rfc5322_date(now_seconds) + "\r\n";
  out += "From: " + mailbox_header(sender.name, sender.address) + "\r\n";
  out += "To: " + mailbox_header(mail.to_name, to) + "\r\n";
  out += "Subject: " + mime::unstructured(mail.subject, std::string_view("Subject: ").size()) + "\r\n";
  out += "Message-ID: " + id + "\r\n";
  // RFC 3834: keeps vacation responders from answering notifications.
  out += "Auto-Submitted: auto-generated\r\n";
  out += "MIME-Version: 1.0\r\n";
  if (mail.html.empty()) {
    out += text_part("plain", mail.text);
    if (!out.ends_with("\r\n")) {
      out += "\r\n";
    }
    return out;
  }
  std::string boundary = boundary_for(id);
  out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  out += "--" + boundary + "\r\n";
  out += text_part("plain", mail.text);
  out += "\r\n--" + boundary + "\r\n";
  out += text_part("html", mail.html);
  out += "\r\n--" + boundary + "--\r\n";
  return out;
}

}  // namespace eventbook::notifications
