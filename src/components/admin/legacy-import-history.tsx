import { formatDateTime } from '@/components/lib/format';
import { Badge } from '@/components/ui/badge';
import type { RouterOutputs } from '@/trpc/router-types';

/**
 * The server returns system_legacy_imports rows as they are (typed loosely, as a record), so the
 * columns read here are named after migrations/0001_system_tables.sql.
 */
type Row = RouterOutputs['migrations']['status']['legacyImports'][number] & {
  file_name?: unknown;
  status?: unknown;
  forced?: unknown;
  entries_total?: unknown;
  inserted_count?: unknown;
  updated_count?: unknown;
  skipped_count?: unknown;
  error?: unknown;
  backup_path?: unknown;
  started_at?: unknown;
};

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));

/** Every import attempt recorded in system_legacy_imports, newest first, with the backup each made. */
export function LegacyImportHistory({ rows }: { rows: Row[] }) {
  return (
    <section aria-labelledby="legacy-history" className="space-y-2">
      <h2 id="legacy-history" className="text-base font-semibold">
        Import history
      </h2>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">No legacy import has run yet.</p>
      ) : (
        <table className="w-full text-sm" aria-label="Legacy import history">
          <thead className="text-left text-xs text-slate-500 uppercase">
            <tr>
              <th className="py-1 font-medium">When</th>
              <th className="py-1 font-medium">File</th>
              <th className="py-1 font-medium">Status</th>
              <th className="py-1 text-right font-medium">Entries</th>
              <th className="py-1 text-right font-medium">New / updated / skipped</th>
              <th className="py-1 font-medium">Backup</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {rows.map((row) => (
              <tr key={row.id}>
                <td className="py-1.5 text-xs whitespace-nowrap text-slate-500">{formatDateTime(row.started_at instanceof Date ? row.started_at : null)}</td>
                <td className="py-1.5 font-mono text-xs">
                  {text(row.file_name)}
                  {row.forced === true && <span className="ml-1 text-slate-400">(forced)</span>}
                </td>
                <td className="py-1.5" title={text(row.error)}>
                  <Badge tone={row.status === 'imported' ? 'good' : row.status === 'failed' ? 'bad' : 'neutral'}>{text(row.status)}</Badge>
                </td>
                <td className="py-1.5 text-right tabular-nums">{text(row.entries_total)}</td>
                <td className="py-1.5 text-right tabular-nums">
                  {text(row.inserted_count)} / {text(row.updated_count)} / {text(row.skipped_count)}
                </td>
                <td className="max-w-64 truncate py-1.5 font-mono text-[11px] text-slate-500" title={text(row.backup_path)}>
                  {text(row.backup_path) || '–'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
