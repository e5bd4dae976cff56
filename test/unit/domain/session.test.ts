import { roleFromClaims, safeReturnTo, sessionEndsAt, sessionRefusal } from '../../../src/domain/session';

const MIN = 60_000;

describe('session timeouts', () => {
  const signedIn = Date.parse('2026-12-02T08:00:00Z');
  const absolute = signedIn + 12 * 60 * MIN;

  test.each<[string, number, number, 'live' | 'idle' | 'absolute']>([
    // case, last request, now, state
    ['just used', signedIn, signedIn + MIN, 'live'],
    ['idle one minute short of the limit', signedIn, signedIn + 29 * MIN, 'live'],
    ['idle exactly the limit', signedIn, signedIn + 30 * MIN, 'idle'],
    ['kept busy, before the absolute end', absolute - MIN, absolute - 1, 'live'],
    ['kept busy, at the absolute end', absolute - MIN, absolute, 'absolute'],
    ['idle and past the absolute end', signedIn, absolute + MIN, 'absolute'],
  ])('%s', (_case, lastSeenAt, now, state) => {
    const refusal = sessionRefusal({ lastSeenAt, expiresAt: absolute }, now, 30 * MIN);
    if (state === 'live') expect(refusal).toBeNull();
    else expect(refusal).toMatch(state === 'idle' ? /inactivity/ : /maximum length/);
  });

  test.each([
    ['the idle end comes first', signedIn, signedIn + 30 * MIN],
    ['the absolute end comes first', absolute - MIN, absolute],
  ])('sessionEndsAt: %s', (_case, lastSeenAt, endsAt) => {
    expect(sessionEndsAt({ lastSeenAt, expiresAt: absolute }, 30 * MIN)).toBe(endsAt);
  });
});

test.each<[unknown, string]>([
  ['/replacements/RMA-1', '/replacements/RMA-1'],
  ['/request?lang=nb#top', '/request?lang=nb#top'],
  ['/', '/'],
  [undefined, '/'],
  ['', '/'],
  ['https://evil.example/', '/'],
  ['//evil.example/', '/'],
  ['/\\evil.example/', '/'],
  ['/a\\b', '/'],
  ['javascript:alert(1)', '/'],
  ['/ok\r\nSet-Cookie: x=1', '/'],
  [`/${'a'.repeat(2000)}`, '/'],
  [['/a'], '/'],
])('safeReturnTo(%j) is %j', (value, expected) => {
  expect(safeReturnTo(value)).toBe(expected);
});

test.each<[Record<string, unknown>, string, string | null]>([
  [{ role: 'warehouse' }, 'role', 'warehouse'],
  [{ role: 'superuser' }, 'role', null],
  [{}, 'role', null],
  [{ role: 7 }, 'role', null],
  [{ roles: ['viewer', 'finance', 'admin'] }, 'roles', 'finance'],
  [{ roles: ['viewer'] }, 'roles', null],
  [{ realm_access: { roles: ['offline_access', 'admin'] } }, 'realm_access.roles', 'admin'],
  [{ realm_access: 'admin' }, 'realm_access.roles', null],
  [{ er_role: 'customer', role: 'admin' }, 'er_role', 'customer'],
])('roleFromClaims(%j, %j) is %j', (claims, path, role) => {
  expect(roleFromClaims(claims, path)).toBe(role);
});
