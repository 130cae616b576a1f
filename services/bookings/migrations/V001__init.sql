CREATE TABLE bookings (
  id              TEXT PRIMARY KEY,
  user_id         TEXT NOT NULL,
  event_id        TEXT NOT NULL,
  seats           BIGINT NOT NULL,
  status          TEXT NOT NULL,
  reason          TEXT,
  idempotency_key TEXT,
  event_title     TEXT,
  event_date      TEXT,
  event_location  TEXT,
  organizer_id    TEXT,
  ticket_code     TEXT,
  seats_released  INTEGER NOT NULL DEFAULT 0,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL
);
CREATE UNIQUE INDEX bookings_idempotency ON bookings (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX bookings_by_user ON bookings (user_id, id);
CREATE INDEX bookings_by_event ON bookings (event_id, status);
CREATE INDEX bookings_unsettled ON bookings (status, created_at) WHERE status = 'pending';
CREATE INDEX bookings_unreleased ON bookings (status) WHERE status = 'cancelled' AND seats_released = 0;
