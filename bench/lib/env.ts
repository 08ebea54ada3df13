/** The parent's environment without DuckQuery settings, so a child sees only those the bench sets. */
export function withoutDuckqueryVars(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('DUCKQUERY_'))) as NodeJS.ProcessEnv;
}
