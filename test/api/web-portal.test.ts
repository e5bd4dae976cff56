// The customer portal's files on the API's origin: its client routes get index.html, its assets
// are served with long caching, and nothing of the API's own paths is shadowed — an unknown API
// path or an unsafe method is still the API's 404 problem. Without a build, the portal says how
// to make one.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { useApiWorld } from './support/api-world';

jest.setTimeout(60_000);

const world = useApiWorld({ worker: false });
const dist = mkdtempSync(join(tmpdir(), 'web-dist-'));
const INDEX =
  '<!doctype html><html lang="nb"><head><script type="module" src="/assets/app-1a2b3c.js"></script></head><body><div id="root"></div></body></html>';

beforeAll(() => {
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'assets', 'app-1a2b3c.js'), 'console.log("portal")');
});
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const portal = () => world.variant({}, { webDist: dist });

describe('the portal on the API origin', () => {
  it.each(['/', '/request', '/replacements/RMA-7K3Q9XDM2PHT', '/console', '/console/dispatch', '/console/cases/RMA-7K3Q9XDM2PHT'])(
    'answers the client route %s with index.html, fresh every time',
    async (path) => {
      const res = await request(portal()).get(path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toBe(INDEX);
      expect(res.headers['cache-control']).toBe('no-cache');
      // The same Content-Security-Policy as the API: scripts only from this origin, none inline.
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    },
  );

  it('admits Stripe.js in the page’s policy only when Stripe takes the card, and tells the page so', async () => {
    const sandbox = await request(portal()).get('/request');
    expect(sandbox.headers['content-security-policy']).not.toContain('stripe.com');
    expect((await request(portal()).get('/v1/portal/config')).body).toEqual({ payments: { provider: 'sandbox' } });

    const keys = { STRIPE_SECRET_KEY: 'sk_test_web_portal', STRIPE_PUBLISHABLE_KEY: 'pk_test_web_portal' };
    const withStripe = world.variant(keys, { webDist: dist });
    const csp = (await request(withStripe).get('/request')).headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self' https://js.stripe.com https://*.js.stripe.com");
    expect(csp).toContain("frame-src 'self' https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com");
    expect(csp).toContain("connect-src 'self' https://api.stripe.com");
    const config = await request(withStripe).get('/v1/portal/config');
    expect(config.body).toEqual({ payments: { provider: 'stripe', publishableKey: 'pk_test_web_portal' } });
    // The API's own answers keep the strict policy.
    expect((await request(withStripe).get('/v1/portal/config')).headers['content-security-policy']).not.toContain('stripe.com');
  });

  it('serves the hashed assets with long caching, and a missing one as a 404', async () => {
    const res = await request(portal()).get('/assets/app-1a2b3c.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toContain('immutable');
    expect((await request(portal()).get('/assets/missing.js')).status).toBe(404);
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await request(portal()).head('/request');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });

  it.each([
    ['get', '/v1/nothing-here'],
    ['get', '/auth/whatever'],
    ['get', '/nope'],
    ['get', '/replacements/RMA-1/extra'],
    ['get', '/console/a/b/c/d'],
    ['get', '/consoles'],
    ['post', '/'],
    ['post', '/request'],
  ] as const)('leaves %s %s to the API: a 404 problem', async (method, path) => {
    const res = await request(portal())[method](path);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('keeps serving the API beside it', async () => {
    const res = await request(portal()).get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
  });

  it('says how to build the portal when web/dist has no build', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'web-dist-empty-'));
    try {
      const res = await request(world.variant({}, { webDist: empty })).get('/');
      expect(res.status).toBe(503);
      expect(res.body.detail).toContain('npm run build:web');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
