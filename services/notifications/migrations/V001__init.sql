-- Who can be mailed, as announced by user.registered.
CREATE TABLE recipients (
  user_id    TEXT PRIMARY KEY,
  username   TEXT NOT NULL,
  email      TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- Who holds seats for which event, as announced by the bookings service,
-- so that event changes reach the people they concern.
CREATE TABLE attendance (
  booking_id TEXT PRIMARY KEY,
  event_id   TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  active     INTEGER NOT NULL
);
CREATE INDEX attendance_by_event ON attendance (event_id, active);

CREATE TABLE notifications (
  id         TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL,
  type       TEXT NOT NULL,
  title      TEXT NOT NULL,
  body       TEXT NOT NULL,
  data       TEXT NOT NULL,
  message_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  read_at    BIGINT
);
CREATE INDEX notifications_by_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- The e-mail delivery log: one row per mail, never sent twice.
CREATE TABLE deliveries (
  id              TEXT PRIMARY KEY,
  notification_id TEXT NOT NULL UNIQUE,
  recipient       TEXT NOT NULL,
  recipient_name  TEXT NOT NULL,
  subject         TEXT NOT NULL,
  text_body       TEXT NOT NULL,
  html_body       TEXT NOT NULL,
  status          TEXT NOT NULL,
  attempts        INTEGER NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  last_error      TEXT,
  created_at      BIGINT NOT NULL,
  sent_at         BIGINT
);
CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
