import { getApp } from '@/server/db/instance';
import { chunkAnswer } from '@/server/ingest/chunked/legacy-upload-shapes';
import { readMultipartFile } from '@/server/ingest/chunked/multipart-form';
import { spoolDir } from '@/server/ingest/chunked/chunk-files';
import { MAX_CHUNK_SIZE } from '@/server/ingest/chunked/upload-limits';
import { badInput } from '@/server/errors';
import { callerFor, legacyRoute } from '@/server/rest/legacy-route';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** One chunk: multipart `upload_id`, `chunk_number` (0-based), `chunk` (the bytes, streamed to disk). 404 unknown upload; 400 bad number. */
export const POST = legacyRoute(async (req: Request) => {
  const caller = await callerFor(req);
  const options = { fileField: 'chunk', needs: ['upload_id', 'chunk_number'], maxFileBytes: MAX_CHUNK_SIZE, spoolDir: spoolDir((await getApp()).config.uploadsDir) };
  const result = await readMultipartFile(req, options, async (fields, data) => {
    const chunkNumber = /^\s*\d+\s*$/.test(fields.chunk_number ?? '') ? Number(fields.chunk_number) : NaN;
    if (!Number.isSafeInteger(chunkNumber)) throw badInput(`chunk_number must be a whole number from 0, not '${String(fields.chunk_number).slice(0, 40)}'`);
    return caller.uploads.chunk({ uploadId: fields.upload_id ?? '', chunkNumber, data });
  });
  return legacyJson(chunkAnswer(result));
});
