CREATE TABLE dead_letters (
  message_id TEXT NOT NULL,
  queue      TEXT NOT NULL,
  payload    TEXT NOT NULL,
  error      TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (message_id, queue)
);
