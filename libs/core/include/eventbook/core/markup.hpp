#pragma once

#include <string>
#include <string_view>

namespace eventbook::core {

// Text made safe to place in HTML or XML, as element content or a quoted
// attribute value: & < > " ' become character references.
std::string escape_markup(std::string_view text);

}  // namespace eventbook::core
