-- For a booking refused because its event is not on sale yet: when it opens.
ALTER TABLE bookings ADD COLUMN opens_at BIGINT;
