/**
 * Sends one chunk's bytes. tRPC cannot carry a binary body (uploads.chunk takes a stream only
 * in-process), so the bytes go to POST /api/upload/chunk as multipart — the one other plain HTTP
 * call of the UI besides downloads. init, status and complete are tRPC calls.
 */
export async function sendChunk(uploadId: string, chunkNumber: number, bytes: Blob, signal?: AbortSignal): Promise<void> {
  const form = new FormData();
  form.append('upload_id', uploadId);
  form.append('chunk_number', String(chunkNumber));
  form.append('chunk', bytes, `chunk-${chunkNumber}`);
  const response = await fetch('/api/upload/chunk', { method: 'POST', body: form, signal });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { detail?: unknown } | null;
    throw new Error(typeof body?.detail === 'string' ? body.detail : `Chunk ${chunkNumber} was refused (HTTP ${response.status})`);
  }
}
