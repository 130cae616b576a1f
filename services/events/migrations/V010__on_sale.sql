-- When an event's tickets go on sale (UTC ms; none: at once), and its
-- waiting room for the on-sale: whether it has one, how many it admits per
-- minute (none: derived from the seats left and the booking rate), and how
-- long an admission pass lasts.
ALTER TABLE events ADD COLUMN on_sale_at BIGINT;
ALTER TABLE events ADD COLUMN waiting_room BIGINT NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN admit_per_minute BIGINT;
ALTER TABLE events ADD COLUMN pass_minutes BIGINT NOT NULL DEFAULT 10;
