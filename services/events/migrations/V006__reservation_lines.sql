-- A reservation records its lines (ticket type, quantity, price each) as one
-- JSON text, so that a release gives every line's seats back to its type and
-- a repeated request is answered with the same priced lines. Reservations
-- made before took all their seats from one type.
ALTER TABLE reservations ADD COLUMN lines TEXT;
UPDATE reservations SET lines = '[{"t":"' || ticket_type_id || '","q":' || seats || '}]'
 WHERE ticket_type_id IS NOT NULL;
-- ticket_type_id is no longer written; it stays while a replica of the
-- release before may still read it during a rolling upgrade.

-- For a refusal because of one type (sold out, not on sale, unknown): which.
ALTER TABLE reservations ADD COLUMN refused_type_id TEXT;
