#include "request_reader.hpp"

#include <cctype>
#include <string_view>

namespace eventbook::http {

bool malformed(const boost::beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::end_of_stream).category() &&
         ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
}

std::vector<std::string> transfer_codings(const bhttp::fields& fields) {
  std::vector<std::string> codings;
  const auto [first, last] = fields.equal_range(bhttp::field::transfer_encoding);
  for (auto field = first; field != last; ++field) {
    std::string_view value = field->value();
    while (!value.empty()) {
      auto comma = value.find(',');
      auto token = value.substr(0, comma);
      value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
      while (!token.empty() && (token.front() == ' ' || token.front() == '\t')) token.remove_prefix(1);
      while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) token.remove_suffix(1);
      if (token.empty()) continue;
      std::string coding(token);
      for (auto& c : coding) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      codings.push_back(std::move(coding));
    }
  }
  return codings;
}

std::optional<std::string> framing_problem(const bhttp::request_header<>& request) {
  const auto hosts = request.count(bhttp::field::host);
  if (hosts > 1) return "A request carries one Host header, not " + std::to_string(hosts) + ".";
  if (hosts == 0 && request.version() >= 11) return "An HTTP/1.1 request needs a Host header.";
  if (request.count(bhttp::field::transfer_encoding) == 0) return std::nullopt;
  if (request.count(bhttp::field::content_length) > 0) {
    return "A request carries Transfer-Encoding or Content-Length, not both.";
  }
  if (transfer_codings(request) != std::vector<std::string>{"chunked"}) {
    return "The only Transfer-Encoding this server reads is chunked.";
  }
  return std::nullopt;
}

Request to_request(bhttp::request<bhttp::string_body>&& in, const std::string& remote) {
  Request request;
  request.method = std::string(in.method_string());
  request.target = std::string(in.target());
  auto question = request.target.find('?');
  request.path = percent_decode(std::string_view(request.target).substr(0, question));
  if (question != std::string::npos) {
    request.query_string = request.target.substr(question + 1);
  }
  for (const auto& field : in) {
    request.headers.push_back({std::string(field.name_string()), std::string(field.value())});
  }
  request.body = std::move(in.body());
  request.remote_address = remote;
  return request;
}

}  // namespace eventbook::http
