-- A ticket per confirmed seat: its type, who it is for, a code that cannot
-- be guessed (stored as scanned: upper case, without separators), and its
-- check-in. Written with the booking's confirmation; void once the booking
-- is cancelled.
CREATE TABLE tickets (
  id               TEXT PRIMARY KEY,
  booking_id       TEXT NOT NULL,
  event_id         TEXT NOT NULL,
  seat_no          BIGINT NOT NULL,
  ticket_type_id   TEXT,
  ticket_type_name TEXT NOT NULL,
  code             TEXT NOT NULL,
  attendee_name    TEXT,
  attendee_email   TEXT,
  status           TEXT NOT NULL DEFAULT 'valid',
  checked_in_at    BIGINT,
  checked_in_by    TEXT,
  checked_in_label TEXT,
  created_at       BIGINT NOT NULL
);
CREATE UNIQUE INDEX tickets_by_code ON tickets (code);
CREATE UNIQUE INDEX tickets_by_booking ON tickets (booking_id, seat_no);
CREATE INDEX tickets_by_event ON tickets (event_id, id);

-- Whether a confirmed booking's tickets were written. Bookings confirmed
-- before tickets existed (or by a replica of the release before) have none
-- yet: recovery writes them.
ALTER TABLE bookings ADD COLUMN tickets_issued BIGINT NOT NULL DEFAULT 0;
CREATE INDEX bookings_without_tickets ON bookings (id) WHERE status = 'confirmed' AND tickets_issued = 0;

-- Door staff: accounts that check in, and read the attendee list of, one event.
CREATE TABLE event_staff (
  event_id    TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  email       TEXT NOT NULL,
  username    TEXT NOT NULL,
  event_title TEXT,
  event_date  TEXT,
  added_by    TEXT NOT NULL,
  added_at    BIGINT NOT NULL,
  PRIMARY KEY (event_id, user_id)
);
CREATE INDEX event_staff_by_user ON event_staff (user_id, added_at);
