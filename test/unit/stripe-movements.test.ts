// Stripe's event log → the movements reconciliation compares with the ledger.
import type Stripe from 'stripe';
import { movementsFromEvent, type MovementLookups } from '../../src/adapters/payment/stripe-movements';

const CREATED = 1_795_000_000;
const AT = CREATED * 1000;

function intentEvent(type: string, intent: Partial<Stripe.PaymentIntent>): Stripe.Event {
  const object = {
    id: 'pi_1',
    object: 'payment_intent',
    amount: 249_900,
    amount_capturable: 0,
    amount_received: 0,
    capture_method: 'manual',
    cancellation_reason: null,
    latest_charge: 'ch_ok',
    metadata: { replacement_id: 'RMA-1' },
    ...intent,
  };
  return { id: 'evt_1', object: 'event', type, created: CREATED, data: { object } } as unknown as Stripe.Event;
}

function refundEvent(refund: Partial<Stripe.Refund>): Stripe.Event {
  const object = { id: 're_1', object: 'refund', amount: 10_000, status: 'succeeded', payment_intent: 'pi_1', metadata: {}, ...refund };
  return { id: 'evt_2', object: 'event', type: 'refund.created', created: CREATED, data: { object } } as unknown as Stripe.Event;
}

const lookups: MovementLookups = {
  replacementOf: async (id) => (id === 'pi_1' ? 'RMA-1' : undefined),
  chargeSucceeded: async (id) => id === 'ch_ok',
};

const m = (kind: string, amount: number, providerRef = 'pi_1') => ({ replacementId: 'RMA-1', kind, amount, providerRef, at: AT });

const cases: Array<[string, Stripe.Event, unknown[]]> = [
  [
    'a hold granted',
    intentEvent('payment_intent.amount_capturable_updated', { amount_capturable: 249_900, status: 'requires_capture' }),
    [m('authorized', 249_900)],
  ],
  ['capturable dropping to 0 is not an authorization', intentEvent('payment_intent.amount_capturable_updated', { amount_capturable: 0 }), []],
  ['a full capture', intentEvent('payment_intent.succeeded', { amount_received: 249_900 }), [m('captured', 249_900)]],
  [
    'a partial capture releases the rest',
    intentEvent('payment_intent.succeeded', { amount_received: 30_000 }),
    [m('captured', 30_000), m('released', 219_900)],
  ],
  ['an off-session charge', intentEvent('payment_intent.succeeded', { capture_method: 'automatic', amount_received: 77_700 }), [m('charged', 77_700)]],
  ['a hold we cancelled', intentEvent('payment_intent.canceled', { cancellation_reason: 'requested_by_customer' }), [m('released', 249_900)]],
  ['a hold cancelled with no reason given', intentEvent('payment_intent.canceled', {}), [m('released', 249_900)]],
  ['a hold that lapsed (Stripe cancelled it)', intentEvent('payment_intent.canceled', { cancellation_reason: 'automatic' }), []],
  ['a declined attempt we abandoned', intentEvent('payment_intent.canceled', { latest_charge: 'ch_failed', cancellation_reason: 'abandoned' }), []],
  ['an attempt that never reached a charge (3-D Secure)', intentEvent('payment_intent.canceled', { latest_charge: null }), []],
  ['an intent of another integration', intentEvent('payment_intent.succeeded', { amount_received: 100, metadata: {} }), []],
  ['a refund, its replacement found through the intent', refundEvent({}), [m('refunded', 10_000, 're_1')]],
  [
    'a refund carrying the replacement itself',
    refundEvent({ payment_intent: 'pi_other', metadata: { replacement_id: 'RMA-1' } }),
    [m('refunded', 10_000, 're_1')],
  ],
  ['a failed refund moved nothing', refundEvent({ status: 'failed' }), []],
  ['a refund of an intent that is not ours', refundEvent({ payment_intent: 'pi_other' }), []],
];

describe('movementsFromEvent', () => {
  it.each(cases)('%s', async (_name, event, want) => {
    expect(await movementsFromEvent(event, lookups)).toEqual(want);
  });
});
