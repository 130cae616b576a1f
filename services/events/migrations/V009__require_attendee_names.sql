-- Whether a hold of the event is confirmed only with a name per seat.
ALTER TABLE events ADD COLUMN require_attendee_names BIGINT NOT NULL DEFAULT 0;
