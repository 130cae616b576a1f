#pragma once

// The load generators' sockets: where a URL points, a non-blocking TCP
// connection to it without Nagle's delay, and where a response ends.

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace eventbook::bench {

struct Target {
  std::string host;
  std::string port;
};

// http://host:port/... → {host, port} (port 80 when none is given).
inline Target parse_url(const std::string& url) {
  auto rest = url.substr(url.find("://") == std::string::npos ? 0 : url.find("://") + 3);
  rest = rest.substr(0, rest.find('/'));
  auto colon = rest.rfind(':');
  if (colon == std::string::npos) return {rest, "80"};
  return {rest.substr(0, colon), rest.substr(colon + 1)};
}

inline int connect_to(const Target& target) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(target.host.c_str(), target.port.c_str(), &hints, &found) != 0 || found == nullptr) {
    throw std::runtime_error("cannot resolve " + target.host);
  }
  int fd = ::socket(found->ai_family, found->ai_socktype, found->ai_protocol);
  int code = fd < 0 ? -1 : ::connect(fd, found->ai_addr, found->ai_addrlen);
  freeaddrinfo(found);
  if (code != 0) throw std::runtime_error("cannot connect to " + target.host + ":" + target.port);
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

// The status of a complete HTTP/1.1 response at the front of `in`, where its
// body starts, and its whole length; 0 while incomplete.
inline std::size_t complete_response(const std::string& in, int& status, std::size_t& body_at) {
  auto end = in.find("\r\n\r\n");
  if (end == std::string::npos) return 0;
  std::size_t length = 0;
  std::string head = in.substr(0, end);
  for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (auto at = head.find("\r\ncontent-length:"); at != std::string::npos) {
    length = std::strtoul(head.c_str() + at + 17, nullptr, 10);
  }
  if (in.size() < end + 4 + length) return 0;
  status = std::atoi(in.c_str() + 9);
  body_at = end + 4;
  return end + 4 + length;
}

}  // namespace eventbook::bench
