#pragma once

#include "eventbook/core/error.hpp"
#include "eventbook/http/message.hpp"

#include <optional>
#include <string>
#include <vector>

namespace eventbook::http {

// ?limit= of a paged list: default_limit when absent; when it is not an
// integer from 1 to max_limit, a problem is added to errors.
int read_limit(const Request& request, int default_limit, int max_limit, std::vector<core::FieldError>& errors);

// ?cursor= of a list paged by id (the id of the previous page's last item);
// a problem is added to errors when it is not one.
std::optional<std::string> read_id_cursor(const Request& request, std::vector<core::FieldError>& errors);

}  // namespace eventbook::http
