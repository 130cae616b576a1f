-- A waiting room per event, made when its first visitor joins; its facts
-- (times, rate, seats left) are refreshed from the events service by the
-- admission step.
CREATE TABLE rooms (
  event_id TEXT PRIMARY KEY,
  organizer_id TEXT NOT NULL,
  starts_at BIGINT NOT NULL,           -- UTC ms: when the event starts
  on_sale_at BIGINT NOT NULL,          -- UTC ms: when admissions begin
  admit_per_minute BIGINT,             -- the organizer's rate; none: derived
  pass_minutes BIGINT NOT NULL,
  available_seats BIGINT NOT NULL,
  sold_per_minute BIGINT NOT NULL DEFAULT 0,  -- seats sold lately, per minute
  rate_per_minute BIGINT NOT NULL DEFAULT 0,  -- the rate admissions run at now
  status TEXT NOT NULL DEFAULT 'open',        -- open, sold-out, closed
  drawn BIGINT NOT NULL DEFAULT 0,            -- 1 once the early joiners' places are drawn
  last_place BIGINT NOT NULL DEFAULT 0,       -- the highest place given
  admitted_through BIGINT NOT NULL DEFAULT 0, -- every place up to this one is admitted
  credit BIGINT NOT NULL DEFAULT 0,           -- admissions owed, in 1/60000ths
  joined BIGINT NOT NULL DEFAULT 0,           -- visitors who joined, as last counted
  stepped_at BIGINT,                          -- UTC ms: the last admission step
  updated_at BIGINT NOT NULL
);

-- One entry per account and event. Who joined before the on-sale gets a
-- place drawn by `draw` (random); later visitors get theirs in order of
-- arrival.
CREATE TABLE entries (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  joined_at BIGINT NOT NULL,
  draw BIGINT NOT NULL,
  place BIGINT,                        -- none until drawn or given
  state TEXT NOT NULL DEFAULT 'waiting',  -- waiting, admitted, sold-out
  admitted_at BIGINT,
  pass_expires_at BIGINT,
  UNIQUE (event_id, user_id)
);
CREATE INDEX entries_unplaced ON entries (event_id, joined_at) WHERE place IS NULL;
CREATE INDEX entries_by_place ON entries (event_id, place);

