'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPCClient } from '@/trpc/react';

export interface SchemaTable {
  name: string;
  columns: { name: string; type: string }[];
  system: boolean;
}

export const SCHEMA_QUERY_KEY = ['duckquery', 'schema'] as const;

const SCHEMA_SQL = `SELECT table_name, column_name, data_type
  FROM information_schema.columns WHERE table_schema = 'main'
  ORDER BY table_name, ordinal_position`;

/**
 * Tables and columns for completion and the schema browser, read with the same guarded SQL box
 * as any query (query.run is a mutation, so it is wrapped in a query here to be cached).
 */
export function useSchema() {
  const client = useTRPCClient();
  return useQuery({
    queryKey: SCHEMA_QUERY_KEY,
    queryFn: async () => {
      const result = await client.query.run.mutate({ sql: SCHEMA_SQL, limit: 10_000 });
      const tables = new Map<string, SchemaTable>();
      for (const [table, column, type] of result.rows as [string, string, string][]) {
        let entry = tables.get(table);
        if (!entry) tables.set(table, (entry = { name: table, columns: [], system: table.toLowerCase().startsWith('system_') }));
        entry.columns.push({ name: column, type });
      }
      return [...tables.values()];
    },
  });
}

