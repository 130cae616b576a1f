#pragma once

#include "eventbook/core/error.hpp"

#include <boost/json/value.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eventbook::http {

struct Header {
  std::string name;
  std::string value;
};

using Headers = std::vector<Header>;

// Case-insensitive lookup of the first header with that name.
std::optional<std::string> find_header(const Headers& headers, std::string_view name);

struct Request {
  std::string method;
  std::string target;        // as sent: path and query
  std::string path;          // percent-decoded path, no query
  std::string query_string;  // raw, without '?'
  Headers headers;
  std::string body;
  std::string remote_address;
  std::string request_id;
  std::string route;  // the pattern that matched, e.g. /api/users/{id}
  std::map<std::string, std::string, std::less<>> params;

  std::optional<std::string> header(std::string_view name) const { return find_header(headers, name); }
  // The first value of a query parameter, percent-decoded.
  std::optional<std::string> query(std::string_view name) const;
  const std::string& param(std::string_view name) const;
  // The body as a JSON object; 415 unless the content type is JSON, 400 if malformed.
  boost::json::object json() const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;

  static Response json(int status, const boost::json::value& body);
  static Response text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  static Response problem(const core::ApiError& error, std::string_view instance = {});
  static Response no_content();

  void set_header(std::string name, std::string value);
  std::optional<std::string> header(std::string_view name) const { return find_header(headers, name); }
};

// A strong validator of a body (FNV-1a, 64 bits, quoted): equal bytes, equal tag.
std::string etag_of(std::string_view body);
// Whether an If-None-Match header names `etag` (or is "*"); weak or strong
// forms alike.
bool matches_etag(const std::optional<std::string>& if_none_match, const std::string& etag);
// A response a client or a cache may keep as `cache_control` says, with its
// ETag; 304 without a body when the request's If-None-Match names it.
Response conditional(const Request& request, Response response, std::string cache_control);

std::string percent_decode(std::string_view text);
// Every byte but RFC 3986's unreserved characters as %XX: safe in a path
// segment and a query value.
std::string percent_encode(std::string_view text);

}  // namespace eventbook::http
