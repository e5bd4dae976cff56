// Stripe webhook verification on the raw body, with payloads signed the way Stripe signs them.
import Stripe from 'stripe';

import { verifyStripeWebhook, WebhookSignatureError } from '../../src/adapters/payment/stripe-webhook';

const SECRET = 'whsec_test_contract_secret';
const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);
const nowSeconds = Math.floor(NOW / 1000);

function payload(type: string, object: Record<string, unknown>, id = 'evt_1'): string {
  return JSON.stringify({ id, object: 'event', type, created: nowSeconds - 5, livemode: false, api_version: '2026-10-28.endive', data: { object } });
}

function sign(body: string, options: { secret?: string; timestamp?: number } = {}): string {
  return Stripe.webhooks.generateTestHeaderString({ payload: body, secret: options.secret ?? SECRET, timestamp: options.timestamp ?? nowSeconds });
}

const verify = (body: string | Buffer, header: string | undefined, tolerance?: number) =>
  verifyStripeWebhook(body, header, SECRET, { now: () => NOW, toleranceSeconds: tolerance });

const pi = { object: 'payment_intent', id: 'pi_1', metadata: { replacement_id: 'R-42' } };
const charge = { object: 'charge', id: 'ch_1', payment_intent: 'pi_1', metadata: { replacement_id: 'R-42' } };

describe('verifyStripeWebhook', () => {
  it.each([
    ['payment_intent.canceled', pi, 'authorization_canceled'],
    ['charge.expired', charge, 'authorization_expired'],
    ['payment_intent.amount_capturable_updated', pi, 'capturable_updated'],
    ['charge.captured', charge, 'captured'],
  ])('a correctly signed %s is normalized', (type, object, kind) => {
    const body = payload(type, object, `evt_${kind}`);
    expect(verify(Buffer.from(body), sign(body))).toEqual({
      eventId: `evt_${kind}`,
      kind,
      authorizationId: 'pi_1',
      replacementId: 'R-42',
      at: (nowSeconds - 5) * 1000,
      type,
    });
  });

  it('a charge with an expanded payment_intent and no metadata still names the authorization', () => {
    const body = payload('charge.captured', { object: 'charge', id: 'ch_2', payment_intent: { id: 'pi_2', object: 'payment_intent' }, metadata: {} });
    expect(verify(body, sign(body))).toMatchObject({ authorizationId: 'pi_2', replacementId: null });
  });

  it('rejects a signature made with another secret', () => {
    const body = payload('payment_intent.canceled', pi);
    expect(() => verify(body, sign(body, { secret: 'whsec_someone_else' }))).toThrow(WebhookSignatureError);
  });

  it('rejects a body changed after signing (verification is on the raw bytes)', () => {
    const body = payload('charge.captured', charge);
    const header = sign(body);
    const reserialized = JSON.stringify(JSON.parse(body), null, 2); // same JSON, different bytes
    expect(() => verify(reserialized, header)).toThrow(WebhookSignatureError);
    expect(() => verify(body.replace('pi_1', 'pi_9'), header)).toThrow(WebhookSignatureError);
  });

  it('rejects a missing or malformed header', () => {
    const body = payload('charge.captured', charge);
    expect(() => verify(body, undefined)).toThrow(WebhookSignatureError);
    expect(() => verify(body, 'garbage')).toThrow(WebhookSignatureError);
  });

  it('rejects a stale timestamp beyond the tolerance, accepts one within it', () => {
    const body = payload('payment_intent.canceled', pi);
    expect(() => verify(body, sign(body, { timestamp: nowSeconds - 301 }))).toThrow(/tolerance/i);
    expect(verify(body, sign(body, { timestamp: nowSeconds - 299 }))).toMatchObject({ kind: 'authorization_canceled' });
    expect(() => verify(body, sign(body, { timestamp: nowSeconds - 61 }), 60)).toThrow(WebhookSignatureError);
  });

  it('judges the timestamp on the injected clock, not the wall clock', () => {
    const body = payload('payment_intent.canceled', pi);
    const header = sign(body, { timestamp: nowSeconds }); // NOW is not the wall clock
    expect(verify(body, header)).not.toBeNull();
    expect(() => verifyStripeWebhook(body, header, SECRET, { now: () => NOW + 10 * 60 * 1000 })).toThrow(WebhookSignatureError);
  });

  it('ignores event types the service does not use, once they are verified', () => {
    for (const type of ['payment_intent.succeeded', 'customer.created', 'charge.refunded']) {
      const body = payload(type, pi);
      expect(verify(body, sign(body))).toBeNull();
      expect(() => verify(body, sign(body, { secret: 'whsec_other' }))).toThrow(WebhookSignatureError);
    }
  });
});
