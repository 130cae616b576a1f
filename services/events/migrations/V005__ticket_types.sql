-- The kinds of ticket an event sells, each with its own quota and price; the
-- event's capacity stays the hard total. A type without a quota has the
-- event's capacity as its limit, one without a price the event's price: the
-- type every event gets, "General admission", follows its event that way.
CREATE TABLE ticket_types (
  id               TEXT PRIMARY KEY,
  event_id         TEXT NOT NULL,
  position         BIGINT NOT NULL,
  name             TEXT NOT NULL,
  description      TEXT,
  price_minor      BIGINT,
  currency         TEXT,
  quota            BIGINT,
  sold             BIGINT NOT NULL,
  sales_start      BIGINT,
  sales_end        BIGINT,
  max_per_booking  BIGINT,
  hidden           BIGINT NOT NULL,
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL,
  CHECK (sold >= 0 AND (quota IS NULL OR sold <= quota))
);
CREATE INDEX ticket_types_by_event ON ticket_types (event_id, position, id);

INSERT INTO ticket_types (id, event_id, position, name, description, price_minor, currency, quota, sold,
                          sales_start, sales_end, max_per_booking, hidden, created_at, updated_at)
SELECT id || '-ga', id, 0, 'General admission', NULL, NULL, NULL, NULL, capacity - available_seats,
       NULL, NULL, NULL, 0, created_at, updated_at
  FROM events;

-- The type a reservation took its seats from, so that a release gives them
-- back to it.
ALTER TABLE reservations ADD COLUMN ticket_type_id TEXT;
UPDATE reservations SET ticket_type_id = event_id || '-ga' WHERE status = 'reserved';
