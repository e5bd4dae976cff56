// Replacements driven end to end through HTTP, against the real workflow and activities on the
// dev server: start (idempotently), read, dispatch, carrier scans, receipt, inspection, cancel,
// the staff and finance lists, and the payment webhook — each success path and each refusal.
import request from 'supertest';
import {
  createdReplacementSchema,
  dispatchQueueSchema,
  holdsListSchema,
  incomingReturnsSchema,
  replacementListSchema,
  replacementViewSchema,
} from '../../src/api/schemas';
import { WorkflowNotFoundError } from '@temporalio/client';
import { replacementWorkflowId, type ReplacementView } from '../../workflows/definitions';
import { CARRIER_SIGNATURE_HEADER } from '../../src/lib/webhook-signature';
import { eventually, signedCarrierDelivery, signedStripeDelivery, useApiWorld, useBearers } from './support/api-world';
import { replacementBody } from './support/requests';
import { businessDaysLeft } from '../../src/domain/calendar';

// Real servers on a shared 2-core machine: allow for a slow moment.
jest.setTimeout(60_000);

const world = useApiWorld();
const auth = useBearers({
  kari: ['customer', 'kari'],
  nora: ['customer', 'nora'],
  warehouse: ['warehouse', 'ola.lager'],
  finance: ['finance', 'fin'],
  admin: ['admin', 'root'],
});

const IPHONE_17_PRO = 1_599_000;
let keyCounter = 0;
const newKey = () => `key-${Date.now()}-${++keyCounter}-abcdef`;

function start(who: string, key: string, body: unknown = replacementBody()) {
  return request(world.app)
    .post('/v1/replacements')
    .set('Authorization', who)
    .set('Idempotency-Key', key)
    .send(body as object);
}

async function view(id: string, who = auth.admin): Promise<ReplacementView> {
  const res = await request(world.app).get(`/v1/replacements/${id}`).set('Authorization', who);
  if (res.status !== 200) throw new Error(`GET ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  return replacementViewSchema.parse(res.body) as ReplacementView;
}

const untilStatus = (id: string, ...statuses: ReplacementView['status'][]) =>
  eventually(
    () => view(id),
    (v) => statuses.includes(v.status),
  );

/** A list or queue as `who` sees it, parsed by its schema. */
const list = async <T>(path: string, who: string, schema: { parse(body: unknown): T }): Promise<T> =>
  schema.parse((await request(world.app).get(path).set('Authorization', who)).body);

/** `id`'s item in a list or queue, once it shows there. */
async function listedItem<T extends { id: string }>(path: string, who: string, schema: { parse(body: unknown): { items: T[] } }, id: string): Promise<T> {
  const page = await eventually(
    () => list(path, who, schema),
    (l) => l.items.some((i) => i.id === id),
  );
  return page.items.find((i) => i.id === id)!;
}

/** To another customer, someone's replacement looks exactly like one that does not exist. */
async function expectHiddenFromNora(id: string) {
  const theirs = await request(world.app).get(`/v1/replacements/${id}`).set('Authorization', auth.nora);
  const missing = await request(world.app).get('/v1/replacements/RMA-0000000000').set('Authorization', auth.nora);
  expect(theirs.status).toBe(404);
  expect(theirs.body.detail.replace(id, 'X')).toBe(missing.body.detail.replace('RMA-0000000000', 'X'));
}

async function startAwaitingDispatch(body: Record<string, unknown> = {}): Promise<string> {
  const res = await start(auth.kari, newKey(), replacementBody(body));
  expect(res.status).toBe(201);
  await untilStatus(res.body.id, 'awaiting_dispatch');
  return res.body.id;
}

function post(path: string, who: string, body?: object) {
  const req = request(world.app).post(path).set('Authorization', who);
  return body ? req.send(body) : req;
}

function expectConflict(res: request.Response, detail: RegExp) {
  expect(res.status).toBe(409);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.type).toBe('/docs#problem-conflict');
  expect(res.body.detail).toMatch(detail);
}

describe('starting a replacement', () => {
  const key = 'c0ffee00-1111-4222-8333-444455556666';
  const first = replacementBody();
  let id: string;

  it('creates one (201, Location) that its owner and staff can read, and another customer cannot', async () => {
    const res = await start(auth.kari, key, first);
    expect(res.status).toBe(201);
    expect(createdReplacementSchema.parse(res.body)).toEqual({
      id: expect.stringMatching(/^RMA-[0-9A-HJKMNP-TV-Z]{12}$/),
      status: 'pending_authorization',
      href: `/v1/replacements/${res.body.id}`,
    });
    expect(res.headers.location).toBe(res.body.href);
    id = res.body.id;

    const mine = await eventually(
      () => view(id, auth.kari),
      (v) => v.status === 'awaiting_dispatch',
    );
    expect(mine).toMatchObject({
      id,
      holdAmount: IPHONE_17_PRO,
      currency: 'NOK',
      customer: { sub: 'kari' },
      hold: { state: 'active' },
      serialNumber: first.serialNumber,
    });
    expect((await view(id, auth.warehouse)).id).toBe(id);

    await expectHiddenFromNora(id);
  });

  it('returns the same replacement (200) for a retry with the same key and the same body, whatever its formatting', async () => {
    const body = first;
    const reordered = `{ "acceptTerms": true,\n ${Object.entries(body)
      .filter(([k]) => k !== 'acceptTerms')
      .reverse()
      .map(([k, v]) => `"${k}": ${JSON.stringify(v)}`)
      .join(', ')} }`;
    const res = await request(world.app)
      .post('/v1/replacements')
      .set('Authorization', auth.kari)
      .set('Idempotency-Key', key)
      .set('Content-Type', 'application/json')
      .send(reordered);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id, status: 'awaiting_dispatch', href: `/v1/replacements/${id}` });
    expect(res.headers['idempotent-replayed']).toBe('true');
  });

  it('refuses the same key with a different body (422) and leaves the first replacement as it was', async () => {
    const res = await start(auth.kari, key, replacementBody({ serialNumber: 'OTHER0SERIAL' }));
    expect(res.status).toBe(422);
    expect(res.body.type).toBe('/docs#problem-idempotency-key-reused');
    expect(res.body.detail).toContain(id);
    expect((await view(id)).serialNumber).toBe(first.serialNumber);
  });

  it('gives another customer using the same key a replacement of their own (for their own device)', async () => {
    const res = await start(auth.nora, key, replacementBody());
    expect(res.status).toBe(201);
    expect(res.body.id).not.toBe(id);
  });

  it('ends declined, with the reason, when the card is declined', async () => {
    const res = await start(auth.kari, newKey(), replacementBody({ paymentMethodId: 'pm_card_chargeDeclined' }));
    const declined = await untilStatus(res.body.id, 'declined');
    expect(declined.declineReason).toMatch(/declined/i);
    expect(declined.hold.state).toBe('none');
  });
});

describe('from dispatch to settlement', () => {
  let id: string;
  let returnTracking: string;

  beforeAll(async () => {
    id = await startAwaitingDispatch();
  });

  it('refuses steps out of order with 409 and the workflow’s own reason', async () => {
    const original = (await view(id)).serialNumber;
    expectConflict(
      await post(`/v1/replacements/${id}/receipt`, auth.warehouse, { serialNumber: original }),
      /^Cannot record a receipt: the replacement is awaiting_dispatch\.$/,
    );
    expectConflict(
      await post(`/v1/replacements/${id}/inspection`, auth.warehouse, { outcome: 'covered', notes: '' }),
      /Cannot record an inspection: the replacement is awaiting_dispatch/,
    );
    expectConflict(
      await post(`/v1/replacements/${id}/dispatch`, auth.warehouse, { replacementSerialNumber: original.toLowerCase() }),
      /customer's original unit/,
    );
  });

  it('lists it in the dispatch queue, ordered by SLA due time', async () => {
    const other = await startAwaitingDispatch({ serviceLevel: 'priority_4h' });
    const queue = await eventually(
      () => list('/v1/warehouse/dispatch-queue', auth.warehouse, dispatchQueueSchema),
      (q) => [id, other].every((x) => q.items.some((i) => i.id === x)),
    );
    const dues = queue.items.map((i) => Date.parse(i.dispatchDueBy!));
    expect(queue.items.every((i) => i.dispatchDueBy !== null && !i.detailsUnavailable)).toBe(true);
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(queue.items.find((i) => i.id === other)).toMatchObject({ serviceLevel: 'priority_4h', sku: 'IP17P-256', productName: 'iPhone 17 Pro 256 GB' });
  });

  it('dispatches (200 with the new view); the unit can then no longer be cancelled', async () => {
    const res = await post(`/v1/replacements/${id}/dispatch`, auth.warehouse, { replacementSerialNumber: 'RPL-NEW-0001' });
    expect(res.status).toBe(200);
    const dispatched = replacementViewSchema.parse(res.body);
    expect(dispatched).toMatchObject({ status: 'dispatched', dispatch: { replacementSerialNumber: 'RPL-NEW-0001', dispatchedBy: 'ola.lager' } });
    expect(dispatched.returnDeadline).not.toBeNull();
    returnTracking = dispatched.returnLabel!.trackingNumber;

    expectConflict(
      await post(`/v1/replacements/${id}/dispatch`, auth.warehouse, { replacementSerialNumber: 'RPL-NEW-0002' }),
      /Cannot dispatch: the replacement is dispatched/,
    );
    expectConflict(await post(`/v1/replacements/${id}/cancel`, auth.kari), /cannot be cancelled/);
  });

  it('serves the prepaid return label behind its signed link, and nothing without the signature', async () => {
    const v = replacementViewSchema.parse((await request(world.app).get(`/v1/replacements/${id}`).set('Authorization', auth.kari)).body);
    const url = new URL(v.returnLabel!.url);
    const pdf = await request(world.app)
      .get(url.pathname + url.search)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.headers['cache-control']).toContain('no-store');
    expect((await request(world.app).get(url.pathname)).status).toBe(404);
    expect((await request(world.app).get(`${url.pathname}?sig=${'0'.repeat(32)}`)).status).toBe(404);
    const other = url.pathname.replace(/\d(?=\.pdf$)/, (d) => String((Number(d) + 1) % 10));
    expect((await request(world.app).get(other + url.search)).status).toBe(404);
  });

  it('counts down the business days left to return the original', async () => {
    const v = await view(id, auth.kari);
    const deadline = Date.parse(v.returnDeadline!);
    const before = Date.now();
    const res = await request(world.app).get(`/v1/replacements/${id}`).set('Authorization', auth.kari);
    expect([businessDaysLeft(before, deadline), businessDaysLeft(Date.now(), deadline)]).toContain(res.body.returnBusinessDaysLeft);
    expect(res.body.returnBusinessDaysLeft).toBeGreaterThan(0);
    // On the deadline's own day nothing but the rest of the day is left.
    const lastDay = await request(world.variant({}, { now: () => deadline - 60_000 }))
      .get(`/v1/replacements/${id}`)
      .set('Authorization', auth.kari);
    expect(lastDay.body.returnBusinessDaysLeft).toBe(0);
  });

  it('lists it among incoming returns with what to expect', async () => {
    expect(await listedItem('/v1/warehouse/incoming-returns', auth.warehouse, incomingReturnsSchema, id)).toMatchObject({
      status: 'dispatched',
      expectedSerialNumber: (await view(id)).serialNumber,
      returnTrackingNumber: returnTracking,
      returnDeadline: expect.any(String),
    });
  });

  it('ignores a carrier delivery with a bad signature, applies a signed one, and shrugs off its replay', async () => {
    const event = {
      eventId: `trk_${returnTracking}_1`,
      trackingNumber: returnTracking,
      kind: 'in_transit',
      at: Date.now(),
      description: 'Picked up at Posten Grünerløkka',
    };
    const forged = signedCarrierDelivery({ events: [event] }, undefined, 'not-the-carrier-secret');
    const refused = await request(world.app)
      .post('/v1/webhooks/carrier')
      .set('Content-Type', 'application/json')
      .set(CARRIER_SIGNATURE_HEADER, forged.signature)
      .send(forged.raw);
    expect(refused.status).toBe(400);
    await new Promise((r) => setTimeout(r, 500));
    expect((await view(id)).status).toBe('dispatched');

    const genuine = signedCarrierDelivery({ events: [event] });
    const deliver = () =>
      request(world.app)
        .post('/v1/webhooks/carrier')
        .set('Content-Type', 'application/json')
        .set(CARRIER_SIGNATURE_HEADER, genuine.signature)
        .send(genuine.raw);
    expect((await deliver()).body).toEqual({ received: 1, delivered: 1, duplicates: 0, ignored: 0 });
    const inTransit = await untilStatus(id, 'return_in_transit');
    expect(inTransit.returnTracking).toMatchObject({ state: 'in_transit' });

    // The replay is acknowledged from processed_webhooks, without signalling the workflow again.
    expect((await deliver()).body).toEqual({ received: 1, delivered: 0, duplicates: 1, ignored: 0 });
    await new Promise((r) => setTimeout(r, 500));
    expect((await view(id)).timeline.filter((t) => t.type === 'return_in_transit')).toHaveLength(1);
  });

  it('checks the received unit’s serial number', async () => {
    expectConflict(await post(`/v1/replacements/${id}/receipt`, auth.warehouse, { serialNumber: 'WRONG12345' }), /does not match the original unit/);
    const res = await post(`/v1/replacements/${id}/receipt`, auth.warehouse, { serialNumber: ` ${(await view(id)).serialNumber.toLowerCase()} ` });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('awaiting_inspection');
  });

  it('refuses an inspection the policy cannot settle (409), then settles a valid one', async () => {
    expectConflict(
      await post(`/v1/replacements/${id}/inspection`, auth.warehouse, { outcome: 'no_fault_found', notes: 'Works fine', labourMinutes: 30 }),
      /labourMinutes applies only to/,
    );
    const res = await post(`/v1/replacements/${id}/inspection`, auth.warehouse, { outcome: 'no_fault_found', notes: 'Works fine on bench 3' });
    expect(res.status).toBe(200);
    expect(replacementViewSchema.parse(res.body)).toMatchObject({
      status: 'completed',
      resolution: 'fee_charged',
      capturedAmount: 30_000,
      inspection: { outcome: 'no_fault_found', inspectedBy: 'ola.lager' },
    });
  });

  it('refuses changes to a finished replacement with 409', async () => {
    expectConflict(await post(`/v1/replacements/${id}/dispatch`, auth.admin, { replacementSerialNumber: 'RPL-NEW-0003' }), /completed/);
  });

  it('shows the money in the finance lists, summary and ledger export', async () => {
    expect(await listedItem('/v1/finance/holds?state=captured', auth.finance, holdsListSchema, id)).toMatchObject({
      status: 'completed',
      holdState: 'captured',
      ledger: { authorized: IPHONE_17_PRO, captured: 30_000, released: IPHONE_17_PRO - 30_000, collected: 30_000 },
    });

    const summary = await request(world.app).get('/v1/finance/summary').set('Authorization', auth.finance);
    const all = await world.ledger.entries();
    const sum = (kind: string) => all.filter((e) => e.kind === kind).reduce((n, e) => n + e.amount, 0);
    expect(summary.body.totals).toEqual([
      expect.objectContaining({ currency: 'NOK', authorized: sum('authorized'), captured: sum('captured'), released: sum('released'), entries: all.length }),
    ]);
    // Closed this month so far: one declined, and this one, which kept the examination fee.
    expect(summary.body.replacements).toEqual([
      expect.objectContaining({
        currency: 'NOK',
        closed: 2,
        byStatus: { declined: 1, completed: 1 },
        byResolution: { fee_charged: 1 },
        capturedAmount: 30_000,
      }),
    ]);

    const csv = await request(world.app).get('/v1/finance/ledger.csv').set('Authorization', auth.finance);
    expect(csv.text).toMatch(new RegExp(`^[^,]+,${id},captured,300\\.00,30000,NOK,sandbox,`, 'm'));
  });
});

describe('cancellation before dispatch', () => {
  let id: string;
  beforeAll(async () => {
    id = await startAwaitingDispatch();
  });

  it('lets the owner cancel (the hold is released) but not another customer', async () => {
    expect((await post(`/v1/replacements/${id}/cancel`, auth.nora, {})).status).toBe(404);
    const res = await post(`/v1/replacements/${id}/cancel`, auth.kari, { reason: 'Found the old one working' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    await eventually(
      () => world.ledger.entries({ replacementId: id }),
      (e) => e.some((x) => x.kind === 'released' && x.amount === IPHONE_17_PRO),
    );
    const released = await eventually(
      async () => (await request(world.app).get('/v1/finance/holds?state=released').set('Authorization', auth.finance)).body,
      // The list trails the replacement: the hold's release is projected a moment before the status.
      (b) => b.items.some((i: { id: string; status: string }) => i.id === id && i.status === 'cancelled'),
    );
    expect(released.items.find((i: { id: string }) => i.id === id)).toMatchObject({ status: 'cancelled', ledger: { released: IPHONE_17_PRO } });
  });
});

describe('staff lists and holds', () => {
  it('lists replacements by status and pages through all of them with an opaque cursor', async () => {
    const cancelled = await eventually(
      () => list('/v1/replacements?status=cancelled', auth.finance, replacementListSchema),
      (l) => l.items.length > 0,
    );
    expect(cancelled.items.every((i) => i.status === 'cancelled')).toBe(true);

    // The read model catches up with the workflows a moment later; then paging returns each exactly once.
    const everything: string[] = [];
    for await (const wf of world.client.workflow.list()) everything.push(wf.workflowId.replace(/^replacement:/, ''));
    const pageThrough = async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: request.Response = await request(world.app)
          .get('/v1/replacements')
          .query({ limit: 2, ...(cursor ? { cursor } : {}) })
          .set('Authorization', auth.warehouse);
        expect(res.status).toBe(200);
        const page = replacementListSchema.parse(res.body);
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    const seen = await eventually(pageThrough, (ids) => new Set(ids).size === ids.length && ids.length === everything.length);
    expect(seen.sort()).toEqual(everything.sort());
    expect(seen.length).toBeGreaterThan(4);
  });

  it('lists active holds; expiring are those whose authorization lapses before the return deadline plus 48 hours', async () => {
    const id = await startAwaitingDispatch();
    expect(await listedItem('/v1/finance/holds?state=active', auth.finance, holdsListSchema, id)).toMatchObject({
      holdState: 'active',
      ledger: { authorized: IPHONE_17_PRO },
    });
    const expiring = async (now: () => number) =>
      holdsListSchema.parse((await request(world.variant({}, { now })).get('/v1/finance/holds?state=expiring').set('Authorization', auth.finance)).body);
    // Before dispatch there is no deadline: measured from now. The sandbox authorizes Visa for 7
    // days: not expiring today, expiring 6 days from now.
    expect((await expiring(Date.now)).items.some((i) => i.id === id)).toBe(false);
    const later = await expiring(() => Date.now() + 6 * 86_400_000);
    expect(later.items.find((i) => i.id === id)).toMatchObject({ captureBefore: (await view(id)).hold.captureBefore });

    // Dispatched, the return window (10 business days) outlasts the authorization: expiring today.
    const dispatched = await post(`/v1/replacements/${id}/dispatch`, auth.warehouse, { replacementSerialNumber: 'RPL-EXP-0001' });
    expect(dispatched.status).toBe(200);
    const now = await eventually(
      () => expiring(Date.now),
      (h) => h.items.some((i) => i.id === id),
    );
    const item = now.items.find((i) => i.id === id)!;
    expect(item.returnDeadline).toBe(dispatched.body.returnDeadline);
    expect(Date.parse(item.captureBefore!)).toBeLessThan(Date.parse(item.returnDeadline!) + 48 * 3_600_000);
  });
});

describe('payment webhook', () => {
  it('tells the workflow its authorization was cancelled, and the workflow re-authorizes', async () => {
    const id = await startAwaitingDispatch();
    const before = await view(id);
    const { raw, signature } = signedStripeDelivery({
      id: `evt_${id}`,
      object: 'event',
      type: 'payment_intent.canceled',
      created: Math.floor(Date.now() / 1000),
      data: { object: { object: 'payment_intent', id: before.hold.authorizationId, metadata: { replacement_id: id } } },
    });
    const res = await request(world.app).post('/v1/webhooks/stripe').set('Content-Type', 'application/json').set('Stripe-Signature', signature).send(raw);
    expect(res.body).toEqual({ received: 1, delivered: 1, duplicates: 0, ignored: 0 });
    const after = await eventually(
      () => view(id),
      (v) => v.timeline.some((t) => t.type === 'hold_renewed'),
    );
    expect(after.hold).toMatchObject({ state: 'active', renewals: 1 });
    expect(after.hold.authorizationId).not.toBe(before.hold.authorizationId);
  });
});

describe('metrics', () => {
  it('counts starts and updates by outcome', async () => {
    const text = (await request(world.app).get('/metrics')).text;
    expect(text).toContain('replacement_workflows_started_total{outcome="created"} 8');
    expect(text).toContain('replacement_workflows_started_total{outcome="replayed"} 1');
    expect(text).toContain('replacement_workflows_started_total{outcome="conflict"} 1');
    expect(text).toContain('replacement_updates_total{update="dispatch",outcome="accepted"} 2');
    expect(text).toContain('replacement_updates_total{update="receipt",outcome="rejected"} 2');
    expect(text).toContain('replacement_updates_total{update="dispatch",outcome="rejected"} 3');
    expect(text).toMatch(/replacement_signals_total\{signal="carrierEvent",outcome="delivered"\} 1/);
    expect(text).toMatch(/replacement_signals_total\{signal="carrierEvent",outcome="duplicate"\} 1/);
  });
});

describe('after Temporal has forgotten a replacement', () => {
  it('serves its last state from the read model, to its owner and staff only', async () => {
    const id = await startAwaitingDispatch();
    await eventually(
      () => world.readModel.get(id),
      (row) => row?.status === 'awaiting_dispatch',
    );
    // Temporal drops the workflow (as retention would; deleting an open one terminates it first).
    const workflowId = replacementWorkflowId(id);
    await world.client.workflowService.deleteWorkflowExecution({ namespace: world.namespace, workflowExecution: { workflowId } });
    await eventually(
      () =>
        world.client.workflow
          .getHandle(workflowId)
          .describe()
          .then(
            () => 'present',
            (err) => (err instanceof WorkflowNotFoundError ? 'gone' : String(err)),
          ),
      (state) => state === 'gone',
    );

    const mine = await view(id, auth.kari);
    expect(mine).toMatchObject({ id, status: 'awaiting_dispatch', customer: { sub: 'kari' }, hold: { state: 'active' }, holdAmount: IPHONE_17_PRO });
    expect((await view(id, auth.warehouse)).id).toBe(id);
    await expectHiddenFromNora(id);
  });
});
