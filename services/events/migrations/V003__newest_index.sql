-- Serves sort=newest (id order) without sorting the whole table.
CREATE INDEX events_by_newest ON events (status, id);
