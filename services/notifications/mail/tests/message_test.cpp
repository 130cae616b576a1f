#include "notifications/mail/mailer.hpp"

#include "decode.hpp"
#include "entity.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace eventbook::notifications {
namespace {

using testing::boundary_of;
using testing::crlf;
using testing::decode_base64;
using testing::decode_encoded_words;
using testing::decode_quoted_printable;
using testing::parse;
using testing::Parsed;
using testing::parts_of;

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

// Bytes of every value, as a PNG holds them: nothing in them is text.
std::string image_bytes(int seed, std::size_t size) {
  std::string bytes;
  for (std::size_t i = 0; i < size; ++i) bytes += static_cast<char>((i * 31 + static_cast<std::size_t>(seed)) % 256);
  return bytes;
}

Mail mail_with_images() {
  Mail mail = sample_mail();
  mail.html = "<p>Your tickets:</p><img src=\"cid:ticket-1.b1@eventbook\"><img src=\"cid:ticket-2.b1@eventbook\">";
  mail.images = {{"ticket-1.b1@eventbook", "image/png", "ticket-1.png", image_bytes(1, 400)},
                 {"ticket-2.b1@eventbook", "image/png", "ticket-2.png", image_bytes(2, 57)}};
  return mail;
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
  mail.images = mail_with_images().images;
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

TEST(RenderMessage, CarriesInlineImagesWithTheHtmlInAMultipartRelated) {
  Mail mail = mail_with_images();
  Parsed message = parse(render_message(mail, kFrom, kNow));
  EXPECT_EQ(message.one("Content-Type").rfind("multipart/alternative;", 0), 0u) << message.one("Content-Type");
  std::string outer = boundary_of(message.one("Content-Type"));
  auto parts = parts_of(message.body, outer);
  ASSERT_EQ(parts.size(), 2u);

  Parsed text = parse(parts[0]);
  EXPECT_EQ(text.one("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(decode_quoted_printable(text.body), crlf(mail.text));

  Parsed related = parse(parts[1]);
  std::string content_type = related.one("Content-Type");
  EXPECT_EQ(content_type.rfind("multipart/related;", 0), 0u) << content_type;
  EXPECT_NE(content_type.find("type=\"text/html\""), std::string::npos) << content_type;
  std::string inner = boundary_of(content_type);
  ASSERT_FALSE(inner.empty());
  EXPECT_FALSE(inner.starts_with(outer) || outer.starts_with(inner)) << "one boundary begins the other";
  auto entities = parts_of(related.body, inner);
  ASSERT_EQ(entities.size(), 1 + mail.images.size());

  Parsed html = parse(entities[0]);
  EXPECT_EQ(html.one("Content-Type"), "text/html; charset=utf-8");
  std::string html_text = decode_quoted_printable(html.body);
  EXPECT_EQ(html_text, crlf(mail.html));

  for (std::size_t i = 0; i < mail.images.size(); ++i) {
    const auto& image = mail.images[i];
    Parsed part = parse(entities[i + 1]);
    EXPECT_EQ(part.one("Content-Type"), "image/png; name=\"" + image.filename + "\"");
    EXPECT_EQ(part.one("Content-Transfer-Encoding"), "base64");
    EXPECT_EQ(part.one("Content-ID"), "<" + image.content_id + ">");
    EXPECT_EQ(part.one("Content-Disposition"), "inline; filename=\"" + image.filename + "\"");
    EXPECT_NE(html_text.find("src=\"cid:" + image.content_id + "\""), std::string::npos) << image.content_id;
    std::string encoded;
    std::size_t start = 0;
    while (start <= part.body.size()) {
      auto end = std::min(part.body.find("\r\n", start), part.body.size());
      EXPECT_LE(end - start, 76u);
      encoded += part.body.substr(start, end - start);
      start = end + 2;
    }
    EXPECT_EQ(decode_base64(encoded), image.data) << image.filename;
  }
}

TEST(RenderMessage, RefusesInlineImagesItCannotLabel) {
  auto refused = [](auto change) {
    Mail mail = mail_with_images();
    change(mail.images[0]);
    return permanent_failure([&] { render_message(mail, kFrom, kNow); });
  };
  EXPECT_TRUE(refused([](InlineImage& image) { image.content_id = "no-at-sign"; }));
  EXPECT_TRUE(refused([](InlineImage& image) { image.content_id = "a@b>\r\nBcc: eve@evil.test"; }));
  EXPECT_TRUE(refused([](InlineImage& image) { image.content_id = "ticket-2.b1@eventbook"; }));  // twice
  EXPECT_TRUE(refused([](InlineImage& image) { image.filename = ""; }));
  EXPECT_TRUE(refused([](InlineImage& image) { image.filename = "a\".png"; }));
  EXPECT_TRUE(refused([](InlineImage& image) { image.filename = "a.png\r\nX-Evil: 1"; }));
  EXPECT_TRUE(refused([](InlineImage& image) { image.filename = std::string(65, 'a'); }));
  EXPECT_TRUE(refused([](InlineImage& image) { image.content_type = "png"; }));
  EXPECT_TRUE(refused([](InlineImage& image) { image.content_type = "image/png; charset=\"x\""; }));
}

TEST(RenderMessage, LeavesImagesOutOfAMailWithoutHtml) {
  Mail mail = mail_with_images();
  mail.html.clear();
  std::string rendered = render_message(mail, kFrom, kNow);
  EXPECT_EQ(parse(rendered).one("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(rendered.find("image/png"), std::string::npos);
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
