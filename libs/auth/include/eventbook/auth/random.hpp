#pragma once

#include <cstdint>
#include <span>

namespace eventbook::auth {

// Random bytes from the operating system's cryptographic generator
// (libsodium), for secrets such as ticket codes; one system call however
// many are asked for.
void random_bytes(std::span<std::uint8_t> out);

}  // namespace eventbook::auth
