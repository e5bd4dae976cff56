// Stripe webhooks: verify the signature on the raw body, then reduce the few events the
// replacement workflow cares about to one small shape. The sandbox emits Stripe-shaped events, so
// `normalizeStripeEvent` serves both providers.
import Stripe from 'stripe';
import type { PaymentEventKind } from '../../domain/vocabulary';

export type PaymentWebhookKind = PaymentEventKind;

export interface PaymentWebhookEvent {
  /** Stripe's event id: deliveries are at-least-once, de-duplicate on it. */
  eventId: string;
  kind: PaymentWebhookKind;
  /** The PaymentIntent id, i.e. `Authorization.id`. */
  authorizationId: string;
  /** From `metadata.replacement_id`; null when the object carries none. */
  replacementId: string | null;
  /** When Stripe created the event, epoch ms. */
  at: number;
  /** Stripe's type, for logs. */
  type: string;
}

/** Signature missing, wrong or too old: answer 400 and let Stripe retry. */
export class WebhookSignatureError extends Error {
  override readonly name = 'WebhookSignatureError';
}

export interface VerifyOptions {
  /** Oldest accepted signature, seconds. Default: Stripe's 300. */
  toleranceSeconds?: number;
  /** Epoch ms used to judge the timestamp; inject when the service runs on a non-wall clock. */
  now?: () => number;
}

/**
 * Verifies a delivery and normalizes it. `rawBody` must be the exact bytes received (parse JSON
 * after verifying, never before). Returns null for event types this service ignores.
 */
export function verifyStripeWebhook(
  rawBody: string | Buffer,
  signatureHeader: string | string[] | undefined,
  secret: string,
  options: VerifyOptions = {},
): PaymentWebhookEvent | null {
  if (!secret) throw new Error('verifyStripeWebhook: a webhook signing secret is required');
  if (typeof signatureHeader !== 'string' || signatureHeader === '') {
    throw new WebhookSignatureError('Missing Stripe-Signature header');
  }
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(
      rawBody,
      signatureHeader,
      secret,
      options.toleranceSeconds ?? Stripe.webhooks.DEFAULT_TOLERANCE,
      undefined,
      options.now?.(),
    );
  } catch (err) {
    if (err instanceof Stripe.errors.StripeSignatureVerificationError) throw new WebhookSignatureError(err.message);
    throw err;
  }
  return normalizeStripeEvent(event);
}

/** The minimal event shape both Stripe and the sandbox produce. */
export interface StripeLikeEvent {
  id: string;
  type: string;
  created: number; // seconds
  data: { object: unknown };
}

const KINDS: Record<string, PaymentWebhookKind> = {
  'payment_intent.canceled': 'authorization_canceled',
  'charge.expired': 'authorization_expired',
  'payment_intent.amount_capturable_updated': 'capturable_updated',
  'charge.captured': 'captured',
  // A payment attempt failed: for a hold waiting for 3-D Secure, the customer's authentication did.
  'payment_intent.payment_failed': 'authorization_failed',
};

export function normalizeStripeEvent(event: StripeLikeEvent): PaymentWebhookEvent | null {
  const kind = KINDS[event.type];
  if (!kind) return null;
  const object = (event.data?.object ?? {}) as {
    object?: string;
    id?: string;
    payment_intent?: string | { id: string } | null;
    metadata?: Record<string, string> | null;
  };
  // Charge events point at their PaymentIntent; PaymentIntent events are about themselves.
  const authorizationId =
    object.object === 'charge' ? (typeof object.payment_intent === 'string' ? object.payment_intent : object.payment_intent?.id) : object.id;
  if (!authorizationId) return null; // e.g. a legacy charge without a PaymentIntent: not ours
  return {
    eventId: event.id,
    kind,
    authorizationId,
    replacementId: object.metadata?.replacement_id ?? null,
    at: event.created * 1000,
    type: event.type,
  };
}
