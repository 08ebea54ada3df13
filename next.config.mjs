/** @type {import('next').NextConfig} */
const nextConfig = {
  // The DuckDB binding is a native addon: it must be loaded by Node at run time, never bundled.
  serverExternalPackages: ['@duckdb/node-api', '@duckdb/node-bindings'],
  poweredByHeader: false,
  reactStrictMode: true,
  // The app's own sources only: tests, scripts and bench are type-checked by `npm run typecheck`.
  typescript: { tsconfigPath: './tsconfig.build.json' },
};

export default nextConfig;
