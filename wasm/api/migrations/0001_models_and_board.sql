-- Migration 0001: shared models, the verified board and the POST log that
-- rate-limits each client. Applied by `wrangler d1 migrations apply` on the
-- edge and by api.Migrate at start-up under `make serve`; both record it in
-- d1_migrations.

-- models: one row per stored model file. id is the SHA-256 of its bytes
-- (64 lowercase hex digits); the bytes themselves are in the blob store
-- (R2 on the edge, data/models/ locally) under that id. The settings come
-- from the file's header, as core decoded it.
CREATE TABLE models (
  id         TEXT    PRIMARY KEY,
  size       INTEGER NOT NULL,
  activation TEXT    NOT NULL,
  hidden     INTEGER NOT NULL,
  optimizer  TEXT    NOT NULL,
  train_size INTEGER NOT NULL,
  iterations INTEGER NOT NULL,
  settings   TEXT    NOT NULL, -- the header's config, JSON
  created    INTEGER NOT NULL  -- Unix milliseconds
);

-- board: a published model, at most once, with the accuracy the server
-- measured itself: correct of total MNIST test images. Its settings are
-- the model's row.
CREATE TABLE board (
  model      TEXT    PRIMARY KEY REFERENCES models(id),
  name       TEXT    NOT NULL,
  correct    INTEGER NOT NULL,
  total      INTEGER NOT NULL,
  created    INTEGER NOT NULL
);
CREATE INDEX board_best ON board (correct DESC, created);

-- posts: when each client (a hash of its address) last POSTed, for the
-- rate limit; rows older than the window are deleted as POSTs come in.
CREATE TABLE posts (
  client TEXT    NOT NULL,
  at     INTEGER NOT NULL
);
CREATE INDEX posts_client ON posts (client, at);
CREATE INDEX posts_at ON posts (at);
