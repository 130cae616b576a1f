#pragma once

#include <string>
#include <vector>

namespace eventbook::bus {

struct QueueBinding {
  std::string queue;
  std::vector<std::string> keys;
};

// Every consuming queue and the routing keys it takes, under a namespace
// (the exchange name). Publishers declare these too, so that a message sent
// before its consumer has ever started waits in its queue.
std::vector<QueueBinding> topology(const std::string& name_space);

}  // namespace eventbook::bus
