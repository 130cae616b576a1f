#include "notifications/mail/mailer.hpp"

#include "notifications/mail/address.hpp"

#include "eventbook/core/clock.hpp"
#include "eventbook/core/config.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>
#include <mutex>
#include <string_view>

namespace eventbook::notifications {

namespace {

struct EasyDeleter {
  void operator()(CURL* handle) const noexcept { curl_easy_cleanup(handle); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};
using Easy = std::unique_ptr<CURL, EasyDeleter>;
using List = std::unique_ptr<curl_slist, ListDeleter>;

// libcurl wants its global state set up once per process before any handle
// exists, and not concurrently with other threads doing the same.
void init_curl_once() {
  static std::once_flag once;
  static CURLcode result = CURLE_OK;
  std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (result != CURLE_OK) {
    throw MailError(std::string("libcurl could not start: ") + curl_easy_strerror(result), false);
  }
}

bool has_smtp_scheme(std::string_view url) {
  auto starts_with = [&](std::string_view scheme) {
    return url.size() > scheme.size() && std::equal(scheme.begin(), scheme.end(), url.begin(), [](char a, char b) {
             return a == std::tolower(static_cast<unsigned char>(b));
           });
  };
  return starts_with("smtp://") || starts_with("smtps://");
}

// Whether the same mail would fail again. SMTP says so itself: 5xx replies are
// final, 4xx ones transient. Without a reply, only a bad URL or refused
// credentials are final; unreachable servers and timeouts are worth a retry.
bool is_permanent(CURLcode code, long smtp_code) {
  if (smtp_code >= 500 && smtp_code < 600) {
    return true;
  }
  if (smtp_code >= 400 && smtp_code < 500) {
    return false;
  }
  switch (code) {
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_LOGIN_DENIED:
      return true;
    default:
      return false;
  }
}

struct Upload {
  std::string_view rest;
};

std::size_t read_message(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  std::size_t length = std::min(size * count, upload->rest.size());
  std::memcpy(buffer, upload->rest.data(), length);
  upload->rest.remove_prefix(length);
  return length;
}

template <typename Value>
void set_option(CURL* handle, CURLoption option, Value value) {
  CURLcode code = curl_easy_setopt(handle, option, value);
  if (code != CURLE_OK) {
    throw MailError(std::string("libcurl refused an option: ") + curl_easy_strerror(code), true);
  }
}

}  // namespace

MailError::MailError(std::string what, bool permanent) : std::runtime_error(std::move(what)), permanent_(permanent) {}

Mailer::Mailer(MailerOptions options) : options_(std::move(options)) {
  if (!has_smtp_scheme(options_.smtp_url)) {
    throw core::ConfigError("the SMTP URL must start with smtp:// or smtps://");
  }
  if (options_.timeout <= std::chrono::milliseconds::zero()) {
    throw core::ConfigError("the SMTP timeout must be positive");
  }
  try {
    from_address_ = parse_mailbox(options_.from).address;
  } catch (const MailError& e) {
    throw core::ConfigError(e.what());
  }
  init_curl_once();
}

void Mailer::send(const Mail& mail) const {
  std::string message = render_message(mail, options_.from, core::now_seconds());
  std::string sender = angle_bracketed(from_address_);
  std::string recipient = angle_bracketed(recipient_address(mail.to));

  Easy handle(curl_easy_init());
  if (!handle) {
    throw MailError("libcurl could not create a handle", false);
  }
  List recipients(curl_slist_append(nullptr, recipient.c_str()));
  if (!recipients) {
    throw MailError("libcurl could not allocate the recipient list", false);
  }
  Upload upload{message};
  char detail[CURL_ERROR_SIZE] = {};
  long timeout_ms = static_cast<long>(options_.timeout.count());

  CURL* h = handle.get();
  set_option(h, CURLOPT_ERRORBUFFER, detail);
  set_option(h, CURLOPT_URL, options_.smtp_url.c_str());
  // Nothing but SMTP, even if the URL is edited into something else.
  set_option(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  set_option(h, CURLOPT_MAIL_FROM, sender.c_str());
  set_option(h, CURLOPT_MAIL_RCPT, recipients.get());
  set_option(h, CURLOPT_READFUNCTION, &read_message);
  set_option(h, CURLOPT_READDATA, &upload);
  set_option(h, CURLOPT_UPLOAD, 1L);
  // Bounds everything from resolving the host to the reply after the data.
  set_option(h, CURLOPT_TIMEOUT_MS, timeout_ms);
  // Timeouts must not rely on SIGALRM in a threaded process.
  set_option(h, CURLOPT_NOSIGNAL, 1L);

  CURLcode code = curl_easy_perform(h);
  if (code == CURLE_OK) {
    return;
  }
  long smtp_code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &smtp_code);
  // The URL is left out: it may carry the relay's password.
  std::string what = std::string("SMTP delivery failed: ") + curl_easy_strerror(code);
  if (detail[0] != '\0') {
    what += std::string(" (") + detail + ")";
  }
  if (smtp_code != 0) {
    what += ", server replied " + std::to_string(smtp_code);
  }
  throw MailError(std::move(what), is_permanent(code, smtp_code));
}

}  // namespace eventbook::notifications
