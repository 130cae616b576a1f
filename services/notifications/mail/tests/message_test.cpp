#include "notifications/mail/mailer.hpp"

#include "decode.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace eventbook::notifications {
namespace {

using testing::crlf;
using testing::decode_encoded_words;
using testing::decode_quoted_printable;

constexpr const char* kFrom = "eventbook <no-reply@eventbook.local>";
constexpr std::int64_t kNow = 1700000000;  // Tue, 14 Nov 2023 22:13:20 UTC

Mail sample_mail() {
  Mail mail;
  mail.to = "ada@example.test";
  mail.to_name = "Ada Lovelace";
  mail.subject = "Your ticket";
  mail.text = "Hello Ada,\nyour seat is 12B.\n";
  mail.html = "<p>Hello Ada,</p>\n<p>your seat is <b>12B</b>.</p>\n";
  mail.message_id = "<notification-1@eventbook>";
  return mail;
}

struct Parsed {
  std::vector<std::pair<std::string, std::string>> headers;  // unfolded
  std::string body;

  std::vector<std::string> all(const std::string& name) const {
    std::vector<std::string> values;
    for (const auto& [key, value] : headers) {
      if (key == name) values.push_back(value);
    }
    return values;
  }
  std::string one(const std::string& name) const {
    auto values = all(name);
    if (values.size() != 1) {
      ADD_FAILURE() << name << " appears " << values.size() << " times";
      return {};
    }
    return values[0];
  }
};

// Splits an entity into its header fields and body (RFC 5322 2.1).
Parsed parse(const std::string& entity) {
  Parsed parsed;
  auto end = entity.find("\r\n\r\n");
  EXPECT_NE(end, std::string::npos) << "no blank line after the header";
  std::string head = entity.substr(0, end + 2);
  parsed.body = end == std::string::npos ? "" : entity.substr(end + 4);
  std::size_t start = 0;
  while (start < head.size()) {
    auto line_end = head.find("\r\n", start);
    std::string line = head.substr(start, line_end - start);
    start = line_end + 2;
    if (line.front() == ' ' || line.front() == '\t') {
      EXPECT_FALSE(parsed.headers.empty()) << "continuation line first";
      if (!parsed.headers.empty()) parsed.headers.back().second += line;
      continue;
    }
    auto colon = line.find(": ");
    EXPECT_NE(colon, std::string::npos) << "not a header field: " << line;
    if (colon == std::string::npos) continue;
    parsed.headers.emplace_back(line.substr(0, colon), line.substr(colon + 2));
  }
  return parsed;
}

std::string boundary_of(const std::string& content_type) {
  static constexpr std::string_view kKey = "boundary=\"";
  auto start = content_type.find(kKey);
  if (start == std::string::npos) return {};
  start += kKey.size();
  return content_type.substr(start, content_type.find('"', start) - start);
}

// The bodies of a multipart/alternative entity, in order.
std::vector<std::string> parts_of(const std::string& body, const std::string& boundary) {
  std::vector<std::string> parts;
  const std::string delimiter = "--" + boundary + "\r\n";
  const std::string closing = "\r\n--" + boundary + "--\r\n";
  EXPECT_EQ(body.rfind(closing), body.size() - closing.size()) << "no closing delimiter at the end";
  std::size_t start = body.find(delimiter);
  EXPECT_EQ(start, 0u) << "the body does not open with the delimiter";
  while (start != std::string::npos) {
    start += delimiter.size();
    auto next = body.find("\r\n" + delimiter, start);
    auto end = next == std::string::npos ? body.size() - closing.size() : next;
    parts.push_back(body.substr(start, end - start));
    start = next == std::string::npos ? next : next + 2;
  }
  return parts;
}

std::vector<std::string> header_names(const Parsed& parsed) {
  std::vector<std::string> names;
  for (const auto& header : parsed.headers) names.push_back(header.first);
  return names;
}

bool permanent_failure(const std::function<void()>& action) {
  try {
    action();
  } catch (const MailError& e) {
    return e.permanent();
  }
  ADD_FAILURE() << "expected a MailError";
  return false;
}

TEST(RenderMessage, WritesTheHeaders) {
  Parsed message = parse(render_message(sample_mail(), kFrom, kNow));
  EXPECT_EQ(header_names(message), (std::vector<std::string>{"Date", "From", "To", "Subject", "Message-ID",
                                                             "Auto-Submitted", "MIME-Version", "Content-Type"}));
  EXPECT_EQ(message.one("Date"), "Tue, 14 Nov 2023 22:13:20 +0000");
  EXPECT_EQ(message.one("From"), "\"eventbook\" <no-reply@eventbook.local>");
  EXPECT_EQ(message.one("To"), "\"Ada Lovelace\" <ada@example.test>");
  EXPECT_EQ(message.one("Subject"), "Your ticket");
  EXPECT_EQ(message.one("Message-ID"), "<notification-1@eventbook>");
  EXPECT_EQ(message.one("MIME-Version"), "1.0");
  EXPECT_EQ(message.one("Content-Type").rfind("multipart/alternative; boundary=\"=_eventbook_", 0), 0u)
      << message.one("Content-Type");
}

TEST(RenderMessage, UsesCrlfLineEndingsAndShortLines) {
  Mail mail = sample_mail();
  mail.subject = "Ваш билет на «Лебединое озеро» — 15 июня, начало в 19:00, Большой театр";
  mail.to_name = "Зоя Лебедева-Христорождественская, отдел продаж";
  mail.text = "line one\nline two\r\nline three\r" + std::string(300, 'x') + "\n";
  std::string message = render_message(mail, kFrom, kNow);
  ASSERT_GE(message.size(), 2u);
  EXPECT_EQ(message.substr(message.size() - 2), "\r\n");
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < message.size(); ++i) {
    if (message[i] == '\n') {
      ASSERT_TRUE(i > 0 && message[i - 1] == '\r') << "bare LF at " << i;
      EXPECT_LE(i - 1 - line_start, 78u) << message.substr(line_start, i - 1 - line_start);
      line_start = i + 1;
    }
    if (message[i] == '\r') {
      ASSERT_TRUE(i + 1 < message.size() && message[i + 1] == '\n') << "bare CR at " << i;
    }
  }
}

TEST(RenderMessage, CarriesBothPartsAsQuotedPrintableUtf8) {
  Mail mail = sample_mail();
  mail.text = "Grüße, Ada!\n" + std::string(100, '-') + "\n.\nFrom here on, 1 + 1 = 2 \n";
  mail.html = "<p>Grüße, <i>Ada</i>!</p>\n<p>" + std::string(100, '=') + "</p>";
  Parsed message = parse(render_message(mail, kFrom, kNow));
  std::string boundary = boundary_of(message.one("Content-Type"));
  ASSERT_FALSE(boundary.empty());
  auto parts = parts_of(message.body, boundary);
  ASSERT_EQ(parts.size(), 2u);

  Parsed text = parse(parts[0]);
  EXPECT_EQ(text.one("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(text.one("Content-Transfer-Encoding"), "quoted-printable");
  EXPECT_EQ(decode_quoted_printable(text.body), crlf(mail.text));

  Parsed html = parse(parts[1]);
  EXPECT_EQ(html.one("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(html.one("Content-Transfer-Encoding"), "quoted-printable");
  EXPECT_EQ(decode_quoted_printable(html.body), crlf(mail.html));

  EXPECT_EQ(message.body.find("\r\n.\r\n"), std::string::npos) << "a lone dot line would end the DATA";
}

TEST(RenderMessage, WritesTextOnlyWhenThereIsNoHtml) {
  Mail mail = sample_mail();
  mail.html.clear();
  std::string rendered = render_message(mail, kFrom, kNow);
  Parsed message = parse(rendered);
  EXPECT_EQ(message.one("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(message.one("Content-Transfer-Encoding"), "quoted-printable");
  EXPECT_EQ(decode_quoted_printable(message.body), crlf(mail.text));
  EXPECT_EQ(rendered.find("multipart"), std::string::npos);
  EXPECT_EQ(rendered.find("text/html"), std::string::npos);
}

TEST(RenderMessage, EncodesUtf8SubjectAndDisplayName) {
  Mail mail = sample_mail();
  mail.subject = "Ваш билет — «Лебединое озеро», 15 июня 🎟️";
  mail.to_name = "Zoë Ünal";
  Parsed message = parse(render_message(mail, kFrom, kNow));
  std::string subject = message.one("Subject");
  EXPECT_EQ(subject.rfind("=?UTF-8?B?", 0), 0u) << subject;
  EXPECT_EQ(decode_encoded_words(subject), mail.subject);

  std::string to = message.one("To");
  const std::string address = " <ada@example.test>";
  ASSERT_GT(to.size(), address.size());
  EXPECT_EQ(to.substr(to.size() - address.size()), address);
  EXPECT_EQ(decode_encoded_words(to.substr(0, to.size() - address.size())), "Zoë Ünal");
}

TEST(RenderMessage, WritesABareAddressWithoutADisplayName) {
  Mail mail = sample_mail();
  mail.to_name.clear();
  EXPECT_EQ(parse(render_message(mail, kFrom, kNow)).one("To"), "ada@example.test");
  EXPECT_EQ(parse(render_message(mail, "no-reply@eventbook.local", kNow)).one("From"), "no-reply@eventbook.local");
}

TEST(RenderMessage, StripsHeaderInjectionFromSubjectAndName) {
  Mail mail = sample_mail();
  mail.subject = "Hello\r\nBcc: eve@evil.test\r\n\r\nforged body";
  mail.to_name = "Ada\r\nBcc: eve@evil.test\nX-Evil: 1";
  mail.to = "ada@example.test\r\n";
  Parsed message = parse(render_message(mail, kFrom, kNow));
  EXPECT_EQ(header_names(message), (std::vector<std::string>{"Date", "From", "To", "Subject", "Message-ID",
                                                             "Auto-Submitted", "MIME-Version", "Content-Type"}));
  EXPECT_EQ(message.one("Subject"), "Hello Bcc: eve@evil.test forged body");
  EXPECT_EQ(message.one("To"), "\"Ada Bcc: eve@evil.test X-Evil: 1\" <ada@example.test>");
}

TEST(RenderMessage, RefusesRecipientsThatCouldAddAnother) {
  for (std::string to : {"ada@example.test\r\nBcc: eve@evil.test", "Ada <ada@example.test>",
                         "ada@example.test>, <eve@evil.test", "ada @example.test", "ada@example.test,eve@evil.test",
                         "ada", "@example.test", "ada@", "", "zoë@example.test", "a@b@c.test"}) {
    Mail mail = sample_mail();
    mail.to = to;
    EXPECT_TRUE(permanent_failure([&] { render_message(mail, kFrom, kNow); })) << to;
  }
}

TEST(RenderMessage, NormalisesOrRefusesTheMessageId) {
  Mail mail = sample_mail();
  mail.message_id = "notification-1@eventbook";
  EXPECT_EQ(parse(render_message(mail, kFrom, kNow)).one("Message-ID"), "<notification-1@eventbook>");
  mail.message_id = "<notification-1@eventbook>\r\n";
  EXPECT_EQ(parse(render_message(mail, kFrom, kNow)).one("Message-ID"), "<notification-1@eventbook>");
  for (std::string id : {"", "<>", "no-at-sign", "<a@b>\r\nBcc: eve@evil.test", "<a b@c>", "<a@b><c@d>"}) {
    mail.message_id = id;
    EXPECT_TRUE(permanent_failure([&] { render_message(mail, kFrom, kNow); })) << id;
  }
}

TEST(RenderMessage, RefusesAnUnusableFromMailbox) {
  for (std::string from : {"", "eventbook", "eventbook <no-reply@eventbook.local", "<a@b> trailing",
                           "eventbook <no reply@eventbook.local>"}) {
    EXPECT_TRUE(permanent_failure([&] { render_message(sample_mail(), from, kNow); })) << from;
  }
}

TEST(RenderMessage, IsTheSameForTheSameMailApartFromTheDate) {
  Mail mail = sample_mail();
  std::string first = render_message(mail, kFrom, kNow);
  EXPECT_EQ(render_message(mail, kFrom, kNow), first);
  std::string later = render_message(mail, kFrom, kNow + 3600);
  EXPECT_EQ(later.substr(later.find("\r\n")), first.substr(first.find("\r\n")));

  Mail other = mail;
  other.message_id = "<notification-2@eventbook>";
  EXPECT_NE(boundary_of(parse(render_message(other, kFrom, kNow)).one("Content-Type")),
            boundary_of(parse(first).one("Content-Type")));
}

}  // namespace
}  // namespace eventbook::notifications
