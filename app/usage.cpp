#include "commands.hpp"

namespace eventbook::app {

namespace {

constexpr const char* kCommon = R"(
Options shared by every service (each also read from the environment variable
shown, flags win):
  --host ADDR            address to listen on (EVENTBOOK_HOST, default 127.0.0.1)
  --log-level LEVEL      debug, info, warn or error (EVENTBOOK_LOG_LEVEL, default info)
  --io-threads N         network threads (EVENTBOOK_IO_THREADS, default: one per core)
  --workers N            request worker threads (EVENTBOOK_WORKERS, default 16)
  --access-log on|off    one JSON line per request (EVENTBOOK_ACCESS_LOG, default on)
)";

}  // namespace

std::string usage(const std::string& command) {
  if (command == "dev") {
    return std::string(R"(eventbook dev - every service in one process, with SQLite files and no servers to install

Usage: eventbook dev [--data-dir DIR] [--users-port N] [--gateway-port N]

  --data-dir DIR         where the databases and keys live (EVENTBOOK_DATA_DIR, default ./data)
  --users-port N         users service port (EVENTBOOK_USERS_PORT, default 5001)
  --gateway-port N       gateway port (EVENTBOOK_GATEWAY_PORT, default 8080)
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
  --login-max-failures N failed sign-ins per account in 15 minutes before 429
                         (EVENTBOOK_LOGIN_MAX_FAILURES, default 10)
)") + kCommon;
  }
  if (command == "gateway") {
    return std::string(R"(eventbook gateway - one /api entry point in front of the services

Usage: eventbook gateway [--port N] [--users-url URL]

  --port N               (EVENTBOOK_PORT, default 8080)
  --users-url URL        (EVENTBOOK_USERS_URL, default http://127.0.0.1:5001)
)") + kCommon;
  }
  if (command == "admin") {
    return R"(eventbook admin - administration from the command line

Usage: eventbook admin grant-role EMAIL ROLE [--database-url URL] [--data-dir DIR]

  grant-role EMAIL ROLE  give the account ROLE: attendee, organizer or admin.
                         Takes effect on the user's next sign-in or token refresh.
  --database-url URL     the users database (EVENTBOOK_DATABASE_URL, default DATA_DIR/users.db)
)";
  }
  return R"(eventbook - event booking platform

Usage: eventbook COMMAND [OPTIONS]

Commands:
  dev        run every service in one process (SQLite, no servers to install)
  users      run the users service (port 5001)
  gateway    run the gateway (port 8080)
  admin      administration: grant-role
  help CMD   the options of a command (also: eventbook CMD --help)
)";
}

}  // namespace eventbook::app
