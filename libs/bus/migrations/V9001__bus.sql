CREATE TABLE outbox (
  id          TEXT PRIMARY KEY,
  type        TEXT NOT NULL,
  payload     TEXT NOT NULL,
  created_at  BIGINT NOT NULL,
  lease_owner TEXT,
  lease_until BIGINT,
  sent_at     BIGINT
);
CREATE INDEX outbox_pending ON outbox (id) WHERE sent_at IS NULL;
CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;

CREATE TABLE inbox (
  message_id TEXT PRIMARY KEY,
  type       TEXT NOT NULL,
  handled_at BIGINT NOT NULL
);
