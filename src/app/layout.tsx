import type { ReactNode } from 'react';

export const metadata = { title: 'DuckQuery', description: 'A self-hosted SQL workbench on DuckDB' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
