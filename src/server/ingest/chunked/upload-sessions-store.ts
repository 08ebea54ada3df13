import type { DuckDBConnection } from '@duckdb/node-api';
import { queryOne, queryRows, toNumber } from '../../db/rows';
import type { UploadSession, UploadStatus } from './upload-session';

/** SQL for system_upload_sessions and system_upload_chunks; every function takes the caller's connection. */

const SELECT_SESSION = `
  SELECT s.*, coalesce(c.n, 0) AS uploaded_chunks, coalesce(c.bytes, 0) AS uploaded_bytes
    FROM system_upload_sessions s
    LEFT JOIN (SELECT upload_id, count(*) AS n, sum(size_bytes) AS bytes FROM system_upload_chunks GROUP BY upload_id) c USING (upload_id)`;

function toSession(row: Record<string, unknown>): UploadSession {
  return {
    uploadId: String(row.upload_id),
    fileName: String(row.file_name),
    fileType: String(row.file_type),
    fileSize: toNumber(row.file_size)!,
    chunkSize: toNumber(row.chunk_size)!,
    totalChunks: toNumber(row.total_chunks)!,
    fileHash: (row.file_hash as string | null) ?? null,
    tableAlias: (row.table_alias as string | null) ?? null,
    actor: String(row.actor),
    status: row.status as UploadStatus,
    sourceId: (row.source_id as string | null) ?? null,
    errorMessage: (row.error_message as string | null) ?? null,
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
    uploadedChunks: toNumber(row.uploaded_chunks) ?? 0,
    uploadedBytes: toNumber(row.uploaded_bytes) ?? 0,
  };
}

export type NewUploadSession = Pick<UploadSession, 'uploadId' | 'fileName' | 'fileType' | 'fileSize' | 'chunkSize' | 'totalChunks' | 'fileHash' | 'tableAlias' | 'actor'>;

export async function insertSession(connection: DuckDBConnection, s: NewUploadSession): Promise<void> {
  await connection.run(
    `INSERT INTO system_upload_sessions (upload_id, file_name, file_type, file_size, chunk_size, total_chunks, file_hash, table_alias, actor, status, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'uploading', now(), now())`,
    [s.uploadId, s.fileName, s.fileType, s.fileSize, s.chunkSize, s.totalChunks, s.fileHash, s.tableAlias, s.actor],
  );
}

export async function findSession(connection: DuckDBConnection, uploadId: string): Promise<UploadSession | null> {
  const row = await queryOne(connection, `${SELECT_SESSION} WHERE s.upload_id = $1`, [uploadId]);
  return row ? toSession(row) : null;
}

/**
 * Records a chunk whose file is complete on disk, if the session still accepts chunks.
 * 'recorded' | 'duplicate' (already there: idempotent) | 'closed' (no such session, or no longer uploading).
 */
export async function recordChunk(connection: DuckDBConnection, uploadId: string, chunkNumber: number, sizeBytes: number): Promise<'recorded' | 'duplicate' | 'closed'> {
  const open = await queryOne(connection, `SELECT 1 FROM system_upload_sessions WHERE upload_id = $1 AND status = 'uploading'`, [uploadId]);
  if (!open) return 'closed';
  const inserted = await queryRows(
    connection,
    `INSERT INTO system_upload_chunks (upload_id, chunk_number, size_bytes, received_at) VALUES ($1, $2, $3, now())
     ON CONFLICT DO NOTHING RETURNING chunk_number`,
    [uploadId, chunkNumber, sizeBytes],
  );
  return inserted.length > 0 ? 'recorded' : 'duplicate';
}

export async function hasChunk(connection: DuckDBConnection, uploadId: string, chunkNumber: number): Promise<boolean> {
  return (await queryOne(connection, `SELECT 1 FROM system_upload_chunks WHERE upload_id = $1 AND chunk_number = $2`, [uploadId, chunkNumber])) !== null;
}

export async function receivedChunkNumbers(connection: DuckDBConnection, uploadId: string): Promise<number[]> {
  const rows = await queryRows<{ chunk_number: number }>(connection, `SELECT chunk_number FROM system_upload_chunks WHERE upload_id = $1 ORDER BY chunk_number`, [uploadId]);
  return rows.map((r) => Number(r.chunk_number));
}

/** Moves a session from one status to another; false when it was not in `from` (another request got there first). */
export async function moveStatus(
  connection: DuckDBConnection,
  uploadId: string,
  from: UploadStatus[],
  to: UploadStatus,
  fields: { sourceId?: string | null; errorMessage?: string | null } = {},
): Promise<boolean> {
  const fromParams = from.map((_, i) => `$${5 + i}`).join(', ');
  const rows = await queryRows(
    connection,
    `UPDATE system_upload_sessions
        SET status = $2, source_id = coalesce($3, source_id), error_message = $4, updated_at = now()
      WHERE upload_id = $1 AND status IN (${fromParams})
      RETURNING upload_id`,
    [uploadId, to, fields.sourceId ?? null, fields.errorMessage ?? null, ...from],
  );
  return rows.length > 0;
}

/** Forgets the chunks received (their files are gone), keeping the session row and its status. */
export async function deleteChunkRows(connection: DuckDBConnection, uploadId: string): Promise<void> {
  await connection.run(`DELETE FROM system_upload_chunks WHERE upload_id = $1`, [uploadId]);
}

export async function deleteSession(connection: DuckDBConnection, uploadId: string): Promise<boolean> {
  await deleteChunkRows(connection, uploadId);
  const rows = await queryRows(connection, `DELETE FROM system_upload_sessions WHERE upload_id = $1 RETURNING upload_id`, [uploadId]);
  return rows.length > 0;
}

/** Sessions with no activity (a status change or a chunk) since `cutoff`. */
export async function staleSessionIds(connection: DuckDBConnection, cutoff: Date): Promise<string[]> {
  const rows = await queryRows<{ upload_id: string }>(
    connection,
    `SELECT s.upload_id FROM system_upload_sessions s
       LEFT JOIN (SELECT upload_id, max(received_at) AS last_chunk FROM system_upload_chunks GROUP BY upload_id) c USING (upload_id)
      WHERE greatest(s.updated_at, coalesce(c.last_chunk, s.updated_at)) < $1::TIMESTAMPTZ`,
    [cutoff.toISOString()],
  );
  return rows.map((r) => r.upload_id);
}
