// Money movements as Stripe records them, for reconciliation against the ledger. Stripe has no one
// listing of holds, captures and releases, but its event log (kept 30 days) has each as it
// happened, with the object as it was then. This maps events to movements the way the activities
// write the ledger: an authorization when an intent first holds funds; a capture and the released
// remainder (or an off-session charge) when it succeeds; a release when an authorized intent is
// canceled by us — an expiry releases nothing the merchant asked for; a refund when one is made.
import type Stripe from 'stripe';
import type { ProviderMovement } from '../../ports/payment-gateway';

export const MOVEMENT_EVENT_TYPES = [
  'payment_intent.amount_capturable_updated',
  'payment_intent.succeeded',
  'payment_intent.canceled',
  'refund.created',
] as const;

/** Cancellation reasons Stripe sets itself when an authorization lapses. */
const LAPSED = new Set(['automatic', 'expired']);

export interface MovementLookups {
  /** The replacement a PaymentIntent belongs to (its metadata), for refunds, which do not carry it. */
  replacementOf(paymentIntentId: string): Promise<string | undefined>;
  /** Whether a charge was authorized (status succeeded), to tell a released hold from a declined attempt. */
  chargeSucceeded(chargeId: string): Promise<boolean>;
}

const idOf = (v: string | { id: string } | null | undefined): string | undefined => (typeof v === 'string' ? v : v?.id);

export async function movementsFromEvent(event: Stripe.Event, lookups: MovementLookups): Promise<ProviderMovement[]> {
  const at = event.created * 1000;
  if (event.type.startsWith('payment_intent.')) {
    const pi = event.data.object as Stripe.PaymentIntent;
    const replacementId = pi.metadata?.replacement_id;
    if (!replacementId) return []; // not ours (another integration on the same account)
    const manual = pi.capture_method === 'manual';
    switch (event.type) {
      case 'payment_intent.amount_capturable_updated':
        return manual && pi.amount_capturable > 0 ? [{ replacementId, kind: 'authorized', amount: pi.amount_capturable, providerRef: pi.id, at }] : [];
      case 'payment_intent.succeeded': {
        if (!manual) return [{ replacementId, kind: 'charged', amount: pi.amount_received, providerRef: pi.id, at }];
        const out: ProviderMovement[] = [{ replacementId, kind: 'captured', amount: pi.amount_received, providerRef: pi.id, at }];
        const remainder = pi.amount - pi.amount_received;
        if (remainder > 0) out.push({ replacementId, kind: 'released', amount: remainder, providerRef: pi.id, at });
        return out;
      }
      case 'payment_intent.canceled': {
        if (!manual || LAPSED.has(pi.cancellation_reason ?? '')) return [];
        // Only a hold that was granted is released; a declined or unauthenticated attempt held nothing.
        const charge = idOf(pi.latest_charge);
        if (!charge || !(await lookups.chargeSucceeded(charge))) return [];
        return [{ replacementId, kind: 'released', amount: pi.amount, providerRef: pi.id, at }];
      }
      default:
        return [];
    }
  }
  if (event.type === 'refund.created') {
    const refund = event.data.object as Stripe.Refund;
    if (refund.status === 'failed' || refund.status === 'canceled') return [];
    const intent = idOf(refund.payment_intent);
    const replacementId = refund.metadata?.replacement_id ?? (intent ? await lookups.replacementOf(intent) : undefined);
    return replacementId ? [{ replacementId, kind: 'refunded', amount: refund.amount, providerRef: refund.id, at }] : [];
  }
  return [];
}
