#pragma once

#include "eventbook/http/message.hpp"

#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

namespace eventbook::http {

struct ClientOptions {
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds request_timeout{10000};
  std::size_t max_idle = 64;                    // pooled keep-alive connections
  std::chrono::seconds max_idle_age{20};        // below the servers' idle timeout
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

// An HTTP/1.1 client for one base URL (http://host:port) with pools of
// keep-alive connections: request() blocks (call it from worker threads),
// request_async() does not. Thread-safe.
class Client {
 public:
  explicit Client(std::string base_url, ClientOptions options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Throws ClientError on connection failure or timeout. A request on a
  // reused connection that the peer had closed is retried once on a new one
  // when nothing can have been processed (idempotent methods or a failed write).
  ClientResponse request(const std::string& method, const std::string& target, const Headers& headers = {},
                         const std::string& body = {});

  using Done = std::function<void(std::exception_ptr, ClientResponse)>;
  // request() without a thread waiting: done gets the response, or a
  // ClientError, on the client's own I/O thread (started on first use), so it
  // must not block. Same timeouts and the same one retry.
  void request_async(const std::string& method, const std::string& target, const Headers& headers,
                     const std::string& body, Done done);

  const std::string& base_url() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace eventbook::http
