CREATE TABLE token_revocations (
  user_id     TEXT PRIMARY KEY,
  min_version BIGINT NOT NULL,
  learned_at  BIGINT NOT NULL
);
CREATE INDEX token_revocations_by_learned_at ON token_revocations (learned_at);
