import { v1ImportBody } from '@/server/datasources/v1-schemas';
import { callerFor, legacyRoute, type IdParams } from '@/server/rest/legacy-route';
import { readJsonBody } from '@/server/rest/read-json-body';
import { legacyJson } from '@/server/rest/responses';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** Starts an import (202 with its progress id) or, with `wait`, answers when the table has landed (201). */
export const POST = legacyRoute(async (req: Request, { params }: IdParams) => {
  const { id } = await params;
  const body = await readJsonBody(req, v1ImportBody);
  const { progressId, fileSource } = await (await callerFor(req)).datasources.import({
    id,
    table: body.table,
    schema: body.schema,
    sql: body.sql,
    tableName: body.table_name,
    ifExists: body.if_exists,
    wait: body.wait,
  });
  const landed = fileSource
    ? { source_id: fileSource.source_id, row_count: fileSource.row_count, column_count: fileSource.column_count, columns: fileSource.columns, file_type: fileSource.file_type }
    : null;
  return legacyJson({ progress_id: progressId, file_source: landed }, landed ? 201 : 202);
});
