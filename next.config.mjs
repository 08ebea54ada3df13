/** @type {import('next').NextConfig} */
const nextConfig = {
  // The DuckDB binding is a native addon: it must be loaded by Node at run time, never bundled.
  // Node-only libraries Next.js does not externalise by itself (pg and better-sqlite3 it does):
  // bundling gains nothing on the server and puts their dynamic requires at risk.
  serverExternalPackages: ['@duckdb/node-api', '@duckdb/node-bindings', 'mysql2', 'exceljs'],
  poweredByHeader: false,
  reactStrictMode: true,
  // The app's own sources only: tests, scripts and bench are type-checked by `npm run typecheck`.
  typescript: { tsconfigPath: './tsconfig.build.json' },
};

export default nextConfig;
