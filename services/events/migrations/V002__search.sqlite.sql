-- Full-text search over title, description and location with FTS5, kept in
-- step with the events table by triggers.
CREATE VIRTUAL TABLE events_fts USING fts5(
  title, description, location, content='events', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO events_fts (rowid, title, description, location) SELECT rowid, title, description, location FROM events;
CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
  INSERT INTO events_fts (rowid, title, description, location) VALUES (new.rowid, new.title, new.description, new.location);
END;
CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
  INSERT INTO events_fts (events_fts, rowid, title, description, location)
  VALUES ('delete', old.rowid, old.title, old.description, old.location);
END;
CREATE TRIGGER events_fts_update AFTER UPDATE OF title, description, location ON events BEGIN
  INSERT INTO events_fts (events_fts, rowid, title, description, location)
  VALUES ('delete', old.rowid, old.title, old.description, old.location);
  INSERT INTO events_fts (rowid, title, description, location) VALUES (new.rowid, new.title, new.description, new.location);
END;
