-- The waitlist's claim on seats: how many seats its waiting entries want
-- (told by the bookings service), and how many free seats are owed to them
-- (never more than either the free seats or that demand). Seats that come
-- back go to the waitlist first; a new booker takes only the others.
ALTER TABLE events ADD COLUMN waitlist_demand BIGINT NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN owed_seats BIGINT NOT NULL DEFAULT 0;
-- strict: the head of the waitlist waits until its group fits; fit: the
-- first entry whose group fits is offered the seats.
ALTER TABLE events ADD COLUMN waitlist_order TEXT NOT NULL DEFAULT 'strict';
ALTER TABLE events ADD COLUMN offer_minutes BIGINT NOT NULL DEFAULT 15;
