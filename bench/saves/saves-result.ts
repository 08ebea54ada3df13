/** What one way of saving achieved in the concurrency test. */
export interface SavesResult {
  saves: number;
  /** Saves the writer was told failed (an error response). */
  failedSaves: number;
  /** Saves missing from the store afterwards. */
  lost: number;
  /** null when the question does not apply (DuckQuery has no file to corrupt). */
  finalFileCorrupt: boolean | null;
  corruptReads: number | null;
  wallMs: number;
  savesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Peak resident memory of the server process (VmHWM), MB; null without a server. */
  peakRssMb: number | null;
}
