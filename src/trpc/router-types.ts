import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';

/** Inputs and outputs of every procedure, inferred from the router (never re-declared by hand). */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type QueryResult = RouterOutputs['query']['run'];
