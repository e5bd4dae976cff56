// The sandbox's own promises beyond the shared contract: authorization windows, expiry on an
// injected clock, idempotency, declines, persistence and fault injection.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type HoldRequest, PaymentDeclinedError, PaymentInvalidRequestError, PaymentTransientError } from '../../src/ports/payment-gateway';
import { AUTHORIZATION_WINDOWS_MS, SandboxPaymentGateway, type SandboxEvent, type SandboxGatewayOptions } from '../../src/sandboxes/payment-gateway';
import { normalizeStripeEvent } from '../../src/adapters/payment/stripe-webhook';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 10, 23, 9, 0, 0); // Monday 2026-11-23, 10:00 Oslo

let now = START;
const clock = () => now;
let events: SandboxEvent[] = [];

function sandbox(options: Partial<SandboxGatewayOptions> = {}) {
  return new SandboxPaymentGateway({ inMemory: true, clock, onEvent: (e) => void events.push(e), ...options });
}

let n = 0;
function hold(overrides: Partial<HoldRequest> = {}): HoldRequest {
  n += 1;
  return {
    amount: 249_900,
    currency: 'NOK',
    paymentMethodId: 'pm_card_visa',
    email: 'kari.nordmann@example.no',
    description: 'Express replacement hold',
    metadata: { replacement_id: `R-${n}` },
    idempotencyKey: `wf-${n}:authorize`,
    ...overrides,
  };
}

beforeEach(() => {
  now = START;
  events = [];
});

describe('authorization windows', () => {
  it('Visa: 7 days customer-initiated, 4 days 18 hours merchant-initiated, never extended', async () => {
    const gw = sandbox();
    const a = await gw.authorizeHold(hold());
    expect(a).toMatchObject({ network: 'visa', extendedAuthorization: false, captureBefore: START + 7 * DAY });
    now += 6 * DAY;
    const b = await gw.reauthorize({ ...hold(), customerId: a.customerId, paymentMethodId: a.paymentMethodId });
    expect(b).toMatchObject({ network: 'visa', extendedAuthorization: false, captureBefore: now + 4 * DAY + 18 * HOUR });
  });

  it('Mastercard: extended to 30 days when asked (our default), 7 days when not', async () => {
    const gw = sandbox();
    const extended = await gw.authorizeHold(hold({ paymentMethodId: 'pm_card_mastercard' }));
    expect(extended).toMatchObject({ network: 'mastercard', extendedAuthorization: true, captureBefore: START + 30 * DAY });
    const mit = await gw.reauthorize({ ...hold(), customerId: extended.customerId, paymentMethodId: extended.paymentMethodId });
    expect(mit).toMatchObject({ extendedAuthorization: true, captureBefore: START + 30 * DAY });
    const standard = await gw.authorizeHold(hold({ paymentMethodId: 'pm_card_mastercard', requestExtendedAuthorization: false }));
    expect(standard).toMatchObject({ extendedAuthorization: false, captureBefore: START + 7 * DAY });
  });

  it('Amex: 7 days for both initiators', async () => {
    const gw = sandbox();
    const a = await gw.authorizeHold(hold({ paymentMethodId: 'pm_card_amex' }));
    expect(a).toMatchObject({ network: 'amex', extendedAuthorization: false, captureBefore: START + 7 * DAY });
    const b = await gw.reauthorize({ ...hold(), customerId: a.customerId, paymentMethodId: a.paymentMethodId });
    expect(b.captureBefore).toBe(START + AUTHORIZATION_WINDOWS_MS.amex.merchant);
  });
});

describe('expiry on the injected clock', () => {
  it('stays capturable until captureBefore, then is canceled automatically with Stripe’s events', async () => {
    const gw = sandbox();
    const a = await gw.authorizeHold(hold());
    events = [];

    now = a.captureBefore - 1;
    expect((await gw.getAuthorization(a.id)).status).toBe('requires_capture');
    expect(events).toEqual([]);

    now = a.captureBefore;
    const expired = await gw.getAuthorization(a.id);
    expect(expired).toMatchObject({ status: 'canceled', amountCapturable: 0, amountReceived: 0 });
    expect(gw.listAuthorizations()[0]).toMatchObject({ id: a.id, cancellationReason: 'automatic', canceledAt: a.captureBefore });
    expect(events.map((e) => e.type)).toEqual(['charge.expired', 'payment_intent.canceled']);
    expect(events.every((e) => /^evt_/.test(e.id))).toBe(true);
    expect(events[0]!.data.object).toMatchObject({ object: 'charge', payment_intent: a.id });
    expect(events[1]!.data.object).toMatchObject({ object: 'payment_intent', id: a.id, cancellation_reason: 'automatic' });

    // Expired once: later reads emit nothing more.
    await gw.getAuthorization(a.id);
    expect(events).toHaveLength(2);
  });

  it('capture after expiry is refused like Stripe; cancel after expiry releases nothing', async () => {
    const gw = sandbox();
    const a = await gw.authorizeHold(hold());
    now = a.captureBefore + MINUTE;
    const err = await gw.capture({ authorizationId: a.id, amount: 1000, idempotencyKey: 'late:capture' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentInvalidRequestError);
    expect((err as PaymentInvalidRequestError).code).toBe('charge_expired_for_capture');
    await expect(gw.cancel({ authorizationId: a.id, idempotencyKey: 'late:release' })).resolves.toEqual({ released: 0 });
  });

  it('sweepExpired expires what is due, once, and its events normalize like Stripe’s webhooks', async () => {
    const gw = sandbox();
    const visa = await gw.authorizeHold(hold({ metadata: { replacement_id: 'R-visa' } }));
    const mc = await gw.authorizeHold(hold({ paymentMethodId: 'pm_card_mastercard', metadata: { replacement_id: 'R-mc' } }));
    events = [];
    now = START + 8 * DAY;
    const swept = await gw.sweepExpired();
    expect(swept.map((a) => a.id)).toEqual([visa.id]);
    expect(await gw.sweepExpired()).toEqual([]);
    expect(gw.liveAuthorizations().map((a) => a.id)).toEqual([mc.id]);
    expect(events.map(normalizeStripeEvent)).toEqual([
      expect.objectContaining({ kind: 'authorization_expired', authorizationId: visa.id, replacementId: 'R-visa', at: now }),
      expect.objectContaining({ kind: 'authorization_canceled', authorizationId: visa.id, replacementId: 'R-visa', at: now }),
    ]);
  });

  it('the sweeper timer expires holds without anyone reading them', async () => {
    const gw = sandbox();
    const a = await gw.authorizeHold(hold());
    const stop = gw.startExpirySweeper(10);
    try {
      now = a.captureBefore;
      for (let i = 0; i < 100 && !events.some((e) => e.type === 'payment_intent.canceled'); i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(events.map((e) => e.type)).toContain('payment_intent.canceled');
    } finally {
      stop();
    }
  });
});

describe('capture and release', () => {
  it('a partial capture releases the remainder and closes the authorization', async () => {
    const gw = sandbox();
    const a = await gw.authorizeHold(hold());
    const r = await gw.capture({ authorizationId: a.id, amount: 30_000, idempotencyKey: 'wf:settle:capture' });
    expect(r).toEqual({ authorizationId: a.id, captured: 30_000, released: 219_900 });
    expect(gw.listAuthorizations()[0]).toMatchObject({ status: 'succeeded', amountCapturable: 0, amountReceived: 30_000, captureCount: 1 });
    const captured = events.find((e) => e.type === 'charge.captured');
    expect(captured?.data.object).toMatchObject({ amount_captured: 30_000, captured: true, payment_intent: a.id });
    // The released remainder cannot be captured afterwards.
    const again = await gw.capture({ authorizationId: a.id, amount: 1000, idempotencyKey: 'wf:settle:capture-2' }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(PaymentInvalidRequestError);
    expect((again as PaymentInvalidRequestError).code).toBe('payment_intent_unexpected_state');
  });

  it('refuses capture of zero (release is cancel), and cancel of a captured payment', async () => {
    const gw = sandbox();
    const a = await gw.authorizeHold(hold());
    await expect(gw.capture({ authorizationId: a.id, amount: 0, idempotencyKey: 'z:capture' })).rejects.toBeInstanceOf(PaymentInvalidRequestError);
    await gw.capture({ authorizationId: a.id, amount: a.amount, idempotencyKey: 'z:capture-full' });
    await expect(gw.cancel({ authorizationId: a.id, idempotencyKey: 'z:release' })).rejects.toBeInstanceOf(PaymentInvalidRequestError);
  });

  it('cancel emits payment_intent.canceled without a cancellation reason (it was not an expiry)', async () => {
    const gw = sandbox();
    const a = await gw.authorizeHold(hold());
    await gw.cancel({ authorizationId: a.id, idempotencyKey: 'c:release' });
    const canceled = events.filter((e) => e.type === 'payment_intent.canceled');
    expect(canceled).toHaveLength(1);
    expect(canceled[0]!.data.object).toMatchObject({ id: a.id, cancellation_reason: null, amount_capturable: 0 });
  });
});

describe('idempotency', () => {
  it('the same key and parameters return the stored result with no second side effect', async () => {
    const gw = sandbox();
    const req = hold();
    const a1 = await gw.authorizeHold(req);
    const a2 = await gw.authorizeHold({ ...req, metadata: { ...req.metadata } });
    expect(a2).toEqual(a1);
    expect(gw.listAuthorizations()).toHaveLength(1);

    const c1 = await gw.capture({ authorizationId: a1.id, amount: 50_000, idempotencyKey: 'wf:capture' });
    const c2 = await gw.capture({ authorizationId: a1.id, amount: 50_000, idempotencyKey: 'wf:capture' });
    expect(c2).toEqual(c1);
    expect(gw.listAuthorizations()[0]!.captureCount).toBe(1);
    expect(events.filter((e) => e.type === 'charge.captured')).toHaveLength(1);
    expect(gw.journal({ method: 'capture' }).map((j) => j.replayed)).toEqual([false, true]);
  });

  it('the same key with other parameters, or for another operation, is refused', async () => {
    const gw = sandbox();
    const req = hold();
    const a = await gw.authorizeHold(req);
    const other = await gw.authorizeHold({ ...req, amount: 100_000 }).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(PaymentInvalidRequestError);
    expect((other as Error).message).toMatch(/can only be used with the same parameters they were first used with/);
    const crossed = await gw.capture({ authorizationId: a.id, amount: 100, idempotencyKey: req.idempotencyKey }).catch((e: unknown) => e);
    expect((crossed as PaymentInvalidRequestError).code).toBe('idempotency_error');
    expect(gw.listAuthorizations()).toHaveLength(1);
    expect(gw.listAuthorizations()[0]!.status).toBe('requires_capture');
  });

  it('a call without an idempotency key is rejected and does nothing', async () => {
    const gw = sandbox();
    const a = await gw.authorizeHold(hold());
    const calls: Array<Promise<unknown>> = [
      gw.authorizeHold(hold({ idempotencyKey: '' })),
      gw.authorizeHold({ ...hold(), idempotencyKey: undefined as unknown as string }),
      gw.reauthorize({ ...hold({ idempotencyKey: '  ' }), customerId: a.customerId, paymentMethodId: a.paymentMethodId }),
      gw.capture({ authorizationId: a.id, amount: 100, idempotencyKey: '' }),
      gw.cancel({ authorizationId: a.id, idempotencyKey: '' }),
      gw.chargeOffSession({ ...hold({ idempotencyKey: '' }), customerId: a.customerId, paymentMethodId: a.paymentMethodId }),
      gw.refund({ paymentId: a.id, amount: 100, idempotencyKey: '' }),
    ];
    for (const call of calls) {
      const err = await call.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PaymentInvalidRequestError);
      expect((err as PaymentInvalidRequestError).code).toBe('idempotency_key_required');
    }
    expect(gw.listAuthorizations()).toEqual([expect.objectContaining({ id: a.id, status: 'requires_capture', amountCapturable: a.amount })]);
    expect(gw.listCharges()).toEqual([]);
  });

  it('a decline is stored: retrying the same key returns it without a second attempt', async () => {
    const gw = sandbox();
    const req = hold({ paymentMethodId: 'pm_card_chargeDeclined' });
    const first = await gw.authorizeHold(req).catch((e: unknown) => e);
    const second = await gw.authorizeHold(req).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(PaymentDeclinedError);
    expect(second).toMatchObject({ code: (first as PaymentDeclinedError).code, declineCode: 'generic_decline' });
    expect(gw.listDeclines()).toHaveLength(1);
  });

  it('a malformed request is not stored: the key can be used once the request is fixed', async () => {
    const gw = sandbox();
    const bad = await gw.authorizeHold(hold({ idempotencyKey: 'fix:authorize', amount: 12.5 })).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(PaymentInvalidRequestError);
    const ok = await gw.authorizeHold(hold({ idempotencyKey: 'fix:authorize' }));
    expect(ok.status).toBe('requires_capture');
  });

  it('keys are forgotten after 24 hours, as on Stripe', async () => {
    const gw = sandbox();
    const req = hold();
    const a = await gw.authorizeHold(req);
    now += 23 * HOUR;
    expect((await gw.authorizeHold(req)).id).toBe(a.id);
    now = START + 24 * HOUR;
    expect((await gw.authorizeHold(req)).id).not.toBe(a.id);
  });
});

describe('declines', () => {
  it.each([
    ['pm_card_chargeDeclined', 'card_declined', 'generic_decline'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds'],
    ['pm_card_authenticationRequired', 'authentication_required', 'authentication_required'],
  ])('%s declines on-session with %s / %s, and nothing is held', async (pm, code, declineCode) => {
    const gw = sandbox();
    const err = await gw.authorizeHold(hold({ paymentMethodId: pm })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentDeclinedError);
    expect(err).toMatchObject({ name: 'PaymentDeclinedError', code, declineCode });
    expect(gw.listAuthorizations()).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(['payment_intent.payment_failed']);
  });

  it('an unknown payment method is an invalid request, not a decline', async () => {
    const gw = sandbox();
    const err = await gw.authorizeHold(hold({ paymentMethodId: 'pm_card_doesNotExist' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentInvalidRequestError);
    expect((err as PaymentInvalidRequestError).code).toBe('resource_missing');
  });

  it('pm_card_visa_chargeDeclinedOffSession authorizes on-session but declines re-authorization and off-session charges', async () => {
    const gw = sandbox();
    const a = await gw.authorizeHold(hold({ paymentMethodId: 'pm_card_visa_chargeDeclinedOffSession', metadata: { replacement_id: 'R-off' } }));
    expect(a.status).toBe('requires_capture');
    const saved = { customerId: a.customerId, paymentMethodId: a.paymentMethodId };
    const reauth = await gw.reauthorize({ ...hold({ metadata: { replacement_id: 'R-off' } }), ...saved }).catch((e: unknown) => e);
    expect(reauth).toBeInstanceOf(PaymentDeclinedError);
    expect(reauth).toMatchObject({ code: 'card_declined', declineCode: 'generic_decline' });
    const charge = await gw.chargeOffSession({ ...hold({ metadata: { replacement_id: 'R-off' } }), ...saved }).catch((e: unknown) => e);
    expect(charge).toBeInstanceOf(PaymentDeclinedError);
    expect(gw.listDeclines({ metadata: { replacement_id: 'R-off' } }).map((d) => d.initiator)).toEqual(['merchant', 'merchant']);
    // The original hold is untouched and is still the only live one.
    expect(gw.liveAuthorizations({ metadata: { replacement_id: 'R-off' } }).map((x) => x.id)).toEqual([a.id]);
  });

  it('off-session payments need the card saved by the original authorization, on its customer', async () => {
    const gw = sandbox();
    const a = await gw.authorizeHold(hold());
    expect(a.paymentMethodId).not.toBe('pm_card_visa'); // saved under its own id, as on Stripe
    const raw = await gw.reauthorize({ ...hold(), customerId: a.customerId, paymentMethodId: 'pm_card_visa' }).catch((e: unknown) => e);
    expect((raw as PaymentInvalidRequestError).code).toBe('payment_method_not_attached');
    const b = await gw.authorizeHold(hold({ email: 'ola@example.no' }));
    const foreign = await gw.reauthorize({ ...hold(), customerId: b.customerId, paymentMethodId: a.paymentMethodId }).catch((e: unknown) => e);
    expect((foreign as PaymentInvalidRequestError).code).toBe('payment_method_not_attached');
  });

  it('a declined card is not saved and the customer is reused by email', async () => {
    const gw = sandbox();
    await gw.authorizeHold(hold({ paymentMethodId: 'pm_card_chargeDeclined' })).catch(() => undefined);
    const a = await gw.authorizeHold(hold());
    expect(gw.findCustomerByEmail('KARI.nordmann@example.no')?.id).toBe(a.customerId);
    const b = await gw.authorizeHold(hold());
    expect(b.customerId).toBe(a.customerId);
  });
});

describe('persistence', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'payment-sandbox-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a gateway re-created from the same file has the holds, the saved cards and the idempotency keys', async () => {
    const file = join(dir, 'nested', 'payment.json');
    const first = sandbox({ inMemory: false, path: file });
    const req = hold();
    const a = await first.authorizeHold(req);
    const captured = await first.capture({ authorizationId: a.id, amount: 40_000, idempotencyKey: 'p:capture' });

    const second = sandbox({ inMemory: false, path: file });
    expect(await second.getAuthorization(a.id)).toMatchObject({ id: a.id, status: 'succeeded', amountReceived: 40_000 });
    expect(await second.authorizeHold(req)).toEqual(a);
    expect(await second.capture({ authorizationId: a.id, amount: 40_000, idempotencyKey: 'p:capture' })).toEqual(captured);
    expect(second.listAuthorizations()[0]!.captureCount).toBe(1);
    const reauth = await second.reauthorize({ ...hold(), customerId: a.customerId, paymentMethodId: a.paymentMethodId });
    expect(reauth.status).toBe('requires_capture');
    // Atomic writes leave only the state file behind.
    expect(readdirSync(join(dir, 'nested'))).toEqual(['payment.json']);
    expect(() => JSON.parse(readFileSync(file, 'utf8'))).not.toThrow();
  });

  it('expiry keeps working across a restart', async () => {
    const file = join(dir, 'payment.json');
    const a = await sandbox({ inMemory: false, path: file }).authorizeHold(hold());
    now = a.captureBefore;
    events = [];
    const restarted = sandbox({ inMemory: false, path: file });
    expect((await restarted.getAuthorization(a.id)).status).toBe('canceled');
    expect(events.map((e) => e.type)).toEqual(['charge.expired', 'payment_intent.canceled']);
  });

  it('a second gateway on the same file sees the first one’s writes', async () => {
    const file = join(dir, 'payment.json');
    const api = sandbox({ inMemory: false, path: file });
    const worker = sandbox({ inMemory: false, path: file });
    expect(api.listAuthorizations()).toEqual([]);
    const a = await worker.authorizeHold(hold());
    expect(api.listAuthorizations().map((x) => x.id)).toEqual([a.id]);
  });

  it('a corrupt state file is refused rather than silently replaced', () => {
    const file = join(dir, 'payment.json');
    writeFileSync(file, '{"version":1,"intents":');
    expect(() => sandbox({ inMemory: false, path: file })).toThrow();
    expect(readFileSync(file, 'utf8')).toBe('{"version":1,"intents":');
  });

  it('needs exactly one of a state file path and inMemory', () => {
    expect(() => new SandboxPaymentGateway({})).toThrow(/path is required/);
    expect(() => new SandboxPaymentGateway({ inMemory: true, path: join(dir, 'payment.json') })).toThrow(/not both/);
  });
});

describe('fault injection', () => {
  it('failNext: the next N calls of a method fail as retryable transients before doing anything', async () => {
    const gw = sandbox();
    const a = await gw.authorizeHold(hold());
    gw.failNext('capture', 2);
    const req = { authorizationId: a.id, amount: 10_000, idempotencyKey: 'f:capture' };
    for (let i = 0; i < 2; i++) {
      const err = await gw.capture(req).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PaymentTransientError);
      expect(err).toMatchObject({ name: 'PaymentTransientError', retryable: true });
      expect(gw.listAuthorizations()[0]!.status).toBe('requires_capture');
    }
    await expect(gw.capture(req)).resolves.toMatchObject({ captured: 10_000 });
    expect(gw.listAuthorizations()[0]!.captureCount).toBe(1);
    // Other methods were never affected.
    await expect(gw.getAuthorization(a.id)).resolves.toMatchObject({ status: 'succeeded' });
  });

  it('a lost response (phase after): the hold was placed; the retry with the same key returns it', async () => {
    const gw = sandbox();
    gw.failNext('authorizeHold', 1, { phase: 'after' });
    const req = hold({ metadata: { replacement_id: 'R-lost' } });
    await expect(gw.authorizeHold(req)).rejects.toBeInstanceOf(PaymentTransientError);
    expect(gw.liveAuthorizations({ metadata: { replacement_id: 'R-lost' } })).toHaveLength(1);
    const retried = await gw.authorizeHold(req);
    expect(gw.liveAuthorizations({ metadata: { replacement_id: 'R-lost' } }).map((x) => x.id)).toEqual([retried.id]);
  });

  it('a transient error rate applies to every method, reproducibly with an injected random source', async () => {
    const gw = sandbox();
    const a = await gw.authorizeHold(hold());
    const draws = [0.1, 0.9, 0.4, 0.6];
    gw.setFaults({ transientErrorRate: 0.5, random: () => draws.shift() ?? 1 });
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(
        await gw.getAuthorization(a.id).then(
          () => 'ok',
          (e: unknown) => (e as Error).name,
        ),
      );
    }
    expect(outcomes).toEqual(['PaymentTransientError', 'ok', 'PaymentTransientError', 'ok']);
    gw.clearFaults();
    await expect(gw.getAuthorization(a.id)).resolves.toMatchObject({ id: a.id });
  });

  it('latency delays every call', async () => {
    const gw = sandbox({ faults: { latencyMs: 60 } });
    const t0 = Date.now();
    await gw.authorizeHold(hold());
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
  });

  it('a subscriber that throws does not undo the operation', async () => {
    const gw = sandbox({
      onEvent: () => {
        throw new Error('subscriber down');
      },
    });
    const a = await gw.authorizeHold(hold());
    expect(gw.listEvents({ type: 'payment_intent.amount_capturable_updated' })).toHaveLength(1);
    expect((await gw.getAuthorization(a.id)).status).toBe('requires_capture');
  });
});

describe('3-D Secure (pm_card_authenticationRequired with allowAuthentication)', () => {
  const sca = (overrides: Partial<HoldRequest> = {}) => hold({ paymentMethodId: 'pm_card_authenticationRequired', allowAuthentication: true, ...overrides });

  it('comes back requires_action with the challenge page, holds nothing, and a retry with the same key returns the same intent', async () => {
    const gw = sandbox({ challengeBaseUrl: 'https://replacements.example.no/' });
    const req = sca();
    const a = await gw.authorizeHold(req);
    expect(a).toMatchObject({ status: 'requires_action', amountCapturable: 0 });
    expect(a.nextAction).toEqual({ type: 'redirect', url: `https://replacements.example.no/sandbox/3ds/${a.id}` });
    expect(await gw.authorizeHold(req)).toEqual(a);
    expect(gw.liveAuthorizations()).toEqual([]);
    expect(events).toEqual([]);
    expect(await gw.listMovements({ from: 0, to: Number.MAX_SAFE_INTEGER })).toEqual([]);
    expect(gw.pendingAuthentication(a.id)).toMatchObject({ authorizationId: a.id, status: 'requires_action', amount: 249_900, last4: '3184' });
  });

  it('approved: funds held for the customer-initiated window, amount_capturable_updated emitted, and the saved card renews off-session', async () => {
    const gw = sandbox();
    const a = await gw.authorizeHold(sca());
    now += 2 * MINUTE;
    const held = await gw.completeAuthentication(a.id, 'approve');
    expect(held).toMatchObject({ id: a.id, status: 'requires_capture', amountCapturable: 249_900, captureBefore: now + 7 * DAY });
    expect(held.paymentMethodId).not.toBe('pm_card_authenticationRequired');
    expect(events.map((e) => e.type)).toEqual(['payment_intent.amount_capturable_updated']);
    expect(normalizeStripeEvent(events[0]!)).toMatchObject({ kind: 'capturable_updated', authorizationId: a.id });
    const renewed = await gw.reauthorize({ ...hold(), customerId: held.customerId, paymentMethodId: held.paymentMethodId });
    expect(renewed.status).toBe('requires_capture');
    await expect(gw.completeAuthentication(a.id, 'fail')).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });
  });

  it('failed: payment_intent.payment_failed, nothing held; the intent can then be cancelled', async () => {
    const gw = sandbox();
    const a = await gw.authorizeHold(sca());
    await gw.completeAuthentication(a.id, 'fail');
    expect(events.map((e) => e.type)).toEqual(['payment_intent.payment_failed']);
    expect(normalizeStripeEvent(events[0]!)).toMatchObject({ kind: 'authorization_failed', authorizationId: a.id });
    await expect(gw.getAuthorization(a.id)).rejects.toBeInstanceOf(PaymentInvalidRequestError);
    expect(await gw.cancel({ authorizationId: a.id, idempotencyKey: 'k-cancel' })).toEqual({ released: 0 });
    expect(gw.listAuthorizations()).toEqual([expect.objectContaining({ id: a.id, status: 'canceled' })]);
    expect(await gw.listMovements({ from: 0, to: Number.MAX_SAFE_INTEGER })).toEqual([]);
  });
});
