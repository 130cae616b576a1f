-- How long a checkout hold keeps its seats for the buyer, per event.
ALTER TABLE events ADD COLUMN hold_minutes BIGINT NOT NULL DEFAULT 10;
