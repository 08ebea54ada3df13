import type { ReactNode } from 'react';
import { ThemeScript } from '@/components/shell/theme-script';
import { TRPCReactProvider } from '@/trpc/react';
import './globals.css';

export const metadata = { title: 'DuckQuery', description: 'A self-hosted SQL workbench on DuckDB' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The theme script sets the class before React hydrates.
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeScript />
      </head>
      <body>
        <TRPCReactProvider>
          {children}
        </TRPCReactProvider>
      </body>
    </html>
  );
}
