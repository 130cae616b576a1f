#include "commands.hpp"

namespace eventbook::app {

namespace {

constexpr const char* kCommon = R"(
Options shared by every service (each also read from the environment variable
shown, flags win):
  --host ADDR            address to listen on (EVENTBOOK_HOST, default 127.0.0.1)
  --log-level LEVEL      debug, info, warn or error (EVENTBOOK_LOG_LEVEL, default info)
  --io-threads N         network threads (EVENTBOOK_IO_THREADS, default: one per core)
  --workers N            database reader threads per service (EVENTBOOK_WORKERS, default 8)
  --access-log on|off    one JSON line per request (EVENTBOOK_ACCESS_LOG, default on)
  --bus-namespace NAME   RabbitMQ exchange, and prefix of the queues (EVENTBOOK_BUS_NAMESPACE,
                         default eventbook), for services that publish or consume
)";

}  // namespace

std::string usage(const std::string& command) {
  if (command == "dev") {
    return std::string(R"(eventbook dev - every service in one process, with SQLite files and no servers to install

Usage: eventbook dev [--data-dir DIR] [--users-port N] [--notifications-port N] [--gateway-port N]

  --data-dir DIR           where the databases and keys live (EVENTBOOK_DATA_DIR, default ./data)
  --users-port N           users service port (EVENTBOOK_USERS_PORT, default 5001)
  --events-port N          events service port (EVENTBOOK_EVENTS_PORT, default 5002)
  --bookings-port N        bookings service port (EVENTBOOK_BOOKINGS_PORT, default 5003)
  --max-seats N            most seats one booking takes (EVENTBOOK_MAX_SEATS, default 10)
  --token-ttl SECONDS      token lifetime (EVENTBOOK_TOKEN_TTL, default 3600); every service
                           refuses tokens that live longer
  --session-max-age SECONDS  how long a sign-in lasts: renewing a token (POST /api/users/token)
                           never goes beyond it (EVENTBOOK_SESSION_MAX_AGE, default 604800, 7 days)
  --login-max-failures N   failed sign-ins for one account from one client address before each
                           further attempt from there waits (5 s, doubling up to 15 minutes)
                           (EVENTBOOK_LOGIN_MAX_FAILURES, default 10; see docs/security.md)
  --require-organizer-role on|off  only organizers and admins create events
                           (EVENTBOOK_REQUIRE_ORGANIZER_ROLE, default off)
  --notifications-port N   notifications service port (EVENTBOOK_NOTIFICATIONS_PORT, default 5004)
  --queue-port N           queue service (waiting rooms) port (EVENTBOOK_QUEUE_PORT, default 5005)
  --gateway-port N         gateway port (EVENTBOOK_GATEWAY_PORT, default 8080); the public entry
                           point: it does not answer /metrics
  --gateway-metrics-port N a private port for the gateway's own /metrics, /healthz and /readyz
                           (EVENTBOOK_GATEWAY_METRICS_PORT; default: none). The services' /metrics
                           are on their own ports
  --web-root DIR           the built web UI the gateway serves (EVENTBOOK_WEB_ROOT, default web/dist)
  --demo-data on|off       on a first start (empty data dir), fill in demo events, organizers and
                           bookings, and print the accounts to sign in with (EVENTBOOK_DEMO_DATA,
                           default off; `make run` turns it on)
  --amqp-url URL           use RabbitMQ instead of the in-process bus (EVENTBOOK_AMQP_URL)
  --smtp-url URL           send e-mail through this SMTP server, e.g. smtp://127.0.0.1:2525
                           (EVENTBOOK_SMTP_URL; default: inbox only, no e-mail)
  --mail-from ADDRESS      sender of e-mails (EVENTBOOK_MAIL_FROM)
  --public-url URL         where people open the site, for links in e-mails (EVENTBOOK_PUBLIC_URL,
                           default: the gateway's address)
)") + kCommon;
  }
  if (command == "users") {
    return std::string(R"(eventbook users - accounts, sign-in and tokens

Usage: eventbook users [--port N] [--database-url URL] [--data-dir DIR]

  --port N               (EVENTBOOK_PORT, default 5001)
  --database-url URL     postgresql://user:pass@host/db or a SQLite file path
                         (EVENTBOOK_DATABASE_URL, default DATA_DIR/users.db)
  --data-dir DIR         (EVENTBOOK_DATA_DIR, default ./data)
  --signing-key-file F   Ed25519 key that signs tokens; created when missing. Every
                         replica must use the same file (EVENTBOOK_SIGNING_KEY_FILE,
                         default DATA_DIR/keys/users-ed25519.key)
  --token-ttl SECONDS    token lifetime (EVENTBOOK_TOKEN_TTL, default 3600)
  --session-max-age SECONDS  how long a sign-in lasts: renewing a token (POST /api/users/token)
                         never goes beyond it (EVENTBOOK_SESSION_MAX_AGE, default 604800, 7 days)
  --login-max-failures N failed sign-ins for one account from one client address before each
                         further attempt from there waits (5 s, doubling up to 15 minutes)
                         (EVENTBOOK_LOGIN_MAX_FAILURES, default 10; see docs/security.md)
  --amqp-url URL         RabbitMQ for user.registered and user.tokens-revoked (EVENTBOOK_AMQP_URL)
  --service-secret SECRET  what the bookings service presents to look up door staff by
                         e-mail; the same on users, events and bookings
                         (EVENTBOOK_SERVICE_SECRET, default: kept in DATA_DIR/keys/service-secret)
)") + kCommon;
  }
  if (command == "events") {
    return std::string(R"(eventbook events - events, search and the seat inventory

Usage: eventbook events [--port N] [--database-url URL] [--amqp-url URL] [--users-url URL]

  --port N                      (EVENTBOOK_PORT, default 5002)
  --database-url URL            (EVENTBOOK_DATABASE_URL, default DATA_DIR/events.db)
  --amqp-url URL                RabbitMQ for event.* messages (EVENTBOOK_AMQP_URL)
  --users-url URL               where to fetch the token keys (EVENTBOOK_USERS_URL,
                                default http://127.0.0.1:5001)
  --token-ttl SECONDS           the users service's token lifetime: longer-lived tokens are
                                refused (EVENTBOOK_TOKEN_TTL, default 2592000, 30 days)
  --service-secret SECRET       what the bookings service presents to reserve seats; the
                                same on users, events and bookings (EVENTBOOK_SERVICE_SECRET,
                                default: kept in DATA_DIR/keys/service-secret)
  --require-organizer-role on   only organizers and admins create events
                                (EVENTBOOK_REQUIRE_ORGANIZER_ROLE, default off: any
                                signed-in user, who becomes the event's organizer)
)") + kCommon;
  }
  if (command == "bookings") {
    return std::string(R"(eventbook bookings - bookings that never oversell

Usage: eventbook bookings [--port N] [--database-url URL] [--amqp-url URL] [--events-url URL]

  --port N                 (EVENTBOOK_PORT, default 5003)
  --database-url URL       (EVENTBOOK_DATABASE_URL, default DATA_DIR/bookings.db)
  --amqp-url URL           RabbitMQ for booking.* and event.cancelled (EVENTBOOK_AMQP_URL)
  --events-url URL         the events service, which owns the seats (EVENTBOOK_EVENTS_URL,
                           default http://127.0.0.1:5002)
  --users-url URL          where to fetch the token keys and look up door staff by e-mail
                           (EVENTBOOK_USERS_URL)
  --token-ttl SECONDS      the users service's token lifetime: longer-lived tokens are
                           refused (EVENTBOOK_TOKEN_TTL, default 2592000, 30 days)
  --service-secret SECRET  as given to the events and users services (EVENTBOOK_SERVICE_SECRET)
  --queue-url URL          the queue service, whose keys sign waiting-room passes; fetched when a
                           pass names a key not known yet (EVENTBOOK_QUEUE_URL,
                           default http://127.0.0.1:5005)
  --max-seats N            most seats one booking takes (EVENTBOOK_MAX_SEATS, default 10)
)") + kCommon;
  }
  if (command == "notifications") {
    return std::string(R"(eventbook notifications - per-user inbox and e-mail

Usage: eventbook notifications [--port N] [--database-url URL] [--amqp-url URL] [--smtp-url URL]

  --port N               (EVENTBOOK_PORT, default 5004)
  --database-url URL     (EVENTBOOK_DATABASE_URL, default DATA_DIR/notifications.db)
  --amqp-url URL         RabbitMQ to consume from (EVENTBOOK_AMQP_URL)
  --smtp-url URL         SMTP server for e-mail (EVENTBOOK_SMTP_URL; unset: inbox only)
  --mail-from ADDRESS    sender of e-mails (EVENTBOOK_MAIL_FROM)
  --public-url URL       where people open the site (https://tickets.example.org), for links
                         in e-mails (EVENTBOOK_PUBLIC_URL; default: links are paths)
  --users-url URL        where to fetch the token keys (EVENTBOOK_USERS_URL,
                         default http://127.0.0.1:5001)
  --token-ttl SECONDS    the users service's token lifetime: longer-lived tokens are
                         refused (EVENTBOOK_TOKEN_TTL, default 2592000, 30 days)
)") + kCommon;
  }
  if (command == "queue") {
    return std::string(R"(eventbook queue - waiting rooms for on-sales

Usage: eventbook queue [--port N] [--database-url URL] [--events-url URL] [--users-url URL]

  --port N                 (EVENTBOOK_PORT, default 5005)
  --database-url URL       (EVENTBOOK_DATABASE_URL, default DATA_DIR/queue.db); every replica
                           uses the same database: one of them (holding a lease) admits
  --events-url URL         the events service, which owns the events' on-sale settings and
                           seats (EVENTBOOK_EVENTS_URL, default http://127.0.0.1:5002)
  --users-url URL          where to fetch the token keys (EVENTBOOK_USERS_URL,
                           default http://127.0.0.1:5001)
  --token-ttl SECONDS      the users service's token lifetime: longer-lived tokens are
                           refused (EVENTBOOK_TOKEN_TTL, default 2592000, 30 days)
  --service-secret SECRET  as given to the events service (EVENTBOOK_SERVICE_SECRET)
  --signing-key-file F     Ed25519 key that signs admission passes; created when missing.
                           Every replica must use the same file (EVENTBOOK_SIGNING_KEY_FILE,
                           default DATA_DIR/keys/queue-ed25519.key)
)") + kCommon;
  }
  if (command == "gateway") {
    return std::string(R"(eventbook gateway - one /api entry point in front of the services

Usage: eventbook gateway [--port N] [--users-url URL] [--web-root DIR]

  --port N                 (EVENTBOOK_PORT, default 8080); public: it does not answer /metrics
  --metrics-port N         a private port for the gateway's own /metrics, /healthz and /readyz,
                           for Prometheus; keep it closed to clients (EVENTBOOK_METRICS_PORT;
                           default: none)
  --users-url URL          the users service (EVENTBOOK_USERS_URL, default http://127.0.0.1:5001)
  --events-url URL         the events service (EVENTBOOK_EVENTS_URL, default http://127.0.0.1:5002)
  --bookings-url URL       the bookings service (EVENTBOOK_BOOKINGS_URL, default http://127.0.0.1:5003)
  --notifications-url URL  the notifications service (EVENTBOOK_NOTIFICATIONS_URL,
                           default http://127.0.0.1:5004)
  --queue-url URL          the queue service (EVENTBOOK_QUEUE_URL, default http://127.0.0.1:5005)
  --web-root DIR           the built web UI, served at / with /api/docs (EVENTBOOK_WEB_ROOT,
                           default web/dist; "" serves /api only)
)") + kCommon;
  }
  if (command == "routes") {
    return R"(eventbook routes - the HTTP routes each service registers

Usage: eventbook routes [--json]

  Prints one route per line as SERVICE METHOD PATTERN ("*" matches any
  method; a final {name...} takes the rest of the path). The built-in
  /healthz, /readyz and /metrics of every server are not listed.
  --json                 one JSON array of {service, method, pattern, pool}
)";
  }
  if (command == "admin") {
    return R"(eventbook admin - administration from the command line

Usage: eventbook admin grant-role EMAIL ROLE [--database-url URL] [--data-dir DIR]

  grant-role EMAIL ROLE  give the account ROLE: attendee, organizer or admin.
                         Takes effect on the user's next sign-in or token refresh.
  --database-url URL     the users database (EVENTBOOK_DATABASE_URL, default DATA_DIR/users.db)
)";
  }
  if (command == "demo-data") {
    return R"(eventbook demo-data - fill a running instance with demo events, organizers and bookings

Usage: eventbook demo-data [--url URL]

  --url URL   the gateway (or nginx) in front of the instance (EVENTBOOK_URL,
              default http://127.0.0.1:8080)

Registers three organizers and twelve attendees (password eventbook-demo; running
it again signs them in instead), creates 24 upcoming events and books seats,
printing progress. `eventbook dev --demo-data on` does this on a first start.
)";
  }
  return R"(eventbook - event booking platform

Usage: eventbook COMMAND [OPTIONS]

Commands:
  dev            run every service in one process (SQLite, no servers to install)
  users          run the users service (port 5001)
  events         run the events service (port 5002)
  bookings       run the bookings service (port 5003)
  notifications  run the notifications service (port 5004)
  queue          run the queue service: on-sale waiting rooms (port 5005)
  gateway        run the gateway (port 8080)
  admin          administration: grant-role
  routes         list the HTTP routes each service registers
  demo-data      fill a running instance with demo events, organizers and bookings
  help CMD       the options of a command (also: eventbook CMD --help)
)";
}

}  // namespace eventbook::app
