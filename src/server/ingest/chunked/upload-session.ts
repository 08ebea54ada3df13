/** A chunked, resumable upload, as kept in system_upload_sessions (migrations/0003_upload_sessions.sql). */
export type UploadStatus = 'uploading' | 'assembling' | 'importing' | 'completed' | 'failed';

export interface UploadSession {
  uploadId: string;
  /** The client's name: metadata only, never a path on the server. */
  fileName: string;
  fileType: string;
  fileSize: number;
  chunkSize: number;
  totalChunks: number;
  /** MD5 (lower-case hex) the assembled file must have, or null. */
  fileHash: string | null;
  tableAlias: string | null;
  actor: string;
  status: UploadStatus;
  sourceId: string | null;
  errorMessage: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Chunks received whole so far, and their bytes. */
  uploadedChunks: number;
  uploadedBytes: number;
}

/** Who is asking: a session is visible to the actor who started it, and to admins. */
export interface UploadCaller {
  actor: string;
  isAdmin: boolean;
}

/** Share of the file received, 0–100, one decimal (the legacy `progress`). */
export function percentReceived(session: Pick<UploadSession, 'uploadedBytes' | 'fileSize'>): number {
  return session.fileSize > 0 ? Math.round((session.uploadedBytes / session.fileSize) * 1000) / 10 : 0;
}
