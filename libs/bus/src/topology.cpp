#include "eventbook/bus/topology.hpp"

namespace eventbook::bus {

std::vector<QueueBinding> topology(const std::string& name_space) {
  return {
      {name_space + ".notifications",
       {"booking.cancelled", "booking.confirmed", "event.cancelled", "event.updated", "user.registered"}},
      {name_space + ".bookings", {"event.cancelled"}},
  };
}

}  // namespace eventbook::bus
