#pragma once

#include "eventbook/bus/consumer.hpp"

namespace eventbook::notifications {

// Registers the bus message handlers: each applies what its fact changes
// (domain/facts.hpp) and writes the inbox entries (and queued e-mails when
// mail is enabled) inside the consumer's transaction.
// `site` makes the links in mails absolute (see compose).
void register_handlers(bus::Consumer& consumer, bool mail_enabled, std::string site = {});

}  // namespace eventbook::notifications
