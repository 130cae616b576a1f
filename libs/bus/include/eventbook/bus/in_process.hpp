#pragma once

#include "eventbook/bus/transport.hpp"
#include "eventbook/db/database.hpp"

#include <chrono>
#include <memory>

namespace eventbook::bus {

struct InProcessOptions {
  int max_attempts = 5;
  std::chrono::milliseconds retry_backoff{20};
  // Where dead letters are kept (table dead_letters); may be null to only log them.
  db::Database* dead_letters = nullptr;
};

// Delivers published messages straight to the subscribed handlers of the same
// process, on the publishing relay's thread. Durability comes from the outbox
// (a row is marked sent only after every subscriber has committed it) and the
// consumers' inbox tables, so nothing is lost across restarts either.
std::unique_ptr<Transport> make_in_process_transport(InProcessOptions options = {});

// Migrations for the dead-letter store of the in-process transport.
std::vector<db::Migration> dead_letter_migrations();

// Whether a routing key matches a topic pattern ("*" one word, "#" any number).
bool topic_matches(std::string_view pattern, std::string_view key);

}  // namespace eventbook::bus
