import { errorMessage } from '../db/errors';
import { startProgress, type ProgressHandle } from '../progress/progress-registry';

/**
 * Runs an import under a progress entry the UI can poll (progress.list / progress.get): finished
 * with `result(value)` on success, failed with the error's message otherwise.
 */
export async function withProgress<T>(
  entry: { kind: string; label: string; actor: string },
  work: (progress: ProgressHandle) => Promise<T>,
  result: (value: T) => Record<string, unknown>,
): Promise<T & { progressId: string }> {
  const progress = startProgress({ ...entry, phase: 'starting' });
  try {
    const value = await work(progress);
    progress.finish(result(value));
    return Object.assign(value as object, { progressId: progress.id }) as T & { progressId: string };
  } catch (error) {
    progress.fail(errorMessage(error));
    throw error;
  }
}
