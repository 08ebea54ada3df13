'use client';

import { useQuery } from '@tanstack/react-query';
import { ErrorNote } from '@/components/ui/error-note';
import { PageHeader } from '@/components/ui/page-header';
import { useTRPC } from '@/trpc/react';
import { TaskRow } from './task-row';

/** Background tasks, newest first, refreshed every second while one is queued or running. */
export function TasksPage() {
  const trpc = useTRPC();
  const tasks = useQuery({
    ...trpc.tasks.list.queryOptions({ limit: 100 }),
    staleTime: 0,
    refetchInterval: (query) => (query.state.data?.some((t) => t.status === 'running' || t.status === 'queued') ? 1000 : 5000),
  });
  return (
    <div className="flex h-full min-h-0 flex-col">
      <PageHeader title="Tasks" description="Queries running in the background into a table. Start one from the SQL editor with “Run in background”." />
      <ErrorNote error={tasks.error} className="mx-6 mt-3" />
      <div className="min-h-0 flex-1 overflow-auto px-6 py-4">
        {tasks.data?.length === 0 && <p className="text-sm text-slate-500">No background tasks yet.</p>}
        {tasks.data && tasks.data.length > 0 && (
          <ul aria-label="Tasks" className="divide-y divide-slate-200 rounded border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
            {tasks.data.map((task) => (
              <TaskRow key={task.task_id} task={task} />
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
