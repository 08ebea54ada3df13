export default function HomePage() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: '2rem', maxWidth: 720 }}>
      <h1>DuckQuery</h1>
      <p>
        The metadata API is running: tRPC at <code>/api/trpc</code>, legacy REST shims under <code>/api</code>, health at{' '}
        <code>/health</code>. The workbench UI arrives with its own issue.
      </p>
    </main>
  );
}
