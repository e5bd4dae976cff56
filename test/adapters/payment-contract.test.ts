// One contract for every PaymentGateway: the sandbox, the Stripe adapter against stripe-mock, and
// the Stripe adapter against Stripe's test mode when STRIPE_SECRET_KEY is an sk_test_ key.
//
// stripe-mock validates each request against Stripe's OpenAPI spec but is stateless (every
// PaymentIntent it returns is the same fixture), so there we assert shapes, the exact requests and
// their idempotency keys; assertions that need real state run only on stateful implementations.
import { randomBytes } from 'node:crypto';

import { type Authorization, type HoldRequest, type PaymentGateway, PaymentDeclinedError, PaymentInvalidRequestError } from '../../src/ports/payment-gateway';
import { SandboxPaymentGateway } from '../../src/sandboxes/payment-gateway';
import { StripePaymentGateway } from '../../src/adapters/payment/stripe-gateway';
import { recordingHttpClient, startStripeMock, stripeMockSkipReason, type StripeMock, type WireRequest } from '../helpers/stripe-mock';

const DAY = 24 * 60 * 60 * 1000;
const CREATED = 1_767_225_600; // 2026-01-01T00:00:00Z, seconds
const FIXTURE_CAPTURE_BEFORE = CREATED + 30 * 24 * 60 * 60;

// What a real account returns for a granted extended authorization on a Mastercard.
const AUTHORIZED_FIXTURES = {
  resources: {
    payment_intent: {
      id: 'pi_fixture_authorized',
      object: 'payment_intent',
      amount: 249_900,
      amount_capturable: 249_900,
      amount_received: 0,
      currency: 'nok',
      status: 'requires_capture',
      capture_method: 'manual',
      cancellation_reason: null,
      canceled_at: null,
      created: CREATED,
      customer: 'cus_fixture',
      payment_method: 'pm_fixture_saved',
      latest_charge: 'ch_fixture',
      last_payment_error: null,
      livemode: false,
      metadata: { replacement_id: 'R-FIXTURE' },
    },
    charge: {
      id: 'ch_fixture',
      object: 'charge',
      amount: 249_900,
      amount_captured: 0,
      amount_refunded: 0,
      captured: false,
      currency: 'nok',
      created: CREATED,
      livemode: false,
      metadata: { replacement_id: 'R-FIXTURE' },
      payment_intent: 'pi_fixture_authorized',
      payment_method_details: {
        type: 'card',
        card: {
          brand: 'mastercard',
          network: 'mastercard',
          last4: '4444',
          capture_before: FIXTURE_CAPTURE_BEFORE,
          extended_authorization: { status: 'enabled' },
        },
      },
    },
    customer: { id: 'cus_fixture', object: 'customer', email: 'fixture@example.no', created: CREATED, livemode: false, metadata: {} },
    // What GET /v1/events lists: a hold of 2 499 kr captured in part (300 kr), the rest released.
    event: {
      id: 'evt_fixture_captured',
      object: 'event',
      type: 'payment_intent.succeeded',
      created: CREATED,
      livemode: false,
      pending_webhooks: 0,
      api_version: '2025-01-27.acacia',
      request: { id: null, idempotency_key: null },
      data: {
        object: {
          id: 'pi_fixture_authorized',
          object: 'payment_intent',
          amount: 249_900,
          amount_capturable: 0,
          amount_received: 30_000,
          currency: 'nok',
          status: 'succeeded',
          capture_method: 'manual',
          latest_charge: 'ch_fixture',
          metadata: { replacement_id: 'R-FIXTURE' },
        },
      },
    },
    refund: {
      id: 're_fixture',
      object: 'refund',
      amount: 30_000,
      currency: 'nok',
      status: 'succeeded',
      payment_intent: 'pi_fixture_authorized',
      created: CREATED,
      metadata: {},
    },
  },
};

// An off-session charge (automatic capture) that succeeded.
const CHARGED_FIXTURES = {
  resources: {
    ...AUTHORIZED_FIXTURES.resources,
    payment_intent: {
      ...AUTHORIZED_FIXTURES.resources.payment_intent,
      id: 'pi_fixture_charged',
      status: 'succeeded',
      capture_method: 'automatic',
      amount_capturable: 0,
      amount_received: 249_900,
    },
  },
};

interface Cards {
  visa: string;
  declined?: string;
  insufficientFunds?: string;
  /** Authorizes on-session, declines every off-session payment. */
  offSessionDecline?: string;
}

interface Harness {
  gateway: PaymentGateway;
  /** Requests as sent, where the implementation talks HTTP and we can see it. */
  wire?: WireRequest[];
  teardown(): Promise<void>;
}

interface Implementation {
  name: string;
  /** Whether results reflect what happened before (false for stripe-mock's fixed fixtures). */
  stateful: boolean;
  /** Set when the implementation cannot run here; its block is skipped under a name that says why. */
  skipReason?: string;
  cards: Cards;
  setup(): Promise<Harness>;
}

const stripeKey = process.env.STRIPE_SECRET_KEY ?? '';
const realStripeSkip = stripeKey.startsWith('sk_test_') ? undefined : 'skipped: STRIPE_SECRET_KEY is not set to an sk_test_ key';
if (realStripeSkip) console.info(`payment contract: real Stripe test mode ${realStripeSkip}`);

const implementations: Implementation[] = [
  {
    name: 'sandbox',
    stateful: true,
    cards: {
      visa: 'pm_card_visa',
      declined: 'pm_card_chargeDeclined',
      insufficientFunds: 'pm_card_chargeDeclinedInsufficientFunds',
      offSessionDecline: 'pm_card_visa_chargeDeclinedOffSession',
    },
    async setup() {
      return { gateway: new SandboxPaymentGateway({ inMemory: true }), teardown: async () => undefined };
    },
  },
  {
    name: 'Stripe adapter against stripe-mock',
    stateful: false,
    skipReason: stripeMockSkipReason(),
    cards: { visa: 'pm_card_visa' },
    async setup() {
      const started = await Promise.allSettled([startStripeMock({ fixtures: AUTHORIZED_FIXTURES }), startStripeMock({ fixtures: CHARGED_FIXTURES })]);
      const mocks = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) {
        await Promise.all(mocks.map((m) => m.stop()));
        throw failed.reason;
      }
      const [authorized, charged] = mocks as [StripeMock, StripeMock];
      // Automatic-capture PaymentIntents (off-session charges) are answered by the "charged" instance.
      const { httpClient, requests } = recordingHttpClient((req) =>
        req.method === 'POST' && req.path === '/v1/payment_intents' && req.params.get('capture_method') === 'automatic' ? charged.port : undefined,
      );
      const gateway = new StripePaymentGateway({
        secretKey: 'sk_test_contract',
        host: authorized.host,
        port: authorized.port,
        protocol: 'http',
        httpClient,
      });
      return {
        gateway,
        wire: requests,
        teardown: async () => {
          await Promise.all(mocks.map((m) => m.stop()));
        },
      };
    },
  },
  {
    name: 'Stripe adapter against Stripe test mode',
    stateful: true,
    skipReason: realStripeSkip,
    cards: {
      visa: 'pm_card_visa',
      declined: 'pm_card_chargeDeclined',
      insufficientFunds: 'pm_card_chargeDeclinedInsufficientFunds',
    },
    async setup() {
      return { gateway: new StripePaymentGateway({ secretKey: stripeKey }), teardown: async () => undefined };
    },
  },
];

// Keys are unique per run: Stripe remembers keys for 24 h and a rerun with other params must not collide.
const run = `contract-${Date.now()}-${randomBytes(3).toString('hex')}`;

describe.each(implementations)('PaymentGateway contract: $name', (impl) => {
  const block = impl.skipReason ? describe.skip : describe;
  block(impl.skipReason ?? 'behaves like the port promises', () => {
    let h: Harness;
    const stateful = impl.stateful ? it : it.skip;

    beforeAll(async () => {
      h = await impl.setup();
    }, 60_000);
    afterAll(async () => {
      await h?.teardown();
    });

    let seq = 0;
    function hold(overrides: Partial<HoldRequest> = {}): HoldRequest {
      const n = ++seq;
      return {
        amount: 249_900,
        currency: 'nok',
        paymentMethodId: impl.cards.visa,
        email: `contract-${run}@example.no`,
        description: 'Express replacement hold',
        metadata: { replacement_id: `R-${run}-${n}` },
        idempotencyKey: `${run}:${n}:authorize`,
        ...overrides,
      };
    }

    function expectAuthorizationShape(a: Authorization) {
      expect(a.id).toMatch(/^pi_/);
      expect(['requires_capture', 'canceled', 'succeeded', 'processing']).toContain(a.status);
      for (const n of [a.amount, a.amountCapturable, a.amountReceived]) expect(Number.isInteger(n)).toBe(true);
      expect(a.currency).toMatch(/^[a-z]{3}$/);
      expect(Number.isFinite(a.captureBefore)).toBe(true);
      expect(typeof a.extendedAuthorization).toBe('boolean');
      expect(a.customerId).toMatch(/^cus_/);
      expect(a.paymentMethodId).toMatch(/^pm_/);
    }

    it('authorizes a hold: a requires_capture authorization with a capture deadline', async () => {
      const req = hold();
      const before = Date.now();
      const a = await h.gateway.authorizeHold(req);
      expectAuthorizationShape(a);
      expect(a.status).toBe('requires_capture');
      expect(a.amountCapturable).toBeGreaterThan(0);
      if (impl.stateful) {
        expect(a.amount).toBe(req.amount);
        expect(a.amountCapturable).toBe(req.amount);
        expect(a.amountReceived).toBe(0);
        expect(a.currency).toBe('nok');
        // Somewhere between the shortest (Visa MIT) and the longest (extended) window.
        expect(a.captureBefore - before).toBeGreaterThan(4 * DAY);
        expect(a.captureBefore - before).toBeLessThanOrEqual(31 * DAY);
      }
      const again = await h.gateway.getAuthorization(a.id);
      expectAuthorizationShape(again);
      if (impl.stateful) expect(again).toEqual(a);
    });

    it('captures part of a hold and reports what was released', async () => {
      const a = await h.gateway.authorizeHold(hold());
      const r = await h.gateway.capture({ authorizationId: a.id, amount: 50_000, idempotencyKey: `${run}:${seq}:capture` });
      expect(r.authorizationId).toBe(a.id);
      expect(Number.isInteger(r.captured)).toBe(true);
      expect(Number.isInteger(r.released)).toBe(true);
      if (impl.stateful) {
        expect(r).toEqual({ authorizationId: a.id, captured: 50_000, released: a.amount - 50_000 });
        const after = await h.gateway.getAuthorization(a.id);
        expect(after).toMatchObject({ status: 'succeeded', amountCapturable: 0, amountReceived: 50_000 });
      }
    });

    it('cancels a hold, releasing it', async () => {
      const a = await h.gateway.authorizeHold(hold());
      const r = await h.gateway.cancel({ authorizationId: a.id, idempotencyKey: `${run}:${seq}:release` });
      expect(Number.isInteger(r.released)).toBe(true);
      if (impl.stateful) {
        expect(r.released).toBe(a.amount);
        expect(await h.gateway.getAuthorization(a.id)).toMatchObject({ status: 'canceled', amountCapturable: 0 });
      }
    });

    stateful('cancelling an already-canceled hold releases nothing and does not throw', async () => {
      const a = await h.gateway.authorizeHold(hold());
      await h.gateway.cancel({ authorizationId: a.id, idempotencyKey: `${run}:${seq}:release-1` });
      await expect(h.gateway.cancel({ authorizationId: a.id, idempotencyKey: `${run}:${seq}:release-2` })).resolves.toEqual({
        released: 0,
      });
    });

    it('re-authorizes off-session with the saved card and customer', async () => {
      const a = await h.gateway.authorizeHold(hold());
      const b = await h.gateway.reauthorize({
        ...hold({ idempotencyKey: `${run}:${seq}:reauthorize-1` }),
        customerId: a.customerId,
        paymentMethodId: a.paymentMethodId,
      });
      expectAuthorizationShape(b);
      expect(b.status).toBe('requires_capture');
      if (impl.stateful) {
        expect(b.id).not.toBe(a.id);
        expect(b.customerId).toBe(a.customerId);
        expect(b.amountCapturable).toBe(b.amount);
        // The old hold is untouched until the caller cancels it.
        expect((await h.gateway.getAuthorization(a.id)).status).toBe('requires_capture');
      }
    });

    it('charges off-session with the saved card', async () => {
      const a = await h.gateway.authorizeHold(hold());
      const c = await h.gateway.chargeOffSession({
        ...hold({ amount: 120_000, idempotencyKey: `${run}:${seq}:charge` }),
        customerId: a.customerId,
        paymentMethodId: a.paymentMethodId,
      });
      expect(c.paymentId).toMatch(/^pi_/);
      expect(Number.isInteger(c.amount)).toBe(true);
      if (impl.stateful) {
        expect(c.paymentId).not.toBe(a.id);
        expect(c.amount).toBe(120_000);
      }
    });

    it('refunds a captured payment', async () => {
      const a = await h.gateway.authorizeHold(hold());
      await h.gateway.capture({ authorizationId: a.id, amount: a.amount, idempotencyKey: `${run}:${seq}:capture` });
      const r = await h.gateway.refund({ paymentId: a.id, amount: 30_000, idempotencyKey: `${run}:${seq}:refund` });
      expect(r.refundId).toMatch(/^re_/);
      expect(r.amount).toBe(30_000);
    });

    stateful('lists the money it moved, the way the ledger records it', async () => {
      const since = Date.now() - 60_000;
      const first = hold();
      const captured = await h.gateway.authorizeHold(first);
      await h.gateway.capture({ authorizationId: captured.id, amount: 30_000, idempotencyKey: `${run}:${seq}:capture` });
      await h.gateway.refund({ paymentId: captured.id, amount: 10_000, idempotencyKey: `${run}:${seq}:refund` });
      const second = hold();
      const released = await h.gateway.authorizeHold(second);
      await h.gateway.cancel({ authorizationId: released.id, idempotencyKey: `${run}:${seq}:release` });
      const replacements = new Set([first.metadata.replacement_id, second.metadata.replacement_id]);
      const want = [
        ['authorized', captured.id, captured.amount],
        ['captured', captured.id, 30_000],
        ['released', captured.id, captured.amount - 30_000],
        ['refunded', 're_', 10_000],
        ['authorized', released.id, released.amount],
        ['released', released.id, released.amount],
      ].sort();
      // Stripe writes its event log a moment after the calls return.
      let got: unknown[] = [];
      for (let i = 0; i < 30; i++) {
        const movements = await h.gateway.listMovements!({ from: since, to: Date.now() + 60_000 });
        const mine = movements.filter((m) => replacements.has(m.replacementId));
        got = mine.map((m) => [m.kind, m.kind === 'refunded' ? m.providerRef.slice(0, 3) : m.providerRef, m.amount]).sort();
        if (got.length >= want.length) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(got).toEqual(want);
    });

    stateful('refuses to refund more than was captured', async () => {
      const a = await h.gateway.authorizeHold(hold());
      await h.gateway.capture({ authorizationId: a.id, amount: 50_000, idempotencyKey: `${run}:${seq}:capture` });
      await h.gateway.refund({ paymentId: a.id, amount: 40_000, idempotencyKey: `${run}:${seq}:refund-1` });
      await expect(h.gateway.refund({ paymentId: a.id, amount: 10_001, idempotencyKey: `${run}:${seq}:refund-2` })).rejects.toBeInstanceOf(
        PaymentInvalidRequestError,
      );
    });

    stateful('refuses to capture more than the hold, and leaves the hold intact', async () => {
      const a = await h.gateway.authorizeHold(hold());
      await expect(h.gateway.capture({ authorizationId: a.id, amount: a.amount + 1, idempotencyKey: `${run}:${seq}:capture` })).rejects.toBeInstanceOf(
        PaymentInvalidRequestError,
      );
      expect(await h.gateway.getAuthorization(a.id)).toMatchObject({ status: 'requires_capture', amountCapturable: a.amount });
    });

    stateful('same idempotency key and parameters: the stored result, not a second hold', async () => {
      const req = hold();
      const first = await h.gateway.authorizeHold(req);
      const second = await h.gateway.authorizeHold({ ...req });
      expect(second.id).toBe(first.id);
    });

    stateful('same idempotency key with different parameters is refused', async () => {
      const req = hold();
      await h.gateway.authorizeHold(req);
      const err = await h.gateway.authorizeHold({ ...req, amount: req.amount + 100 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PaymentInvalidRequestError);
      expect((err as PaymentInvalidRequestError).code).toBe('idempotency_error');
    });

    const declined = impl.stateful && impl.cards.declined ? it : it.skip;
    declined('a declined card is a PaymentDeclinedError with the decline code', async () => {
      const generic = await h.gateway.authorizeHold(hold({ paymentMethodId: impl.cards.declined! })).catch((e: unknown) => e);
      expect(generic).toBeInstanceOf(PaymentDeclinedError);
      expect(generic).toMatchObject({ code: 'card_declined', declineCode: 'generic_decline' });
      const funds = await h.gateway.authorizeHold(hold({ paymentMethodId: impl.cards.insufficientFunds! })).catch((e: unknown) => e);
      expect(funds).toBeInstanceOf(PaymentDeclinedError);
      expect(funds).toMatchObject({ code: 'card_declined', declineCode: 'insufficient_funds' });
    });

    const offSession = impl.stateful && impl.cards.offSessionDecline ? it : it.skip;
    offSession('a card that authorizes on-session can still decline the off-session re-authorization', async () => {
      const a = await h.gateway.authorizeHold(hold({ paymentMethodId: impl.cards.offSessionDecline! }));
      expect(a.status).toBe('requires_capture');
      const err = await h.gateway
        .reauthorize({ ...hold({ idempotencyKey: `${run}:${seq}:reauthorize-1` }), customerId: a.customerId, paymentMethodId: a.paymentMethodId })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PaymentDeclinedError);
      expect((await h.gateway.getAuthorization(a.id)).status).toBe('requires_capture');
    });

    // --- what only the wire shows ------------------------------------------------------------

    // Only stripe-mock's block records the wire; its fixed fixtures make exact request assertions possible.
    if (impl.stateful) return;
    describe('on the wire', () => {
      const posts = () => h.wire!.filter((r) => r.method === 'POST');

      it('every mutating call carries the caller’s idempotency key and passes Stripe’s request schema', async () => {
        h.wire!.length = 0;
        const a = await h.gateway.authorizeHold(hold({ idempotencyKey: 'W:authorize' }));
        await h.gateway.reauthorize({ ...hold({ idempotencyKey: 'W:reauthorize-1' }), customerId: a.customerId, paymentMethodId: a.paymentMethodId });
        await h.gateway.capture({ authorizationId: a.id, amount: 1000, idempotencyKey: 'W:capture' });
        await h.gateway.cancel({ authorizationId: a.id, idempotencyKey: 'W:release' });
        await h.gateway.chargeOffSession({ ...hold({ idempotencyKey: 'W:charge' }), customerId: a.customerId, paymentMethodId: a.paymentMethodId });
        await h.gateway.refund({ paymentId: a.id, amount: 1000, idempotencyKey: 'W:refund' });

        expect(posts().map((r) => [r.path, r.idempotencyKey])).toEqual([
          ['/v1/payment_intents', 'W:authorize'],
          ['/v1/payment_intents', 'W:reauthorize-1'],
          [`/v1/payment_intents/${a.id}/capture`, 'W:capture'],
          [`/v1/payment_intents/${a.id}/cancel`, 'W:release'],
          ['/v1/payment_intents', 'W:charge'],
          ['/v1/refunds', 'W:refund'],
        ]);
        // stripe-mock answers 400 to any parameter Stripe's API does not know or accept.
        expect(h.wire!.every((r) => r.status === 200)).toBe(true);
      });

      it('a hold is a confirmed manual-capture intent that saves the card and asks for extended authorization', async () => {
        h.wire!.length = 0;
        const req = hold({ idempotencyKey: 'W2:authorize' });
        await h.gateway.authorizeHold(req);
        const [lookup] = h.wire!.filter((r) => r.method === 'GET');
        expect(lookup).toMatchObject({ path: '/v1/customers' });
        expect(lookup!.params.get('email')).toBe(req.email);
        const p = posts()[0]!.params;
        expect(Object.fromEntries(p)).toMatchObject({
          amount: String(req.amount),
          currency: 'nok',
          capture_method: 'manual',
          confirm: 'true',
          setup_future_usage: 'off_session',
          customer: 'cus_fixture',
          payment_method: req.paymentMethodId,
          'payment_method_options[card][request_extended_authorization]': 'if_available',
          'metadata[replacement_id]': req.metadata.replacement_id,
          'expand[0]': 'latest_charge',
        });
        expect(p.get('off_session')).toBeNull();
      });

      it('re-authorization and off-session charge are merchant-initiated; capture and refund send the amount', async () => {
        h.wire!.length = 0;
        const base = { customerId: 'cus_saved', paymentMethodId: 'pm_saved' };
        await h.gateway.reauthorize({ ...hold({ idempotencyKey: 'W3:reauthorize' }), ...base });
        await h.gateway.chargeOffSession({ ...hold({ amount: 77_700, idempotencyKey: 'W3:charge' }), ...base });
        await h.gateway.capture({ authorizationId: 'pi_x', amount: 12_300, idempotencyKey: 'W3:capture' });
        await h.gateway.refund({ paymentId: 'pi_y', amount: 4_500, idempotencyKey: 'W3:refund' });
        const [reauth, charge, capture, refund] = posts().map((r) => Object.fromEntries(r.params));
        expect(reauth).toMatchObject({ off_session: 'true', confirm: 'true', capture_method: 'manual', customer: 'cus_saved', payment_method: 'pm_saved' });
        expect(reauth!.setup_future_usage).toBeUndefined();
        expect(charge).toMatchObject({ off_session: 'true', confirm: 'true', capture_method: 'automatic', amount: '77700', customer: 'cus_saved' });
        expect(capture).toMatchObject({ amount_to_capture: '12300' });
        expect(refund).toMatchObject({ payment_intent: 'pi_y', amount: '4500' });
        // No request went out without a key, and none with a key the SDK made up.
        expect(posts().every((r) => r.idempotencyKey?.startsWith('W3:'))).toBe(true);
      });

      it('reads the capture deadline, extended authorization and network from the charge Stripe returns', async () => {
        const a = await h.gateway.authorizeHold(hold());
        expect(a.captureBefore).toBe(FIXTURE_CAPTURE_BEFORE * 1000);
        expect(a.extendedAuthorization).toBe(true);
        expect(a.network).toBe('mastercard');
        expect(a.paymentMethodId).toBe(impl.cards.visa); // stripe-mock echoes the request's value
      });

      it('lists movements from Stripe’s event log: one filtered, paginated GET, mapped like the ledger', async () => {
        h.wire!.length = 0;
        const from = (CREATED - 3600) * 1000;
        const movements = await h.gateway.listMovements!({ from, to: (CREATED + 3600) * 1000 });
        const [list] = h.wire!;
        expect(h.wire!).toHaveLength(1);
        expect(list).toMatchObject({ method: 'GET', path: '/v1/events', status: 200 });
        expect(list!.params.get('created[gte]')).toBe(String(CREATED - 3600));
        expect(list!.params.get('created[lt]')).toBe(String(CREATED + 3600));
        expect([0, 1, 2, 3].map((i) => list!.params.get(`types[${i}]`))).toEqual([
          'payment_intent.amount_capturable_updated',
          'payment_intent.succeeded',
          'payment_intent.canceled',
          'refund.created',
        ]);
        expect(movements).toEqual([
          { replacementId: 'R-FIXTURE', kind: 'captured', amount: 30_000, providerRef: 'pi_fixture_authorized', at: CREATED * 1000 },
          { replacementId: 'R-FIXTURE', kind: 'released', amount: 219_900, providerRef: 'pi_fixture_authorized', at: CREATED * 1000 },
        ]);
        // Outside the range: nothing.
        expect(await h.gateway.listMovements!({ from: (CREATED + 1) * 1000, to: (CREATED + 3600) * 1000 })).toEqual([]);
      });

      it('a request Stripe’s schema rejects becomes a non-retryable PaymentInvalidRequestError', async () => {
        const err = await h.gateway.capture({ authorizationId: 'pi_x', amount: 12.5, idempotencyKey: 'W4:capture' }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(PaymentInvalidRequestError);
      });
    });
  });
});
