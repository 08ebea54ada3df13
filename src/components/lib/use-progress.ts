'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/trpc/react';

/** Polls progress.get every 500 ms while the work runs; stops when it is done, failed or cancelled. */
export function useProgress(progressId: string | null) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.progress.get.queryOptions({ id: progressId ?? '00000000-0000-0000-0000-000000000000' }),
    enabled: progressId !== null,
    staleTime: 0,
    refetchInterval: (query) => (query.state.data && query.state.data.state !== 'running' ? false : 500),
  });
}
