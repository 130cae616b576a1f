-- No query looks reservations up by event; the index only cost every
-- reservation two index writes (claimed, then settled).
DROP INDEX reservations_by_event;
