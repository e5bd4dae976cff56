// The console's page table: which role may open which page, and that it agrees with the API, whose
// route roles are what really refuses a request (a page the browser offers must not be a 403).
import { ROUTES } from '../../src/api/routes';
import type { Role } from '../../src/domain/vocabulary';
import { CONSOLE_PAGES, homeFor, mayOpen, pageAt, type ConsolePageKey } from '../../web/src/console/pages';

const page = (key: ConsolePageKey) => CONSOLE_PAGES.find((p) => p.key === key)!;

describe('who may open which console page', () => {
  it.each<[ConsolePageKey, Role, boolean]>([
    ['dispatch', 'warehouse', true],
    ['dispatch', 'admin', true],
    ['dispatch', 'finance', false],
    ['dispatch', 'customer', false],
    ['receiving', 'warehouse', true],
    ['inspection', 'finance', false],
    ['stock', 'warehouse', true],
    ['holds', 'finance', true],
    ['holds', 'admin', true],
    ['holds', 'warehouse', false],
    ['summary', 'warehouse', false],
    ['reconciliation', 'customer', false],
    ['cases', 'warehouse', true],
    ['cases', 'finance', true],
    ['cases', 'customer', false],
  ])('%s for %s: %s', (key, role, allowed) => {
    expect(mayOpen(page(key), role)).toBe(allowed);
  });
});

describe('the page at a path', () => {
  it.each<[string, ConsolePageKey | undefined]>([
    ['/console/dispatch', 'dispatch'],
    ['/console/dispatch/', 'dispatch'],
    ['/console/cases/RMA-7K3Q9XDM2PHT', 'cases'],
    ['/console/holds', 'holds'],
    ['/console/dispatchx', undefined],
    ['/console', undefined],
    ['/console/nothing', undefined],
  ])('%s → %s', (path, key) => {
    expect(pageAt(path)?.key).toBe(key);
  });

  it.each<[Role, ConsolePageKey | undefined]>([
    ['warehouse', 'dispatch'],
    ['finance', 'holds'],
    ['admin', 'dispatch'],
    ['customer', undefined],
  ])('%s lands on %s', (role, key) => {
    expect(homeFor(role)?.key).toBe(key);
  });
});

// The API route each page is built on: its roles must be exactly the page's.
const PAGE_ROUTE: Record<ConsolePageKey, [string, string]> = {
  dispatch: ['get', '/v1/warehouse/dispatch-queue'],
  receiving: ['post', '/v1/replacements/:id/receipt'],
  inspection: ['post', '/v1/replacements/:id/inspection'],
  returns: ['get', '/v1/warehouse/incoming-returns'],
  stock: ['get', '/v1/warehouse/stock'],
  holds: ['get', '/v1/finance/holds'],
  summary: ['get', '/v1/finance/summary'],
  reconciliation: ['get', '/v1/finance/reconciliation'],
  cases: ['get', '/v1/staff/cases'],
};

describe('the pages agree with the API’s roles', () => {
  it.each(CONSOLE_PAGES.map((p) => [p.key, p]))('%s', (key, p) => {
    const [method, path] = PAGE_ROUTE[key];
    const route = ROUTES.find((r) => r.method === method && r.path === path);
    expect(route).toBeDefined();
    const staff = (['warehouse', 'finance', 'admin'] as Role[]).filter(
      (role) => route!.roles === 'signed' || (Array.isArray(route!.roles) && route!.roles.includes(role)),
    );
    expect(staff.sort()).toEqual([...p.roles].sort());
  });
});
