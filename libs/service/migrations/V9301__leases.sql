-- Background work that one process of a service must do at a time (advancing
-- waiting rooms, offering waitlist seats): whoever holds the named lease,
-- until it runs out.
CREATE TABLE IF NOT EXISTS leases (
  name TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  until BIGINT NOT NULL
);
