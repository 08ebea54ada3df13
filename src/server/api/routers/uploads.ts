import { z } from 'zod';
import { cancelUpload, completeUpload, initUpload, receiveChunk, uploadStatus } from '../../ingest/chunked/chunked-upload-service';
import { chunkInput, completeInput, initUploadInput, uploadIdInput } from '../../ingest/chunked/upload-inputs';
import type { UploadCaller } from '../../ingest/chunked/upload-session';
import { importFromUrlInput, urlInfoInput } from '../../ingest/url/url-import-inputs';
import { cancelUrlImport } from '../../ingest/url/running-url-imports';
import { importFromUrl, urlInfo } from '../../ingest/url/url-import-service';
import { withRateLimit } from '../../rate-limit/with-rate-limit';
import { createTRPCRouter, publicProcedure } from '../trpc';

const uploadCaller = (ctx: { actor: string; principal: { role: string } }): UploadCaller => ({ actor: ctx.actor, isAdmin: ctx.principal.role === 'admin' });

/**
 * Chunked, resumable uploads (issue 3 item 3) and URL imports (item 4). init → chunk… → complete, or cancel; status at
 * any time, also after a server restart. Chunk bytes arrive through POST /api/upload/chunk (a
 * streamed multipart part); the rate limit counts an upload at init and complete, not per chunk.
 */
export const uploadsRouter = createTRPCRouter({
  init: publicProcedure.input(initUploadInput).mutation(({ ctx, input }) => withRateLimit(ctx, 'upload', () => initUpload(ctx.app, uploadCaller(ctx), input))),
  chunk: publicProcedure.input(chunkInput).mutation(({ ctx, input }) => receiveChunk(ctx.app, uploadCaller(ctx), input)),
  complete: publicProcedure.input(completeInput).mutation(({ ctx, input }) => withRateLimit(ctx, 'upload', () => completeUpload(ctx.app, uploadCaller(ctx), input.uploadId, input.ifExists))),
  cancel: publicProcedure.input(uploadIdInput).mutation(({ ctx, input }) => cancelUpload(ctx.app, uploadCaller(ctx), input.uploadId)),
  status: publicProcedure.input(uploadIdInput).query(({ ctx, input }) => uploadStatus(ctx.app, uploadCaller(ctx), input.uploadId)),
  /** Imports a file from an http(s) URL (issue 3 item 4): public addresses only, unless DUCKQUERY_URL_ALLOW_HOSTS allows. */
  fromUrl: publicProcedure.input(importFromUrlInput).mutation(({ ctx, input }) => withRateLimit(ctx, 'url_import', () => importFromUrl(ctx.app, ctx.actor, input))),
  /** Stops a running URL import (its progress id, from progress.list). */
  cancelUrlImport: publicProcedure.input(z.object({ progressId: z.string().min(1).max(100) })).mutation(({ ctx, input }) => cancelUrlImport(input.progressId, uploadCaller(ctx))),
  /** Type, content type and length of a URL, from a HEAD request with the same checks. */
  urlInfo: publicProcedure.input(urlInfoInput).query(({ ctx, input }) => withRateLimit(ctx, 'url_import', () => urlInfo(ctx.app, input.url))),
});
