import { datasourcesRouter } from './routers/datasources';
import { favoritesRouter } from './routers/favorites';
import { fileSourcesRouter } from './routers/file-sources';
import { ingestRouter } from './routers/ingest';
import { migrationsRouter } from './routers/migrations';
import { progressRouter } from './routers/progress';
import { queryRouter } from './routers/query';
import { tablesRouter } from './routers/tables';
import { uploadsRouter } from './routers/uploads';
import { tasksRouter } from './routers/tasks';
import { createCallerFactory, createTRPCRouter } from './trpc';

/** The one index of routers. */
export const appRouter = createTRPCRouter({
  fileSources: fileSourcesRouter,
  favorites: favoritesRouter,
  datasources: datasourcesRouter,
  migrations: migrationsRouter,
  query: queryRouter,
  tables: tablesRouter,
  progress: progressRouter,
  ingest: ingestRouter,
  uploads: uploadsRouter,
  tasks: tasksRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side calls (REST shims, tests): `createCaller(ctx).favorites.list(...)`. */
export const createCaller = createCallerFactory(appRouter);
