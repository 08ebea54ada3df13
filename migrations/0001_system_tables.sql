-- DuckQuery metadata. Every table the app owns is named system_*; issue 4's query guard keeps
-- user SQL from writing them. Timestamps are TIMESTAMPTZ (UTC instants).
-- import_checksum: sha256 of the legacy JSON entry a row was imported from; the app sets it to
-- NULL on any later change, so a forced re-import never overwrites a row changed in DuckDB.

CREATE TABLE system_file_sources (
  source_id       VARCHAR PRIMARY KEY,           -- the DuckDB table name
  filename        VARCHAR NOT NULL,
  file_path       VARCHAR,                       -- absent on legacy Excel-sheet entries
  file_type       VARCHAR NOT NULL,
  row_count       BIGINT,
  column_count    INTEGER,
  columns         JSON,                          -- ["name", ...] or legacy [{name, type}]
  column_profiles JSON,                          -- legacy profile shape, see FORMATS.md
  schema_version  INTEGER,
  extra           JSON NOT NULL DEFAULT '{}',    -- every other legacy field, kept verbatim
  created_at      TIMESTAMPTZ NOT NULL,
  updated_at      TIMESTAMPTZ NOT NULL,
  import_checksum VARCHAR
);

CREATE TABLE system_sql_favorites (
  id              VARCHAR PRIMARY KEY,
  name            VARCHAR NOT NULL UNIQUE,
  sql             VARCHAR NOT NULL,
  type            VARCHAR NOT NULL DEFAULT 'duckdb',
  description     VARCHAR NOT NULL DEFAULT '',
  tags            VARCHAR[] NOT NULL DEFAULT [],
  created_at      TIMESTAMPTZ NOT NULL,
  updated_at      TIMESTAMPTZ NOT NULL,
  usage_count     BIGINT NOT NULL DEFAULT 0,
  import_checksum VARCHAR
);

CREATE TABLE system_datasources (
  id                     VARCHAR PRIMARY KEY,
  name                   VARCHAR NOT NULL,
  type                   VARCHAR NOT NULL,
  params                 JSON NOT NULL,          -- secret fields hold dq:v1:<key id>:... ciphertext
  status                 VARCHAR NOT NULL DEFAULT 'inactive',
  description            VARCHAR,
  enabled                BOOLEAN NOT NULL DEFAULT true,
  password_needs_reentry BOOLEAN NOT NULL DEFAULT false,
  extra                  JSON NOT NULL DEFAULT '{}',
  created_at             TIMESTAMPTZ NOT NULL,
  updated_at             TIMESTAMPTZ NOT NULL,
  last_tested            TIMESTAMPTZ,
  import_checksum        VARCHAR
);

CREATE SEQUENCE system_legacy_imports_seq;
CREATE TABLE system_legacy_imports (
  id             BIGINT PRIMARY KEY DEFAULT nextval('system_legacy_imports_seq'),
  file_name      VARCHAR NOT NULL,               -- e.g. sql-favorites.json
  file_path      VARCHAR NOT NULL,
  sha256         VARCHAR,
  status         VARCHAR NOT NULL,               -- imported | skipped | failed
  forced         BOOLEAN NOT NULL DEFAULT false,
  entries_total  INTEGER NOT NULL DEFAULT 0,
  inserted_count INTEGER NOT NULL DEFAULT 0,
  updated_count  INTEGER NOT NULL DEFAULT 0,
  skipped_count  INTEGER NOT NULL DEFAULT 0,
  skipped        JSON NOT NULL DEFAULT '[]',     -- [{entry, reason}]
  error          VARCHAR,
  backup_path    VARCHAR,
  started_at     TIMESTAMPTZ NOT NULL,
  finished_at    TIMESTAMPTZ
);

CREATE SEQUENCE system_audit_log_seq;
CREATE TABLE system_audit_log (
  id          BIGINT PRIMARY KEY DEFAULT nextval('system_audit_log_seq'),
  occurred_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  actor       VARCHAR NOT NULL,                  -- 'system', 'cli', 'anonymous', a user name
  action      VARCHAR NOT NULL,                  -- e.g. favorite.create
  target_type VARCHAR,
  target_id   VARCHAR,
  outcome     VARCHAR NOT NULL,                  -- ok | error
  details     JSON NOT NULL DEFAULT '{}',        -- redacted: never a secret
  duration_ms DOUBLE
);
