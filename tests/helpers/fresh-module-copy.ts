import { vi } from 'vitest';

/**
 * A fresh copy of a module, as Next.js loads one per bundle (instrumentation, each route).
 * `load` is the test's own `() => import('…')`, so the bundler sees the literal path.
 */
export async function freshModuleCopy<T>(load: () => Promise<T>): Promise<T> {
  vi.resetModules();
  return load();
}
