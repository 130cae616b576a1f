-- A booking's lines (ticket type, quantity, price each) as JSON text: the
-- lines asked for while it is pending (none: seats of the default type),
-- the lines as priced by the events service once confirmed. What they come
-- to, in minor units of their currency, and whether it is paid.
ALTER TABLE bookings ADD COLUMN items TEXT;
ALTER TABLE bookings ADD COLUMN currency TEXT;
ALTER TABLE bookings ADD COLUMN total_minor BIGINT;
ALTER TABLE bookings ADD COLUMN discount_minor BIGINT;
ALTER TABLE bookings ADD COLUMN payment_status TEXT NOT NULL DEFAULT 'none';
-- For a rejection because of one ticket type: which.
ALTER TABLE bookings ADD COLUMN refused_type_id TEXT;

-- Bookings settled before had their seats of the event's General admission
-- type, at no price recorded.
UPDATE bookings
   SET items = '[{"ticketTypeId":"' || event_id || '-ga","name":"General admission","quantity":' || seats ||
               ',"unitPriceMinor":null,"currency":null}]'
 WHERE status <> 'pending';
