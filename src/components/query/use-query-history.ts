'use client';

import { useCallback, useEffect, useState } from 'react';

export interface HistoryEntry {
  id: string;
  sql: string;
  at: number;
  ok: boolean;
  rowCount: number | null;
  elapsedMs: number | null;
  error: string | null;
}

const KEY = 'duckquery.history';
const MAX = 100;

/** The queries run in this browser tab (sessionStorage: gone when the tab closes, as a session history should be). */
export function useQueryHistory() {
  const [entries, setEntries] = useState<HistoryEntry[]>([]);
  useEffect(() => {
    try {
      setEntries(JSON.parse(sessionStorage.getItem(KEY) ?? '[]') as HistoryEntry[]);
    } catch {
      setEntries([]);
    }
  }, []);

  const add = useCallback((entry: Omit<HistoryEntry, 'id' | 'at'>) => {
    setEntries((current) => {
      const next = [{ ...entry, id: crypto.randomUUID(), at: Date.now() }, ...current].slice(0, MAX);
      sessionStorage.setItem(KEY, JSON.stringify(next));
      return next;
    });
  }, []);

  const clear = useCallback(() => {
    sessionStorage.removeItem(KEY);
    setEntries([]);
  }, []);

  return { entries, add, clear };
}
