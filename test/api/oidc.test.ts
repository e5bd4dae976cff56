// Sign-in through OpenID Connect against a real provider (oidc-provider, in this process): the
// redirect with PKCE, state and nonce, the callback's code exchange, the role from the provider's
// claims, the session cookie, GET /v1/session, sign-out. Nothing of the provider is mocked.
import type { Express } from 'express';
import request from 'supertest';
import { useOidcProvider, followToCallback } from '../helpers/oidc-provider';
import { useApiWorld } from './support/api-world';
import { cookie, cookieAttributes, sessionIdOf, sessionSetCookie } from './support/sessions';

jest.setTimeout(60_000);

const REDIRECT_URI = 'https://portal.example.test/auth/callback';
const CLIENT = { clientId: 'express-replacement', clientSecret: 'oidc-test-client-secret-0123456789' };

const provider = useOidcProvider({
  ...CLIENT,
  redirectUri: REDIRECT_URI,
  accounts: {
    kari: { name: 'Kari Nordmann', role: 'customer' },
    wenche: { name: 'Wenche Lager', role: 'warehouse' },
    nils: { name: 'Nils Uten Rolle', role: 'superuser' },
  },
});
const world = useApiWorld({ worker: false });

let app: Express;
beforeAll(() => {
  app = world.variant({
    OIDC_ISSUER_URL: provider.issuer,
    OIDC_CLIENT_ID: CLIENT.clientId,
    OIDC_CLIENT_SECRET: CLIENT.clientSecret,
    OIDC_REDIRECT_URL: REDIRECT_URI,
    OIDC_SCOPES: 'openid profile role',
  });
});

/** GET /auth/sign-in: the provider's authorization URL and the pre-sign-in session id. */
async function startSignIn(returnTo = '/replacements/RMA-0000000000AB') {
  const res = await request(app).get(`/auth/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
  expect(res.status).toBe(303);
  return { authorizationUrl: res.headers.location as string, preSignIn: sessionIdOf(res), res };
}

const callback = (url: URL, preSignIn?: string) => {
  const req = request(app).get(`/auth/callback${url.search}`);
  return preSignIn ? req.set('Cookie', cookie(preSignIn)) : req;
};

async function signInAs(account: string, returnTo?: string) {
  provider.signInAs(account);
  const started = await startSignIn(returnTo);
  const back = await callback(await followToCallback(started.authorizationUrl, REDIRECT_URI), started.preSignIn);
  return { ...started, back };
}

it('sends the browser to the provider with the authorization code flow, PKCE, state and nonce', async () => {
  const { authorizationUrl, res } = await startSignIn();
  const url = new URL(authorizationUrl);
  expect(url.origin).toBe(provider.issuer);
  expect(Object.fromEntries(url.searchParams)).toMatchObject({
    client_id: CLIENT.clientId,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'openid profile role',
    code_challenge_method: 'S256',
    code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    state: expect.any(String),
    nonce: expect.any(String),
  });
  expect(cookieAttributes(sessionSetCookie(res)!)).toMatchObject({ httponly: '', samesite: 'Lax', path: '/' });
});

it('signs in on the callback: a new session id, the role from the provider’s claim, back to returnTo', async () => {
  const { back, preSignIn } = await signInAs('kari', '/replacements/RMA-0000000000AB');
  expect(back.status).toBe(303);
  expect(back.headers.location).toBe('/replacements/RMA-0000000000AB');
  const session = sessionIdOf(back);
  expect(session).not.toBe(preSignIn);
  const attrs = cookieAttributes(sessionSetCookie(back)!);
  expect(attrs).toMatchObject({ httponly: '', samesite: 'Lax', path: '/' });
  expect(attrs).not.toHaveProperty('secure');

  const me = await request(app).get('/v1/session').set('Cookie', cookie(session));
  expect(me.status).toBe(200);
  expect(me.body).toMatchObject({ sub: 'kari', role: 'customer', name: 'Kari Nordmann', mode: 'oidc', csrfToken: expect.any(String) });

  // The pre-sign-in id is not kept: it neither authenticates nor finishes a second sign-in.
  expect((await request(app).get('/v1/session').set('Cookie', cookie(preSignIn))).status).toBe(401);
});

it('sets a Secure cookie when reached by a public name', async () => {
  provider.signInAs('wenche');
  const start = await request(app).get('/auth/sign-in').set('Host', 'portal.example.test');
  expect(cookieAttributes(sessionSetCookie(start)!)).toHaveProperty('secure', '');
  const back = await request(app)
    .get(`/auth/callback${(await followToCallback(start.headers.location as string, REDIRECT_URI)).search}`)
    .set({ Host: 'portal.example.test', Cookie: cookie(sessionIdOf(start)) });
  expect(back.status).toBe(303);
  expect(cookieAttributes(sessionSetCookie(back)!)).toMatchObject({ httponly: '', samesite: 'Lax', secure: '' });
  const me = await request(app)
    .get('/v1/session')
    .set('Cookie', cookie(sessionIdOf(back)));
  expect(me.body).toMatchObject({ sub: 'wenche', role: 'warehouse' });
});

it('finishes each sign-in once, only in the browser that started it', async () => {
  provider.signInAs('kari');
  const { authorizationUrl, preSignIn } = await startSignIn();
  const url = await followToCallback(authorizationUrl, REDIRECT_URI);

  const elsewhere = await callback(url);
  expect(elsewhere.status).toBe(400);
  expect(elsewhere.body.detail).toMatch(/Start again at \/auth\/sign-in/);
  expect(sessionSetCookie(elsewhere)).toBeUndefined();

  expect((await callback(url, preSignIn)).status).toBe(303);
  const replayed = await callback(url, preSignIn);
  expect(replayed.status).toBe(400);
  expect(sessionSetCookie(replayed)).toBeUndefined();
});

it('refuses a callback whose state does not match the sign-in', async () => {
  provider.signInAs('kari');
  const { authorizationUrl, preSignIn } = await startSignIn();
  const url = await followToCallback(authorizationUrl, REDIRECT_URI);
  url.searchParams.set('state', 'not-the-state-we-sent');
  const res = await callback(url, preSignIn);
  expect(res.status).toBe(400);
  expect(res.body.type).toBe('/docs#problem-bad-request');
  expect(sessionSetCookie(res)).toBeUndefined();
});

it('refuses an account whose role claim names no role of this service', async () => {
  const { back } = await signInAs('nils');
  expect(back.status).toBe(403);
  expect(back.body.type).toBe('/docs#problem-forbidden');
  expect(back.body.detail).toMatch(/no role this service knows \(claim "role"; expected one of customer, warehouse, finance, admin\)/);
  expect(sessionSetCookie(back)).toBeUndefined();
});

it('shows a browser the refusal as a page', async () => {
  provider.signInAs('nils');
  const { authorizationUrl, preSignIn } = await startSignIn();
  const res = await callback(await followToCallback(authorizationUrl, REDIRECT_URI), preSignIn).set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8');
  expect(res.status).toBe(403);
  expect(res.type).toBe('text/html');
  expect(res.text).toContain('<html lang="en">');
  expect(res.text).toContain('no role this service knows');
  expect(res.text).toContain('<a href="/auth/sign-in">');
  expect(sessionSetCookie(res)).toBeUndefined();
});

it('signs out: the session ends and the cookie is cleared', async () => {
  const { back } = await signInAs('kari');
  const session = sessionIdOf(back);
  const { csrfToken } = (await request(app).get('/v1/session').set('Cookie', cookie(session))).body as { csrfToken: string };
  const out = await request(app)
    .post('/auth/sign-out')
    .set({ Cookie: cookie(session), 'Sec-Fetch-Site': 'same-origin', 'X-CSRF-Token': csrfToken });
  expect(out.status).toBe(303);
  expect(sessionSetCookie(out)).toMatch(/^er_session=;/);
  expect((await request(app).get('/v1/session').set('Cookie', cookie(session))).status).toBe(401);
});

it('leaves the development sign-in off when OpenID Connect is configured', async () => {
  const res = await request(app).post('/auth/dev-sign-in').type('form').send({ role: 'admin', name: 'mallory' });
  expect(res.status).toBe(404);
  expect(sessionSetCookie(res)).toBeUndefined();
});
