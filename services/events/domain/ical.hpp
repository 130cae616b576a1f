#pragma once

#include "events/domain/event.hpp"

#include <string>

namespace eventbook::events {

// The event as an iCalendar (RFC 5545) file with one VEVENT.
std::string to_ical(const Event& event, std::int64_t now_ms);

}  // namespace eventbook::events
