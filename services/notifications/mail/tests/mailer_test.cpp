#include "notifications/mail/mailer.hpp"

#include "eventbook/core/clock.hpp"
#include "eventbook/core/config.hpp"
#include "eventbook/qr/qr.hpp"
#include "support/qr_reader.hpp"

#include "decode.hpp"
#include "entity.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace eventbook::notifications {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr const char* kUrlVariable = "EVENTBOOK_TEST_SMTP_URL";
constexpr const char* kDirVariable = "EVENTBOOK_TEST_SMTP_DIR";

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::string without_cr(std::string text) {
  std::erase(text, '\r');
  return text;
}

// Test-unique, so that suites running side by side against the same server
// find their own mail.
std::string unique(const std::string& prefix) {
  static std::atomic<int> counter{0};
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = test ? test->name() : "test";
  return prefix + "-" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(core::now_ms()) + "-" +
         std::to_string(++counter);
}

// A socket bound to a free loopback port; listening or not, it never accepts.
class LoopbackSocket {
 public:
  explicit LoopbackSocket(bool listening) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0 ||
        (listening && ::listen(fd_, 16) != 0)) {
      throw std::runtime_error("could not set up a loopback socket");
    }
    port_ = ntohs(address.sin_port);
  }
  ~LoopbackSocket() { ::close(fd_); }
  LoopbackSocket(const LoopbackSocket&) = delete;
  LoopbackSocket& operator=(const LoopbackSocket&) = delete;

  int fd() const noexcept { return fd_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_;
  int port_ = 0;
};

// Greets each client and answers its EHLO as an SMTP server would, then says
// nothing more. libcurl counts the greeting and EHLO as connecting, so only
// the overall timeout can end what follows.
class StallingServer {
 public:
  StallingServer()
      : thread_([this] {
          while (true) {
            int client = ::accept(socket_.fd(), nullptr, nullptr);
            if (client < 0) return;
            serve(client);
            ::close(client);
          }
        }) {}
  ~StallingServer() {
    ::shutdown(socket_.fd(), SHUT_RDWR);
    thread_.join();
  }

  std::string url() const { return socket_.url(); }

 private:
  static bool say(int client, std::string_view line) {
    return ::write(client, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  }

  static void serve(int client) {
    if (!say(client, "220 stalling.test ESMTP\r\n")) return;
    std::string received;
    char buffer[512];
    ssize_t length = 0;
    bool greeted = false;
    while ((length = ::read(client, buffer, sizeof buffer)) > 0) {
      received.append(buffer, static_cast<std::size_t>(length));
      if (!greeted && received.find("\r\n") != std::string::npos) {
        greeted = true;
        if (!say(client, "250 stalling.test\r\n")) return;
      }
    }
  }

  LoopbackSocket socket_{true};
  std::thread thread_;
};

Mail simple_mail(const std::string& to) {
  Mail mail;
  mail.to = to;
  mail.subject = "Test";
  mail.text = "Hello.\n";
  mail.message_id = "<" + unique("id") + "@eventbook.test>";
  return mail;
}

// Runs action, which must throw a MailError, and returns it.
MailError failure_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const MailError& e) {
    return e;
  }
  ADD_FAILURE() << "expected a MailError";
  return MailError("none", false);
}

// Against the aiosmtpd server of scripts/smtp, which writes a decoded JSON
// record of each accepted message before it answers 250.
class SmtpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = env(kUrlVariable);
    dir_ = env(kDirVariable);
    if (url_.empty() || dir_.empty()) {
      GTEST_SKIP() << kUrlVariable << " and " << kDirVariable
                   << " are not set: SMTP delivery not tested. Run `scripts/smtp start`, then set them "
                      "to the output of `scripts/smtp url` and `scripts/smtp dir`.";
    }
  }

  Mailer mailer() const { return Mailer(MailerOptions{.smtp_url = url_, .timeout = 10s}); }

  // The records of every accepted message with this Message-ID.
  std::vector<boost::json::object> received(const std::string& message_id) const {
    std::vector<boost::json::object> records;
    for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
      if (entry.path().extension() != ".json" || entry.path().filename().string().front() == '.') continue;
      std::ifstream file(entry.path(), std::ios::binary);
      std::stringstream content;
      content << file.rdbuf();
      boost::json::object record = boost::json::parse(content.str()).as_object();
      const auto* id = record.if_contains("message_id");
      if (id && id->is_string() && id->as_string() == message_id) records.push_back(std::move(record));
    }
    return records;
  }

  std::string url_;
  std::string dir_;
};

TEST_F(SmtpServerTest, DeliversOneMailThatReadersDecodeToTheOriginal) {
  Mail mail;
  mail.to = unique("zoe") + "@example.test";
  mail.to_name = "Zoë Ünal";
  mail.subject =
      "Ваш билет на «Лебединое озеро» — 15 июня, начало в 19:00 🎟️ Большой театр, партер";
  mail.text = "Hello Zoë,\n\n" + std::string(180, '~') + "\n.\nFrom the box office: 1 + 1 = 2 \nСпасибо!\n";
  mail.html = "<p>Hello <b>Zoë</b>,</p>\n<p>" + std::string(180, '=') + "</p>\n<p>Спасибо!</p>";
  mail.message_id = "<" + unique("notification") + "@eventbook.test>";

  mailer().send(mail);

  auto records = received(mail.message_id);
  ASSERT_EQ(records.size(), 1u) << "expected exactly one delivery of " << mail.message_id;
  const auto& record = records[0];
  EXPECT_FALSE(record.contains("parse_error")) << boost::json::serialize(record);
  EXPECT_EQ(record.at("mail_from").as_string(), "no-reply@eventbook.local");
  ASSERT_EQ(record.at("rcpt_tos").as_array().size(), 1u);
  EXPECT_EQ(record.at("rcpt_tos").as_array()[0].as_string(), mail.to);
  EXPECT_EQ(record.at("subject").as_string(), mail.subject);
  EXPECT_EQ(record.at("to").as_string(), "Zoë Ünal <" + mail.to + ">");
  EXPECT_EQ(record.at("from").as_string(), "eventbook <no-reply@eventbook.local>");
  EXPECT_EQ(record.at("content_type").as_string(), "multipart/alternative");
  EXPECT_TRUE(record.at("defects").as_array().empty()) << boost::json::serialize(record.at("defects"));

  const auto& parts = record.at("parts").as_array();
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].at("content_type").as_string(), "text/plain");
  EXPECT_EQ(parts[0].at("charset").as_string(), "utf-8");
  EXPECT_EQ(without_cr(std::string(parts[0].at("content").as_string())), mail.text);
  EXPECT_EQ(parts[1].at("content_type").as_string(), "text/html");
  EXPECT_EQ(parts[1].at("charset").as_string(), "utf-8");
  EXPECT_EQ(without_cr(std::string(parts[1].at("content").as_string())), mail.html);

  std::string eml(record.at("eml").as_string());
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(dir_) / eml)) << eml;
}

TEST_F(SmtpServerTest, DeliversInlineQrCodesThatAReaderShowsAndAPhoneScans) {
  const std::vector<std::string> codes{"MFRGGZDFMZTWQ2LKNNWG23TPOA", "GEZDGNBVGY3TQOJQGEZDGNBVGY"};
  Mail mail = simple_mail(unique("ada") + "@example.test");
  mail.text = "Your tickets:\nGeneral admission: " + codes[0] + "\nGeneral admission: " + codes[1] + "\n";
  mail.html = "<p>Your tickets:</p>";
  for (std::size_t i = 0; i < codes.size(); ++i) {
    std::string id = "ticket-" + std::to_string(i + 1) + ".b1@eventbook";
    mail.html += "<img src=\"cid:" + id + "\" alt=\"QR code of the ticket\"><p>" + codes[i] + "</p>";
    mail.images.push_back({id, "image/png", "ticket-" + std::to_string(i + 1) + ".png", qr::png(codes[i])});
  }
  mailer().send(mail);

  auto records = received(mail.message_id);
  ASSERT_EQ(records.size(), 1u);
  const auto& record = records[0];
  EXPECT_FALSE(record.contains("parse_error")) << boost::json::serialize(record);
  EXPECT_TRUE(record.at("defects").as_array().empty()) << boost::json::serialize(record.at("defects"));
  EXPECT_EQ(record.at("content_type").as_string(), "multipart/alternative");
  std::vector<std::string> types;
  for (const auto& part : record.at("parts").as_array()) types.emplace_back(part.at("content_type").as_string());
  EXPECT_EQ(types, (std::vector<std::string>{"text/plain", "text/html", "image/png", "image/png"}));

  // The images as they arrived, read back from the message kept by the server.
  std::ifstream file(std::filesystem::path(dir_) / std::string(record.at("eml").as_string()), std::ios::binary);
  std::stringstream eml;
  eml << file.rdbuf();
  auto message = testing::parse(eml.str());
  auto alternatives = testing::parts_of(message.body, testing::boundary_of(message.one("Content-Type")));
  ASSERT_EQ(alternatives.size(), 2u);
  auto related = testing::parse(alternatives[1]);
  auto entities = testing::parts_of(related.body, testing::boundary_of(related.one("Content-Type")));
  ASSERT_EQ(entities.size(), 1 + codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i) {
    auto image = testing::parse(entities[i + 1]);
    std::string base64 = image.body;
    std::erase(base64, '\r');
    std::erase(base64, '\n');
    EXPECT_EQ(eventbook::testing::read_qr_png(testing::decode_base64(base64)), codes[i]);
  }
}

TEST_F(SmtpServerTest, DeliversTextOnlyMail) {
  Mail mail = simple_mail(unique("ada") + "@example.test");
  mail.text = "Just text, no HTML.\n";
  mailer().send(mail);

  auto records = received(mail.message_id);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].at("content_type").as_string(), "text/plain");
  const auto& parts = records[0].at("parts").as_array();
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(without_cr(std::string(parts[0].at("content").as_string())), mail.text);
}

TEST_F(SmtpServerTest, RejectedRecipientIsAPermanentFailure) {
  Mail mail = simple_mail(unique("reject") + "@example.test");
  MailError error = failure_of([&] { mailer().send(mail); });
  EXPECT_TRUE(error.permanent()) << error.what();
  EXPECT_NE(std::string(error.what()).find("550"), std::string::npos) << error.what();
  EXPECT_TRUE(received(mail.message_id).empty());
}

TEST_F(SmtpServerTest, TemporarilyRefusedRecipientIsWorthARetry) {
  Mail mail = simple_mail(unique("tempfail") + "@example.test");
  MailError error = failure_of([&] { mailer().send(mail); });
  EXPECT_FALSE(error.permanent()) << error.what();
  EXPECT_NE(std::string(error.what()).find("451"), std::string::npos) << error.what();
  EXPECT_TRUE(received(mail.message_id).empty());
}

TEST_F(SmtpServerTest, SeveralThreadsSendAtOnce) {
  Mailer shared = mailer();
  std::vector<Mail> mails;
  for (int i = 0; i < 12; ++i) mails.push_back(simple_mail(unique("many") + "@example.test"));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < 12; i += 4) shared.send(mails[static_cast<std::size_t>(i)]);
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& mail : mails) EXPECT_EQ(received(mail.message_id).size(), 1u) << mail.message_id;
}

TEST(Mailer, ClosedPortIsWorthARetryAndFailsFast) {
  std::string url = LoopbackSocket(false).url();  // bound, then closed: nothing listens
  Mailer mailer(MailerOptions{.smtp_url = url, .timeout = 5s});
  auto start = Clock::now();
  MailError error = failure_of([&] { mailer.send(simple_mail("ada@example.test")); });
  EXPECT_FALSE(error.permanent()) << error.what();
  EXPECT_LT(Clock::now() - start, 5s);
}

TEST(Mailer, ServerThatNeverGreetsTimesOutAndIsWorthARetry) {
  LoopbackSocket silent(true);  // connections complete in the backlog; no greeting ever comes
  Mailer mailer(MailerOptions{.smtp_url = silent.url(), .timeout = 500ms});
  auto start = Clock::now();
  MailError error = failure_of([&] { mailer.send(simple_mail("ada@example.test")); });
  auto elapsed = Clock::now() - start;
  EXPECT_FALSE(error.permanent()) << error.what();
  EXPECT_GE(elapsed, 450ms);
  EXPECT_LT(elapsed, 3s) << "the timeout did not bound the exchange";
}

TEST(Mailer, StalledServerTimesOutAndIsWorthARetry) {
  StallingServer stalling;
  Mailer mailer(MailerOptions{.smtp_url = stalling.url(), .timeout = 500ms});
  auto start = Clock::now();
  MailError error = failure_of([&] { mailer.send(simple_mail("ada@example.test")); });
  auto elapsed = Clock::now() - start;
  EXPECT_FALSE(error.permanent()) << error.what();
  EXPECT_GE(elapsed, 450ms);
  EXPECT_LT(elapsed, 3s) << "the timeout did not bound the exchange";
}

TEST(Mailer, MalformedUrlIsPermanent) {
  Mailer mailer(MailerOptions{.smtp_url = "smtp://[::1", .timeout = 2s});
  MailError error = failure_of([&] { mailer.send(simple_mail("ada@example.test")); });
  EXPECT_TRUE(error.permanent()) << error.what();
}

TEST(Mailer, InvalidMailIsPermanentAndNeverReachesTheNetwork) {
  // Nothing listens here, so trying to connect would fail as not permanent.
  Mailer mailer(MailerOptions{.smtp_url = LoopbackSocket(false).url(), .timeout = 2s});
  Mail mail = simple_mail("ada@example.test\r\nRCPT TO:<eve@evil.test>");
  EXPECT_TRUE(failure_of([&] { mailer.send(mail); }).permanent());
  mail = simple_mail("ada@example.test");
  mail.message_id.clear();
  EXPECT_TRUE(failure_of([&] { mailer.send(mail); }).permanent());
}

TEST(Mailer, RefusesUnusableOptions) {
  EXPECT_THROW(Mailer(MailerOptions{.smtp_url = "http://127.0.0.1:2525"}), core::ConfigError);
  EXPECT_THROW(Mailer(MailerOptions{.smtp_url = ""}), core::ConfigError);
  EXPECT_THROW(Mailer(MailerOptions{.smtp_url = "smtp://127.0.0.1", .from = "nobody"}), core::ConfigError);
  EXPECT_THROW(Mailer(MailerOptions{.smtp_url = "smtp://127.0.0.1", .timeout = 0ms}), core::ConfigError);
  EXPECT_NO_THROW(Mailer(MailerOptions{.smtp_url = "SMTPS://user:secret@mail.example.test:465"}));
}

}  // namespace
}  // namespace eventbook::notifications
