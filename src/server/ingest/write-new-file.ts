import { once } from 'node:events';
import fs from 'node:fs';

/** Bytes the writer may hold while a write is in flight; what arrives meanwhile goes out in one writev. */
const WRITE_BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * Writes chunks as they arrive to a file that must not exist yet (mode 600), reading the next
 * chunk only when the disk keeps up, so memory stays bounded. `onBytes` hears the running total
 * after each chunk and may throw to stop (a size limit). Returns the size; on failure the file is
 * closed (the caller removes it).
 */
export async function writeNewFile(chunks: AsyncIterable<Uint8Array>, target: string, onBytes?: (bytes: number) => void): Promise<number> {
  const out = fs.createWriteStream(target, { flags: 'wx', mode: 0o600, highWaterMark: WRITE_BUFFER_BYTES });
  const closed = once(out, 'close'); // rejects with the stream's error, whenever it comes
  closed.catch(() => undefined);
  let bytes = 0;
  try {
    for await (const chunk of chunks) {
      bytes += chunk.length;
      onBytes?.(bytes);
      if (!out.write(chunk)) await Promise.race([once(out, 'drain'), closed]);
    }
    out.end();
    await closed;
  } catch (error) {
    out.destroy();
    await closed.catch(() => undefined); // the descriptor is closed before the caller removes the file
    throw error;
  }
  return bytes;
}
