-- Whether a booking asked for lines of ticket types by name rather than
-- seats of the default type: a request repeated under its Idempotency-Key
-- must ask the same way.
ALTER TABLE bookings ADD COLUMN asked_items BIGINT NOT NULL DEFAULT 0;
UPDATE bookings SET asked_items = 1 WHERE status = 'pending' AND items IS NOT NULL;
