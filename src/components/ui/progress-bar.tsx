import { formatBytes, formatCount, formatDuration } from '@/components/lib/format';
import type { RouterOutputs } from '@/trpc/router-types';

/** What the bar reads of the server's progress entry (its shape comes from the router, not a copy). */
export type ProgressView = Pick<RouterOutputs['progress']['get'], 'phase' | 'state' | 'bytesDone' | 'bytesTotal' | 'rowsDone' | 'rowsTotal' | 'etaMs' | 'error'>;

/** Bytes, rows, phase and time left of long-running work (the server's progress registry). */
export function ProgressBar({ progress, label }: { progress: ProgressView; label: string }) {
  const fraction =
    progress.state === 'done'
      ? 1
      : progress.bytesTotal
        ? progress.bytesDone / progress.bytesTotal
        : progress.rowsTotal
          ? progress.rowsDone / progress.rowsTotal
          : null;
  const tone = progress.state === 'failed' ? 'bg-red-500' : progress.state === 'cancelled' ? 'bg-slate-400' : progress.state === 'done' ? 'bg-emerald-500' : 'bg-blue-500';
  return (
    <div className="space-y-1 text-xs" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}>
      <div className="h-2 overflow-hidden rounded bg-slate-200 dark:bg-slate-800">
        <div className={`h-2 ${tone} ${fraction === null && progress.state === 'running' ? 'w-1/3 animate-pulse' : ''}`} style={fraction === null ? undefined : { width: `${Math.min(100, fraction * 100)}%` }} />
      </div>
      <div className="flex flex-wrap gap-x-3 text-slate-600 dark:text-slate-400" data-testid="progress-text">
        <span className="font-medium">{progress.phase}</span>
        {(progress.bytesDone > 0 || progress.bytesTotal) && (
          <span>
            {formatBytes(progress.bytesDone)}
            {progress.bytesTotal ? ` of ${formatBytes(progress.bytesTotal)}` : ''}
          </span>
        )}
        {(progress.rowsDone > 0 || progress.rowsTotal) && (
          <span>
            {formatCount(progress.rowsDone)}
            {progress.rowsTotal ? ` of ${formatCount(progress.rowsTotal)}` : ''} rows
          </span>
        )}
        {progress.state === 'running' && progress.etaMs !== null && <span>{formatDuration(progress.etaMs)} left</span>}
      </div>
      {progress.error && (
        <p role="alert" className="text-red-700 dark:text-red-300">
          {progress.error}
        </p>
      )}
    </div>
  );
}
