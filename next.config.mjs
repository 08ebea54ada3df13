/** @type {import('next').NextConfig} */
const nextConfig = {
  // The DuckDB binding is a native addon: it must be loaded by Node at run time, never bundled.
  serverExternalPackages: ['@duckdb/node-api', '@duckdb/node-bindings'],
  poweredByHeader: false,
  reactStrictMode: true,
  typescript: { tsconfigPath: './tsconfig.json' },
};

export default nextConfig;
