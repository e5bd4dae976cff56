// Payment-provider webhooks as the API receives them: verified on their raw bytes, normalized.
import type { PaymentEvent } from '../domain/replacement';

/** A verified, normalized payment-provider event; `replacementId` from the object's metadata. */
export type StripeWebhookEvent = PaymentEvent & { replacementId: string | null };

/**
 * Verifies a Stripe delivery on its raw bytes and normalizes the events it carries. Throws an error
 * named `WebhookSignatureError` for a missing, wrong or stale signature.
 */
export type VerifyStripeEvent = (rawBody: Buffer, signature: string | undefined) => StripeWebhookEvent[] | Promise<StripeWebhookEvent[]>;
