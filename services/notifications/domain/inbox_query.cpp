#include "notifications/domain/inbox_query.hpp"

namespace eventbook::notifications {

bool read_unread_only(const std::optional<std::string>& unread, std::vector<core::FieldError>& errors) {
  if (unread && *unread != "true" && *unread != "false") errors.push_back({"unread", "must be true or false"});
  return unread == "true";
}

}  // namespace eventbook::notifications
