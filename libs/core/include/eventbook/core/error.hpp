#pragma once

#include <boost/json/object.hpp>

#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

namespace eventbook::core {

struct FieldError {
  std::string field;
  std::string message;
};

// Mixed into an error type whose cause may pass (a database out of reach, a
// full disk): when such an error ends a request, the client is answered 503
// with Retry-After instead of 500, and the log gets the cause.
class MayPass {
 public:
  virtual ~MayPass() = default;
  virtual bool passing() const noexcept = 0;
};

// Whether the cause of `error` may pass (see MayPass): trying the same thing
// again later may succeed.
inline bool may_pass(const std::exception& error) noexcept {
  const auto* cause = dynamic_cast<const MayPass*>(&error);
  return cause != nullptr && cause->passing();
}

// The one error type a request may end with. What the client sees (status,
// code, detail, field errors) is kept apart from what only the log gets.
class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string code, std::string detail, std::vector<FieldError> fields = {},
           std::string log_message = {});

  int status() const noexcept { return status_; }
  const std::string& code() const noexcept { return code_; }
  const std::string& detail() const noexcept { return detail_; }
  const std::vector<FieldError>& fields() const noexcept { return fields_; }
  const std::string& log_message() const noexcept { return log_message_; }

  // Extra response headers, such as Retry-After on 429.
  std::vector<std::pair<std::string, std::string>> headers;
  // Extension members of the problem document (RFC 9457 section 3.2),
  // such as when a ticket was checked in already.
  boost::json::object extensions;

  static ApiError bad_request(std::string detail);
  static ApiError unauthorized(std::string detail = "A valid bearer token is required.");
  static ApiError forbidden(std::string detail);
  static ApiError not_found(std::string detail = "The resource does not exist.");
  static ApiError conflict(std::string code, std::string detail);
  static ApiError validation(std::vector<FieldError> fields);
  static ApiError too_many_requests(int retry_after_seconds, std::string detail);
  static ApiError unavailable(std::string detail, std::string log_message = {});
  static ApiError internal(std::string log_message);

 private:
  int status_;
  std::string code_;
  std::string detail_;
  std::vector<FieldError> fields_;
  std::string log_message_;
};

// The reason phrase for an HTTP status ("Not Found").
std::string_view status_title(int status) noexcept;

// What an error says of itself (what() of a standard exception), for logs
// and answers that carry an error passed along as an exception_ptr.
std::string describe(const std::exception_ptr& error);

// An RFC 9457 problem document for the error.
boost::json::object problem_body(const ApiError& error, std::string_view instance = {});

}  // namespace eventbook::core
