#include "eventbook/bus/topology.hpp"

namespace eventbook::bus {

std::vector<QueueBinding> topology(const std::string& name_space) {
  return {
      {name_space + ".notifications",
       {"booking.cancelled", "booking.confirmed", "event.cancelled", "event.updated", "user.registered",
        "user.tokens-revoked", "waitlist.offered"}},
      {name_space + ".bookings", {"event.cancelled", "user.tokens-revoked"}},
      {name_space + ".events", {"user.tokens-revoked"}},
  };
}

}  // namespace eventbook::bus
