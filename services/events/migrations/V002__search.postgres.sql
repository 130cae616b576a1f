-- Full-text search over title, description and location: a GIN index on the
-- same tsvector expression the search query uses.
CREATE INDEX events_search ON events USING GIN (
  to_tsvector('simple', title || ' ' || description || ' ' || location)
);
