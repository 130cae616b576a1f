-- Codes that take money off an event's tickets or reveal hidden types, each
-- for at most max_uses bookings: a booking takes a use in the same
-- transaction as its seats (used never passes max_uses), a release gives it
-- back. Lists of type ids are JSON text.
CREATE TABLE promo_codes (
  id                TEXT PRIMARY KEY,
  event_id          TEXT NOT NULL,
  code              TEXT NOT NULL,
  code_key          TEXT NOT NULL,
  percent_off       BIGINT,
  amount_off_minor  BIGINT,
  currency          TEXT,
  ticket_type_ids   TEXT,
  unlocks           TEXT NOT NULL,
  max_uses          BIGINT,
  used              BIGINT NOT NULL,
  valid_until       BIGINT,
  enabled           BIGINT NOT NULL,
  created_at        BIGINT NOT NULL,
  updated_at        BIGINT NOT NULL,
  CHECK (used >= 0 AND (max_uses IS NULL OR used <= max_uses))
);
CREATE UNIQUE INDEX promo_codes_by_key ON promo_codes (event_id, code_key);

-- The code a reservation took a use of.
ALTER TABLE reservations ADD COLUMN promo_code_id TEXT;
