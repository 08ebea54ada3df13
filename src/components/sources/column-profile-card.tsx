import { cellText, formatCount } from '@/components/lib/format';
import type { HistogramBar } from './use-column-histograms';

interface ColumnStats {
  column_name: string;
  data_type: string;
  null_count: number;
  distinct_count: number;
  distinct_exact: boolean;
  min_value: unknown;
  max_value: unknown;
  sample_values: string[];
}

function Share({ label, value, total, tone }: { label: string; value: number; total: number; tone: string }) {
  const share = total > 0 ? value / total : 0;
  return (
    <div className="text-xs">
      <div className="flex justify-between text-slate-500">
        <span>{label}</span>
        <span className="tabular-nums">
          {formatCount(value)} ({(share * 100).toFixed(share > 0 && share < 0.01 ? 2 : 0)}%)
        </span>
      </div>
      <div className="mt-0.5 h-1.5 rounded bg-slate-200 dark:bg-slate-800">
        <div className={`h-1.5 rounded ${tone}`} style={{ width: `${Math.min(100, share * 100)}%` }} />
      </div>
    </div>
  );
}

function Histogram({ bars }: { bars: HistogramBar[] }) {
  const max = Math.max(...bars.map((b) => b.count), 1);
  return (
    <div className="flex h-12 items-end gap-px" role="img" aria-label="Distribution">
      {bars.map((bar, i) => (
        <div key={i} title={`${bar.label}: ${bar.count.toLocaleString('en-US')}`} className="min-w-1 flex-1 rounded-t bg-blue-500/80" style={{ height: `${Math.max(4, (bar.count / max) * 100)}%` }} />
      ))}
    </div>
  );
}

/** One column's profile: type, null share, distinct count, range, sample values and a small distribution. */
export function ColumnProfileCard({ column, rowCount, bars }: { column: ColumnStats; rowCount: number; bars: HistogramBar[] | undefined }) {
  return (
    <article aria-label={`Column ${column.column_name}`} className="space-y-2 rounded border border-slate-200 p-3 dark:border-slate-800">
      <header className="flex items-baseline justify-between gap-2">
        <h3 className="truncate font-mono text-sm font-semibold">{column.column_name}</h3>
        <span className="shrink-0 font-mono text-[11px] text-slate-500 uppercase">{column.data_type}</span>
      </header>
      <Share label="Nulls" value={column.null_count} total={rowCount} tone="bg-amber-500" />
      <Share label={column.distinct_exact ? 'Distinct' : 'Distinct (approx.)'} value={column.distinct_count} total={rowCount} tone="bg-emerald-500" />
      <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-xs">
        <dt className="text-slate-500">Min</dt>
        <dd className="truncate font-mono">{cellText(column.min_value)}</dd>
        <dt className="text-slate-500">Max</dt>
        <dd className="truncate font-mono">{cellText(column.max_value)}</dd>
        <dt className="text-slate-500">Samples</dt>
        <dd className="truncate font-mono" title={column.sample_values.join(', ')}>
          {column.sample_values.join(', ') || '–'}
        </dd>
      </dl>
      {bars && bars.length > 0 && <Histogram bars={bars} />}
    </article>
  );
}
