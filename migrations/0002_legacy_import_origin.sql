-- Legacy import bookkeeping (issue 2 item 8).
-- legacy_imported_at: when the legacy JSON importer last wrote the row; the app never resets it.
-- With import_checksum (set NULL by the app on any change) it tells a row "changed in DuckDB since
-- import" from one that "already exists in DuckDB" and was never imported: a forced re-import
-- overwrites neither, but reports them differently.
ALTER TABLE system_file_sources ADD COLUMN legacy_imported_at TIMESTAMPTZ;
ALTER TABLE system_sql_favorites ADD COLUMN legacy_imported_at TIMESTAMPTZ;
ALTER TABLE system_datasources ADD COLUMN legacy_imported_at TIMESTAMPTZ;

-- Favorites had nowhere to keep legacy fields without a column; the importer loses nothing.
-- (DuckDB cannot add a column with a NOT NULL constraint; the default fills existing rows.)
ALTER TABLE system_sql_favorites ADD COLUMN extra JSON DEFAULT '{}';
