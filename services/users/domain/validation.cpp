#include "users/domain/validation.hpp"

#include <algorithm>
#include <cctype>

namespace eventbook::users {

namespace {

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

bool valid_domain(std::string_view domain) {
  if (domain.empty() || domain.size() > 253 || domain.find('.') == std::string_view::npos) {
    return false;
  }
  std::size_t start = 0;
  while (start <= domain.size()) {
    auto dot = domain.find('.', start);
    auto label = domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!is_alnum(c) && c != '-' && static_cast<unsigned char>(c) < 0x80) {
        return false;
      }
    }
    if (dot == std::string_view::npos) {
      break;
    }
    start = dot + 1;
  }
  return true;
}

bool valid_local(std::string_view local) {
  static constexpr std::string_view kSpecial = "!#$%&'*+/=?^_`{|}~.-";
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos) {
    return false;
  }
  return std::all_of(local.begin(), local.end(), [](char c) {
    return is_alnum(c) || kSpecial.find(c) != std::string_view::npos || static_cast<unsigned char>(c) >= 0x80;
  });
}

}  // namespace

std::optional<std::string> check_username(std::string_view username) {
  if (username.size() < 3 || username.size() > 32) {
    return "must be 3 to 32 characters long";
  }
  bool ok = std::all_of(username.begin(), username.end(),
                        [](char c) { return is_alnum(c) || c == '_' || c == '.' || c == '-'; });
  if (!ok) {
    return "may contain only letters, digits, '_', '.' and '-'";
  }
  return std::nullopt;
}

std::optional<std::string> check_email(std::string_view email) {
  auto at = email.rfind('@');
  if (email.size() > 254 || at == std::string_view::npos || !valid_local(email.substr(0, at)) ||
      !valid_domain(email.substr(at + 1))) {
    return "is not a valid e-mail address";
  }
  return std::nullopt;
}

std::optional<std::string> check_password(std::string_view password) {
  if (password.size() < kMinPassword) {
    return "must be at least " + std::to_string(kMinPassword) + " characters long";
  }
  if (password.size() > kMaxPassword) {
    return "must be at most " + std::to_string(kMaxPassword) + " bytes long";
  }
  return std::nullopt;
}

bool is_role(std::string_view role) { return role == "attendee" || role == "organizer" || role == "admin"; }

std::string fold_case(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return out;
}

bool needs_current_password(std::string_view current_email, const std::optional<std::string>& new_email,
                            bool new_password) {
  return new_password || (new_email && fold_case(*new_email) != fold_case(current_email));
}

void check_profile_fields(core::FieldReader& reader, const std::optional<std::string>& username,
                          const std::optional<std::string>& email, const std::optional<std::string>& password) {
  if (username) {
    if (auto problem = check_username(*username)) reader.fail("username", *problem);
  }
  if (email) {
    if (auto problem = check_email(*email)) reader.fail("email", *problem);
  }
  if (password) {
    if (auto problem = check_password(*password)) reader.fail("password", *problem);
  }
}

Registration read_registration(const boost::json::object& body) {
  core::FieldReader reader(body, {"username", "email", "password"});
  auto username = reader.string("username", true);
  auto email = reader.string("email", true);
  auto password = reader.string("password", true);
  check_profile_fields(reader, username, email, password);
  reader.finish();
  return {std::move(*username), std::move(*email), std::move(*password)};
}

SignIn read_sign_in(const boost::json::object& body) {
  core::FieldReader reader(body, {"email", "password"});
  auto email = reader.string("email", true);
  // Compared with the stored hash only, so taken as it was at registration, whatever it holds.
  auto password = reader.string("password", true, core::FieldReader::Text::secret);
  reader.finish();
  return {std::move(*email), std::move(*password)};
}

ProfileChange read_profile_change(const boost::json::object& body, std::string_view current_email) {
  // role is refused below whatever its value, null included.
  core::FieldReader reader(body, {"username", "email", "password", "currentPassword", "role"}, {"role"});
  if (reader.has("role")) {
    reader.fail("role", "is granted by an administrator and cannot be changed here");
  }
  ProfileChange change;
  change.username = reader.string("username", false);
  change.email = reader.string("email", false);
  change.password = reader.string("password", false);
  change.current_password = reader.string("currentPassword", false, core::FieldReader::Text::secret);
  check_profile_fields(reader, change.username, change.email, change.password);
  change.sensitive = needs_current_password(current_email, change.email, change.password.has_value());
  if (change.sensitive && !change.current_password) {
    reader.fail("currentPassword", "is required to change the e-mail address or password");
  }
  reader.finish();
  return change;
}

core::ApiError registration_conflict(bool username_taken, bool email_taken) {
  std::vector<core::FieldError> fields;
  if (username_taken) fields.push_back({"username", "is already taken"});
  if (email_taken) fields.push_back({"email", "is already registered"});
  core::ApiError error(409, "already-registered",
                       email_taken ? "An account with this e-mail address already exists."
                                   : "An account with this username already exists.",
                       std::move(fields));
  return error;
}

}  // namespace eventbook::users
