'use client';

import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTRPC, useTRPCClient } from '@/trpc/react';
import type { RouterOutputs } from '@/trpc/router-types';
import { sendChunk } from './send-chunk';

/** Files up to this size go as one chunk; larger ones in chunks of this size, resumable. */
export const CHUNK_SIZE = 8 * 1024 * 1024;
const CHUNK_ATTEMPTS = 3;

export type UploadOutcome = RouterOutputs['uploads']['complete'];

/** Where an unfinished upload of this very file (name, size, date) can be resumed. */
const resumeKey = (file: File) => `duckquery.upload:${file.name}:${file.size}:${file.lastModified}`;

/**
 * Uploads a file in chunks (one chunk for small files, so the same path serves every size):
 * uploads.init, the chunks, uploads.complete. An upload interrupted (network, reload) resumes with
 * the chunks the server is missing (uploads.status), when the same file is chosen again.
 */
export function useChunkedUpload() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [sentBytes, setSentBytes] = useState(0);
  const [progressId, setProgressId] = useState<string | null>(null);
  const [resumed, setResumed] = useState(false);
  const abort = useRef<AbortController | null>(null);
  /** The upload in flight, for cancel: its id, and the file's resume key. */
  const current = useRef<{ uploadId: string; key: string } | null>(null);
  const cancelUpload = useMutation(trpc.uploads.cancel.mutationOptions());

  const upload = useMutation({
    mutationFn: async ({ file, tableAlias, replace }: { file: File; tableAlias?: string; replace: boolean }): Promise<UploadOutcome> => {
      abort.current = new AbortController();
      setSentBytes(0);
      setResumed(false);
      let uploadId = localStorage.getItem(resumeKey(file));
      let chunkSize = CHUNK_SIZE;
      let todo: number[] | null = null;
      if (uploadId) {
        const status = await client.uploads.status.query({ uploadId }).catch(() => null);
        if (status && status.status === 'uploading' && status.missingCount === status.missingChunks.length) {
          chunkSize = status.chunkSize;
          todo = status.missingChunks;
          setProgressId(null);
          setResumed(true);
          setSentBytes(file.size - todo.reduce((sum, n) => sum + Math.min(chunkSize, file.size - n * chunkSize), 0));
        } else uploadId = null;
      }
      if (!uploadId) {
        const started = await client.uploads.init.mutate({ fileName: file.name, fileSize: file.size, chunkSize, tableAlias: tableAlias || undefined });
        uploadId = started.uploadId;
        chunkSize = started.chunkSize;
        setProgressId(started.progressId);
        todo = Array.from({ length: started.totalChunks }, (_, i) => i);
        localStorage.setItem(resumeKey(file), uploadId);
      }
      current.current = { uploadId, key: resumeKey(file) };
      for (const n of todo!) {
        const bytes = file.slice(n * chunkSize, Math.min(file.size, (n + 1) * chunkSize));
        for (let attempt = 1; ; attempt++) {
          try {
            await sendChunk(uploadId, n, bytes, abort.current.signal);
            break;
          } catch (error) {
            if (abort.current.signal.aborted || attempt >= CHUNK_ATTEMPTS) throw error;
          }
        }
        setSentBytes((sent) => sent + bytes.size);
      }
      const outcome = await client.uploads.complete.mutate({ uploadId, ifExists: replace ? 'replace' : 'rename' });
      setProgressId(outcome.progressId);
      localStorage.removeItem(resumeKey(file));
      return outcome;
    },
  });
  const cancel = () => {
    abort.current?.abort();
    if (!current.current) return;
    // A cancelled upload is not resumed: the next choice of the same file starts afresh.
    localStorage.removeItem(current.current.key);
    cancelUpload.mutate({ uploadId: current.current.uploadId });
  };

  return { upload, sentBytes, progressId, resumed, cancel };
}
