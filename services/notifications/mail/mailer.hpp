#pragma once

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace eventbook::notifications {

// An image the HTML part shows where it says <img src="cid:CONTENT-ID">.
struct InlineImage {
  std::string content_id;    // "left@right", as the HTML refers to it
  std::string content_type;  // "image/png"
  std::string filename;      // letters, digits, ".", "-" and "_" only, e.g. "ticket-1.png"
  std::string data;          // the image's bytes
};

struct Mail {
  std::string to;                   // recipient address
  std::string to_name;              // display name, may be empty
  std::string subject;              // UTF-8
  std::string text;                 // plain-text part, UTF-8
  std::string html;                 // HTML part, UTF-8; may be empty (then text only)
  std::string message_id;           // stable id, e.g. "<notification-id@eventbook>"; the same mail re-sent keeps it
  std::vector<InlineImage> images;  // shown by the HTML part; a mail without HTML has none
};

// A mail that was not delivered. Permanent failures (a recipient or message the
// server refused with 5xx, a malformed mail, a bad URL, refused credentials)
// will fail again as they are; the others (server down, timeouts, 4xx) are
// worth retrying later.
class MailError : public std::runtime_error {
 public:
  MailError(std::string what, bool permanent);

  bool permanent() const noexcept { return permanent_; }

 private:
  bool permanent_;
};

struct MailerOptions {
  // smtp://host:port or smtps://host:port, with user:password@ when the relay
  // wants a login. Plain smtp:// never upgrades to TLS.
  std::string smtp_url;
  std::string from = "eventbook <no-reply@eventbook.local>";
  // Bounds the whole exchange, connecting included.
  std::chrono::milliseconds timeout{10000};
};

// Hands one mail at a time to an SMTP relay. send() blocks for up to the
// timeout, so call it from a worker thread, never from an I/O thread. Safe to
// use from several threads at once: every send has its own connection.
class Mailer {
 public:
  // Throws core::ConfigError for a URL that is not smtp:// or smtps://, an
  // unusable from address or a timeout that is not positive.
  explicit Mailer(MailerOptions options);

  // Returns once the relay has accepted the mail; throws MailError otherwise.
  void send(const Mail& mail) const;

 private:
  MailerOptions options_;
  std::string from_address_;
};

// The RFC 5322 message for mail, dated now_seconds (Unix time): the text
// alone, or multipart/alternative with the HTML, which is multipart/related
// with the images when there are any. Throws a permanent MailError when the
// recipient, the from mailbox, the message id or an image's content id, type
// or file name is unusable.
std::string render_message(const Mail& mail, const std::string& from, std::int64_t now_seconds);

}  // namespace eventbook::notifications
