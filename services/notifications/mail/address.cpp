#include "notifications/mail/address.hpp"

#include "notifications/mail/mailer.hpp"
#include "notifications/mail/mime.hpp"

#include <algorithm>
#include <iterator>

namespace eventbook::notifications {

namespace {

constexpr std::size_t kMaxAddress = 254;
constexpr std::size_t kMaxMessageId = 250;
constexpr std::string_view kForbidden = "<>()[],;:\\\"";

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// text without CR and LF, and without blanks at either end.
std::string one_token(std::string_view text) {
  std::string out;
  std::copy_if(text.begin(), text.end(), std::back_inserter(out), [](char c) { return c != '\r' && c != '\n'; });
  return std::string(trim(out));
}

// left@right, both sides non-empty, with one '@'.
bool one_at_sign(std::string_view text) {
  auto at = text.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < text.size() &&
         text.find('@', at + 1) == std::string_view::npos;
}

// A bare local@domain, ASCII only: non-ASCII addresses would need SMTPUTF8,
// which is not negotiated.
bool plain_address(std::string_view address) {
  if (address.size() < 3 || address.size() > kMaxAddress) {
    return false;
  }
  bool allowed = std::all_of(address.begin(), address.end(), [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return byte > ' ' && byte < 0x7f && kForbidden.find(c) == std::string_view::npos;
  });
  return allowed && one_at_sign(address);
}

std::string unquote(std::string_view name) {
  if (name.size() < 2 || name.front() != '"' || name.back() != '"') {
    return std::string(name);
  }
  std::string out;
  for (std::size_t i = 1; i + 1 < name.size(); ++i) {
    if (name[i] == '\\' && i + 2 < name.size()) {
      ++i;
    }
    out += name[i];
  }
  return out;
}

}  // namespace

Mailbox parse_mailbox(std::string_view text) {
  text = trim(text);
  Mailbox mailbox;
  auto open = text.rfind('<');
  if (open == std::string_view::npos) {
    mailbox.address = std::string(text);
  } else {
    auto close = text.find('>', open);
    if (close == std::string_view::npos || !trim(text.substr(close + 1)).empty()) {
      throw MailError("the from mailbox is not of the form \"Name <local@domain>\"", true);
    }
    mailbox.name = mime::single_line(unquote(trim(text.substr(0, open))));
    mailbox.address = std::string(text.substr(open + 1, close - open - 1));
  }
  if (!plain_address(mailbox.address)) {
    throw MailError("the from address is not a plain ASCII local@domain address", true);
  }
  return mailbox;
}

std::string recipient_address(std::string_view to) {
  std::string address = one_token(to);
  if (!plain_address(address)) {
    throw MailError("the recipient is not a plain ASCII local@domain address", true);
  }
  return address;
}

std::string message_id(std::string_view id) {
  std::string token = one_token(id);
  std::string_view bare = token;
  if (bare.size() >= 2 && bare.front() == '<' && bare.back() == '>') {
    bare = bare.substr(1, bare.size() - 2);
  }
  bool printable = std::all_of(bare.begin(), bare.end(), [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return byte > ' ' && byte < 0x7f && c != '<' && c != '>';
  });
  if (!printable || bare.size() > kMaxMessageId || !one_at_sign(bare)) {
    throw MailError("the message id is not of the form <left@right>", true);
  }
  return angle_bracketed(bare);
}

// Appended piece by piece: g++ 12 at -O3 warns (-Wrestrict, GCC bug 105651)
// on "<" + std::string + ">".
std::string angle_bracketed(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '<';
  out += text;
  out += '>';
  return out;
}

}  // namespace eventbook::notifications
