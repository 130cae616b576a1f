-- Checkout holds: a booking made as a hold is `held` until it is confirmed
-- before expires_at, expires, or is let go of; the seats of an expired or
-- released hold go back as a cancelled booking's do.
ALTER TABLE bookings ADD COLUMN hold BIGINT NOT NULL DEFAULT 0;
ALTER TABLE bookings ADD COLUMN expires_at BIGINT;
CREATE INDEX bookings_held ON bookings (expires_at) WHERE status = 'held';
DROP INDEX bookings_unreleased;
CREATE INDEX bookings_unreleased ON bookings (status)
  WHERE status IN ('cancelled', 'expired', 'released') AND seats_released = 0;
