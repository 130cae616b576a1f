#include "eventbook/http/message.hpp"

#include "eventbook/core/json.hpp"

#include <strings.h>

#include <array>
#include <cctype>
#include <cstdio>

namespace eventbook::http {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::optional<std::string> find_header(const Headers& headers, std::string_view name) {
  for (const auto& header : headers) {
    if (iequals(header.name, name)) {
      return header.value;
    }
  }
  return std::nullopt;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      int hi = hex_value(text[i + 1]);
      int lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(c == '+' ? ' ' : c);
  }
  return out;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0x0F]);
    }
  }
  return out;
}

std::optional<std::string> Request::query(std::string_view name) const {
  std::string_view rest = query_string;
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    auto eq = pair.find('=');
    std::string key = percent_decode(pair.substr(0, eq));
    if (key == name) {
      if (eq == std::string_view::npos) return std::string{};
      auto value = percent_decode(pair.substr(eq + 1));
      if (core::valid_utf8(value) != value) {
        throw core::ApiError::bad_request("The query parameter " + core::valid_utf8(std::string(name)) +
                                          " is not valid UTF-8 once percent-decoded.");
      }
      return value;
    }
  }
  return std::nullopt;
}

const std::string& Request::param(std::string_view name) const {
  static const std::string empty;
  auto it = params.find(name);
  return it == params.end() ? empty : it->second;
}

boost::json::object Request::json() const {
  auto type = header("Content-Type");
  if (type && type->find("json") == std::string::npos) {
    throw core::ApiError(415, "unsupported-media-type", "The request body must be application/json.");
  }
  return core::parse_object(body);
}

Response Response::json(int status, const boost::json::value& body) {
  Response response;
  response.status = status;
  response.headers.push_back({"Content-Type", "application/json"});
  response.body = core::to_json(body);
  return response;
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response response;
  response.status = status;
  response.headers.push_back({"Content-Type", std::move(content_type)});
  response.body = std::move(body);
  return response;
}

Response Response::problem(const core::ApiError& error, std::string_view instance) {
  Response response;
  response.status = error.status();
  response.headers.push_back({"Content-Type", "application/problem+json"});
  for (const auto& [name, value] : error.headers) {
    response.headers.push_back({name, value});
  }
  response.body = core::to_json(core::problem_body(error, instance));
  return response;
}

Response Response::no_content() {
  Response response;
  response.status = 204;
  return response;
}

void Response::set_header(std::string name, std::string value) {
  for (auto& header : headers) {
    if (iequals(header.name, name)) {
      header.value = std::move(value);
      return;
    }
  }
  headers.push_back({std::move(name), std::move(value)});
}

std::string etag_of(std::string_view body) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : body) {
    hash = (hash ^ c) * 0x100000001b3ULL;
  }
  std::array<char, 24> text{};
  std::snprintf(text.data(), text.size(), "\"%016llx\"", static_cast<unsigned long long>(hash));
  return text.data();
}

bool matches_etag(const std::optional<std::string>& if_none_match, const std::string& etag) {
  if (!if_none_match) return false;
  if (*if_none_match == "*") return true;
  // A list of tags, each maybe weak (W/"..."): the quoted opaque part decides.
  return if_none_match->find(etag) != std::string::npos;
}

Response conditional(const Request& request, Response response, std::string cache_control) {
  if (response.status != 200) return response;
  auto etag = etag_of(response.body);
  response.set_header("Cache-Control", std::move(cache_control));
  response.set_header("ETag", etag);
  if (matches_etag(request.header("If-None-Match"), etag)) {
    response.status = 304;
    response.body.clear();
    // A 304 has no body, so nothing to type.
    std::erase_if(response.headers,
                  [](const Header& header) { return ::strcasecmp(header.name.c_str(), "Content-Type") == 0; });
  }
  return response;
}

}  // namespace eventbook::http
