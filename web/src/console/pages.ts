// The staff console's pages and who may open each. The API refuses the same roles on its routes
// (src/api/routes.ts); this table only decides what the browser offers and where it says "not allowed".
import type { Role } from '@domain/vocabulary';

export const CONSOLE_PAGES = [
  { key: 'dispatch', path: '/console/dispatch', area: 'warehouse', roles: ['warehouse', 'admin'] },
  { key: 'receiving', path: '/console/receiving', area: 'warehouse', roles: ['warehouse', 'admin'] },
  { key: 'inspection', path: '/console/inspection', area: 'warehouse', roles: ['warehouse', 'admin'] },
  { key: 'returns', path: '/console/returns', area: 'warehouse', roles: ['warehouse', 'admin'] },
  { key: 'stock', path: '/console/stock', area: 'warehouse', roles: ['warehouse', 'admin'] },
  { key: 'holds', path: '/console/holds', area: 'finance', roles: ['finance', 'admin'] },
  { key: 'summary', path: '/console/summary', area: 'finance', roles: ['finance', 'admin'] },
  { key: 'reconciliation', path: '/console/reconciliation', area: 'finance', roles: ['finance', 'admin'] },
  { key: 'cases', path: '/console/cases', area: 'cases', roles: ['warehouse', 'finance', 'admin'] },
] as const satisfies ReadonlyArray<{ key: string; path: string; area: string; roles: readonly Role[] }>;

export type ConsolePage = (typeof CONSOLE_PAGES)[number];
export type ConsolePageKey = ConsolePage['key'];
export type ConsoleArea = ConsolePage['area'];

export const STAFF_ROLES: readonly Role[] = ['warehouse', 'finance', 'admin'];
export const isStaff = (role: Role) => STAFF_ROLES.includes(role);

export const mayOpen = (page: ConsolePage, role: Role) => (page.roles as readonly Role[]).includes(role);

/** The console page a path belongs to (a page's own path or anything below it), if any. */
export function pageAt(pathname: string): ConsolePage | undefined {
  const p = pathname.replace(/\/+$/, '');
  return CONSOLE_PAGES.find((page) => p === page.path || p.startsWith(page.path + '/'));
}

/** Where a staff member lands on /console: the first page their role may open. */
export const homeFor = (role: Role) => CONSOLE_PAGES.find((page) => mayOpen(page, role));
