// Browser sessions through HTTP against the real app and its PostgreSQL: the development sign-in,
// the er_session cookie's flags, the CSRF and same-origin rules for writes made with the cookie,
// the session id rotated at sign-in, idle and absolute timeouts, sign-out, and bearer tokens
// working as before. The embedded default's development secret turns the development sign-in on.
import { createHash } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { deriveServiceNumber } from '../../src/api/service-number';
import { DEV_AUTH_JWT_SECRET } from '../../src/config';
import type { Role } from '../../src/domain/vocabulary';
import { JWT_SECRET, token, useApiWorld } from './support/api-world';
import { cookie, cookieAttributes, sessionIdOf, sessionSetCookie } from './support/sessions';

jest.setTimeout(60_000);

const world = useApiWorld({ worker: false, env: { AUTH_JWT_SECRET: DEV_AUTH_JWT_SECRET } });

const SAME_ORIGIN = { 'Sec-Fetch-Site': 'same-origin' };
let serial = 0;
const flagBody = () => ({ serialNumber: `SESS-${process.pid}-${++serial}`, reason: 'counterfeit' });

function signIn(app: Express, role: Role, name: string, extra: { cookie?: string; returnTo?: string; headers?: Record<string, string> } = {}) {
  let req = request(app)
    .post('/auth/dev-sign-in')
    .type('form')
    .set(extra.headers ?? SAME_ORIGIN);
  if (extra.cookie) req = req.set('Cookie', extra.cookie);
  return req.send({ role, name, ...(extra.returnTo !== undefined ? { returnTo: extra.returnTo } : {}) });
}

async function sessionFor(app: Express, role: Role, name: string): Promise<{ id: string; csrfToken: string }> {
  const res = await signIn(app, role, name);
  expect(res.status).toBe(303);
  const id = sessionIdOf(res);
  const me = await request(app).get('/v1/session').set('Cookie', cookie(id));
  expect(me.status).toBe(200);
  return { id, csrfToken: me.body.csrfToken as string };
}

const flag = (app: Express, headers: Record<string, string>) => request(app).post('/v1/warehouse/flagged-devices').set(headers).send(flagBody());

describe('the development sign-in page', () => {
  it('is a labelled form in Norwegian by default and in English with ?lang=en', async () => {
    const nb = await request(world.app).get('/auth/sign-in?returnTo=/replacements/RMA-1');
    expect(nb.status).toBe(200);
    expect(nb.type).toBe('text/html');
    expect(nb.text).toContain('<html lang="nb">');
    expect(nb.text).toMatch(/<label for="role">Rolle<\/label>\s*<select id="role" name="role" required>/);
    expect(nb.text).toMatch(/<label for="name">Navn<\/label>\s*<input id="name" name="name"/);
    expect(nb.text).toContain('name="returnTo" value="/replacements/RMA-1"');
    expect(nb.text).toContain(':focus-visible');

    const en = await request(world.app).get('/auth/sign-in?lang=en');
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('<label for="role">Role</label>');
    expect(en.text).toContain('<button type="submit">Sign in</button>');
  });

  it('signs in with a role and a name, redirects to returnTo, and GET /v1/session tells who it is', async () => {
    const res = await signIn(world.app, 'customer', 'Kari Nordmann', { returnTo: '/replacements/RMA-ABC' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/replacements/RMA-ABC');
    const me = await request(world.app)
      .get('/v1/session')
      .set('Cookie', cookie(sessionIdOf(res)));
    expect(me.status).toBe(200);
    expect(me.headers['cache-control']).toBe('no-store');
    expect(me.body).toEqual({
      sub: 'Kari Nordmann',
      role: 'customer',
      name: 'Kari Nordmann',
      mode: 'dev',
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: expect.any(String),
    });
  });

  it('never redirects off the origin after sign-in', async () => {
    for (const returnTo of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
      const res = await signIn(world.app, 'customer', 'kari', { returnTo });
      expect(res.headers.location).toBe('/');
    }
  });

  it('refuses an incomplete form with the fields to fix, and a form posted from another site', async () => {
    const bad = await request(world.app).post('/auth/dev-sign-in').type('form').set(SAME_ORIGIN).send({ role: 'root', name: '' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['name', 'role']);
    expect(sessionSetCookie(bad)).toBeUndefined();

    const forged = await signIn(world.app, 'admin', 'mallory', { headers: { Origin: 'https://evil.example' } });
    expect(forged.status).toBe(403);
    expect(forged.body.type).toBe('/docs#problem-csrf');
    expect(sessionSetCookie(forged)).toBeUndefined();
  });

  it('stores only a hash of the session id', async () => {
    const { id } = await sessionFor(world.app, 'finance', 'frode');
    const { rows } = await world.db.pool.query<{ id_hash: string }>('SELECT id_hash FROM sessions WHERE sub = $1', ['frode']);
    expect(rows.map((r) => r.id_hash)).toEqual([createHash('sha256').update(id).digest('hex')]);
    const raw = await world.db.pool.query(`SELECT 1 FROM sessions WHERE id_hash = $1 OR csrf_token = $1 OR pending::text LIKE '%' || $1 || '%'`, [id]);
    expect(raw.rowCount).toBe(0);
  });
});

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Lax, Path=/, and not Secure over plain http to this machine', async () => {
    for (const host of [undefined, 'localhost:3000', '127.0.0.1:3000']) {
      const res = await signIn(world.app, 'customer', 'kari', { headers: { ...SAME_ORIGIN, ...(host ? { Host: host } : {}) } });
      const attrs = cookieAttributes(sessionSetCookie(res)!);
      expect(attrs).toMatchObject({ httponly: '', samesite: 'Lax', path: '/' });
      expect(attrs).not.toHaveProperty('secure');
    }
  });

  it('is Secure when the service is reached by any other name', async () => {
    const res = await signIn(world.app, 'customer', 'kari', { headers: { ...SAME_ORIGIN, Host: 'portal.example.no' } });
    expect(cookieAttributes(sessionSetCookie(res)!)).toMatchObject({ httponly: '', samesite: 'Lax', path: '/', secure: '' });
  });
});

describe('writes made with the cookie', () => {
  it('need the CSRF header and a same-origin request; with both they work', async () => {
    const { id, csrfToken } = await sessionFor(world.app, 'warehouse', 'wenche');
    const withCookie = { Cookie: cookie(id) };

    const forged = await flag(world.app, { ...withCookie, 'X-CSRF-Token': csrfToken, Origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    expect(forged.body.type).toBe('/docs#problem-csrf');
    // No credentialed CORS: the other site cannot read the answer either.
    expect(forged.headers['access-control-allow-origin']).toBeUndefined();
    expect(forged.headers['access-control-allow-credentials']).toBeUndefined();

    const crossSite = await flag(world.app, { ...withCookie, 'X-CSRF-Token': csrfToken, 'Sec-Fetch-Site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.type).toBe('/docs#problem-csrf');

    const noOrigin = await flag(world.app, { ...withCookie, 'X-CSRF-Token': csrfToken });
    expect(noOrigin.status).toBe(403);

    const noHeader = await flag(world.app, { ...withCookie, ...SAME_ORIGIN });
    expect(noHeader.status).toBe(403);
    expect(noHeader.body.type).toBe('/docs#problem-csrf');
    expect(noHeader.body.detail).toContain('X-CSRF-Token');

    const wrongToken = await flag(world.app, { ...withCookie, ...SAME_ORIGIN, 'X-CSRF-Token': `${csrfToken.slice(0, -1)}A` });
    expect(wrongToken.status).toBe(403);

    const ok = await flag(world.app, { ...withCookie, ...SAME_ORIGIN, 'X-CSRF-Token': csrfToken });
    expect(ok.status).toBe(201);
    const byOrigin = await flag(world.app, { ...withCookie, Host: 'portal.example.no', Origin: 'http://portal.example.no', 'X-CSRF-Token': csrfToken });
    expect(byOrigin.status).toBe(201);
  });

  it('keep the route’s roles: a customer’s session cannot do warehouse work', async () => {
    const { id, csrfToken } = await sessionFor(world.app, 'customer', 'kari');
    const res = await flag(world.app, { Cookie: cookie(id), ...SAME_ORIGIN, 'X-CSRF-Token': csrfToken });
    expect(res.status).toBe(403);
    expect(res.body.type).toBe('/docs#problem-forbidden');
  });
});

describe('bearer tokens', () => {
  const devBearer = async (role: Role, sub: string) => `Bearer ${await token(role, sub, { secret: DEV_AUTH_JWT_SECRET })}`;

  it('work without a CSRF header or an origin, even next to a session cookie', async () => {
    const auth = await devBearer('warehouse', 'robot');
    expect((await flag(world.app, { Authorization: auth })).status).toBe(201);
    expect((await flag(world.app, { Authorization: auth, Origin: 'https://elsewhere.example' })).status).toBe(201);
    const { id } = await sessionFor(world.app, 'customer', 'kari');
    expect((await flag(world.app, { Authorization: auth, Cookie: cookie(id) })).status).toBe(201);
  });

  it('get their subject and role from GET /v1/session, without a CSRF token', async () => {
    const me = await request(world.app)
      .get('/v1/session')
      .set('Authorization', await devBearer('finance', 'fia'));
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ sub: 'fia', role: 'finance', name: 'fia' });
  });

  it('leave a request with neither a token nor a session a 401', async () => {
    const res = await request(world.app).get('/v1/session');
    expect(res.status).toBe(401);
    expect(res.body.type).toBe('/docs#problem-unauthenticated');
  });
});

describe('the session id', () => {
  it('is a new one at sign-in: a planted id is not adopted', async () => {
    const planted = 'A'.repeat(43);
    const res = await signIn(world.app, 'admin', 'anne', { cookie: cookie(planted) });
    const id = sessionIdOf(res);
    expect(id).not.toBe(planted);
    expect((await request(world.app).get('/v1/session').set('Cookie', cookie(planted))).status).toBe(401);
    expect((await request(world.app).get('/v1/session').set('Cookie', cookie(id))).body.sub).toBe('anne');
  });

  it('is a new one when a signed-in browser signs in again; the earlier id is ended', async () => {
    const first = await sessionFor(world.app, 'customer', 'kari');
    const again = await signIn(world.app, 'warehouse', 'wenche', { cookie: cookie(first.id) });
    const second = sessionIdOf(again);
    expect(second).not.toBe(first.id);
    const old = await request(world.app).get('/v1/session').set('Cookie', cookie(first.id));
    expect(old.status).toBe(401);
    expect((await request(world.app).get('/v1/session').set('Cookie', cookie(second))).body).toMatchObject({ sub: 'wenche', role: 'warehouse' });
  });
});

describe('timeouts', () => {
  const MIN = 60_000;
  let clock = Date.parse('2026-12-02T08:00:00Z');
  let app: Express;
  beforeAll(() => {
    app = world.variant({ AUTH_JWT_SECRET: DEV_AUTH_JWT_SECRET, SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '1' }, { now: () => clock });
  });
  const me = (id: string) => request(app).get('/v1/session').set('Cookie', cookie(id));

  it('end a session left idle for SESSION_IDLE_MINUTES', async () => {
    const { id } = await sessionFor(app, 'customer', 'idle-ida');
    clock += 29 * MIN;
    const live = await me(id);
    expect(live.status).toBe(200);
    expect(live.body.expiresAt).toBe(new Date(clock + 30 * MIN).toISOString());
    clock += 30 * MIN;
    const ended = await me(id);
    expect(ended.status).toBe(401);
    expect(ended.body.detail).toMatch(/inactivity/);
    // And it stays ended.
    clock -= 10 * MIN;
    expect((await me(id)).status).toBe(401);
  });

  it('end a busy session after SESSION_ABSOLUTE_HOURS', async () => {
    const { id } = await sessionFor(app, 'customer', 'busy-bo');
    const signedInAt = clock;
    for (let i = 0; i < 3; i++) {
      clock += 20 * MIN - 1;
      expect((await me(id)).status).toBe(200);
    }
    expect((await me(id)).body.expiresAt).toBe(new Date(signedInAt + 60 * MIN).toISOString());
    clock = signedInAt + 60 * MIN;
    const ended = await me(id);
    expect(ended.status).toBe(401);
    expect(ended.body.detail).toMatch(/maximum length/);
  });
});

describe('sign-out', () => {
  it('follows the CSRF rules, ends the session and clears the cookie', async () => {
    const { id, csrfToken } = await sessionFor(world.app, 'customer', 'kari');
    const forged = await request(world.app)
      .post('/auth/sign-out')
      .set({ Cookie: cookie(id), Origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    expect((await request(world.app).get('/v1/session').set('Cookie', cookie(id))).status).toBe(200);

    const res = await request(world.app)
      .post('/auth/sign-out')
      .set({ Cookie: cookie(id), ...SAME_ORIGIN, 'X-CSRF-Token': csrfToken });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(sessionSetCookie(res)).toMatch(/^er_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await request(world.app).get('/v1/session').set('Cookie', cookie(id))).status).toBe(401);
  });
});

describe('the development sign-in outside the embedded default', () => {
  it.each([
    ['production', { NODE_ENV: 'production', AUTH_JWT_SECRET: JWT_SECRET }],
    ['a secret of its own', { AUTH_JWT_SECRET: JWT_SECRET }],
  ])('is refused with %s', async (_case, env) => {
    const app = world.variant(env);
    const page = await request(app).get('/auth/sign-in');
    expect(page.status).toBe(404);
    expect(page.body.detail).toMatch(/development sign-in page only in the embedded default/);
    const post = await signIn(app, 'admin', 'mallory');
    expect(post.status).toBe(404);
    expect(sessionSetCookie(post)).toBeUndefined();
  });
});

describe('the link in a customer’s email', () => {
  const serviceNumber = deriveServiceNumber('kari', 'email-link');

  it('asks for a sign-in that comes back to the replacement', async () => {
    const res = await request(world.app).get(`/r/${serviceNumber}?lang=en`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/auth/sign-in?returnTo=${encodeURIComponent(`/replacements/${serviceNumber}?lang=en`)}&lang=en`);
  });

  it('goes straight to the replacement when signed in', async () => {
    const { id } = await sessionFor(world.app, 'customer', 'kari');
    const res = await request(world.app).get(`/r/${serviceNumber}`).set('Cookie', cookie(id));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/replacements/${serviceNumber}`);
  });

  it('is not found for something that is not a service number', async () => {
    expect((await request(world.app).get('/r/%3Cscript%3E')).status).toBe(404);
  });
});
