#pragma once

#include "eventbook/core/task.hpp"
#include "eventbook/http/message.hpp"

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

namespace eventbook::http {

struct ClientOptions {
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds request_timeout{10000};
  std::size_t max_idle = 64;              // pooled keep-alive connections
  std::chrono::seconds max_idle_age{20};  // below the servers' idle timeout
  std::size_t response_limit = 8 * 1024 * 1024;
};

// The peer could not be reached or did not answer in time.
class ClientError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ClientResponse {
  int status = 0;
  Headers headers;
  std::string body;
  std::optional<std::string> header(std::string_view name) const { return find_header(headers, name); }
};

// An HTTP/1.1 client for one base URL (http://host:port) with a pool of
// keep-alive connections, served by the client's own I/O thread (started on
// first use). Thread-safe.
class Client {
 public:
  explicit Client(std::string base_url, ClientOptions options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Throws ClientError on connection failure or timeout. A request on a
  // reused connection that the peer had closed is retried once on a new one
  // when nothing can have been processed (idempotent methods or a failed
  // write). The awaiting coroutine continues on its own executor.
  core::Task<ClientResponse> request(std::string method, std::string target, Headers headers = {},
                                     std::string body = {});

  const std::string& base_url() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace eventbook::http
