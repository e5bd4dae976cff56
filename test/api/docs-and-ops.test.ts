// The generated OpenAPI document and docs page, the catalog, and the operator endpoints.
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { ROUTES } from '../../src/api/routes';
import { createPool } from '../../src/composition/database';
import { openApiPath } from '../../src/api/route-table';
import { catalogSchema } from '../../src/api/schemas';
import { CATALOG } from '../../src/domain';
import { bearer, useApiWorld } from './support/api-world';

// Real servers on a shared 2-core machine: allow for a slow moment.
jest.setTimeout(60_000);

const world = useApiWorld({ worker: false });

type Json = Record<string, unknown>;

describe('OpenAPI document', () => {
  let doc: Json & { paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json> } };
  beforeAll(async () => {
    const res = await request(world.app).get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    doc = JSON.parse(res.text);
  });

  it('is OpenAPI 3.1 and lists every route of the table, and nothing else', () => {
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m} ${p}`));
    expect(documented.sort()).toEqual(ROUTES.map((r) => `${r.method} ${openApiPath(r.path)}`).sort());
    const ids = documented.map((d) => doc.paths[d.split(' ')[1]][d.split(' ')[0]].operationId);
    expect(new Set(ids).size).toBe(ROUTES.length);
  });

  it('has every $ref resolve to a component', () => {
    const all = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]);
    // Only component references: a `#/$defs/…` left by a schema generator resolves to nothing here.
    expect(all.filter((r) => !r.startsWith('#/components/schemas/'))).toEqual([]);
    const refs = all.map((r) => r.slice('#/components/schemas/'.length));
    expect(refs.length).toBeGreaterThan(10);
    for (const name of refs) expect(doc.components.schemas).toHaveProperty(name);
  });

  it('describes access per operation: bearer security and roles, none for public and signed routes', () => {
    for (const r of ROUTES) {
      const op = doc.paths[openApiPath(r.path)][r.method];
      expect(op['x-roles']).toEqual(r.roles);
      expect(op.security).toEqual(Array.isArray(r.roles) ? [{ bearerAuth: [] }] : []);
      if (Array.isArray(r.roles)) expect(Object.keys(op.responses as Json)).toEqual(expect.arrayContaining(['401', '403']));
    }
  });

  it('renders request schemas from the same zod schemas the server validates with', () => {
    const create = doc.paths['/v1/replacements'].post as Json & {
      requestBody: { content: { 'application/json': { schema: Json & { required: string[]; properties: Record<string, Json> } } } };
      parameters: Json[];
      responses: Json;
    };
    const schema = create.requestBody.content['application/json'].schema;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(
      expect.arrayContaining(['sku', 'serialNumber', 'purchaseDate', 'paymentMethodId', 'email', 'shippingAddress', 'acceptTerms']),
    );
    expect(schema.properties.acceptTerms).toMatchObject({ const: true });
    expect(schema.properties.coverage).toMatchObject({ enum: ['warranty', 'plan', 'consumer_law'] });
    expect(create.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }));
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '200', '400', '401', '403', '413', '415', '422', '429']));

    const holds = doc.paths['/v1/finance/holds'].get as { parameters: (Json & { schema: Json })[] };
    const state = holds.parameters.find((p) => p.name === 'state')!;
    expect(state).toMatchObject({ in: 'query', required: true });
    expect(state.schema.enum).toEqual(['active', 'expiring', 'unsecured', 'captured', 'released']);
    expect(doc.paths['/v1/replacements/{id}'].get.parameters).toContainEqual(expect.objectContaining({ name: 'id', in: 'path', required: true }));
  });

  it('documents the replacement view with the contract’s status strings', () => {
    const view = doc.components.schemas.Replacement as { properties: Record<string, Json> };
    expect(view.properties.status.enum).toEqual([
      'pending_authorization',
      'awaiting_stock',
      'awaiting_dispatch',
      'dispatched',
      'return_in_transit',
      'awaiting_inspection',
      'completed',
      'cancelled',
      'declined',
      'ineligible',
    ]);
    expect(Object.keys(view.properties)).toEqual(
      expect.arrayContaining([
        'resolution',
        'holdAmount',
        'capturedAmount',
        'currency',
        'returnDeadline',
        'dispatch',
        'returnLabel',
        'inspection',
        'flags',
        'timeline',
      ]),
    );
  });
});

describe('docs page', () => {
  it('is self-contained HTML listing every operation and the problem types', async () => {
    const res = await request(world.app).get('/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    // Scripts only as files this API serves (no inline script, which the CSP refuses); no other host.
    const page = res.text.replace(/<script src="\/docs\/assets\/[\w.-]+\.js"><\/script>/g, '');
    expect(page).not.toMatch(/<script|https?:\/\/(?!id\.)[a-z]/i);
    for (const r of ROUTES) expect(res.text).toContain(`<span class="m">${r.method.toUpperCase()}</span> <code>${openApiPath(r.path)}</code>`);
    expect(res.text).toContain('id="problem-validation-error"');
  });

  it('has a language and a title, and points Swagger UI at the OpenAPI document', async () => {
    const res = await request(world.app).get('/docs');
    expect(res.text).toMatch(/<html lang="en">/);
    expect(res.text).toMatch(/<title>Express replacement service — API reference<\/title>/);
    expect(res.text).toContain('<div id="swagger-ui" data-openapi-url="/openapi.json"></div>');
  });

  it('loads Swagger UI and its own script and styles from this API, with the types the browser needs', async () => {
    const page = (await request(world.app).get('/docs')).text;
    const scripts = [...page.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]);
    const styles = [...page.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]);
    const icons = [...page.matchAll(/<link rel="icon" type="image\/png" href="([^"]+)"/g)].map((m) => m[1]);
    // Swagger UI first: the start-up script calls it.
    expect(scripts).toEqual(['/docs/assets/swagger-ui-bundle.js', '/docs/assets/docs.js']);
    expect(styles).toEqual(['/docs/assets/swagger-ui.css', '/docs/assets/docs.css']);
    expect(icons).toEqual(['/docs/assets/favicon-32x32.png']);

    // nosniff is set, so a wrong Content-Type would stop the browser from running or applying a file.
    const fetched = async (url: string, type: RegExp) => {
      const res = await request(world.app).get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      expect(res.headers['content-type']).toMatch(type);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      return res;
    };
    const [bundle, init] = [await fetched(scripts[0], /^text\/javascript/), await fetched(scripts[1], /^text\/javascript/)];
    expect(bundle.text).toContain('SwaggerUIBundle');
    expect(init.text).toContain('SwaggerUIBundle(');
    expect(init.text).toContain("getAttribute('data-openapi-url')");
    expect(init.text).toContain('validatorUrl: null');
    expect(init.text).not.toMatch(/https?:\/\//);
    for (const url of styles) {
      const css = (await fetched(url, /^text\/css/)).text;
      // Styles fetch nothing from elsewhere: every url() is inline data, and nothing is imported.
      expect([...css.matchAll(/url\(\s*["']?([^"')]*)/g)].map((m) => m[1]).filter((u) => !u.startsWith('data:'))).toEqual([]);
      expect(css).not.toMatch(/@import/);
    }
    await fetched(icons[0], /^image\/png/);
  });

  it('serves only the Swagger UI files the page uses, not the package’s demo page', async () => {
    for (const file of ['index.html', 'swagger-initializer.js', 'package.json', '../package.json']) {
      expect({ file, status: (await request(world.app).get(`/docs/assets/${file}`)).status }).toEqual({ file, status: 404 });
    }
  });

  it('keeps the default Content-Security-Policy, without upgrading its same-origin loads to https', async () => {
    const docs = (await request(world.app).get('/docs')).headers['content-security-policy'];
    const scriptSrc = docs.split(';').find((d: string) => d.startsWith('script-src '));
    expect(scriptSrc).toBe("script-src 'self'");
    expect(docs).toContain("default-src 'self'");
    expect(docs).toContain("script-src-attr 'none'");
    expect(docs).not.toContain('upgrade-insecure-requests');
    expect((await request(world.app).get('/healthz')).headers['content-security-policy']).toContain('upgrade-insecure-requests');
  });
});

describe('catalog', () => {
  it('lists every product with the fees and terms of the policy in force', async () => {
    const res = await request(world.app)
      .get('/v1/catalog')
      .set('Authorization', await bearer('customer'));
    expect(res.status).toBe(200);
    const body = catalogSchema.parse(res.body);
    expect(body.policyVersion).toBe('2026-11-01');
    expect(body.items.map((i) => i.sku)).toEqual(CATALOG.map((i) => i.sku));
    const pro = body.items.find((i) => i.sku === 'IP17P-256')!;
    expect(pro).toMatchObject({
      category: 'iphone',
      retailPrice: 1_599_000,
      warrantyMonths: 12,
      planAvailable: true,
      returnWindow: { kind: 'business_days', days: 10 },
      fees: { examinationFee: 30_000, outOfWarrantyFee: 749_000, planServiceFee: 119_000 },
    });
    expect(body.items.find((i) => i.sku === 'DESK-HDD-16TB')).toMatchObject({ warrantyMonths: 24, returnWindow: { kind: 'calendar_days', days: 14 } });
    expect(body.items.find((i) => i.sku === 'SRV-PSU-1600W')!.fees).toMatchObject({ labourRatePerHour: 125_000, examinationFee: 50_000 });
  });
});

describe('health, readiness and metrics', () => {
  it('is live and ready when Temporal and the database answer', async () => {
    expect((await request(world.app).get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await request(world.app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ok', checks: { temporal: 'ok', database: 'ok' } });
  });

  it('is not ready, naming the database, when the database cannot be reached — and still live', async () => {
    // Nothing listens on port 1: every connection attempt is refused.
    const unreachable = createPool('postgres://postgres@127.0.0.1:1/none', { max: 1 });
    const app = world.variant({}, { database: unreachable });
    try {
      const res = await request(app).get('/readyz');
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.checks).toEqual({ temporal: 'ok', database: expect.stringMatching(/^failed: .*ECONNREFUSED/) });
      expect(res.body.detail).toMatch(/^Not ready: database failed/);
      expect((await request(app).get('/healthz')).status).toBe(200);
    } finally {
      await unreachable.end();
    }
  });

  it('is not ready, naming Temporal, when Temporal does not answer — and still live', async () => {
    // No retry interceptor: its backoff timers would outlive this test and fire on a closed channel.
    const connection = Connection.lazy({ address: '127.0.0.1:1', interceptors: [], connectTimeout: '1s' });
    const app = world.variant({}, { temporal: new Client({ connection, namespace: world.namespace }) });
    try {
      const res = await request(app).get('/readyz');
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.checks).toMatchObject({ temporal: expect.stringMatching(/^failed/), database: 'ok' });
      expect(res.body.detail).toMatch(/temporal/);
      expect((await request(app).get('/healthz')).status).toBe(200);
    } finally {
      await connection.close().catch(() => undefined);
    }
  });

  it('is not ready while shutting down, and asks clients not to keep the connection', async () => {
    const app = world.variant({}, { isShuttingDown: () => true });
    const res = await request(app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.checks.process).toMatch(/shutting down/);
    expect(res.headers.connection).toBe('close');
  });

  it('exposes request durations by route template and status', async () => {
    const app = world.variant();
    await request(app)
      .get('/v1/replacements/RMA-0000000000')
      .set('Authorization', await bearer('admin'));
    await request(app).get('/v1/no-such-thing');
    const res = await request(app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain('http_request_duration_seconds_count{method="GET",route="/v1/replacements/:id",status="404"} 1');
    expect(res.text).toContain('http_request_duration_seconds_count{method="GET",route="(unmatched)",status="404"} 1');
    expect(res.text).toMatch(/# TYPE replacement_workflows_started_total counter/);
    expect(res.text).toMatch(/# TYPE replacement_updates_total counter/);
  });
});
