import { getApp } from '@/server/db/instance';
import { callerFor, legacyRoute, type IdParams } from '@/server/rest/legacy-route';
import { readJsonBody } from '@/server/rest/read-json-body';
import { legacyDownloadBody } from '@/server/tasks/legacy-tasks';
import { contentDisposition, openExportStream } from '@/server/tasks/task-exports';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * `{format: "csv" | "parquet"}`: DuckDB writes the task's result table into the exports folder
 * (COPY … TO), and the file is streamed from disk. 400 for another format or an unfinished task,
 * 404 for an unknown task or a dropped result table. (The hyphen in the path is the legacy one.)
 */
export const POST = legacyRoute(async (req: Request, { params }: IdParams) => {
  const { id } = await params;
  const body = await readJsonBody(req, legacyDownloadBody);
  const file = await (await callerFor(req)).tasks.export({ taskId: id, format: body.format });
  const stream = openExportStream((await getApp()).config.exportsDir, file.exportName);
  return new Response(stream, {
    status: 200,
    headers: {
      'Content-Type': file.contentType,
      'Content-Length': String(file.sizeBytes),
      'Content-Disposition': contentDisposition(file.downloadName),
      'Cache-Control': 'no-store',
    },
  });
});
