/**
 * Downloads a finished task's result as CSV or Parquet. File bytes cannot travel over tRPC, so
 * this is the one plain HTTP call of the UI: POST /api/async-tasks/{id}/download (which calls the
 * same `tasks.export` procedure), same-origin JSON as the CSRF check asks.
 */
export async function downloadTaskResult(taskId: string, format: 'csv' | 'parquet'): Promise<void> {
  const response = await fetch(`/api/async-tasks/${encodeURIComponent(taskId)}/download`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ format }),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { detail?: string; message?: string } | null;
    throw new Error(body?.detail ?? body?.message ?? `The download failed (HTTP ${response.status})`);
  }
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(response.headers.get('content-disposition') ?? '')?.[1];
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name ? decodeURIComponent(name) : `result.${format}`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}
