CREATE TABLE events (
  id               TEXT PRIMARY KEY,
  organizer_id     TEXT NOT NULL,
  title            TEXT NOT NULL,
  description      TEXT NOT NULL,
  date_text        TEXT NOT NULL,
  starts_at        BIGINT NOT NULL,
  location         TEXT NOT NULL,
  location_key     TEXT NOT NULL,
  category         TEXT,
  price_cents      BIGINT,
  currency         TEXT,
  capacity         BIGINT NOT NULL,
  available_seats  BIGINT NOT NULL,
  max_per_booking  BIGINT,
  status           TEXT NOT NULL,
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL,
  CHECK (available_seats >= 0 AND available_seats <= capacity)
);
CREATE INDEX events_by_start ON events (status, starts_at, id);
CREATE INDEX events_by_title ON events (status, title, id);
CREATE INDEX events_by_organizer ON events (organizer_id, id);

-- One row per booking that asked for seats: the first answer, kept so that a
-- repeated reserve or release returns it and changes nothing.
CREATE TABLE reservations (
  booking_id TEXT PRIMARY KEY,
  event_id   TEXT NOT NULL,
  seats      BIGINT NOT NULL,
  status     TEXT NOT NULL,
  reason     TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX reservations_by_event ON reservations (event_id, status);
