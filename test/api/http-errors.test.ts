// Every error is RFC 9457 problem+json with the right status; client mistakes never become 500s,
// and a genuine 500 says nothing about the internals but is logged with the request id.
import request from 'supertest';
import type { LedgerReader } from '../../src/ports/ledger';
import { bearer, memoryLogger, useApiWorld } from './support/api-world';
import { replacementBody } from './support/requests';

// Real servers on a shared 2-core machine: allow for a slow moment.
jest.setTimeout(60_000);

const world = useApiWorld({ worker: false });

function expectProblem(res: request.Response, status: number, type: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: `/docs#problem-${type}`, status, title: expect.any(String), detail: expect.any(String) });
  const sentPath = (res as unknown as { req: { path: string } }).req.path;
  expect(res.body.instance).toBe(sentPath.split('?')[0]);
  expect(JSON.stringify(res.body)).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
}

let customerAuth: string;
beforeAll(async () => {
  customerAuth = await bearer('customer', 'kari');
});
const createAs = () =>
  request(world.app).post('/v1/replacements').set('Authorization', customerAuth).set('Idempotency-Key', 'b4c1f3e2-0000-4000-8000-000000000001');

describe('routing', () => {
  it('answers an unknown route with a 404 problem', async () => {
    expectProblem(await request(world.app).get('/v1/nothing-here'), 404, 'not-found');
  });

  it('answers a known path with an unsupported method with 405 and Allow', async () => {
    const res = await request(world.app).delete('/v1/catalog');
    expectProblem(res, 405, 'method-not-allowed');
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  it('treats a path id that cannot be a service number as not found', async () => {
    expectProblem(
      await request(world.app)
        .get('/v1/replacements/not%20an%20id')
        .set('Authorization', await bearer('admin')),
      404,
      'not-found',
    );
  });

  it('answers 404 for a replacement that does not exist', async () => {
    const res = await request(world.app)
      .get('/v1/replacements/RMA-0000000000')
      .set('Authorization', await bearer('warehouse'));
    expectProblem(res, 404, 'not-found');
    expect(res.body.detail).toContain('RMA-0000000000');
  });
});

describe('request bodies', () => {
  it('answers malformed JSON with 400', async () => {
    const res = await createAs().set('Content-Type', 'application/json').send('{"sku": "IP17P-256",');
    expectProblem(res, 400, 'malformed-json');
  });

  it('answers a body over 64 kB with 413', async () => {
    const huge = JSON.stringify(replacementBody({ issueDescription: 'x'.repeat(70 * 1024) }));
    expectProblem(await createAs().set('Content-Type', 'application/json').send(huge), 413, 'payload-too-large');
  });

  it('answers a non-JSON content type with 415', async () => {
    const res = await createAs().set('Content-Type', 'text/plain').send('sku=IP17P-256');
    expectProblem(res, 415, 'unsupported-media-type');
  });

  it('answers a missing body with 400', async () => {
    expectProblem(await createAs(), 400, 'bad-request');
  });

  it('reports every invalid field with its path (422), including unknown fields', async () => {
    const body = replacementBody({
      sku: 'NOT-A-SKU',
      purchaseDate: '2026-02-30',
      coverage: 'forever',
      acceptTerms: false,
      extra: 'field',
      shippingAddress: { name: 'Kari', line1: 'Storgata 1', postalCode: '155', city: 'Oslo', country: 'NO', floor: 3 },
    });
    const res = await createAs().send(body);
    expectProblem(res, 422, 'validation-error');
    const paths = (res.body.errors as { path: string; message: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['acceptTerms', 'coverage', 'extra', 'purchaseDate', 'shippingAddress.floor', 'shippingAddress.postalCode', 'sku']);
    expect(res.body.errors).toContainEqual({ path: 'extra', message: 'unknown field' });
    expect(res.body.errors).toContainEqual({ path: 'acceptTerms', message: expect.stringMatching(/accept/) });
  });

  it('refuses a NUL character anywhere in the body (422 with its path): it could never be stored', async () => {
    const body = replacementBody({ shippingAddress: { name: 'Kari\u0000Nordmann', line1: 'Storgata 1', postalCode: '0155', city: 'Oslo', country: 'NO' } });
    const res = await createAs().send(body);
    expectProblem(res, 422, 'validation-error');
    expect(res.body.errors).toEqual([{ path: 'shippingAddress.name', message: 'must not contain the NUL character \\u0000' }]);
    const update = await request(world.app)
      .post('/v1/replacements/RMA-0000000000/cancel')
      .set('Authorization', customerAuth)
      .send({ reason: ['ok', 'not\u0000ok'] });
    expectProblem(update, 422, 'validation-error');
    expect(update.body.errors[0].path).toBe('reason.1');
  });

  it('requires an Idempotency-Key to start a replacement', async () => {
    const res = await request(world.app)
      .post('/v1/replacements')
      .set('Authorization', await bearer('customer'))
      .send(replacementBody());
    expectProblem(res, 400, 'bad-request');
    expect(res.body.errors).toEqual([{ path: 'header.Idempotency-Key', message: expect.any(String) }]);
  });

  it('validates update bodies before anything reaches the workflow', async () => {
    const res = await request(world.app)
      .post('/v1/replacements/RMA-0000000000/inspection')
      .set('Authorization', await bearer('warehouse'))
      .send({ outcome: 'smashed', notes: 'x', labourMinutes: -5 });
    expectProblem(res, 422, 'validation-error');
    expect((res.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(['labourMinutes', 'outcome']);
  });
});

describe('query parameters', () => {
  it('rejects an unknown status filter, an unknown parameter and an out-of-range limit (400)', async () => {
    const auth = await bearer('admin');
    const res = await request(world.app).get('/v1/replacements?status=lost&limit=1000&colour=red').set('Authorization', auth);
    expectProblem(res, 400, 'invalid-query');
    expect((res.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(['query.colour', 'query.limit', 'query.status']);
  });

  it('rejects a cursor it did not issue, or one issued for other filters', async () => {
    const auth = await bearer('admin');
    expectProblem(await request(world.app).get('/v1/replacements?cursor=bm90LWEtY3Vyc29y').set('Authorization', auth), 400, 'invalid-query');
    const forged = Buffer.from(JSON.stringify({ q: 'x', t: 'AAAA' })).toString('base64url');
    expectProblem(await request(world.app).get(`/v1/replacements?cursor=${forged}`).set('Authorization', auth), 400, 'invalid-query');
  });

  it('rejects an empty or absurd finance period', async () => {
    const auth = await bearer('finance');
    expectProblem(await request(world.app).get('/v1/finance/summary?from=2026-11-20&to=2026-11-10').set('Authorization', auth), 400, 'invalid-query');
    const absurd = await request(world.app).get('/v1/finance/ledger.csv?from=0000-01-01&to=9999-12-31').set('Authorization', auth);
    expectProblem(absurd, 400, 'invalid-query');
    expect((absurd.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(['query.from', 'query.to']);
  });
});

describe('unexpected failures', () => {
  it('answers 500 with a generic detail and logs the error with the request id', async () => {
    const fire = async (): Promise<never> => {
      throw new Error('disk on fire at /var/lib/ledger.json');
    };
    const broken: LedgerReader = { entries: fire, totals: fire, totalsByReplacement: fire };
    const { logger, lines } = memoryLogger();
    const app = world.variant({}, { ledger: broken, logger });
    const res = await request(app)
      .get('/v1/finance/summary')
      .set('Authorization', await bearer('finance'))
      .set('X-Request-Id', 'req-500-check');
    expectProblem(res, 500, 'internal');
    expect(res.body.detail).not.toContain('disk on fire');
    expect(res.body.detail).toContain('req-500-check');
    const logged = lines().find((l) => l.msg === 'unhandled error');
    expect(logged).toMatchObject({ requestId: 'req-500-check', err: { message: 'disk on fire at /var/lib/ledger.json' } });
    // Request logs carry the request id, never the credentials.
    expect(lines().find((l) => l.msg === 'request errored' || l.msg === 'request completed')).toMatchObject({
      req: { id: 'req-500-check', path: '/v1/finance/summary' },
    });
    expect(JSON.stringify(lines())).not.toMatch(/Bearer|eyJ/);
  });
});

describe('request ids and headers', () => {
  it('echoes a safe X-Request-Id and replaces an unsafe one', async () => {
    const kept = await request(world.app).get('/healthz').set('X-Request-Id', 'abc-123.def');
    expect(kept.headers['x-request-id']).toBe('abc-123.def');
    const replaced = await request(world.app).get('/healthz').set('X-Request-Id', 'bad id\twith spaces');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const problemRes = await request(world.app).get('/nope').set('X-Request-Id', 'trace-42');
    expect(problemRes.body.requestId).toBe('trace-42');
  });

  it('sets security headers', async () => {
    const res = await request(world.app).get('/healthz');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

describe('rate limit on customer endpoints', () => {
  it('answers 429 with Retry-After once a customer’s bucket is empty, per customer, not for staff', async () => {
    const app = world.variant({ RATE_LIMIT_CUSTOMER_PER_MINUTE: '2' });
    const as = async (role: 'customer' | 'warehouse', sub: string) =>
      (
        await request(app)
          .get('/v1/catalog')
          .set('Authorization', await bearer(role, sub))
      ).status;
    expect([await as('customer', 'greedy'), await as('customer', 'greedy')]).toEqual([200, 200]);
    const limited = await request(app)
      .get('/v1/catalog')
      .set('Authorization', await bearer('customer', 'greedy'));
    expectProblem(limited, 429, 'rate-limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(await as('customer', 'patient')).toBe(200);
    for (let i = 0; i < 4; i++) expect(await as('warehouse', 'ola')).toBe(200);
  });
});
