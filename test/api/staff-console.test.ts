// The staff console's routes through HTTP, against the real workflow and activities: the fee
// preview against what the inspection then captures, idempotent warehouse submits, case search and
// case details, findings resolved with a note, and the finance summary's series.
import request from 'supertest';
import { PgReconciliationFindings } from '../../src/adapters/postgres/reconciliation-findings';
import { PgSentEmailStore } from '../../src/adapters/postgres/sent-emails';
import {
  caseDetailsSchema,
  caseSearchSchema,
  financeSummarySchema,
  findingSchema,
  findingsListSchema,
  inspectionPreviewSchema,
  replacementViewSchema,
} from '../../src/api/schemas';
import type { LedgerEntry } from '../../src/ports/ledger';
import { replacementWorkflowId, type ReplacementView } from '../../workflows/definitions';
import { eventually, useApiWorld, useBearers } from './support/api-world';
import { replacementBody } from './support/requests';

// Real servers on a shared 2-core machine: allow for a slow moment.
jest.setTimeout(90_000);

const world = useApiWorld();
const auth = useBearers({
  kari: ['customer', 'kari'],
  warehouse: ['warehouse', 'ola.lager'],
  finance: ['finance', 'fin.anne'],
  admin: ['admin', 'root'],
});

const IPHONE_17_PRO = 1_599_000;
let keyCounter = 0;
const newKey = () => `staff-${Date.now()}-${++keyCounter}-abcdef`;

const post = (path: string, who: string, body?: object, headers: Record<string, string> = {}) => {
  let req = request(world.app).post(path).set('Authorization', who);
  for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
  return body ? req.send(body) : req;
};
const get = (path: string, who: string) => request(world.app).get(path).set('Authorization', who);

async function view(id: string): Promise<ReplacementView> {
  const res = await get(`/v1/replacements/${id}`, auth.admin);
  if (res.status !== 200) throw new Error(`GET ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  return replacementViewSchema.parse(res.body) as ReplacementView;
}

const untilStatus = (id: string, status: ReplacementView['status']) =>
  eventually(
    () => view(id),
    (v) => v.status === status,
  );

let replacementSerials = 0;
async function awaitingDispatch(body: Record<string, unknown> = {}): Promise<string> {
  const res = await post('/v1/replacements', auth.kari, replacementBody(body), { 'Idempotency-Key': newKey() });
  expect(res.status).toBe(201);
  await untilStatus(res.body.id, 'awaiting_dispatch');
  return res.body.id as string;
}

async function awaitingInspection(body: Record<string, unknown> = {}): Promise<string> {
  const id = await awaitingDispatch(body);
  const dispatched = await post(`/v1/replacements/${id}/dispatch`, auth.warehouse, { replacementSerialNumber: `RPL-STAFF-${++replacementSerials}` });
  expect(dispatched.status).toBe(200);
  const received = await post(`/v1/replacements/${id}/receipt`, auth.warehouse, { serialNumber: (await view(id)).serialNumber });
  expect(received.status).toBe(200);
  return id;
}

function expectProblem(res: request.Response, status: number, type: string, detail?: RegExp | string) {
  expect({ status: res.status, type: res.body.type }).toEqual({ status, type: `/docs#problem-${type}` });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  if (typeof detail === 'string') expect(res.body.detail).toBe(detail);
  else if (detail) expect(res.body.detail).toMatch(detail);
}

/** What the ledger says the settlement captured and released for `id`, once both are written. */
async function settledInLedger(id: string): Promise<{ captured: number; released: number }> {
  const entries = await eventually(
    () => world.ledger.entries({ replacementId: id }),
    (e) => e.some((x) => x.kind === 'released' || x.kind === 'captured'),
  );
  const sum = (kind: string) => entries.filter((e) => e.kind === kind).reduce((n, e) => n + e.amount, 0);
  return { captured: sum('captured'), released: sum('released') };
}

describe('POST /v1/replacements/:id/inspection/preview', () => {
  it.each([
    ['no_fault_found (an examination fee)', { outcome: 'no_fault_found', notes: 'Works on bench 2' }, 'fee_charged'],
    ['covered (the hold released)', { outcome: 'covered', notes: 'Display fault confirmed' }, 'hold_released'],
  ] as const)('previews %s exactly as the inspection then settles it', async (_name, inspection, resolution) => {
    const id = await awaitingInspection();
    const preview = await post(`/v1/replacements/${id}/inspection/preview`, auth.warehouse, inspection);
    expect(preview.status).toBe(200);
    const body = inspectionPreviewSchema.parse(preview.body);
    expect(body).toMatchObject({ currency: 'NOK', holdAmount: IPHONE_17_PRO, resolution });
    expect(body.capture + body.release).toBe(IPHONE_17_PRO);

    // The preview acted on nothing: still awaiting inspection, no money moved.
    expect((await view(id)).status).toBe('awaiting_inspection');
    expect((await world.ledger.entries({ replacementId: id })).map((e) => e.kind)).toEqual(['authorized']);

    const inspected = await post(`/v1/replacements/${id}/inspection`, auth.warehouse, inspection);
    expect(inspected.status).toBe(200);
    expect(inspected.body).toMatchObject({ resolution, capturedAmount: body.capture, inspection: { basis: body.basis } });
    expect(await settledInLedger(id)).toEqual({ captured: body.capture, released: body.release });
  });

  describe('refusals', () => {
    let id: string;
    beforeAll(async () => {
      id = await awaitingDispatch();
    });

    it('is 409 with the inspection’s own words when the replacement is not awaiting inspection', async () => {
      const body = { outcome: 'covered', notes: '' };
      const preview = await post(`/v1/replacements/${id}/inspection/preview`, auth.warehouse, body);
      const real = await post(`/v1/replacements/${id}/inspection`, auth.warehouse, body);
      expectProblem(preview, 409, 'conflict', 'Cannot record an inspection: the replacement is awaiting_dispatch.');
      expect(real.body.detail).toBe(preview.body.detail);
    });

    it('is 422 with the message the inspection gives for an inspection the policy cannot settle', async () => {
      const ready = await awaitingInspection();
      const body = { outcome: 'no_fault_found', notes: 'Works fine', labourMinutes: 30 };
      const preview = await post(`/v1/replacements/${ready}/inspection/preview`, auth.warehouse, body);
      expectProblem(preview, 422, 'validation-error', /labourMinutes applies only to/);
      const real = await post(`/v1/replacements/${ready}/inspection`, auth.warehouse, body);
      expect(real.status).toBe(409);
      expect(real.body.detail).toBe(preview.body.detail);
    });

    it('is 422 for a body the inspection schema refuses, 404 for an unknown id, 403 for finance', async () => {
      const bad = await post(`/v1/replacements/${id}/inspection/preview`, auth.warehouse, { outcome: 'smashed', notes: '' });
      expectProblem(bad, 422, 'validation-error');
      expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'outcome' })]);
      expectProblem(await post('/v1/replacements/RMA-0000000000/inspection/preview', auth.warehouse, { outcome: 'covered', notes: '' }), 404, 'not-found');
      expectProblem(await post(`/v1/replacements/${id}/inspection/preview`, auth.finance, { outcome: 'covered', notes: '' }), 403, 'forbidden');
    });
  });
});

describe('idempotent warehouse submits', () => {
  it('answers a repeated dispatch with the same Idempotency-Key with 200 and the first view', async () => {
    const id = await awaitingDispatch();
    const key = `dispatch-${newKey()}`;
    const first = await post(`/v1/replacements/${id}/dispatch`, auth.warehouse, { replacementSerialNumber: 'RPL-IDEM-0001' }, { 'Idempotency-Key': key });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('dispatched');
    const again = await post(`/v1/replacements/${id}/dispatch`, auth.warehouse, { replacementSerialNumber: 'RPL-IDEM-0001' }, { 'Idempotency-Key': key });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);

    // Without the key (or with another) the repeat is a second dispatch, refused.
    expectProblem(await post(`/v1/replacements/${id}/dispatch`, auth.warehouse, { replacementSerialNumber: 'RPL-IDEM-0001' }), 409, 'conflict');
    expectProblem(
      await post(`/v1/replacements/${id}/dispatch`, auth.warehouse, { replacementSerialNumber: 'RPL-IDEM-0001' }, { 'Idempotency-Key': `${key}-other` }),
      409,
      'conflict',
    );
    expect((await view(id)).timeline.filter((t) => t.type === 'dispatched')).toHaveLength(1);
  });

  it('refuses a malformed Idempotency-Key with 400', async () => {
    const res = await post('/v1/replacements/RMA-0000000000/receipt', auth.warehouse, { serialNumber: 'X1234' }, { 'Idempotency-Key': 'short' });
    expectProblem(res, 400, 'bad-request', /Idempotency-Key/);
  });
});

describe('case search and details', () => {
  let id: string;
  let dispatched: ReplacementView;
  const email = 'Case.Search@Example.no';

  beforeAll(async () => {
    id = await awaitingDispatch({ email });
    const res = await post(`/v1/replacements/${id}/dispatch`, auth.warehouse, { replacementSerialNumber: 'RPL-SEARCH-0001' });
    expect(res.status).toBe(200);
    dispatched = res.body as ReplacementView;
    // The search reads the read model, which follows the workflow.
    await eventually(
      () => world.readModel.get(id),
      (row) => row?.view.dispatch !== null && row?.view.dispatch !== undefined,
    );
  });

  const search = (q: string, who = auth.warehouse) => get(`/v1/staff/cases?q=${encodeURIComponent(q)}`, who);

  it('finds the case by service number, email, either serial and either tracking number, case-insensitively', async () => {
    const queries = [
      id.toLowerCase(),
      ` ${email.toUpperCase()} `,
      dispatched.serialNumber.toLowerCase(),
      'rpl-search-0001',
      dispatched.dispatch!.trackingNumber.toLowerCase(),
      dispatched.returnLabel!.trackingNumber,
    ];
    for (const q of queries) {
      const res = await search(q);
      expect({ q, status: res.status }).toEqual({ q, status: 200 });
      const { items } = caseSearchSchema.parse(res.body);
      expect({ q, ids: items.map((i) => i.id) }).toEqual({ q, ids: [id] });
    }
    // The view carries the address the label goes to, for the dispatch screen and the case page.
    expect(dispatched.shippingAddress).toEqual(expect.objectContaining({ name: expect.any(String), city: expect.any(String), postalCode: expect.any(String) }));
    const { items } = caseSearchSchema.parse((await search(id, auth.finance)).body);
    expect(items[0]).toEqual({
      id,
      status: 'dispatched',
      productName: dispatched.productName,
      customerEmail: email,
      serialNumber: dispatched.serialNumber,
      replacementSerialNumber: 'RPL-SEARCH-0001',
      createdAt: dispatched.createdAt,
    });
  });

  it('lists the same customer’s cases newest first, and nothing for a partial match', async () => {
    const second = await awaitingDispatch({ email });
    const res = await eventually(
      () => search(email),
      (r) => r.body.items?.length === 2,
    );
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([second, id]);
    expect((await search(id.slice(0, -2))).body).toEqual({ items: [] });
  });

  it('refuses an empty or overlong q with 400 saying what to send, and customers with 403', async () => {
    // A NUL reached PostgreSQL as text and failed there (a 500) until the schema refused control characters.
    for (const path of [
      '/v1/staff/cases',
      '/v1/staff/cases?q=%20%20',
      `/v1/staff/cases?q=${'x'.repeat(201)}`,
      '/v1/staff/cases?q=RMA%00X',
      '/v1/staff/cases?q=a%1Fb',
    ]) {
      const res = await get(path, auth.warehouse);
      expectProblem(res, 400, 'invalid-query');
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'query.q', message: expect.stringMatching(/service number|200 characters/) })]);
    }
    expectProblem(await search(id, auth.kari), 403, 'forbidden');
  });

  it('shows the case’s ledger rows oldest first, its emails only, and no workflow link without a UI address', async () => {
    const store = new PgSentEmailStore(world.db.pool);
    const workflowId = replacementWorkflowId(id);
    await store.claim(`${workflowId}:email:dispatched`, { messageId: 'm-2', template: 'dispatched', to: email, sentAt: '2026-12-01T10:00:01.000Z' });
    await store.confirm(`${workflowId}:email:dispatched`);
    await store.claim(`${workflowId}:email:request-received`, {
      messageId: 'm-1',
      template: 'request_received',
      to: email,
      sentAt: '2026-12-01T10:00:00.000Z',
    });
    // Another replacement whose service number begins with this one's: not this case's email.
    await store.claim(`${workflowId}X:email:request-received`, {
      messageId: 'm-3',
      template: 'request_received',
      to: 'other@example.no',
      sentAt: '2026-12-01T09:00:00.000Z',
    });

    const res = await get(`/v1/staff/cases/${id}`, auth.finance);
    expect(res.status).toBe(200);
    const details = caseDetailsSchema.parse(res.body);
    const ledger = await world.ledger.entries({ replacementId: id });
    expect(ledger.length).toBeGreaterThan(0);
    expect(details.ledger).toEqual(
      ledger.map((e: LedgerEntry) => ({
        at: new Date(e.at).toISOString(),
        kind: e.kind,
        amount: e.amount,
        currency: e.currency,
        provider: e.provider,
        providerRef: e.providerRef ?? null,
        note: e.note ?? null,
        idempotencyKey: e.idempotencyKey,
      })),
    );
    expect(details.ledger[0]).toMatchObject({ kind: 'authorized', amount: IPHONE_17_PRO, currency: 'NOK' });
    expect(details.emails).toEqual([
      { template: 'request_received', to: email, sentAt: '2026-12-01T10:00:00.000Z', state: 'sending' },
      { template: 'dispatched', to: email, sentAt: '2026-12-01T10:00:01.000Z', state: 'sent' },
    ]);
    expect(details).toMatchObject({ id, workflowUrl: null });
  });

  it('links the workflow in the Temporal UI when its address is configured; 404 for an unknown case, 403 for customers', async () => {
    const app = world.variant({ TEMPORAL_UI_URL: 'http://temporal-ui.example:8233/' });
    const res = await request(app).get(`/v1/staff/cases/${id}`).set('Authorization', auth.warehouse);
    expect(res.status).toBe(200);
    expect(res.body.workflowUrl).toBe(
      `http://temporal-ui.example:8233/namespaces/${encodeURIComponent(world.namespace)}/workflows/${encodeURIComponent(replacementWorkflowId(id))}`,
    );
    expectProblem(await get('/v1/staff/cases/RMA-0000000000', auth.warehouse), 404, 'not-found');
    expectProblem(await get(`/v1/staff/cases/${id}`, auth.kari), 403, 'forbidden');
  });
});

describe('POST /v1/finance/reconciliation/:id/resolution', () => {
  let open: number;
  let other: number;
  beforeAll(async () => {
    const store = new PgReconciliationFindings(world.db.pool);
    const finding = (replacementId: string) => ({
      replacementId,
      kind: 'captured' as const,
      ledgerAmount: 30_000,
      providerAmount: null,
      providerRef: `pi_${replacementId}`,
      detail: 'captured in the ledger, not at the provider',
    });
    await store.record([finding('RMA-RECON00001'), finding('RMA-RECON00002')], Date.parse('2026-11-24T02:00:00.000Z'));
    const rows = await store.list();
    open = rows.find((f) => f.replacementId === 'RMA-RECON00001')!.id;
    other = rows.find((f) => f.replacementId === 'RMA-RECON00002')!.id;
  });

  const resolve = (id: number | string, body: object, who = auth.finance) => post(`/v1/finance/reconciliation/${id}/resolution`, who, body);

  it('refuses a missing, empty or overlong note with 422, and the warehouse with 403', async () => {
    for (const body of [{}, { note: '   ' }, { note: 'x'.repeat(1001) }]) {
      const res = await resolve(open, body);
      expectProblem(res, 422, 'validation-error');
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'note' })]);
    }
    expectProblem(await resolve(open, { note: 'ok' }, auth.warehouse), 403, 'forbidden');
  });

  it('resolves it with who, when and the note; lists show them; a second resolution is 409; an unknown id 404', async () => {
    const res = await resolve(open, { note: '  Captured by hand in the Stripe dashboard; refunded there.  ' });
    expect(res.status).toBe(200);
    expect(findingSchema.parse(res.body)).toMatchObject({
      id: open,
      replacementId: 'RMA-RECON00001',
      resolvedAt: expect.any(String),
      resolvedBy: 'fin.anne',
      resolutionNote: 'Captured by hand in the Stripe dashboard; refunded there.',
    });

    const all = findingsListSchema.parse((await get('/v1/finance/reconciliation?open=false', auth.finance)).body);
    expect(all.items.find((f) => f.id === open)).toMatchObject({ resolvedBy: 'fin.anne', resolutionNote: expect.stringMatching(/^Captured by hand/) });
    expect(all.items.find((f) => f.id === other)).toMatchObject({ resolvedAt: null, resolvedBy: null, resolutionNote: null });
    const openOnly = findingsListSchema.parse((await get('/v1/finance/reconciliation', auth.finance)).body);
    expect(openOnly.items.map((f) => f.id)).toEqual([other]);

    expectProblem(await resolve(open, { note: 'again' }, auth.admin), 409, 'conflict', /already resolved .* by fin\.anne/);
    expectProblem(await resolve(999_999, { note: 'nothing there' }), 404, 'not-found', /999999/);
    expectProblem(await resolve('abc', { note: 'nothing there' }), 404, 'not-found');
  });
});

describe('GET /v1/finance/summary?bucket=', () => {
  // Oslo is UTC+1 in October after the 25th and UTC+2 before: weeks start on Monday 00:00 Oslo.
  beforeAll(async () => {
    const entry = (idempotencyKey: string, kind: LedgerEntry['kind'], amount: number, at: string, currency = 'NOK'): LedgerEntry => ({
      idempotencyKey,
      replacementId: 'RMA-SERIES0001',
      kind,
      amount,
      currency,
      provider: 'sandbox',
      at: Date.parse(at),
    });
    for (const e of [
      entry('s1', 'authorized', 1_000_000, '2026-10-05T00:30:00.000+02:00'), // Monday 5 Oct
      entry('s2', 'captured', 30_000, '2026-10-06T12:00:00.000+02:00'),
      entry('s3', 'released', 970_000, '2026-10-06T12:00:00.001+02:00'),
      entry('s4', 'refunded', 5_000, '2026-10-11T23:59:59.000+02:00'), // Sunday 11 Oct, still week 41
      entry('s5', 'authorized', 200_000, '2026-10-12T00:00:00.000+02:00'), // Monday 12 Oct
      entry('s6', 'authorized', 777_000, '2026-10-06T12:00:00.000+02:00', 'EUR'), // not NOK
    ])
      await world.ledger.append(e);
  });

  const summary = (query: string, who = auth.finance) => get(`/v1/finance/summary?${query}`, who);

  it('adds one zero-filled NOK entry per Oslo day of the period', async () => {
    const res = await summary('from=2026-10-05&to=2026-10-07&bucket=day');
    expect(res.status).toBe(200);
    expect(financeSummarySchema.parse(res.body).series).toEqual([
      { start: '2026-10-04T22:00:00.000Z', authorized: 1_000_000, captured: 0, released: 0, refunded: 0 },
      { start: '2026-10-05T22:00:00.000Z', authorized: 0, captured: 30_000, released: 970_000, refunded: 0 },
      { start: '2026-10-06T22:00:00.000Z', authorized: 0, captured: 0, released: 0, refunded: 0 },
    ]);
  });

  it('adds one entry per ISO week (Monday start), the first week the one the period begins in', async () => {
    const res = await summary('from=2026-10-07&to=2026-10-26&bucket=week');
    expect(res.status).toBe(200);
    // The period starts on a Wednesday: its week's Monday is the first start; only movements in the period count.
    expect(res.body.series).toEqual([
      { start: '2026-10-04T22:00:00.000Z', authorized: 0, captured: 0, released: 0, refunded: 5_000 },
      { start: '2026-10-11T22:00:00.000Z', authorized: 200_000, captured: 0, released: 0, refunded: 0 },
      { start: '2026-10-18T22:00:00.000Z', authorized: 0, captured: 0, released: 0, refunded: 0 },
      // 26 Oct: after the change to winter time, Monday 00:00 Oslo is 23:00 UTC.
      { start: '2026-10-25T23:00:00.000Z', authorized: 0, captured: 0, released: 0, refunded: 0 },
    ]);
  });

  it('has no series without a bucket; refuses another bucket or too long a series with 400', async () => {
    const plain = await summary('from=2026-10-05&to=2026-10-07');
    expect(plain.status).toBe(200);
    expect(plain.body).not.toHaveProperty('series');
    const month = await summary('from=2026-10-05&to=2026-10-07&bucket=month');
    expectProblem(month, 400, 'invalid-query');
    expect(month.body.errors).toEqual([expect.objectContaining({ path: 'query.bucket' })]);
    expectProblem(await summary('from=2000-01-01&to=2026-10-07&bucket=day'), 400, 'invalid-query', /more than 1000 days/);
    expectProblem(await summary('bucket=day', auth.warehouse), 403, 'forbidden');
  });
});
