// Adapts the Stripe webhook verification (src/adapters/payment/stripe-webhook.ts) to the API's
// injected VerifyStripeEvent: one delivery carries one event, or none this service cares about.
import { verifyStripeWebhook } from './stripe-webhook';
import type { VerifyStripeEvent } from '../../ports/payment-webhooks';

export function stripeEventVerifier(secret: string, now?: () => number): VerifyStripeEvent {
  return (rawBody, signature) => {
    const event = verifyStripeWebhook(rawBody, signature, secret, now ? { now } : {});
    return event ? [{ eventId: event.eventId, kind: event.kind, authorizationId: event.authorizationId, replacementId: event.replacementId }] : [];
  };
}
