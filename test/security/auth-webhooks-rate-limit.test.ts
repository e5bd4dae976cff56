// The edges of authentication, webhook signatures and the rate limit that the API suite leaves
// open: clock-skew tolerance on both sides of the boundary, unsigned and re-labelled tokens,
// claims of the wrong type, webhook replay after the signature window (on the server's clock),
// the customer bucket refilling over time and being checked before any body is read.
// (Expired, not-yet-valid, wrong-secret, HS512, RS256→HS256 confusion, iss/aud, a missing, stale,
// future or foreign webhook signature are in test/api/authorization.test.ts and webhooks.test.ts.)
import { generateKeyPair, SignJWT } from 'jose';
import request from 'supertest';
import { CARRIER_SIGNATURE_HEADER, signCarrierPayload } from '../../src/lib/webhook-signature';
import { ROUTES, openApiDocument } from '../../src/api/routes';
import { bearer, CARRIER_SECRET, JWT_SECRET, signedCarrierDelivery, token, useApiWorld } from '../api/support/api-world';
import { replacementBody } from '../api/support/requests';

// Real servers on a shared 2-core machine: allow for a slow moment.
jest.setTimeout(60_000);

const world = useApiWorld({ worker: false });

const nowSeconds = () => Math.floor(Date.now() / 1000);
const catalogWith = (authorization: string, app = world.app) => request(app).get('/v1/catalog').set('Authorization', authorization);
const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('bearer token edges', () => {
  // auth.ts allows 30 s of clock skew between the identity provider and this server.
  it.each([
    ['expired 20 s ago (inside the tolerance)', { expiresIn: nowSeconds() - 20 }, 200],
    ['expired 45 s ago (outside it)', { expiresIn: nowSeconds() - 45 }, 401],
    ['valid from 20 s from now (inside the tolerance)', { notBefore: nowSeconds() + 20 }, 200],
    ['valid from 45 s from now (outside it)', { notBefore: nowSeconds() + 45 }, 401],
  ])('a token %s → %i', async (_name, opts, status) => {
    expect((await catalogWith(`Bearer ${await token('customer', 'skew', opts)}`)).status).toBe(status);
  });

  it.each(['none', 'None', 'NONE', 'nOnE'])('refuses a real token re-labelled alg=%s, with or without its signature', async (alg) => {
    const [, payload, signature] = (await token('admin', 'mallory')).split('.');
    const header = b64url({ alg, typ: 'JWT' });
    for (const forged of [`${header}.${payload}.`, `${header}.${payload}.${signature}`]) {
      const res = await catalogWith(`Bearer ${forged}`);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/error="invalid_token"/);
    }
  });

  it('refuses a token signed with an asymmetric key the server never configured', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const es = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'ES256' }).setSubject('mallory').setExpirationTime('5m').sign(privateKey);
    const res = await catalogWith(`Bearer ${es}`);
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(/algorithm/);
  });

  it('refuses an HS256 token whose payload was edited after signing (role escalation)', async () => {
    const [header, payload, signature] = (await token('customer', 'kari')).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const escalated = `${header}.${b64url({ ...claims, role: 'admin' })}.${signature}`;
    expect((await request(world.app).get('/v1/finance/summary').set('Authorization', `Bearer ${escalated}`)).status).toBe(401);
  });

  it('refuses claims of the wrong type or size', async () => {
    expect((await catalogWith(`Bearer ${await token('customer', 'x'.repeat(256))}`)).status).toBe(401);
    expect((await catalogWith(`Bearer ${await token('customer', 'kari', { omitSub: true, extraClaims: { sub: 42 } })}`)).status).toBe(401);
    expect((await catalogWith(`Bearer ${await token(['admin'] as unknown as string, 'kari')}`)).status).toBe(403);
    expect((await catalogWith(`Bearer ${await token('customer', 'kari', { omitExp: true, extraClaims: { exp: 'never' } })}`)).status).toBe(401);
  });

  it('takes the token only from the Authorization header', async () => {
    const t = await token('admin', 'root');
    expect((await request(world.app).get(`/v1/catalog?access_token=${t}`)).status).toBe(401);
    expect((await request(world.app).get('/v1/catalog').set('Cookie', `token=${t}; access_token=${t}`)).status).toBe(401);
  });

  it('accepts the right audience among several, and refuses a token for the right issuer signed with another secret', async () => {
    const app = world.variant({ AUTH_ISSUER: 'https://id.example.no', AUTH_AUDIENCE: 'express-replacement' });
    const multi = await new SignJWT({ role: 'customer', aud: ['other-api', 'express-replacement'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('https://id.example.no')
      .setSubject('kari')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JWT_SECRET));
    expect((await catalogWith(`Bearer ${multi}`, app)).status).toBe(200);
    const foreign = await token('customer', 'kari', {
      issuer: 'https://id.example.no',
      audience: 'express-replacement',
      secret: 'another-tenant-secret-0123456789abcdef',
    });
    expect((await catalogWith(`Bearer ${foreign}`, app)).status).toBe(401);
  });
});

describe('carrier webhook signature window', () => {
  const batch = () => ({ events: [{ eventId: `w-${Math.random()}`, trackingNumber: '370000000000000001', kind: 'in_transit', at: Date.now() }] });
  const post = (raw: string, signature: string, app = world.app) =>
    request(app).post('/v1/webhooks/carrier').set('Content-Type', 'application/json').set(CARRIER_SIGNATURE_HEADER, signature).send(raw);

  it.each([
    ['4 min old', -240, 200],
    ['4 min ahead (sender clock fast)', 240, 200],
    ['6 min old', -360, 400],
    ['6 min ahead', 360, 400],
  ])('a delivery signed %s → %i', async (_name, offset, status) => {
    const { raw, signature } = signedCarrierDelivery(batch(), nowSeconds() + offset);
    expect((await post(raw, signature)).status).toBe(status);
  });

  it('refuses a captured delivery replayed after the window, judged by the server’s clock', async () => {
    const { raw, signature } = signedCarrierDelivery(batch());
    expect((await post(raw, signature)).status).toBe(200);
    const later = world.variant({}, { now: () => Date.now() + 6 * 60_000 });
    const replayed = await post(raw, signature, later);
    expect(replayed.status).toBe(400);
    expect(replayed.body.detail).toMatch(/tolerance/);
  });

  it('refuses a re-timed replay: a fresh timestamp does not match the old signature', async () => {
    const { raw, signature } = signedCarrierDelivery(batch(), nowSeconds() - 600);
    const mac = signature.split('v1=')[1];
    const res = await post(raw, `t=${nowSeconds()},v1=${mac}`);
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/does not match/);
  });

  it.each(['t=,v1=00', 't=abc,v1=00', 't=1e999,v1=00', `t=${Date.now() / 1000},v1=00`, 'v1=00,v1=00'])('refuses the malformed header %j', async (header) => {
    const res = await post(JSON.stringify(batch()), header);
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('/docs#problem-invalid-signature');
  });

  it('refuses a signature over the same events with whitespace added', async () => {
    const body = batch();
    const signature = signCarrierPayload(JSON.stringify(body), CARRIER_SECRET);
    expect((await post(JSON.stringify(body, null, 2), signature)).status).toBe(400);
  });
});

describe('customer rate limit', () => {
  it('refills over time at the configured rate, per customer across tokens', async () => {
    let clock = Date.now();
    const app = world.variant({ RATE_LIMIT_CUSTOMER_PER_MINUTE: '6' }, { now: () => clock });
    // Two different tokens for one customer share a bucket.
    const tokens = [await bearer('customer', 'bursty'), `Bearer ${await token('customer', 'bursty', { expiresIn: '2h' })}`];
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await catalogWith(tokens[i % 2]!, app)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
    const limited = await catalogWith(tokens[0]!, app);
    expect(limited.headers['retry-after']).toBe('10');
    clock += 9_000;
    expect((await catalogWith(tokens[0]!, app)).status).toBe(429);
    clock += 1_000;
    expect((await catalogWith(tokens[0]!, app)).status).toBe(200);
    expect((await catalogWith(tokens[1]!, app)).status).toBe(429);
  });

  it('refuses a limited customer before reading the body', async () => {
    const app = world.variant({ RATE_LIMIT_CUSTOMER_PER_MINUTE: '1' });
    const auth = await bearer('customer', 'flooder');
    expect((await catalogWith(auth, app)).status).toBe(200);
    const res = await request(app)
      .post('/v1/replacements')
      .set('Authorization', auth)
      .set('Idempotency-Key', 'flood-0000000001')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(replacementBody({ issueDescription: 'x'.repeat(200 * 1024) })));
    // 413 would mean the body was read first.
    expect(res.status).toBe(429);
  });

  it('documents 429 on every operation a customer can call', () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>> };
    const customerOps = ROUTES.filter((r) => Array.isArray(r.roles) && (r.roles as readonly string[]).includes('customer')).map((r) => r.operationId);
    expect(customerOps.length).toBeGreaterThan(2);
    for (const op of Object.values(doc.paths).flatMap((p) => Object.values(p))) {
      if (customerOps.includes(op.operationId)) expect({ op: op.operationId, has429: '429' in op.responses }).toEqual({ op: op.operationId, has429: true });
    }
  });
});
