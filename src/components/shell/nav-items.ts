/** The workbench's screens, in sidebar order; Alt+<n> jumps to the n-th. */
export const NAV_ITEMS = [
  { href: '/', label: 'Query', hint: 'SQL editor' },
  { href: '/sources', label: 'Data', hint: 'Tables and file sources' },
  { href: '/favorites', label: 'Favorites', hint: 'Saved queries' },
  { href: '/connections', label: 'Connections', hint: 'External databases' },
  { href: '/tasks', label: 'Tasks', hint: 'Background queries' },
  { href: '/admin/migrations', label: 'Admin', hint: 'Migrations, audit log, keys' },
] as const;

export function isActive(href: string, pathname: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}
