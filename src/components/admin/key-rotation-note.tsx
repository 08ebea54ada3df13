/**
 * Key rotation has no tRPC procedure: it re-encrypts every secret with the server stopped
 * (docs/CONFIGURATION.md, "Secrets and key rotation"), so the page shows the command instead of a button.
 */
export function KeyRotationNote() {
  return (
    <section aria-labelledby="key-rotation" className="space-y-2">
      <h2 id="key-rotation" className="text-base font-semibold">
        Key rotation
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Rotating the secret key cannot be done from this page: it re-encrypts every stored connection secret in one transaction, with
        the server stopped. Stop DuckQuery, then run:
      </p>
      <pre className="rounded bg-slate-100 p-3 font-mono text-xs dark:bg-slate-800">
        {`npm run rotate-key                          # key file: a new key is generated
npm run rotate-key -- --new-key <base64>    # key from DUCKQUERY_SECRET_KEY: then set it to the new key`}
      </pre>
    </section>
  );
}
