// Who may call what. The matrix is generated from the route table, so every route — including one
// added later — is exercised with every role and with no token; the expected access per route is
// written out here from DESIGN §6, so a route added without a deliberate rule fails this file.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createLocalJWKSet, decodeJwt, exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import request from 'supertest';
import { ROLES, type Role } from '../../src/api/auth';
import { assertRouteTable } from '../../src/api/register-routes';
import type { RouteSpec } from '../../src/api/route-table';
import { ROUTES } from '../../src/api/routes';
import { DEV_AUTH_JWT_SECRET, loadConfig } from '../../src/config';
import { JWT_SECRET, token, useApiWorld } from './support/api-world';
import { concretePath, send } from './support/requests';

// Real servers on a shared 2-core machine: allow for a slow moment.
jest.setTimeout(60_000);

const STAFF = ['admin', 'finance', 'warehouse'];
const EXPECTED_ACCESS: Record<string, string[] | 'public' | 'signed'> = {
  'GET /v1/session': ['admin', 'customer', 'finance', 'warehouse'],
  'GET /v1/portal/config': 'public',
  'POST /v1/replacements': ['customer'],
  'GET /v1/catalog': ['admin', 'customer', 'finance', 'warehouse'],
  'GET /v1/replacements/:id': ['admin', 'customer', 'finance', 'warehouse'],
  'GET /v1/replacements': STAFF,
  'POST /v1/replacements/:id/cancel': ['admin', 'customer', 'finance', 'warehouse'],
  'POST /v1/replacements/:id/dispatch': ['admin', 'warehouse'],
  'POST /v1/replacements/:id/receipt': ['admin', 'warehouse'],
  'POST /v1/replacements/:id/inspection': ['admin', 'warehouse'],
  'POST /v1/replacements/:id/inspection/preview': ['admin', 'warehouse'],
  'GET /v1/staff/cases': STAFF,
  'GET /v1/staff/cases/:id': STAFF,
  'GET /v1/warehouse/dispatch-queue': ['admin', 'warehouse'],
  'GET /v1/warehouse/incoming-returns': ['admin', 'warehouse'],
  'GET /v1/warehouse/stock': ['admin', 'warehouse'],
  'POST /v1/replacements/:id/review': ['admin', 'warehouse'],
  'POST /v1/warehouse/flagged-devices': ['admin', 'warehouse'],
  'GET /v1/warehouse/flagged-devices': ['admin', 'warehouse'],
  'GET /v1/warehouse/stock/:sku/movements': ['admin', 'warehouse'],
  'POST /v1/warehouse/stock/:sku/receipts': ['admin', 'warehouse'],
  'POST /v1/warehouse/stock/:sku/adjustments': ['admin', 'warehouse'],
  'GET /v1/finance/holds': ['admin', 'finance'],
  'GET /v1/finance/summary': ['admin', 'finance'],
  'GET /v1/finance/ledger.csv': ['admin', 'finance'],
  'GET /v1/finance/reconciliation': ['admin', 'finance'],
  'POST /v1/finance/reconciliation/:id/resolution': ['admin', 'finance'],
  'POST /v1/replacements/:id/refunds': ['admin', 'finance'],
  'POST /v1/replacements/:id/collection-retry': ['admin', 'finance'],
  'GET /v1/replacements/:id/finance-actions': STAFF,
  'GET /v1/labels/:file': 'public',
  'POST /v1/webhooks/carrier': 'signed',
  'POST /v1/webhooks/stripe': 'signed',
  'GET /openapi.json': 'public',
  'GET /docs': 'public',
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /metrics': 'public',
};

const key = (r: RouteSpec) => `${r.method.toUpperCase()} ${r.path}`;

const world = useApiWorld({ worker: false });

describe('route table', () => {
  it('declares exactly the routes of the HTTP contract, each with its intended access', () => {
    expect(ROUTES.map(key).sort()).toEqual(Object.keys(EXPECTED_ACCESS).sort());
    for (const r of ROUTES) {
      const actual = Array.isArray(r.roles) ? [...r.roles].sort() : r.roles;
      expect({ route: key(r), access: actual }).toEqual({ route: key(r), access: EXPECTED_ACCESS[key(r)] });
    }
  });

  it('refuses to register a route without a roles rule, with an empty or unknown role, or twice', () => {
    const base = ROUTES.find((r) => r.path === '/v1/catalog')!;
    const { roles: _omitted, ...withoutRoles } = base;
    expect(() => assertRouteTable([withoutRoles as RouteSpec])).toThrow(/no valid roles rule/);
    expect(() => assertRouteTable([{ ...base, roles: [] as unknown as RouteSpec['roles'] }])).toThrow(/no valid roles rule/);
    expect(() => assertRouteTable([{ ...base, roles: ['superuser'] as unknown as RouteSpec['roles'] }])).toThrow(/no valid roles rule/);
    expect(() => assertRouteTable([base, base])).toThrow(/declared twice/);
    expect(() => assertRouteTable(ROUTES)).not.toThrow();
  });
});

describe('authorization matrix (every route × every role and no token)', () => {
  const cases = ROUTES.flatMap((r) => [null, ...ROLES].map((role) => [key(r), role, r] as const));

  it.each(cases)('%s as %s', async (_name, role, r) => {
    let req = send(world.app, r.method, concretePath(r.path));
    if (role) req = req.set('Authorization', `Bearer ${await token(role, `matrix-${role}`)}`);
    if (r.bodySchema) req = req.set('Content-Type', 'application/json').send('{}');
    const res = await req;

    if (Array.isArray(r.roles)) {
      if (role === null) {
        expect(res.status).toBe(401);
        expect(res.headers['www-authenticate']).toMatch(/^Bearer realm=/);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      } else if ((r.roles as readonly Role[]).includes(role)) {
        expect([401, 403]).not.toContain(res.status);
        expect(res.status).toBeLessThan(500);
      } else {
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ type: '/docs#problem-forbidden', status: 403 });
      }
    } else if (r.roles === 'signed') {
      // No bearer token involved: the missing signature is what is refused.
      expect(res.status).toBe(400);
      expect(res.body.type).toBe('/docs#problem-invalid-signature');
    } else if (r.operationId === 'getLabel') {
      // A capability link: no token helps or hurts; without its signature the label does not exist.
      expect(res.status).toBe(404);
    } else {
      expect(res.status).toBe(200);
    }
  });
});

describe('bearer tokens', () => {
  const catalog = (authorization?: string) => {
    const req = request(world.app).get('/v1/catalog');
    return authorization ? req.set('Authorization', authorization) : req;
  };

  async function expectInvalid(authorization: string, detail: RegExp) {
    const res = await catalog(authorization);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="[^"]+", error="invalid_(token|request)"/);
    expect(res.body.detail).toMatch(detail);
  }

  it('accepts a valid token', async () => {
    expect((await catalog(`Bearer ${await token('customer', 'kari')}`)).status).toBe(200);
  });

  it('refuses a malformed header, an expired, not-yet-valid, wrongly signed or unsigned token', async () => {
    await expectInvalid('Basic a2FyaTpzZWNyZXQ=', /Bearer <token>/);
    await expectInvalid(`Bearer ${await token('customer', 'kari', { expiresIn: Math.floor(Date.now() / 1000) - 120 })}`, /expired/);
    await expectInvalid(`Bearer ${await token('customer', 'kari', { notBefore: '1h' })}`, /not valid yet/);
    await expectInvalid(`Bearer ${await token('customer', 'kari', { secret: `${JWT_SECRET}-other` })}`, /signature/);
    const unsigned = new UnsecuredJWT({ role: 'admin' }).setSubject('mallory').setExpirationTime('10m').encode();
    await expectInvalid(`Bearer ${unsigned}`, /algorithm|malformed/);
  });

  it('accepts only the configured algorithm', async () => {
    await expectInvalid(`Bearer ${await token('customer', 'kari', { alg: 'HS512' })}`, /algorithm/);
  });

  it('requires sub and exp', async () => {
    await expectInvalid(`Bearer ${await token('customer', 'kari', { omitSub: true })}`, /sub/);
    await expectInvalid(`Bearer ${await token('customer', 'kari', { omitExp: true })}`, /exp/);
  });

  it('answers 403 for a valid token with a role the API does not know', async () => {
    const res = await catalog(`Bearer ${await token('support', 'sam')}`);
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/customer, warehouse, finance, admin/);
  });

  it('checks issuer and audience when configured', async () => {
    const app = world.variant({ AUTH_ISSUER: 'https://id.example.no', AUTH_AUDIENCE: 'express-replacement' });
    const get = async (opts: Parameters<typeof token>[2]) =>
      (
        await request(app)
          .get('/v1/catalog')
          .set('Authorization', `Bearer ${await token('customer', 'kari', opts)}`)
      ).status;
    expect(await get({ issuer: 'https://id.example.no', audience: 'express-replacement' })).toBe(200);
    expect(await get({ issuer: 'https://evil.example', audience: 'express-replacement' })).toBe(401);
    expect(await get({ issuer: 'https://id.example.no', audience: 'another-api' })).toBe(401);
    expect(await get({})).toBe(401);
  });

  it('verifies RS256 tokens against a JWKS and refuses an HMAC token forged with the public key', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const app = world.variant(
      { AUTH_JWKS_URL: 'https://id.example.no/.well-known/jwks.json', AUTH_JWT_SECRET: '' },
      { jwks: createLocalJWKSet({ keys: [jwk] }) },
    );
    const rs = await new SignJWT({ role: 'finance' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('fin')
      .setExpirationTime('5m')
      .sign(privateKey);
    expect((await request(app).get('/v1/finance/summary').set('Authorization', `Bearer ${rs}`)).status).toBe(200);

    const forged = await new SignJWT({ role: 'finance' })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setSubject('fin')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JSON.stringify(jwk)));
    const res = await request(app).get('/v1/finance/summary').set('Authorization', `Bearer ${forged}`);
    expect(res.status).toBe(401);
  });
});

describe('dev tokens', () => {
  it('`npm run token -- --role warehouse --sub alice` prints a token this API accepts', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [require.resolve('tsx/cli'), 'src/api/dev-token.ts', '--role', 'warehouse', '--sub', 'alice'],
      { cwd: `${__dirname}/../..`, env: { ...process.env, AUTH_JWT_SECRET: JWT_SECRET, NODE_ENV: 'development' } },
    );
    const devToken = stdout.trim();
    expect(decodeJwt(devToken)).toMatchObject({ sub: 'alice', role: 'warehouse', exp: expect.any(Number) });
    expect((await request(world.app).get('/v1/warehouse/dispatch-queue').set('Authorization', `Bearer ${devToken}`)).status).toBe(200);
    expect((await request(world.app).get('/v1/finance/summary').set('Authorization', `Bearer ${devToken}`)).status).toBe(403);
  });
});

describe('auth configuration', () => {
  const prod = { NODE_ENV: 'production', CARRIER_WEBHOOK_SECRET: 'a-real-carrier-secret-123' };

  it('has a development secret only outside production', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).AUTH_JWT_SECRET).toBe(DEV_AUTH_JWT_SECRET);
    expect(() => loadConfig(prod)).toThrow(/AUTH_JWT_SECRET: required in production/);
    expect(() => loadConfig({ ...prod, AUTH_JWT_SECRET: DEV_AUTH_JWT_SECRET })).toThrow(/development default/);
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: JWT_SECRET })).toThrow(/CARRIER_WEBHOOK_SECRET/);
    expect(loadConfig({ ...prod, AUTH_JWT_SECRET: JWT_SECRET })).toMatchObject({ AUTH_JWT_ALGORITHM: 'HS256' });
  });

  it('pairs a JWKS with an asymmetric algorithm, and an HMAC algorithm with a secret', () => {
    expect(loadConfig({ ...prod, AUTH_JWKS_URL: 'https://id.example.no/jwks.json' })).toMatchObject({
      AUTH_JWT_ALGORITHM: 'RS256',
      AUTH_JWT_SECRET: undefined,
    });
    expect(() => loadConfig({ ...prod, AUTH_JWKS_URL: 'https://id.example.no/jwks.json', AUTH_JWT_ALGORITHM: 'HS256' })).toThrow(/asymmetric/);
    expect(() => loadConfig({ AUTH_JWT_ALGORITHM: 'ES256' })).toThrow(/AUTH_JWKS_URL: required for ES256/);
  });
});
