/** Where a long-running operation stands (an upload, a URL download, an import, a task), for the UI to poll. */
export interface Progress {
  id: string;
  /** What kind of work: 'upload', 'chunked_upload', 'url_import', 'import', 'connector_import', 'task', … */
  kind: string;
  /** What a person would call it: the file name, the URL, the table. */
  label: string;
  /** Who started it (the audit actor); a list shows each caller their own work. */
  actor: string;
  /** The step it is on, e.g. 'receiving', 'downloading', 'reading', 'landing', 'profiling'; 'done', 'failed' or 'cancelled' at the end. */
  phase: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  bytesDone: number;
  bytesTotal: number | null;
  rowsDone: number;
  rowsTotal: number | null;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  /** Why it failed, in words a person can act on. */
  error: string | null;
  /** What it produced, e.g. `{ sourceId }` or `{ taskId }`. */
  result: Record<string, unknown> | null;
  /** Estimated milliseconds left, from the byte (else row) rate so far; null when unknown. */
  etaMs: number | null;
}

export interface ProgressUpdate {
  phase?: string;
  bytesDone?: number;
  bytesTotal?: number | null;
  rowsDone?: number;
  rowsTotal?: number | null;
}
