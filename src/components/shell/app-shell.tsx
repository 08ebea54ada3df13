'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { NAV_ITEMS, isActive } from './nav-items';
import { ThemeToggle } from './theme-toggle';
import { useNavShortcuts } from './use-nav-shortcuts';

/** Sidebar navigation around every screen. */
export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  useNavShortcuts();
  return (
    <div className="flex h-screen min-h-0 overflow-hidden">
      <nav aria-label="Main" className="flex w-48 shrink-0 flex-col border-r border-slate-200 bg-slate-50 p-3 dark:border-slate-800 dark:bg-slate-900">
        <Link href="/" className="mb-4 flex items-center gap-2 px-2 text-lg font-semibold tracking-tight">
          <span aria-hidden className="inline-block h-5 w-5 rounded bg-amber-400" />
          DuckQuery
        </Link>
        <ul className="space-y-0.5">
          {NAV_ITEMS.map((item, i) => {
            const active = isActive(item.href, pathname);
            return (
              <li key={item.href}>
                <Link
                  href={item.href}
                  title={`${item.hint} (Alt+${i + 1})`}
                  aria-current={active ? 'page' : undefined}
                  className={`flex items-center justify-between rounded px-2 py-1.5 text-sm ${
                    active
                      ? 'bg-blue-600 font-medium text-white'
                      : 'text-slate-700 hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-800'
                  }`}
                >
                  {item.label}
                  <kbd className={`text-[10px] ${active ? 'text-blue-100' : 'text-slate-400'}`}>Alt {i + 1}</kbd>
                </Link>
              </li>
            );
          })}
        </ul>
        <div className="mt-auto space-y-1 border-t border-slate-200 pt-3 dark:border-slate-800">
          <ThemeToggle />
          <a href="/signin" className="block rounded px-2 py-1.5 text-sm text-slate-600 hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-800">
            Session
          </a>
        </div>
      </nav>
      <main className="flex min-w-0 flex-1 flex-col overflow-auto">{children}</main>
    </div>
  );
}
