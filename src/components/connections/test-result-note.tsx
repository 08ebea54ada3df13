import type { RouterOutputs } from '@/trpc/router-types';

type TestResult = RouterOutputs['datasources']['testParams'];

/** The outcome of a connection test, in words, beside the button that ran it. */
export function TestResultNote({ result }: { result: TestResult }) {
  const good = result.success;
  return (
    <p
      role="status"
      data-testid="connection-test-result"
      className={`rounded px-3 py-2 text-sm ${good ? 'bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200' : 'bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200'}`}
    >
      {good ? '✓ Connected' : '✗ Not connected'}: {result.message}
      {result.latency_ms !== null && ` (${Math.round(result.latency_ms)} ms)`}
      {result.database_info?.version && <span className="block text-xs opacity-80">{result.database_info.version}</span>}
    </p>
  );
}
