#include "eventbook/core/error.hpp"

#include <boost/json/array.hpp>

namespace eventbook::core {

ApiError::ApiError(int status, std::string code, std::string detail, std::vector<FieldError> fields,
                   std::string log_message)
    : std::runtime_error(log_message.empty() ? detail : log_message),
      status_(status),
      code_(std::move(code)),
      detail_(std::move(detail)),
      fields_(std::move(fields)),
      log_message_(std::move(log_message)) {}

ApiError ApiError::bad_request(std::string detail) { return {400, "bad-request", std::move(detail)}; }

ApiError ApiError::unauthorized(std::string detail) {
  ApiError error{401, "unauthorized", std::move(detail)};
  error.headers.emplace_back("WWW-Authenticate", "Bearer");
  return error;
}

ApiError ApiError::forbidden(std::string detail) { return {403, "forbidden", std::move(detail)}; }

ApiError ApiError::not_found(std::string detail) { return {404, "not-found", std::move(detail)}; }

ApiError ApiError::conflict(std::string code, std::string detail) { return {409, std::move(code), std::move(detail)}; }

ApiError ApiError::validation(std::vector<FieldError> fields) {
  std::string detail = "The request has invalid fields.";
  if (fields.size() == 1) {
    detail = fields.front().field + ": " + fields.front().message;
  }
  return {422, "validation-failed", std::move(detail), std::move(fields)};
}

ApiError ApiError::too_many_requests(int retry_after_seconds, std::string detail) {
  ApiError error{429, "too-many-requests", std::move(detail)};
  error.headers.emplace_back("Retry-After", std::to_string(retry_after_seconds));
  return error;
}

ApiError ApiError::unavailable(std::string detail, std::string log_message) {
  ApiError error{503, "unavailable", std::move(detail), {}, std::move(log_message)};
  error.headers.emplace_back("Retry-After", "1");
  return error;
}

ApiError ApiError::internal(std::string log_message) {
  return {500, "internal", "The server failed to handle the request.", {}, std::move(log_message)};
}

std::string_view status_title(int status) noexcept {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 411:
      return "Length Required";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Error";
  }
}

boost::json::object problem_body(const ApiError& error, std::string_view instance) {
  boost::json::object body;
  body["type"] = "https://eventbook.dev/problems/" + error.code();
  body["title"] = status_title(error.status());
  body["status"] = error.status();
  body["detail"] = error.detail();
  if (!instance.empty()) {
    body["instance"] = instance;
  }
  if (!error.fields().empty()) {
    boost::json::array fields;
    for (const auto& field : error.fields()) {
      fields.push_back(boost::json::object{{"field", field.field}, {"message", field.message}});
    }
    body["errors"] = std::move(fields);
  }
  for (const auto& [name, value] : error.extensions) {
    if (!body.contains(name)) body[name] = value;
  }
  return body;
}

std::string describe(const std::exception_ptr& error) {
  if (!error) return "no error";
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown error";
  }
}

}  // namespace eventbook::core
