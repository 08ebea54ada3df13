import { excelImportInput, excelInspectInput, importExcel, inspectExcel } from '../../excel/excel-service';
import { createTRPCRouter, publicProcedure } from '../trpc';

/**
 * Getting data in (issue 3): Excel sheets, pasted tables, server folders, reload/refresh.
 * Files themselves come in over POST /api/upload (tRPC cannot carry them) and chunked uploads (`uploads`).
 */
export const ingestRouter = createTRPCRouter({
  excelInspect: publicProcedure.input(excelInspectInput).query(({ ctx, input }) => inspectExcel(ctx.app, input.file_id)),
  excelImport: publicProcedure.input(excelImportInput).mutation(({ ctx, input }) => importExcel(ctx.app, input, ctx.actor)),
});
