import { errorText } from './trpc-error';

/** An error, in words, placed next to what caused it. Renders nothing when there is none. */
export function ErrorNote({ error, className = '' }: { error: unknown; className?: string }) {
  if (!error) return null;
  return (
    <p role="alert" className={`rounded border border-red-300 bg-red-50 px-3 py-2 text-sm whitespace-pre-wrap text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200 ${className}`}>
      {errorText(error)}
    </p>
  );
}
