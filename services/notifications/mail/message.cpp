#include "notifications/mail/address.hpp"
#include "notifications/mail/mailer.hpp"
#include "notifications/mail/mime.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <set>

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
// the same apart from its Date. kind tells the nested multipart apart; it
// does not start with a hex digit, so neither boundary begins the other.
std::string boundary_for(std::string_view id, std::string_view kind = "") {
  std::uint64_t hash = 14695981039346656037ull;
  for (char c : id) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  // Quoted-printable never writes "=_" ('=' is always followed by a hex digit
  // or a line break), nor does base64, so this boundary cannot occur inside
  // any part.
  return std::string("=_eventbook_") + std::string(kind) + hex;
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

// Nothing in these would need quoting in a header parameter.
bool plain_name(std::string_view text, std::string_view punctuation, std::size_t longest) {
  return !text.empty() && text.size() <= longest && std::all_of(text.begin(), text.end(), [&](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || punctuation.find(c) != std::string_view::npos;
  });
}

// Header and body of an inline image, its content id already checked. The
// caller ends it, as for text_part.
std::string image_part(const InlineImage& image, const std::string& content_id) {
  constexpr std::size_t kLongestName = 64;
  auto slash = image.content_type.find('/');
  if (slash == std::string::npos ||
      !plain_name(std::string_view(image.content_type).substr(0, slash), "-.+", kLongestName) ||
      !plain_name(std::string_view(image.content_type).substr(slash + 1), "-.+", kLongestName)) {
    throw MailError("an inline image's content type is not of the form type/subtype", true);
  }
  if (!plain_name(image.filename, "-._", kLongestName)) {
    throw MailError("an inline image's file name is not up to 64 letters, digits, '.', '-' and '_'", true);
  }
  std::string out = "Content-Type: " + image.content_type + "; name=\"" + image.filename + "\"\r\n";
  out += "Content-Transfer-Encoding: base64\r\n";
  out += "Content-ID: " + content_id + "\r\n";
  out += "Content-Disposition: inline; filename=\"" + image.filename + "\"\r\n\r\n";
  out += mime::base64_lines(image.data);
  return out;
}

// The HTML part: the text entity alone, or multipart/related with the images
// it shows. The caller ends it, as for text_part.
std::string html_part(const Mail& mail, const std::string& id) {
  if (mail.images.empty()) {
    return text_part("html", mail.html);
  }
  std::string boundary = boundary_for(id, "related_");
  std::string out = "Content-Type: multipart/related; type=\"text/html\";\r\n boundary=\"" + boundary + "\"\r\n\r\n";
  out += "--" + boundary + "\r\n";
  out += text_part("html", mail.html);
  std::set<std::string> content_ids;
  for (const auto& image : mail.images) {
    std::string content_id;
    try {
      content_id = message_id(image.content_id);
    } catch (const MailError&) {
      throw MailError("an inline image's content id is not of the form left@right", true);
    }
    if (!content_ids.insert(content_id).second) {
      throw MailError("two inline images have the content id " + content_id, true);
    }
    out += "\r\n--" + boundary + "\r\n";
    out += image_part(image, content_id);
  }
  out += "\r\n--" + boundary + "--";
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
  out += html_part(mail, id);
  out += "\r\n--" + boundary + "--\r\n";
  return out;
}

}  // namespace eventbook::notifications
