import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';

/** Every workbench screen shares the sidebar; /signin stays outside it. */
export default function WorkbenchLayout({ children }: { children: ReactNode }) {
  return <AppShell>{children}</AppShell>;
}
