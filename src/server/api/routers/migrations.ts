import { z } from 'zod';
import { auditListInput, appendAudit, listAudit } from '../../audit/audit-log';
import { MigrationFailedError, migrationStatus, runSchemaMigrations } from '../../db/schema-migrations';
import { listLegacyImports } from '../../legacy-import/legacy-import-history';
import { runLegacyImport } from '../../legacy-import/run-legacy-import';
import { adminProcedure, createTRPCRouter } from '../trpc';

// The config dir comes from the server's configuration only: a client must not point the
// importer (which renames files) at arbitrary folders.
const legacyImportInput = z.object({ force: z.boolean().default(false) });

/** Admin: schema migration ledger, legacy JSON import (preview, run, re-run) and its history. */
export const migrationsRouter = createTRPCRouter({
  status: adminProcedure.query(async ({ ctx }) => ({
    schema: await migrationStatus(ctx.app.database),
    legacyImports: await listLegacyImports(ctx.app.database),
    configDir: ctx.app.config.configDir,
  })),

  runSchema: adminProcedure.mutation(async ({ ctx }) => {
    const started = performance.now();
    const results = await runSchemaMigrations(ctx.app.database);
    const failed = results.some((r) => r.status === 'failed');
    await appendAudit(ctx.app.database, {
      actor: ctx.actor,
      action: 'schema_migrations.run',
      outcome: failed ? 'error' : 'ok',
      details: { applied: results.filter((r) => r.status === 'applied').map((r) => r.name) },
      duration_ms: performance.now() - started,
    });
    if (failed) throw new MigrationFailedError(results);
    return results;
  }),

  previewLegacyImport: adminProcedure.input(legacyImportInput).query(({ ctx, input }) =>
    runLegacyImport(ctx.app.database, {
      configDir: ctx.app.config.configDir,
      legacyTimeZone: ctx.app.config.legacyTimeZone,
      keyring: ctx.app.keyring,
      actor: ctx.actor,
      dryRun: true,
      force: input.force,
    }),
  ),

  runLegacyImport: adminProcedure.input(legacyImportInput).mutation(({ ctx, input }) =>
    runLegacyImport(ctx.app.database, {
      configDir: ctx.app.config.configDir,
      legacyTimeZone: ctx.app.config.legacyTimeZone,
      keyring: ctx.app.keyring,
      actor: ctx.actor,
      force: input.force,
    }),
  ),

  auditLog: adminProcedure.input(auditListInput).query(({ ctx, input }) => listAudit(ctx.app.database, input)),
});
