#pragma once

#include <string>
#include <string_view>

// The addresses and ids that go into headers and SMTP commands, where a line
// break or a stray angle bracket would change the meaning.
namespace eventbook::notifications {

struct Mailbox {
  std::string name;  // on one line, may be empty
  std::string address;
};

// "Name <local@domain>", "\"Name\" <local@domain>" or a bare "local@domain".
// Throws a permanent MailError when the address is unusable.
Mailbox parse_mailbox(std::string_view text);

// The recipient address with CR and LF removed, checked to be a bare ASCII
// local@domain without spaces, angle brackets, commas or other characters
// that could smuggle in another recipient or header. Throws a permanent
// MailError otherwise.
std::string recipient_address(std::string_view to);

// The message id as "<left@right>", from the id with or without its angle
// brackets and with CR and LF removed. Throws a permanent MailError when it
// is not of that form.
std::string message_id(std::string_view id);

// "<text>", the form of an angle-addr and of a msg-id.
std::string angle_bracketed(std::string_view text);

}  // namespace eventbook::notifications
