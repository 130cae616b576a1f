-- Waitlists: a place per account and event (one active at a time) for a
-- group of seats, in order of joining; an offer is a hold made for it.
CREATE TABLE waitlist (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  seats BIGINT NOT NULL,
  ticket_type_id TEXT,
  state TEXT NOT NULL,            -- waiting, offered, booked, lapsed, left
  hold_id TEXT,                   -- the hold of its offer
  offer_expires_at BIGINT,
  notified BIGINT NOT NULL DEFAULT 0,  -- the offer was announced
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX waitlist_one_active ON waitlist (event_id, user_id) WHERE state IN ('waiting', 'offered');
CREATE INDEX waitlist_in_line ON waitlist (event_id, state, created_at, id);
CREATE INDEX waitlist_of_user ON waitlist (user_id, event_id, created_at);

-- A hold made as a waitlist offer takes the seats owed to the waitlist.
ALTER TABLE bookings ADD COLUMN waitlist_offer BIGINT NOT NULL DEFAULT 0;
