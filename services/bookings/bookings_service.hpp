#pragma once

#include "bookings/clients/directory.hpp"
#include "bookings/clients/seat_inventory.hpp"
#include "eventbook/auth/jwt.hpp"
#include "eventbook/bus/consumer.hpp"
#include "eventbook/bus/outbox.hpp"
#include "eventbook/db/database.hpp"
#include "eventbook/http/server.hpp"
#include "eventbook/service/queue_pass.hpp"
#include "eventbook/service/revocations.hpp"

#include "eventbook/core/worker.hpp"

#include <memory>
#include <string>
#include <vector>

namespace eventbook::bookings {

struct BookingsConfig {
  std::string database_url;
  std::vector<auth::PublicKey> token_keys;
  std::int64_t token_max_lifetime_seconds = auth::kDefaultMaxLifetimeSeconds;
  std::string events_url = "http://127.0.0.1:5002";
  std::string users_url = "http://127.0.0.1:5001";
  // Where the waiting rooms' pass keys are fetched from (none: only queue_keys).
  std::string queue_url;
  std::vector<auth::PublicKey> queue_keys;  // known pass keys (the queue service in this process)
  std::string service_secret;
  std::int64_t max_seats = 10;
  std::string queue = "eventbook.bookings";
  std::chrono::milliseconds recovery_interval{2000};
  // How often held holds past their expiry are looked for: their seats come
  // back within this of expiresAt.
  std::chrono::milliseconds hold_sweep_interval{1000};
  // How often seats owed to waitlists are offered (and offers followed up).
  std::chrono::milliseconds waitlist_interval{1000};
  int database_pool = 8;
  // The seats, when the events service runs in this process; otherwise they
  // are asked of events_url over HTTP.
  SeatInventory* inventory = nullptr;
  // Who organizes an event and whose an e-mail address is, when the events
  // and users services run in this process; otherwise asked over HTTP.
  Directory* directory = nullptr;
};

class BookingStore;
class TicketStore;
class BookingSaga;
class WaitlistStore;
class WaitlistOffers;
class EventsClient;
struct BookingsContext;

// Bookings: the saga that takes seats from the events service without ever
// overselling or losing a confirmed booking.
class BookingsService {
 public:
  BookingsService(const BookingsConfig& config, bus::Transport& transport);
  ~BookingsService();

  // Starts the relay and the recovery pass (at once, then on a timer).
  void start();
  void stop();

  http::Router router();
  http::ServerOptions server_options(http::ServerOptions base) const;

 private:
  core::Task<void> recover();
  core::Task<void> sweep();
  core::Task<void> issue_tickets();

  BookingsConfig config_;
  std::unique_ptr<db::Database> database_;
  bus::Transport& transport_;
  auth::Verifier verifier_;
  std::unique_ptr<bus::Relay> relay_;
  std::unique_ptr<BookingStore> store_;
  std::unique_ptr<TicketStore> tickets_;
  std::unique_ptr<Directory> directory_client_;  // null when the directory is in this process
  std::unique_ptr<EventsClient> events_;         // null when the inventory is in this process
  SeatInventory* inventory_;
  std::unique_ptr<BookingSaga> saga_;
  std::unique_ptr<bus::Consumer> consumer_;
  std::unique_ptr<service::TokenRevocations> revocations_;
  std::unique_ptr<service::QueuePasses> passes_;
  std::unique_ptr<WaitlistStore> waitlist_;
  std::unique_ptr<WaitlistOffers> offers_;
  std::unique_ptr<core::Worker> waitlist_worker_;
  std::unique_ptr<BookingsContext> context_;
  bool first_recovery_ = true;  // touched only by the recovery worker
  std::unique_ptr<core::Worker> recovery_;
  std::unique_ptr<core::Worker> hold_sweep_;
  std::unique_ptr<core::Worker> ticket_issue_;
};

std::vector<db::Migration> migrations();

// What the bookings service does with bus messages: event.cancelled cancels
// the event's bookings (and user.tokens-revoked, through service::TokenRevocations).
void register_handlers(bus::Consumer& consumer);

}  // namespace eventbook::bookings
