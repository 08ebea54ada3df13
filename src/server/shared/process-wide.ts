/**
 * One value per process, kept on globalThis under a registered symbol (`Symbol.for(name)`).
 *
 * Next.js loads a server module once per bundle (instrumentation, each route, dev reloads), so
 * module-level state exists several times over: a registry filled through one route is empty in
 * another, and a value made at load time differs between copies. State that must be one per
 * process is made here, once, by whichever copy asks first.
 */
export function processWide<T>(name: string, create: () => T): T {
  const registry = globalThis as unknown as Record<symbol, T | undefined>;
  const key = Symbol.for(name);
  return (registry[key] ??= create());
}
