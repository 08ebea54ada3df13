import { excelImportInput, excelInspectInput, importExcel, inspectExcel } from '../../excel/excel-service';
import { legacyPasteInput, pastePreview, pasteLegacyRows, pasteText, pasteTextInput, pasteTextOptions } from '../../ingest/paste';
import { browse, importServerFile, listMounts, serverImportInput, serverPathInput } from '../../server-files/server-files-service';
import { reloadAll, refreshSource } from '../../ingest/reload-sources';
import { sourceId } from '../../file-sources/file-source';
import { z } from 'zod';
import { adminProcedure, createTRPCRouter, publicProcedure } from '../trpc';

/**
 * Getting data in (issue 3): Excel sheets, pasted tables, server folders, reload/refresh.
 * Files themselves come in over POST /api/upload (tRPC cannot carry them) and chunked uploads (`uploads`).
 */
export const ingestRouter = createTRPCRouter({
  excelInspect: publicProcedure.input(excelInspectInput).query(({ ctx, input }) => inspectExcel(ctx.app, input.file_id)),
  excelImport: publicProcedure.input(excelImportInput).mutation(({ ctx, input }) => importExcel(ctx.app, input, ctx.actor)),
  /** Raw pasted text: what DuckDB's sniffer detects (delimiter, header, columns and types, first rows); nothing saved. */
  pastePreview: publicProcedure.input(pasteTextOptions).mutation(({ ctx, input }) => pastePreview(ctx.app, input)),
  /** Raw pasted text saved as a table (read by DuckDB's CSV reader). */
  paste: publicProcedure.input(pasteTextInput).mutation(({ ctx, input }) => pasteText(ctx.app, input, ctx.actor)),
  /** The legacy shape: rows already split, with declared types; an existing table is replaced. */
  pasteRows: publicProcedure.input(legacyPasteInput).mutation(({ ctx, input }) => pasteLegacyRows(ctx.app, input, ctx.actor)),
  /** Approved server folders (DUCKQUERY_SERVER_MOUNTS / legacy server_data_mounts). */
  serverMounts: publicProcedure.query(({ ctx }) => listMounts(ctx.app.config)),
  serverBrowse: publicProcedure.input(serverPathInput).query(({ ctx, input }) => browse(ctx.app.config, input.path)),
  serverImport: publicProcedure.input(serverImportInput).mutation(({ ctx, input }) => importServerFile(ctx.app, input, ctx.actor)),
  /** Re-imports every source whose table is missing, from its file or URL; reports the ones it cannot (never fails on them). */
  reloadAll: adminProcedure.mutation(({ ctx }) => reloadAll(ctx.app, ctx.actor)),
  /** Re-imports one source now from its file or URL, replacing its table. */
  refresh: publicProcedure.input(z.object({ sourceId })).mutation(({ ctx, input }) => refreshSource(ctx.app, input.sourceId, ctx.actor)),
});
