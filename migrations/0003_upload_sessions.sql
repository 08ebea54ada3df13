-- Chunked, resumable uploads (issue 3 item 3). Kept in DuckDB, not in memory, so an upload
-- resumes after a server restart. The chunk files live under $DUCKQUERY_DATA_DIR/uploads/.chunks/
-- <upload_id>/; a row in system_upload_chunks exists only once its file is complete on disk.
-- file_name is the client's name: metadata only, never a path on the server.

CREATE TABLE system_upload_sessions (
  upload_id     VARCHAR PRIMARY KEY,             -- a server-made UUID
  file_name     VARCHAR NOT NULL,
  file_type     VARCHAR NOT NULL,                -- from the name's extension, checked at init
  file_size     BIGINT NOT NULL,
  chunk_size    BIGINT NOT NULL,
  total_chunks  INTEGER NOT NULL,
  file_hash     VARCHAR,                         -- optional MD5 (hex) of the whole file
  table_alias   VARCHAR,
  actor         VARCHAR NOT NULL,                -- who may continue, see or cancel it
  status        VARCHAR NOT NULL,                -- uploading | assembling | importing | completed | failed
  source_id     VARCHAR,                         -- the table the upload became
  error_message VARCHAR,
  created_at    TIMESTAMPTZ NOT NULL,
  updated_at    TIMESTAMPTZ NOT NULL             -- last activity (a chunk, a status change): stale-session clean-up
);

-- One row per received chunk: concurrent chunks insert different rows (no write conflict), and a
-- repeated chunk finds its row (idempotent).
CREATE TABLE system_upload_chunks (
  upload_id    VARCHAR NOT NULL,
  chunk_number INTEGER NOT NULL,
  size_bytes   BIGINT NOT NULL,
  received_at  TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (upload_id, chunk_number)
);
