-- Whether the buyer showed a valid pass of the event's waiting room: kept so
-- that a booking settled later (by recovery) asks for its seats the same way.
ALTER TABLE bookings ADD COLUMN queue_pass BIGINT NOT NULL DEFAULT 0;
