'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { leaveSqlForEditor } from '@/components/lib/editor-handoff';
import { formatCount, formatDateTime, formatDuration } from '@/components/lib/format';
import { quoteIdentifier } from '@/components/lib/sql-identifier';
import { useProgress } from '@/components/lib/use-progress';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ErrorNote } from '@/components/ui/error-note';
import { ProgressBar } from '@/components/ui/progress-bar';
import { useTRPC } from '@/trpc/react';
import type { RouterOutputs } from '@/trpc/router-types';
import { downloadTaskResult } from './download-task-result';

type Task = RouterOutputs['tasks']['list'][number];

const TONE: Record<string, BadgeTone> = { queued: 'neutral', running: 'info', success: 'good', failed: 'bad', cancelled: 'warn' };

/** One background task: live status and progress, cancel, retry, download, open the result. */
export function TaskRow({ task }: { task: Task }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const [downloading, setDownloading] = useState<string | null>(null);
  const live = task.status === 'running' || task.status === 'queued';
  const progressId = typeof task.metadata.progress_id === 'string' ? task.metadata.progress_id : null;
  const progress = useProgress(live ? progressId : null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.tasks.pathKey() });
  const cancel = useMutation(trpc.tasks.cancel.mutationOptions({ onSettled: invalidate }));
  const retry = useMutation(trpc.tasks.retry.mutationOptions({ onSettled: invalidate }));

  const download = async (format: 'csv' | 'parquet') => {
    setDownloadError(null);
    setDownloading(format);
    try {
      await downloadTaskResult(task.task_id, format);
    } catch (error) {
      setDownloadError(error);
    } finally {
      setDownloading(null);
    }
  };

  const resultTable = task.result_info?.table_name;
  return (
    <li aria-label={`Task ${task.task_id}`} className="space-y-2 px-4 py-3">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={TONE[task.status] ?? 'neutral'}>{task.status}</Badge>
        <code className="min-w-0 flex-1 truncate text-xs" title={task.query}>
          {task.query}
        </code>
        <span className="text-xs text-slate-500">
          {formatDateTime(task.created_at)}
          {task.execution_time !== null && ` · ${formatDuration(task.execution_time * 1000)}`}
        </span>
      </div>
      {live && progress.data && <ProgressBar progress={progress.data} label={`Progress of task ${task.task_id}`} />}
      {task.status === 'success' && task.result_info && (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Result in <span className="font-mono">{task.result_info.table_name}</span>: {formatCount(task.result_info.row_count)} rows, {task.result_info.column_count} columns
        </p>
      )}
      {task.error_message && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {task.error_message}
        </p>
      )}
      <div className="flex flex-wrap gap-1.5">
        {live && (
          <Button size="sm" variant="danger" onClick={() => cancel.mutate({ taskId: task.task_id })} disabled={cancel.isPending}>
            {cancel.isPending ? 'Cancelling…' : 'Cancel'}
          </Button>
        )}
        {(task.status === 'failed' || task.status === 'cancelled') && (
          <Button size="sm" onClick={() => retry.mutate({ taskId: task.task_id, ifExists: 'replace' })} disabled={retry.isPending}>
            Retry
          </Button>
        )}
        {task.status === 'success' && resultTable && (
          <>
            <Button size="sm" onClick={() => download('csv')} disabled={downloading !== null}>
              {downloading === 'csv' ? 'Preparing…' : 'Download CSV'}
            </Button>
            <Button size="sm" onClick={() => download('parquet')} disabled={downloading !== null}>
              {downloading === 'parquet' ? 'Preparing…' : 'Download Parquet'}
            </Button>
            <Button
              size="sm"
              variant="ghost"
              onClick={() => {
                leaveSqlForEditor(`SELECT * FROM ${quoteIdentifier(resultTable)} LIMIT 100;`);
                router.push('/');
              }}
            >
              Open result
            </Button>
          </>
        )}
      </div>
      <ErrorNote error={cancel.error ?? retry.error ?? downloadError} />
    </li>
  );
}
