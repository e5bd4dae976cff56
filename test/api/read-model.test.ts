// The API's lists, finance filters and totals read the read model in PostgreSQL, and a replacement
// Temporal no longer has is still served from there. The rows are projected directly (as the
// worker's projectReplacement activity would), so every order and filter is checked on known data.
import request from 'supertest';
import {
  dispatchQueueSchema,
  financeSummarySchema,
  holdsListSchema,
  incomingReturnsSchema,
  replacementListSchema,
  replacementViewSchema,
} from '../../src/api/schemas';
import type { ReplacementView } from '../../workflows/definitions';
import { PgReconciliationFindings } from '../../src/adapters/postgres/reconciliation-findings';
import { makeView } from '../db/fixtures';
import { useApiWorld, useBearers } from './support/api-world';

// Real servers on a shared 2-core machine: allow for a slow moment.
jest.setTimeout(60_000);

const world = useApiWorld({ worker: false });
const auth = useBearers({ kari: ['customer', 'kari'], nora: ['customer', 'nora'], warehouse: ['warehouse', 'ola.lager'], finance: ['finance', 'fin'] });

const created = '2026-11-23T09:00:00.000Z';
// Authorizations of the rows that are not about expiry lapse long after everything else.
const far = { captureBefore: '2027-01-15T10:00:00.000Z' };
const views: ReplacementView[] = [
  // Dispatched; the authorization lapses before the return deadline: expiring whatever the date.
  makeView('RMA-RMDISPATCHA', {
    status: 'dispatched',
    hold: { captureBefore: '2026-12-01T10:00:00.000Z' },
    returnDeadline: '2026-12-05T22:59:59.999Z',
    returnLabel: { trackingNumber: '370000000000000101', url: 'http://localhost:3000/v1/labels/370000000000000101.pdf' },
  }),
  // Dispatched; the authorization outlasts the deadline by far: never expiring, not even a day before it lapses.
  makeView('RMA-RMDISPATCHB', {
    status: 'dispatched',
    hold: { captureBefore: '2026-12-20T10:00:00.000Z' },
    returnDeadline: '2026-12-06T22:59:59.999Z',
  }),
  makeView('RMA-RMINTRANSIT', {
    status: 'return_in_transit',
    hold: far,
    returnDeadline: '2026-12-10T22:59:59.999Z',
    returnTracking: { state: 'in_transit', firstScanAt: created, lastEventAt: created },
  }),
  // Awaiting dispatch, no deadline yet: expiring measured from now.
  makeView('RMA-RMAWAITC', { hold: { captureBefore: '2026-11-30T10:00:00.000Z' } }),
  makeView('RMA-RMAWAITD1', { hold: far, dispatchDueBy: '2026-11-23T16:00:00.000Z', serviceLevel: '24x7', flags: ['sla_breached'] }),
  makeView('RMA-RMAWAITD2', {
    hold: far,
    dispatchDueBy: '2026-11-23T10:00:00.000Z',
    serviceLevel: 'priority_4h',
    sku: 'DESK-HDD-16TB',
    productName: 'Desktop HDD 16 TB',
  }),
  makeView('RMA-RMAWAITD3', { hold: far, dispatchDueBy: null, createdAt: '2026-11-23T08:00:00.000Z' }),
  // Closed in the period, requested before it; only in the read model (Temporal never had it here).
  makeView('RMA-RMCOMPLETED', {
    status: 'completed',
    resolution: 'fee_charged',
    capturedAmount: 30_000,
    hold: { state: 'captured' },
    createdAt: '2026-10-10T09:00:00.000Z',
    updatedAt: '2026-11-23T12:00:00.000Z',
  }),
];
const byId = (id: string) => views.find((v) => v.id === id)!;

beforeAll(async () => {
  for (const v of views) await world.readModel.project(v, 1);
});

const get = (path: string, who: string, app = world.app) => request(app).get(path).set('Authorization', who);
function expectInvalidQuery(res: request.Response) {
  expect(res.status).toBe(400);
  expect(res.body.type).toBe('/docs#problem-invalid-query');
}

describe('GET /v1/replacements/:id when the workflow is gone', () => {
  it('serves the last projected view to its owner and to staff', async () => {
    const mine = await get('/v1/replacements/RMA-RMCOMPLETED', auth.kari);
    expect(mine.status).toBe(200);
    expect(replacementViewSchema.parse(mine.body)).toEqual(byId('RMA-RMCOMPLETED'));
    expect((await get('/v1/replacements/RMA-RMCOMPLETED', auth.warehouse)).body.status).toBe('completed');
  });

  it('answers another customer exactly as for a replacement that does not exist', async () => {
    const theirs = await get('/v1/replacements/RMA-RMCOMPLETED', auth.nora);
    const missing = await get('/v1/replacements/RMA-RMNOWHERE', auth.nora);
    expect(theirs.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(theirs.body.detail.replace('RMA-RMCOMPLETED', 'X')).toBe(missing.body.detail.replace('RMA-RMNOWHERE', 'X'));
  });
});

describe('GET /v1/replacements', () => {
  it('filters by status, newest first, with summaries from the read model', async () => {
    const res = await get('/v1/replacements?status=completed', auth.warehouse);
    expect(replacementListSchema.parse(res.body)).toEqual({
      items: [
        {
          id: 'RMA-RMCOMPLETED',
          status: 'completed',
          sku: 'IP17P-256',
          customer: 'kari',
          holdState: 'captured',
          flags: [],
          returnDeadline: null,
          startedAt: '2026-10-10T09:00:00.000Z',
          closedAt: '2026-11-23T12:00:00.000Z',
          execution: 'completed',
        },
      ],
      nextCursor: null,
    });
  });

  it('pages through every replacement once, and refuses a cursor from other filters', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let first: string | null = null;
    do {
      const res: request.Response = await get(`/v1/replacements?limit=3${cursor ? `&cursor=${cursor}` : ''}`, auth.warehouse);
      const page = replacementListSchema.parse(res.body);
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      first ??= cursor;
    } while (cursor);
    expect(seen).toHaveLength(views.length);
    expect(new Set(seen)).toEqual(new Set(views.map((v) => v.id)));
    expect(seen.at(-1)).toBe('RMA-RMCOMPLETED'); // requested first, listed last

    expectInvalidQuery(await get(`/v1/replacements?status=dispatched&limit=3&cursor=${first}`, auth.warehouse));
  });
});

describe('warehouse lists', () => {
  it('orders the dispatch queue by SLA due time, those without one last, with the view’s details', async () => {
    const res = await get('/v1/warehouse/dispatch-queue', auth.warehouse);
    const queue = dispatchQueueSchema.parse(res.body);
    expect(queue.truncated).toBe(false);
    expect(queue.items.map((i) => i.id)).toEqual(['RMA-RMAWAITD2', 'RMA-RMAWAITC', 'RMA-RMAWAITD1', 'RMA-RMAWAITD3']);
    expect(queue.items[0]).toEqual({
      id: 'RMA-RMAWAITD2',
      sku: 'DESK-HDD-16TB',
      productName: 'Desktop HDD 16 TB',
      serviceLevel: 'priority_4h',
      dispatchDueBy: '2026-11-23T10:00:00.000Z',
      slaBreached: false,
      reviewRequired: false,
      requestedAt: created,
      detailsUnavailable: false,
    });
    expect(queue.items[2]).toMatchObject({ serviceLevel: '24x7', slaBreached: true });
  });

  it('lists incoming returns in transit first, then by the nearest deadline', async () => {
    const res = await get('/v1/warehouse/incoming-returns', auth.warehouse);
    const incoming = incomingReturnsSchema.parse(res.body);
    expect(incoming.items.map((i) => i.id)).toEqual(['RMA-RMINTRANSIT', 'RMA-RMDISPATCHA', 'RMA-RMDISPATCHB']);
    expect(incoming.items[1]).toMatchObject({
      status: 'dispatched',
      expectedSerialNumber: 'F2LXK0AAQ1',
      returnTrackingNumber: '370000000000000101',
      returnDeadline: '2026-12-05T22:59:59.999Z',
    });
    expect(incoming.items[0].returnTracking).toMatchObject({ state: 'in_transit' });
  });
});

describe('GET /v1/finance/holds', () => {
  const holds = async (query: string, at: string) =>
    holdsListSchema.parse((await get(`/v1/finance/holds?${query}`, auth.finance, world.variant({}, { now: () => Date.parse(at) }))).body);

  it('counts an authorization as expiring when it lapses before the return deadline plus 48 hours', async () => {
    expect((await holds('state=expiring', '2026-11-20T00:00:00Z')).items.map((i) => i.id)).toEqual(['RMA-RMDISPATCHA']);
    // A day before B's authorization lapses it is still not expiring: settlement comes long before.
    const late = await holds('state=expiring', '2026-12-19T10:00:00Z');
    expect(late.items.map((i) => i.id)).not.toContain('RMA-RMDISPATCHB');
    // Without a deadline, from now: C lapses within 48 hours of the 29th.
    expect((await holds('state=expiring', '2026-11-29T00:00:00Z')).items.map((i) => i.id)).toEqual(['RMA-RMAWAITC', 'RMA-RMDISPATCHA']);
  });

  it('lists active holds soonest lapse first, with each one’s ledger totals from PostgreSQL', async () => {
    await world.ledger.append({
      idempotencyKey: 'hold-a-authorized',
      replacementId: 'RMA-RMDISPATCHA',
      kind: 'authorized',
      amount: 1_599_000,
      currency: 'NOK',
      provider: 'sandbox',
      at: Date.parse(created),
    });
    const first = await holds('state=active&limit=4', '2026-11-20T00:00:00Z');
    expect(first.items.map((i) => i.id)).toEqual(['RMA-RMAWAITC', 'RMA-RMDISPATCHA', 'RMA-RMDISPATCHB', 'RMA-RMAWAITD1']);
    const second = await holds(`state=active&limit=4&cursor=${first.nextCursor}`, '2026-11-20T00:00:00Z');
    expect(second.items.map((i) => i.id)).toEqual(['RMA-RMAWAITD2', 'RMA-RMAWAITD3', 'RMA-RMINTRANSIT']);
    expect(second.nextCursor).toBeNull();
    const a = first.items[1];
    expect(a).toMatchObject({
      captureBefore: '2026-12-01T10:00:00.000Z',
      returnDeadline: '2026-12-05T22:59:59.999Z',
      ledger: { authorized: 1_599_000, collected: 0 },
    });
    expect(Object.keys(a.ledger)).not.toContain('entries');
    expect(first.items[0].ledger).toMatchObject({ authorized: 0 });

    const captured = await holds('state=captured', '2026-11-20T00:00:00Z');
    expect(captured.items.map((i) => i.id)).toEqual(['RMA-RMCOMPLETED']);
    expectInvalidQuery(await get(`/v1/finance/holds?state=released&cursor=${first.nextCursor}`, auth.finance));
  });
});

describe('GET /v1/finance/summary', () => {
  it('counts the replacements requested and closed in the period', async () => {
    const res = await get('/v1/finance/summary?from=2026-11-23&to=2026-11-23', auth.finance);
    const summary = financeSummarySchema.parse(res.body);
    expect(summary.replacements).toEqual([
      {
        currency: 'NOK',
        requested: 7,
        heldAmount: 7 * 1_599_000,
        closed: 1,
        byStatus: { completed: 1 },
        byResolution: { fee_charged: 1 },
        capturedAmount: 30_000,
        refundedAmount: 0,
      },
    ]);
  });
});

describe('reconciliation findings for finance', () => {
  it('lists what the reconciliation recorded, open ones by default, and only to finance', async () => {
    const store = new PgReconciliationFindings(world.db.pool);
    await store.record(
      [
        {
          replacementId: 'RMA-RMDISPATCHA',
          kind: 'captured',
          ledgerAmount: null,
          providerAmount: 30000,
          providerRef: 'pi_missing',
          detail: 'captured at the provider, not in the ledger',
        },
        {
          replacementId: 'RMA-RMDISPATCHB',
          kind: 'released',
          ledgerAmount: 100000,
          providerAmount: 90000,
          providerRef: 'pi_differs',
          detail: 'amounts differ',
        },
      ],
      Date.parse('2026-11-24T02:00:00.000Z'),
    );
    const [first] = await store.list({ openOnly: true });
    await store.resolve(first.id, Date.parse('2026-11-24T09:00:00.000Z'));

    const open = await get('/v1/finance/reconciliation', auth.finance);
    expect(open.status).toBe(200);
    expect(open.body.items).toHaveLength(1);
    expect(open.body.items[0]).toMatchObject({ resolvedAt: null, runAt: '2026-11-24T02:00:00.000Z' });
    const all = await get('/v1/finance/reconciliation?open=false', auth.finance);
    expect(all.body.items.map((f: { providerRef: string }) => f.providerRef).sort()).toEqual(['pi_differs', 'pi_missing']);
    expect((await get('/v1/finance/reconciliation', auth.warehouse)).status).toBe(403);
  });
});
