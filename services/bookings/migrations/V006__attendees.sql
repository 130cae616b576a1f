-- The attendees a hold was confirmed with (JSON text, one per seat), and
-- whether its event wanted them.
ALTER TABLE bookings ADD COLUMN require_attendees BIGINT NOT NULL DEFAULT 0;
ALTER TABLE bookings ADD COLUMN attendees TEXT;
