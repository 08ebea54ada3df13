import { z } from 'zod';
import { notFound } from '../../errors';
import { datasourceCreateInput, datasourceListInput, datasourceUpdateInput, DATASOURCE_TYPES } from '../../datasources/datasource';
import { createDatasourcesService } from '../../datasources/datasources-service';
import { connectorTypes } from '../../connectors/registry';
import { createConnectorsService } from '../../connectors/connectors-service';
import { withRateLimit } from '../../rate-limit/with-rate-limit';
import { adminProcedure, createTRPCRouter, publicProcedure } from '../trpc';
import { connectorImportInput, connectorQueryInput, describeTableInput } from '../../connectors/connector-inputs';
import { cancelConnectorImport, startConnectorImport } from '../../connectors/import-into-duckdb';

const byId = z.object({ id: z.string().min(1).max(200) });
const withService = <T extends { app: Parameters<typeof createDatasourcesService>[0]; actor: string }>(ctx: T) =>
  createDatasourcesService(ctx.app, ctx.actor);
const service = publicProcedure.use(({ ctx, next }) => next({ ctx: { datasources: withService(ctx), connectors: createConnectorsService(ctx.app, ctx.actor) } }));
const adminService = adminProcedure.use(({ ctx, next }) => next({ ctx: { datasources: withService(ctx) } }));

export const datasourcesRouter = createTRPCRouter({
  /** Every type a connection may be saved with (the legacy enum). */
  types: publicProcedure.query(() => DATASOURCE_TYPES),
  /** The types DuckQuery can connect to, with their params' JSON Schema (for forms) and secret fields. */
  connectorTypes: publicProcedure.query(() => connectorTypes()),
  list: service.input(datasourceListInput).query(({ ctx, input }) => ctx.datasources.list(input)),
  get: service.input(byId).query(async ({ ctx, input }) => {
    const found = await ctx.datasources.get(input.id);
    if (!found) throw notFound('Connection', input.id);
    return found;
  }),
  create: service.input(datasourceCreateInput).mutation(({ ctx, input }) => ctx.datasources.create(input)),
  update: service
    .input(byId.extend({ patch: datasourceUpdateInput }))
    .mutation(({ ctx, input }) => ctx.datasources.update(input.id, input.patch)),
  delete: adminService.input(byId).mutation(({ ctx, input }) => ctx.datasources.delete(input.id)),
  /** Tests connection params that are not saved (the legacy "test" endpoints, a form's Test button). */
  testParams: service
    .input(z.object({ type: z.string().min(1).max(50), params: z.record(z.string(), z.unknown()).default({}) }))
    .mutation(({ ctx, input }) => withRateLimit(ctx, 'connection_test', () => ctx.datasources.testParams(input.type, input.params))),
  /** Tests a stored connection and records the outcome on it (status, last_tested). */
  test: service.input(byId).mutation(({ ctx, input }) =>
    withRateLimit(ctx, 'connection_test', async () => {
      const result = await ctx.datasources.testStored(input.id);
      return { result, connection: await ctx.datasources.recordTest(input.id, result) };
    }),
  ),
  /** The tables and views of the external database. */
  tables: service.input(byId).query(async ({ ctx, input }) => (await ctx.connectors.listTables(input.id)).tables),
  /** A table's columns (with the DuckDB type an import gives each), its row count and sample rows. */
  describeTable: service.input(describeTableInput).query(async ({ ctx, input }) => {
    const { columns, rowCount, sample } = await ctx.connectors.describeTable(input.id, { schema: input.schema ?? null, name: input.table }, input.sampleRows);
    return { columns, rowCount, sample };
  }),
  /** Runs SQL on the external database (read-only transaction unless the connection is writable); the first `limit` rows. */
  query: service
    .input(connectorQueryInput)
    .mutation(({ ctx, input }) => withRateLimit(ctx, 'query', () => ctx.connectors.query(input.id, input.sql, input.limit))),
  /**
   * Imports a table or a query result into DuckDB as a new file source, streamed. Answers its
   * progress id at once (poll `progress.get`); with `wait`, answers when it is done.
   */
  import: service.input(connectorImportInput).mutation(async ({ ctx, input }) => {
    const started = await withRateLimit(ctx, 'query', () => startConnectorImport(ctx.app, ctx.actor, input));
    if (!input.wait) return { progressId: started.progressId, fileSource: null };
    return { progressId: started.progressId, fileSource: await started.done };
  }),
  /** Stops a running import: nothing is left behind (no table, no file-source row). */
  cancelImport: service.input(z.object({ progressId: z.string().min(1).max(100) })).mutation(({ ctx, input }) => ({
    cancelled: cancelConnectorImport(input.progressId, ctx.actor),
  })),
});
