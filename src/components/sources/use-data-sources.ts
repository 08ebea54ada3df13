'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/trpc/react';

export interface DataSourceRow {
  name: string;
  type: string;
  filename: string | null;
  rowCount: number | null;
  columnCount: number | null;
  sizeBytes: number | null;
  createdAt: Date | null;
  /** pending / ready / failed for imported files; null for tables made by SQL or legacy rows without one. */
  profileStatus: string | null;
  profileError: string | null;
}

const numberOrNull = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const stringOrNull = (value: unknown) => (typeof value === 'string' && value ? value : null);

/**
 * Every table in DuckDB (tables.list: live row counts) joined with its file-source row (how it was
 * loaded, size, profile status). A file source whose table is gone is still listed, so it can be deleted.
 */
export function useDataSources() {
  const trpc = useTRPC();
  const tables = useQuery(trpc.tables.list.queryOptions());
  const sources = useQuery(trpc.fileSources.list.queryOptions({ limit: 1000 }));
  const byName = new Map((sources.data?.items ?? []).map((s) => [s.source_id.toLowerCase(), s]));
  const rows: DataSourceRow[] = (tables.data ?? []).map((t) => {
    const source = byName.get(t.table_name.toLowerCase());
    byName.delete(t.table_name.toLowerCase());
    const extra = source?.extra ?? {};
    return {
      name: t.table_name,
      type: source?.file_type ?? 'table',
      filename: source?.filename ?? null,
      rowCount: t.row_count,
      columnCount: t.column_count,
      sizeBytes: numberOrNull(extra.file_size) ?? numberOrNull(extra.size_bytes) ?? numberOrNull(extra.bytes),
      createdAt: t.created_at ?? source?.created_at ?? null,
      profileStatus: stringOrNull(extra.profile_status) ?? (source?.column_profiles ? 'ready' : null),
      profileError: stringOrNull(extra.profile_error),
    };
  });
  for (const source of byName.values()) {
    rows.push({
      name: source.source_id,
      type: source.file_type,
      filename: source.filename,
      rowCount: source.row_count,
      columnCount: source.column_count,
      sizeBytes: numberOrNull(source.extra.file_size),
      createdAt: source.created_at,
      profileStatus: 'table missing',
      profileError: null,
    });
  }
  return { rows, isLoading: tables.isLoading || sources.isLoading, error: tables.error ?? sources.error };
}
