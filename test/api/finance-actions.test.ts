// Finance's money actions through HTTP against a running worker: goodwill refunds within what was
// collected (never twice for one key, never beyond the total even when asked for at once), and a
// retry of a declined collection that clears the flag and shows the replacement as charged.
import request from 'supertest';
import { collectionRetryResponseSchema, financeActionsListSchema, goodwillRefundResponseSchema, holdsListSchema } from '../../src/api/schemas';
import type { ReplacementView } from '../../workflows/definitions';
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

const EXAMINATION_FEE = 30_000; // no fault found on an iPhone: 300 kr
let keys = 0;
const newKey = () => `fin-${Date.now()}-${++keys}-abcdef`;

async function view(id: string): Promise<ReplacementView> {
  const res = await request(world.app).get(`/v1/replacements/${id}`).set('Authorization', auth.admin);
  if (res.status !== 200) throw new Error(`GET ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as ReplacementView;
}

function post(path: string, who: string, body?: object, key: string | null = newKey()) {
  let req = request(world.app).post(path).set('Authorization', who);
  if (key) req = req.set('Idempotency-Key', key);
  return body ? req.send(body) : req;
}

const refund = (id: string, body: object, key?: string | null, who = auth.finance) => post(`/v1/replacements/${id}/refunds`, who, body, key);
const retry = (id: string, key?: string | null, who = auth.finance) => post(`/v1/replacements/${id}/collection-retry`, who, undefined, key);

function expectConflict(res: request.Response, detail: RegExp) {
  expect(res.status).toBe(409);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.detail).toMatch(detail);
}

/**
 * Requested, shipped, returned and inspected `no_fault_found`: the examination fee is collected.
 * With `dropHold` the authorization is cancelled at the provider before the inspection, so the fee
 * falls to an off-session charge on the saved card (declined by a card that refuses those).
 */
async function settled(paymentMethodId: string, dropHold = false): Promise<ReplacementView> {
  const started = await request(world.app)
    .post('/v1/replacements')
    .set('Authorization', auth.kari)
    .set('Idempotency-Key', newKey())
    .send(replacementBody({ paymentMethodId }));
  expect(started.status).toBe(201);
  const id = started.body.id as string;
  const ready = await eventually(
    () => view(id),
    (v) => v.status === 'awaiting_dispatch',
  );
  expect((await post(`/v1/replacements/${id}/dispatch`, auth.warehouse, { replacementSerialNumber: `RPL-${id}` }, null)).status).toBe(200);
  expect((await post(`/v1/replacements/${id}/receipt`, auth.warehouse, { serialNumber: ready.serialNumber }, null)).status).toBe(200);
  if (dropHold) await world.payment.cancel({ authorizationId: ready.hold.authorizationId!, idempotencyKey: `test-drop-${id}` });
  const inspected = await post(`/v1/replacements/${id}/inspection`, auth.warehouse, { outcome: 'no_fault_found', notes: 'Works on the bench' }, null);
  expect(inspected.status).toBe(200);
  return inspected.body as ReplacementView;
}

const ledgerOf = async (id: string, kind: string) => (await world.ledger.entries({ replacementId: id })).filter((e) => e.kind === kind);
const emailsOf = (id: string, template: string) => world.emails.sent.filter((m) => m.template === template && m.data.serviceNumber === id);
const holdsIds = async (state: string) =>
  holdsListSchema.parse((await request(world.app).get(`/v1/finance/holds?state=${state}&limit=100`).set('Authorization', auth.finance)).body).items;

describe('a goodwill refund', () => {
  let id: string;
  beforeAll(async () => {
    const done = await settled('pm_card_visa');
    expect(done.capturedAmount).toBe(EXAMINATION_FEE);
    id = done.id;
  });

  it('refunds part of what was collected; a second refund beyond the rest is refused with the most that can be refunded', async () => {
    const key = newKey();
    const first = await refund(id, { amount: 20_000, reason: 'The replacement arrived two days late.' }, key);
    expect(first.status).toBe(201);
    const body = goodwillRefundResponseSchema.parse(first.body);
    expect(body).toMatchObject({
      refundable: 10_000,
      action: { kind: 'goodwill_refund', amount: 20_000, currency: 'NOK', outcome: 'refunded', reason: 'The replacement arrived two days late.' },
    });
    expect(body.action.actor).toEqual({ sub: 'fin.anne', role: 'finance' });
    expect(body.action.providerRef).toMatch(/^re_/);

    expectConflict(await refund(id, { amount: 15_000, reason: 'More goodwill' }), /^At most NOK 100\.00 can be refunded/);

    // The same key again: the same answer, and still one refund at the provider and in the ledger.
    const again = await refund(id, { amount: 20_000, reason: 'The replacement arrived two days late.' }, key);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const refunds = await ledgerOf(id, 'refunded');
    expect(refunds.map((e) => e.amount)).toEqual([20_000]);
    expect(refunds[0].providerRef).toBe(body.action.providerRef);
    expect(world.payment.listRefunds().filter((r) => r.refundId === body.action.providerRef)).toHaveLength(1);

    // The customer hears the amount and the reason, once.
    expect(emailsOf(id, 'goodwill_refund').map((m) => m.data)).toEqual([
      expect.objectContaining({ refundAmount: 20_000, reason: 'The replacement arrived two days late.' }),
    ]);

    // The same key with another body is not a repeat: refused, nothing refunded.
    const reused = await refund(id, { amount: 5_000, reason: 'The replacement arrived two days late.' }, key);
    expect(reused.status).toBe(422);
    expect(await ledgerOf(id, 'refunded')).toHaveLength(1);
  });

  it('never refunds more than was collected when two refunds are asked for at once', async () => {
    const other = (await settled('pm_card_visa')).id;
    const answers = await Promise.all([refund(other, { amount: 20_000, reason: 'Goodwill A' }), refund(other, { amount: 20_000, reason: 'Goodwill B' })]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    expect((await ledgerOf(other, 'refunded')).map((e) => e.amount)).toEqual([20_000]);
  });

  it('lists what finance did, oldest first, to staff', async () => {
    const res = await request(world.app).get(`/v1/replacements/${id}/finance-actions`).set('Authorization', auth.warehouse);
    expect(res.status).toBe(200);
    const { items } = financeActionsListSchema.parse(res.body);
    expect(items.map((a) => [a.kind, a.amount, a.outcome, a.actor.sub])).toEqual([['goodwill_refund', 20_000, 'refunded', 'fin.anne']]);
    expect((await request(world.app).get(`/v1/replacements/${id}/finance-actions`).set('Authorization', auth.kari)).status).toBe(403);
  });

  it('refuses a collection retry on a replacement that is not flagged collection_required', async () => {
    expectConflict(await retry(id), /not flagged collection_required/);
  });
});

describe('a retry of a declined collection', () => {
  let id: string;
  beforeAll(async () => {
    const done = await settled('pm_card_visa_chargeDeclinedOffSession', true);
    expect(done).toMatchObject({ status: 'completed', capturedAmount: 0 });
    expect(done.flags).toContain('collection_required');
    id = done.id;
    await eventually(
      () => holdsIds('unsecured'),
      (items) => items.some((h) => h.id === id),
    );
  });

  it('has nothing to refund before anything is collected', async () => {
    expectConflict(await refund(id, { amount: 100, reason: 'Goodwill' }), /^At most NOK 0\.00 can be refunded: nothing has been collected/);
  });

  it('declined again: recorded, still flagged, and the customer is not emailed', async () => {
    const res = await retry(id);
    expect(res.status).toBe(200);
    expect(collectionRetryResponseSchema.parse(res.body).action).toMatchObject({
      kind: 'collection_retry',
      amount: EXAMINATION_FEE,
      outcome: 'declined',
      providerRef: null,
    });
    expect((await ledgerOf(id, 'charge_failed')).map((e) => e.amount)).toEqual([EXAMINATION_FEE, EXAMINATION_FEE]);
    expect(await ledgerOf(id, 'charged')).toHaveLength(0);
    expect((await holdsIds('unsecured')).some((h) => h.id === id)).toBe(true);
    expect(emailsOf(id, 'collection_charged')).toHaveLength(0);
  });

  it('collected once the card accepts it: charged in the ledger, off the unsecured list, the customer told; a further retry is refused', async () => {
    const saved = world.payment.listAuthorizations({ metadata: { replacement_id: id } })[0];
    world.payment.acceptOffSession(saved.paymentMethodId);
    const res = await retry(id);
    expect(res.status).toBe(200);
    const { action } = collectionRetryResponseSchema.parse(res.body);
    expect(action).toMatchObject({ kind: 'collection_retry', amount: EXAMINATION_FEE, outcome: 'collected', actor: { sub: 'fin.anne', role: 'finance' } });
    expect((await ledgerOf(id, 'charged')).map((e) => [e.amount, e.providerRef])).toEqual([[EXAMINATION_FEE, action.providerRef]]);

    expect((await holdsIds('unsecured')).some((h) => h.id === id)).toBe(false);
    const charged = (await holdsIds('captured')).find((h) => h.id === id);
    expect(charged).toMatchObject({ holdState: 'charged', ledger: { charged: EXAMINATION_FEE, collected: EXAMINATION_FEE } });
    expect(charged!.flags).not.toContain('collection_required');
    expect(emailsOf(id, 'collection_charged').map((m) => m.data.chargedAmount)).toEqual([EXAMINATION_FEE]);
    // The case page, fresh from the (closed) workflow, shows it charged too.
    const fresh = await view(id);
    expect(fresh).toMatchObject({ capturedAmount: EXAMINATION_FEE, hold: { state: 'charged' } });
    expect(fresh.flags).not.toContain('collection_required');

    expectConflict(await retry(id), /already retried successfully/);
    const listed = financeActionsListSchema.parse(
      (await request(world.app).get(`/v1/replacements/${id}/finance-actions`).set('Authorization', auth.finance)).body,
    );
    expect(listed.items.map((a) => a.outcome)).toEqual(['declined', 'collected']);
  });

  it('what was collected by the retry can then be refunded', async () => {
    const res = await refund(id, { amount: EXAMINATION_FEE, reason: 'Fee waived' });
    expect(res.status).toBe(201);
    expect(res.body.refundable).toBe(0);
  });
});

describe('who may act, and what they must send', () => {
  it('refuses other roles (403), a missing key (400), a bad body (422) and an unknown replacement (404)', async () => {
    const body = { amount: 100, reason: 'Goodwill' };
    expect((await refund('RMA-SOMEWHERE1', body, undefined, auth.warehouse)).status).toBe(403);
    expect((await refund('RMA-SOMEWHERE1', body, undefined, auth.kari)).status).toBe(403);
    expect((await retry('RMA-SOMEWHERE1', undefined, auth.warehouse)).status).toBe(403);
    expect((await refund('RMA-SOMEWHERE1', body, null)).status).toBe(400);
    expect((await retry('RMA-SOMEWHERE1', null)).status).toBe(400);
    for (const bad of [
      { amount: 0, reason: 'x' },
      { amount: 1.5, reason: 'x' },
      { amount: 100 },
      { amount: 100, reason: 'x'.repeat(501) },
      { amount: '100', reason: 'x' },
    ]) {
      const res = await refund('RMA-SOMEWHERE1', bad);
      expect(res.status).toBe(422);
      expect(res.body.errors?.length).toBeGreaterThan(0);
    }
    expect((await refund('RMA-SOMEWHERE1', body)).status).toBe(404);
    expect((await retry('RMA-SOMEWHERE1')).status).toBe(404);
    expect((await request(world.app).get('/v1/replacements/RMA-SOMEWHERE1/finance-actions').set('Authorization', auth.finance)).status).toBe(404);
  });
});
