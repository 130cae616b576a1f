-- An event's bookings newest first (the organizer's list pages by id) come
-- straight from the index, and settling a booking no longer moves its entry:
-- the status is read from the row.
DROP INDEX bookings_by_event;
CREATE INDEX bookings_by_event ON bookings (event_id, id);
