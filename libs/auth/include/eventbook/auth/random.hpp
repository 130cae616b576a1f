#pragma once

#include <cstdint>

namespace eventbook::auth {

// A uniformly distributed number in [0, upper) from the operating system's
// cryptographic generator (libsodium), for secrets such as ticket codes.
std::uint32_t random_below(std::uint32_t upper);

}  // namespace eventbook::auth
